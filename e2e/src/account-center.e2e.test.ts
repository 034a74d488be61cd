import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoPassword } from '../../apps/server/src/db/seed/demo-accounts.ts';
import { launchBrowser, logInThroughForm, saveScreenshot } from './browser.ts';

const baseUrl = inject('baseUrl');

describe('用户中心 and administrator accounts in the browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it('saves the basic information and refuses a password change with a wrong old password', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 1000 } });
    try {
      await logInThroughForm(page, baseUrl, 'qiye', demoPassword);
      await page.waitForURL((url) => url.pathname === '/enterprise');
      await page.goto(`${baseUrl}/enterprise/profile`);
      await page.locator('#email').fill('liming@lanhai.example.cn');
      await page.locator('#postalCode').fill('518057');
      await page.locator('#employeeCount').fill('126');
      await page.locator('button[type=submit]').click();
      await expect.poll(() => page.getByText('基本信息已保存').count()).toBeGreaterThan(0);
      await saveScreenshot(page, 'account-user-center');

      await page.getByRole('tab', { name: '修改密码' }).click();
      await page.locator('#oldPassword').fill('not-the-password');
      await page.locator('#newPassword').fill('Changed@2027x');
      await page.locator('#confirmPassword').fill('Changed@2027x');
      await page.locator('button[type=submit]').click();
      await expect.poll(() => page.getByText('原密码不正确').count()).toBeGreaterThan(0);
    } finally {
      await page.close();
    }
  });

  it('shows a city administrator its district administrators and the account audit trail', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    try {
      await logInThroughForm(page, baseUrl, 'shenzhen', demoPassword);
      await page.waitForURL((url) => url.pathname === '/admin');
      await page.goto(`${baseUrl}/admin/accounts`);
      await expect.poll(() => page.getByRole('cell', { name: 'nanshan', exact: true }).count()).toBe(1);
      await saveScreenshot(page, 'account-admin-accounts');
      await page.getByRole('tab', { name: '账号审计日志' }).click();
      await expect
        .poll(() => page.getByRole('cell', { name: '登录', exact: true }).count())
        .toBeGreaterThan(0);
      await saveScreenshot(page, 'account-audit-trail');
    } finally {
      await page.close();
    }
  });
});
