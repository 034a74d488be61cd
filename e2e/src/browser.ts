import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium driven by playwright-core; no browser download. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}: install it with 'apt-get install -y chromium' or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export const screenshotDir = path.resolve(import.meta.dirname, '../../test-results/screenshots');

/** Saves a full-page screenshot for a person to look at (test-results/ is not committed). */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  await mkdir(screenshotDir, { recursive: true });
  // A drawer or dialog still sliding in would be caught half-drawn: wait until no animation is running.
  // (Endless ones, such as a spinner, never end and are left out.)
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every(
        (animation) =>
          animation.playState !== 'running' || animation.effect?.getTiming().iterations === Infinity,
      ),
  );
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

/**
 * Fills the login form as a person does: username and password, Enter (which texts the code), then the
 * 6-digit code read from the development SMS outbox, and Enter again. When the first step is refused
 * (wrong password, locked) it stops there with the message on the page.
 */
export async function logInThroughForm(
  page: Page,
  baseUrl: string,
  username: string,
  password: string,
): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('#password').press('Enter');
  const sent = page.getByTestId('sms-sent');
  const refused = page.locator('.ant-alert-error');
  await sent.or(refused).first().waitFor();
  if (!(await sent.isVisible())) return;
  await page.locator('#smsCode').fill(await readSmsCode(baseUrl, { username }));
  await page.locator('#smsCode').press('Enter');
}

/** The latest 6-digit code texted to a user or number, from the development outbox. */
export async function readSmsCode(
  baseUrl: string,
  to: { username: string } | { mobile: string },
): Promise<string> {
  const query = new URLSearchParams({ ...to, limit: '1' });
  const response = await fetch(`${baseUrl}/api/dev/sms-outbox?${query.toString()}`);
  const { items } = (await response.json()) as { items: Array<{ text: string }> };
  const code = items[0]?.text.match(/\d{6}/)?.[0];
  if (!code) throw new Error(`no SMS code in the development outbox for ${JSON.stringify(to)}`);
  return code;
}

/** The answer of the captcha shown on the page, read through the development route. */
export async function readCaptchaAnswer(page: Page, baseUrl: string): Promise<string> {
  const image = page.getByTestId('captcha-image').first();
  await expectAttribute(image, 'data-captcha-id');
  const captchaId = await image.getAttribute('data-captcha-id');
  const response = await fetch(`${baseUrl}/api/dev/captchas/${captchaId}`);
  return ((await response.json()) as { answer: string }).answer;
}

async function expectAttribute(locator: ReturnType<Page['locator']>, name: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (await locator.getAttribute(name)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${name} never appeared`);
}

/** Logs in through the API (password, then the SMS code), for setting up data a browser test needs. */
export async function apiSignIn(
  baseUrl: string,
  username: string,
  password: string,
): Promise<{ cookie: string; csrfToken: string }> {
  const post = (url: string, body: unknown) =>
    fetch(`${baseUrl}${url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const sent = await post('/api/session/sms-code', { username, password });
  if (!sent.ok) throw new Error(`login of ${username} failed: ${await sent.text()}`);
  const smsCode = await readSmsCode(baseUrl, { username });
  const response = await post('/api/session', { username, password, smsCode });
  if (!response.ok) throw new Error(`login of ${username} failed: ${await response.text()}`);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
  return { cookie, csrfToken: ((await response.json()) as { csrfToken: string }).csrfToken };
}
