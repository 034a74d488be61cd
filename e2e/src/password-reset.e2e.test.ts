import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  launchBrowser,
  logInThroughForm,
  readCaptchaAnswer,
  readSmsCode,
  saveScreenshot,
} from './browser.ts';

const baseUrl = inject('baseUrl');

async function solveCaptcha(): Promise<{ captchaId: string; captchaAnswer: string }> {
  const created = (await (await fetch(`${baseUrl}/api/captchas`, { method: 'POST' })).json()) as {
    captchaId: string;
  };
  const answer = (await (await fetch(`${baseUrl}/api/dev/captchas/${created.captchaId}`)).json()) as {
    answer: string;
  };
  return { captchaId: created.captchaId, captchaAnswer: answer.answer };
}

/** A freshly registered account (its own, so the demo accounts keep their passwords), with its session. */
async function registeredAccount() {
  const username = `reset${Date.now().toString(36)}`;
  const mobile = `135${String(Date.now() % 1e8).padStart(8, '0')}`;
  const post = (url: string, body: unknown) =>
    fetch(`${baseUrl}${url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const sent = await post('/api/registration/sms-code', { mobile, ...(await solveCaptcha()) });
  if (!sent.ok) throw new Error(`registration code: ${await sent.text()}`);
  const smsCode = await readSmsCode(baseUrl, { mobile });
  const registered = await post('/api/registration', { username, password: 'Regist@2026', mobile, smsCode });
  if (registered.status !== 201) throw new Error(`registration: ${await registered.text()}`);
  return { username, mobile, cookie: (registered.headers.get('set-cookie') ?? '').split(';')[0]! };
}

describe('忘记密码 by SMS', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it('resets the password from the login page, ends the old session, and logs in with the new one', async () => {
    const account = await registeredAccount();
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    try {
      await page.goto(`${baseUrl}/login`);
      await page.getByTestId('forgot-password').click();
      await page.waitForURL((url) => url.pathname === '/forgot-password');
      // The login page also has #username, and stays on screen until the reset page's code has loaded.
      await page.locator('#mobile').waitFor();
      await page.locator('#username').fill(account.username);
      await page.locator('#mobile').fill(account.mobile);
      await page.locator('#captchaAnswer').fill(await readCaptchaAnswer(page, baseUrl));
      await page.getByTestId('send-sms-code').click();
      const sent = page.getByTestId('sms-sent');
      await expect.poll(() => sent.count()).toBe(1);
      expect(await sent.textContent()).toMatch(/如用户名与手机号匹配，验证码已发送至 135\*{4}\d{4}/);
      await page.locator('#smsCode').fill(await readSmsCode(baseUrl, { mobile: account.mobile }));
      await page.locator('#newPassword').fill('weak');
      await page.locator('#confirmPassword').fill('weak');
      await page.getByRole('button', { name: '重置密码' }).click();
      await expect.poll(() => page.getByText('密码至少8位').count()).toBeGreaterThan(0);
      await page.locator('#newPassword').fill('Renewed#2026');
      await page.locator('#confirmPassword').fill('Renewed#2026');
      await page.getByRole('button', { name: '重置密码' }).click();
      await expect.poll(() => page.getByText('密码已重置').count()).toBeGreaterThan(0);
      await saveScreenshot(page, 'password-reset-done');

      const oldSession = await fetch(`${baseUrl}/api/session`, { headers: { cookie: account.cookie } });
      expect(oldSession.status).toBe(401);

      await page.getByTestId('back-to-login').click();
      await logInThroughForm(page, baseUrl, account.username, 'Renewed#2026');
      await page.waitForURL((url) => url.pathname !== '/login');
    } finally {
      await context.close();
    }
  });
});
