import { createSampleFiling, getEdition } from '@zhibao/survey';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoPassword } from '../../apps/server/src/db/seed/demo-accounts.ts';
import { apiSignIn, launchBrowser, logInThroughForm, saveScreenshot } from './browser.ts';

const baseUrl = inject('baseUrl');

/** Markup that would run if any screen put a filer's text into the page as HTML. */
const attack = '<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>';

type Values = Record<string, Record<string, number | string | null>>;

interface Problem {
  invalidParams?: Array<{ name: string; reason: string }>;
}

/** JSON calls as a signed-in user, for the steps whose screens other tests cover (publishing, filing). */
async function apiAs(username: string) {
  const session = await apiSignIn(baseUrl, username, demoPassword);
  return async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        cookie: session.cookie,
        'x-csrf-token': session.csrfToken,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
}

/**
 * A browser context that records every Content-Security-Policy violation and every page error, so the
 * test can tell that the CSP lets the app work and that nothing injected ran.
 */
async function watchedContext(browser: Browser): Promise<{ context: BrowserContext; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  const problems: string[] = [];
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  context.on('console', (message) => {
    if (/Content Security Policy|CSP violation/i.test(message.text())) problems.push(message.text());
  });
  context.on('weberror', (error) => problems.push(`page error: ${error.error().message}`));
  return { context, problems };
}

async function expectNothingRan(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(await page.locator('img[src="x"]').count()).toBe(0);
}

describe('text a filer typed is shown as text, never run as HTML, under a CSP the app works with', () => {
  let browser: Browser;
  let taskId: string;
  let taskName: string;
  let filingId: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    // The ministry publishes an annual task of its own for 南山区, so no demo filing is touched.
    const ministry = await apiAs('miit');
    const now = Date.now();
    taskName = '[部级]HTML安全测试年报2034年';
    const task = await ministry('POST', '/api/admin/tasks', {
      periodType: 'year',
      period: '2034',
      name: taskName,
      scopeRegionCodes: ['440305'],
      opensAt: new Date(now - 86_400_000).toISOString(),
      closesAt: new Date(now + 7 * 86_400_000).toISOString(),
    });
    expect(task.status).toBe(201);
    taskId = task.body.id as string;

    // The enterprise files with the markup in a text cell (详细地址) and in every 审核说明 asked for.
    const filer = await apiAs('qiye');
    const values = createSampleFiling(getEdition(), {
      periodType: 'year',
      seed: 31,
      withIssues: ['warning'],
    }) as Values;
    values.basic = { ...values.basic, B06: `深圳市南山区${attack}` };
    const submit = (explanations: Record<string, string>) =>
      filer('POST', `/api/enterprise/tasks/${taskId}/filing/submit`, { version: null, values, explanations });
    const first = await submit({});
    const asked = ((first.body as Problem).invalidParams ?? [])
      .filter((param) => param.name.startsWith('explanations.'))
      .map((param) => param.name.slice('explanations.'.length));
    expect(asked.length, JSON.stringify(first.body)).toBeGreaterThan(0);
    const submitted = await submit(Object.fromEntries(asked.map((key) => [key, `情况属实${attack}`])));
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    filingId = submitted.body.filingId as string;
  });
  afterAll(() => browser?.close());

  it("shows the filer's markup literally to the 区县 reviewer, who returns it with markup of their own", async () => {
    const { context, problems } = await watchedContext(browser);
    const page = await context.newPage();
    await logInThroughForm(page, baseUrl, 'nanshan', demoPassword);
    await page.waitForURL((url) => url.pathname === '/admin');
    await page.goto(`${baseUrl}/admin/review/${filingId}`);
    await expect.poll(() => page.getByText(`深圳市南山区${attack}`).count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByText(`情况属实${attack}`).count()).toBeGreaterThan(0);
    await expectNothingRan(page);

    await page.getByTestId('cell-comment-basic-B06').fill(`地址有误${attack}`);
    await page
      .getByRole('button', { name: '退 回' })
      .or(page.getByRole('button', { name: '退回' }))
      .first()
      .click();
    await page.locator('#return-reason').fill(`请核实${attack}`);
    await saveScreenshot(page, 'html-inert-review');
    await page.locator('.ant-modal-footer .ant-btn-dangerous').click();
    await page.waitForURL((url) => url.pathname === '/admin/review');
    await expectNothingRan(page);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows every piece of markup literally to the enterprise, with no script run and no CSP violation', async () => {
    const { context, problems } = await watchedContext(browser);
    const page = await context.newPage();
    await logInThroughForm(page, baseUrl, 'qiye', demoPassword);
    await page.waitForURL((url) => url.pathname === '/enterprise');
    await page.goto(`${baseUrl}/enterprise/filings/${filingId}`);
    await expect.poll(() => page.getByText(`深圳市南山区${attack}`).count()).toBeGreaterThan(0);
    await expectNothingRan(page);

    // The returned filing, with the reviewer's reason and cell comment.
    await page.goto(`${baseUrl}/enterprise/tasks/${taskId}/filing`);
    const returned = page.getByTestId('return-review');
    await expect.poll(() => returned.locator('.return-reason').textContent()).toBe(`请核实${attack}`);
    await expect.poll(() => returned.getByText(`地址有误${attack}`).count()).toBe(1);
    await expect.poll(() => page.locator('#cell-basic-B06').inputValue()).toBe(`深圳市南山区${attack}`);
    await expectNothingRan(page);
    await saveScreenshot(page, 'html-inert-enterprise');
    expect(problems).toEqual([]);

    // Behind the escaping stands the CSP: a script that got into the page anyway would not run, and is reported.
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__xss = 1';
      document.body.append(script);
    });
    await expect.poll(() => problems.length).toBe(1);
    expect(problems[0]).toMatch(/script-src/);
    await expectNothingRan(page);
    await context.close();
  });
});
