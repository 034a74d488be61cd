import { createSampleFiling, getEdition } from '@zhibao/survey';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoPassword } from '../../apps/server/src/db/seed/demo-accounts.ts';
import { apiSignIn, launchBrowser, logInThroughForm, saveScreenshot } from './browser.ts';
import { callAs, enterpriseAccount } from './enterprise-account.ts';
import { directoryUscc, publishMinistryTask, submitThroughApi, type Values } from './journey.ts';

const baseUrl = inject('baseUrl');
describe('取消上报 offered only where allowed', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it('offers 取消上报 in 我的填报任务 until the district approved, then no more', async () => {
    // The ministry publishes its own task for 龙岗区, whose district administrator the city appoints.
    const task = await publishMinistryTask({
      period: '2032-03',
      name: '[部级]取消上报测试月报2032年03月',
      scopeRegionCodes: ['440307'],
    });
    const city = await apiSignIn(baseUrl, 'shenzhen', demoPassword);
    const countyName = `longgang${Date.now().toString(36)}`;
    await callAs(city, 'POST', '/api/admin/accounts', {
      username: countyName,
      displayName: '龙岗区统计测试',
      mobile: `133${String(Date.now() % 1e8).padStart(8, '0')}`,
      regionCode: '440307',
      password: demoPassword,
    });
    const county = await apiSignIn(baseUrl, countyName, demoPassword);
    const enterprise = { name: '深圳市坂田智能系统集成有限公司', legalRepresentative: '张国强' };
    const uscc = await directoryUscc(city, enterprise.name);
    const filer = await enterpriseAccount(111, { ...enterprise, uscc });
    await submitThroughApi(
      filer,
      task.id,
      createSampleFiling(getEdition(), { periodType: 'month', seed: 111, scale: 1, monthIndex: 2 }) as Values,
    );

    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    try {
      await logInThroughForm(page, baseUrl, filer.username, filer.password);
      await page.waitForURL((url) => url.pathname !== '/login');
      await page.goto(`${baseUrl}/enterprise/tasks`);
      const row = page.locator('tr', { hasText: task.name }).first();
      await expect
        .poll(() => row.getByText('取消上报', { exact: true }).count(), { timeout: 15_000 })
        .toBe(1);

      const queue = await callAs<{ items: Array<{ filingId: string }> }>(
        county,
        'GET',
        `/api/admin/review/queue?taskId=${task.id}`,
      );
      await callAs(county, 'POST', `/api/admin/review/filings/${queue.items[0]!.filingId}/approve`, {});

      await page.reload();
      await expect.poll(() => row.getByText('已上报至市级').count(), { timeout: 15_000 }).toBe(1);
      expect(await row.getByText('取消上报', { exact: true }).count()).toBe(0);
      await row.getByRole('link', { name: '查看' }).click();
      await page.getByTestId('filing-status').waitFor();
      expect(await page.getByRole('button', { name: '取消上报' }).count()).toBe(0);
      await saveScreenshot(page, 'filing-no-cancel-after-district');
    } finally {
      await page.close();
    }
  });
});
