import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoPassword } from '../../apps/server/src/db/seed/demo-accounts.ts';
import { apiSignIn, launchBrowser, logInThroughForm, readSmsCode, saveScreenshot } from './browser.ts';
import { callAs, enterpriseAccount } from './enterprise-account.ts';
import { directoryUscc } from './journey.ts';

const baseUrl = inject('baseUrl');

describe('更换手机号 when the old phone is lost', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it("lets the region's administrator change the account manager's mobile from the directory", async () => {
    const enterprise = { name: '深圳市福田金融科技软件有限公司', legalRepresentative: '刘建国' };
    const city = await apiSignIn(baseUrl, 'shenzhen', demoPassword);
    const uscc = await directoryUscc(city, enterprise.name);
    const manager = await enterpriseAccount(71, { ...enterprise, uscc });
    const newMobile = `134${String(Date.now() % 1e8).padStart(8, '0')}`;

    const page = await browser.newPage({ viewport: { width: 1366, height: 1000 } });
    try {
      await logInThroughForm(page, baseUrl, 'shenzhen', demoPassword);
      await page.waitForURL((url) => url.pathname === '/admin');
      await page.goto(`${baseUrl}/admin/enterprises`);
      await page.locator('#directory-keyword').fill(enterprise.name);
      await page.locator('#directory-keyword').press('Enter');
      const row = page.locator('tr', { hasText: enterprise.name });
      await row.getByRole('button', { name: '账号' }).click();
      const drawer = page.locator('.ant-drawer', { hasText: manager.username });
      await drawer
        .locator('tr', { hasText: manager.username })
        .getByRole('button', { name: '更换手机号' })
        .click();
      await page.getByTestId('mobile-reset-new-mobile').fill(newMobile);
      await page.getByTestId('mobile-reset-send').click();
      await expect.poll(() => page.getByText(/验证码已发送至 134\*{4}/).count()).toBeGreaterThan(0);
      await page.getByTestId('mobile-reset-code').fill(await readSmsCode(baseUrl, { mobile: newMobile }));
      await page.getByRole('button', { name: '确认更换' }).click();
      await expect.poll(() => page.getByText(/登录手机号更换为 134\*{4}/).count()).toBeGreaterThan(0);
      await expect
        .poll(() => drawer.locator('tr', { hasText: manager.username }).textContent())
        .toContain(`134****${newMobile.slice(-4)}`);
      await saveScreenshot(page, 'mobile-reset-by-administrator');
    } finally {
      await page.close();
    }

    // The old session is over; the next login's code goes to the new number, and the enterprise is told.
    const oldSession = await fetch(`${baseUrl}/api/session`, { headers: { cookie: manager.cookie } });
    expect(oldSession.status).toBe(401);
    const again = await apiSignIn(baseUrl, manager.username, manager.password);
    await expect
      .poll(async () =>
        (
          await callAs<{ items: Array<{ title: string }> }>(again, 'GET', '/api/enterprise/notices')
        ).items.map((item) => item.title),
      )
      .toContain(`账号 ${manager.username} 的登录手机号已更换`);
  });
});
