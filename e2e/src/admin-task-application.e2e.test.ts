import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoPassword } from '../../apps/server/src/db/seed/demo-accounts.ts';
import { apiSignIn, launchBrowser, logInThroughForm, saveScreenshot } from './browser.ts';
import { callAs, enterpriseAccount } from './enterprise-account.ts';

const baseUrl = inject('baseUrl');
// The journey shares two cores with the server and other work: screens may take a while to settle.
const patiently = { timeout: 15_000 };

describe('a 填报任务申请 approved by the district on the screen', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it('shows the pending application to 南山区, which approves it; the enterprise then has the task', async () => {
    // An enterprise outside the survey's scope applies for the province's monthly report (through the API).
    const county = await apiSignIn(baseUrl, 'nanshan', demoPassword);
    const enterpriseName = '深圳市深湾数据服务有限公司';
    const directory = await callAs<{ items: Array<{ name: string; uscc: string }> }>(
      county,
      'GET',
      `/api/admin/enterprises?keyword=${encodeURIComponent(enterpriseName)}&page=1&pageSize=10`,
    );
    const filer = await enterpriseAccount(31, {
      name: enterpriseName,
      uscc: directory.items.find((item) => item.name === enterpriseName)!.uscc,
      legalRepresentative: '郑丽华',
    });
    const { items } = await callAs<{ items: Array<{ taskId: string; taskName: string }> }>(
      filer,
      'GET',
      '/api/enterprise/task-applications',
    );
    const task = items.find((item) => item.taskName.includes('广东省软件和信息技术服务业月报'))!;
    const applied = await callAs<{ status: string }>(filer, 'POST', '/api/enterprise/task-applications', {
      taskId: task.taskId,
    });
    expect(applied.status).toBe('pending');
    const before = await callAs<{ items: Array<{ taskId: string }> }>(filer, 'GET', '/api/enterprise/tasks');
    expect(before.items.map((item) => item.taskId)).not.toContain(task.taskId);

    // The district administrator approves it on the 企业名录库 screen's approval card.
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const admin = await context.newPage();
    await logInThroughForm(admin, baseUrl, 'nanshan', demoPassword);
    await admin.waitForURL((url) => url.pathname === '/admin');
    await admin.getByRole('link', { name: '企业名录库' }).first().click();
    const card = admin.locator('.ant-card', { hasText: '任务申请审批' });
    const row = card.locator('tr', { hasText: enterpriseName }).filter({ hasText: task.taskName });
    await expect.poll(() => row.count(), patiently).toBe(1);
    await row.scrollIntoViewIfNeeded();
    await saveScreenshot(admin, 'admin-task-application-pending');
    await row
      .getByRole('button', { name: /通\s?过/ })
      .first()
      .click();
    await expect.poll(() => admin.getByText('已通过该申请').count(), patiently).toBeGreaterThan(0);
    await expect.poll(() => row.count(), patiently).toBe(0);

    // The enterprise finds the task in 我的填报任务.
    const enterprise = await context.browser()!.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const page = await enterprise.newPage();
    await logInThroughForm(page, baseUrl, filer.username, filer.password);
    await page.waitForURL((url) => url.pathname.startsWith('/enterprise'));
    await page.getByRole('link', { name: '我的填报任务' }).first().click();
    await page.locator('#task-filter-name').fill('广东省软件');
    const taskRow = page.locator('tr', { hasText: task.taskName });
    await expect.poll(() => taskRow.locator('.ant-tag').first().textContent(), patiently).toBe('未填报');
    await saveScreenshot(page, 'enterprise-task-after-application');
    await context.close();
    await enterprise.close();
  });
});
