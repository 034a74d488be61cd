import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoPassword } from '../../apps/server/src/db/seed/demo-accounts.ts';
import { launchBrowser, readSmsCode, saveScreenshot } from './browser.ts';

const baseUrl = inject('baseUrl');

describe('logging in with password and SMS code', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it('texts a code, refuses a wrong one, logs in with the right one, and refuses it when reused', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    let usedCode = '';
    try {
      await page.goto(`${baseUrl}/login`);
      await expect.poll(() => page.getByTestId('sms-outbox-hint').count()).toBe(1);
      await page.locator('#username').fill('shenzhen');
      await page.locator('#password').fill(demoPassword);
      await page.getByTestId('send-sms-code').click();
      await expect
        .poll(() => page.getByTestId('sms-sent').textContent())
        .toMatch(/验证码已发送至 138\*{4}8003，5分钟内有效/);
      await expect.poll(() => page.getByTestId('send-sms-code').textContent()).toMatch(/秒后重新获取/);
      usedCode = await readSmsCode(baseUrl, { username: 'shenzhen' });

      await page.locator('#smsCode').fill(usedCode === '000000' ? '111111' : '000000');
      await page.locator('#smsCode').press('Enter');
      await expect
        .poll(() => page.getByText('短信验证码错误，请核对短信后重新输入').count())
        .toBeGreaterThan(0);
      await saveScreenshot(page, 'account-login-sms');

      await page.locator('#smsCode').fill(usedCode);
      await page.locator('#smsCode').press('Enter');
      await page.waitForURL((url) => url.pathname === '/admin');
    } finally {
      await context.close();
    }

    const other = await browser.newContext();
    const again = await other.newPage();
    try {
      await again.goto(`${baseUrl}/login`);
      await again.locator('#username').fill('shenzhen');
      await again.locator('#password').fill(demoPassword);
      await again.locator('#smsCode').fill(usedCode);
      await again.locator('#smsCode').press('Enter');
      await expect.poll(() => again.getByText('该短信验证码已使用过，请重新获取').count()).toBeGreaterThan(0);
      expect(new URL(again.url()).pathname).toBe('/login');
    } finally {
      await other.close();
    }
  });

  it('shows the development outbox page with the texted codes', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${baseUrl}/dev/sms-outbox`);
      await expect.poll(() => page.getByTestId('outbox-message').count()).toBeGreaterThan(0);
      await expect.poll(() => page.getByText('您的登录验证码为').count()).toBeGreaterThan(0);
    } finally {
      await page.close();
    }
  });
});
