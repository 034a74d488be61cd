import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoAccounts } from '../../apps/server/src/db/seed/demo-accounts.ts';
import { launchBrowser, logInThroughForm, saveScreenshot } from './browser.ts';

const baseUrl = inject('baseUrl');

describe('logging in as every demo role', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it.each(demoAccounts.map((account) => [account.username, account] as const))(
    '%s reaches the home page of their role',
    async (_username, account) => {
      const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
      try {
        await logInThroughForm(page, baseUrl, account.username, account.password);
        const home = account.role === 'enterprise' ? '/enterprise' : '/admin';
        await page.waitForURL((url) => url.pathname === home);
        await expect
          .poll(() => page.getByTestId('page-title').first().textContent())
          .toBe(account.role === 'enterprise' ? '首页' : '工作台');
        await expect.poll(() => page.getByTestId('user-menu').textContent()).toContain(account.displayName);
        await saveScreenshot(page, `home-${account.username}`);
      } finally {
        await page.close();
      }
    },
  );

  it('tells a person with a wrong password what went wrong and keeps them on the login page', async () => {
    const page = await browser.newPage();
    try {
      await logInThroughForm(page, baseUrl, 'qiye', 'not-the-password');
      await expect.poll(() => page.getByText('用户名或密码错误').count()).toBeGreaterThan(0);
      expect(new URL(page.url()).pathname).toBe('/login');
      expect(await page.locator('#username').inputValue()).toBe('qiye');
    } finally {
      await page.close();
    }
  });

  it('sends a visitor without a session to the login page, and shows 404 for unknown pages', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${baseUrl}/enterprise/tasks`);
      await page.waitForURL((url) => url.pathname === '/login');
      await logInThroughForm(page, baseUrl, 'qiye', demoAccounts[0]!.password);
      await page.waitForURL((url) => url.pathname.startsWith('/enterprise'));
      await page.goto(`${baseUrl}/no-such-page`);
      await expect.poll(() => page.getByTestId('page-title').textContent()).toBe('页面不存在');
    } finally {
      await page.close();
    }
  });
});
