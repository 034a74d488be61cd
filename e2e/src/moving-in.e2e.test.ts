import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { oldPlatformDemoAccount } from '../../apps/server/src/db/seed/demo-accounts.ts';
import { demoEnterprises } from '../../apps/server/src/db/seed/demo-enterprises.ts';
import { demoUsccOf } from '../../apps/server/src/db/seed/seed.ts';
import { launchBrowser, logInThroughForm, saveScreenshot } from './browser.ts';

const baseUrl = inject('baseUrl');
const issuer = inject('identityProviderIssuer');

// 渝北 enterprises no other journey touches: 仙桃 for the platform's 法人, 空港 for the old platform's account.
const xiantao = demoEnterprises.findIndex((enterprise) => enterprise.key === 'xiantao');

describe('signing in through the government platform, and moving in from the old one', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('signs a 法人 in through the platform, binds the account to the enterprise, and reaches its tasks', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    page = await context.newPage();
    const person = {
      sub: 'e2e-xiantao-legal-person',
      name: '唐小燕',
      account_type: 'legal_person',
      id_number: '500112198601012345',
      uscc: demoUsccOf(xiantao),
      organization_name: demoEnterprises[xiantao]!.name,
      phone_number: '13900139021',
    };
    const named = await fetch(`${issuer}/test/next-person`, { method: 'POST', body: JSON.stringify(person) });
    expect(named.status).toBe(204);

    await page.goto(`${baseUrl}/login`);
    await page.getByTestId('sign-in-with-gov').click();
    await page.waitForURL(`${baseUrl}/login/first-sign-in`);
    await expect(page.getByTestId('verified-identity').textContent()).resolves.toContain('唐小燕');
    await expect(page.locator('.ant-alert-info').textContent()).resolves.toContain(
      demoEnterprises[xiantao]!.name,
    );
    await saveScreenshot(page, 'first-sign-in');

    await page.getByRole('tab', { name: '创建新账号' }).click();
    await page.locator('#create_username').fill('xiantao_faren');
    await page.getByRole('button', { name: '创建账号并登录' }).click();
    await page.waitForURL(/\/enterprise/);
    await page.goto(`${baseUrl}/enterprise/tasks`);
    await expect(page.getByText('软件和信息技术服务业月报').first().waitFor()).resolves.toBeUndefined();
    await context.close();
  });

  it('signs the old platform’s account in with its old password, asks for a new one, and shows last year in 同比', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    page = await context.newPage();
    await logInThroughForm(page, baseUrl, oldPlatformDemoAccount.username, oldPlatformDemoAccount.password);
    await page.waitForURL(`${baseUrl}/account/new-password`);
    await saveScreenshot(page, 'moved-in-new-password');
    await page.locator('#oldPassword').fill(oldPlatformDemoAccount.password);
    await page.locator('#newPassword').fill('Xin@2026Konggang');
    await page.locator('#confirmPassword').fill('Xin@2026Konggang');
    await page.getByRole('button', { name: '设置新密码并继续' }).click();
    await page.waitForURL(/\/enterprise/);

    const tasks = (await (await page.request.get(`${baseUrl}/api/enterprise/tasks`)).json()) as {
      items: Array<{ taskId: string; period: string }>;
    };
    const january = tasks.items.find((task) => task.period === '2026-01');
    expect(january).toBeDefined();
    await page.goto(`${baseUrl}/enterprise/tasks/${january!.taskId}/filing`);
    const yearOnYear = page.getByTestId('yearOnYear-monthly.2010');
    await yearOnYear.waitFor();
    await expect(yearOnYear.textContent()).resolves.toMatch(/\d/);
    await expect(page.getByTestId('samePeriodLastYear-monthly.2010').textContent()).resolves.toMatch(/\d/);
    await saveScreenshot(page, 'moved-in-year-on-year');
    await context.close();
  });
});
