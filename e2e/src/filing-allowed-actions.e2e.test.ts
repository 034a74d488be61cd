import { createSampleFiling, getEdition } from '@zhibao/survey';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoPassword } from '../../apps/server/src/db/seed/demo-accounts.ts';
import { apiSignIn, launchBrowser, logInThroughForm, saveScreenshot } from './browser.ts';
import { callAs, enterpriseAccount, type Session } from './enterprise-account.ts';

const baseUrl = inject('baseUrl');
type Values = Record<string, Record<string, number | string | null>>;

/** 上报 through the API, explaining any 严重警告 as a filer would. */
async function submitThroughApi(who: Session, taskId: string, values: Values): Promise<void> {
  const path = `/api/enterprise/tasks/${taskId}/filing/submit`;
  try {
    await callAs(who, 'POST', path, { version: null, values, explanations: {} });
  } catch (error) {
    const names = [...String(error).matchAll(/"name":"explanations\.([^"]+)"/g)].map((match) => match[1]!);
    if (names.length === 0) throw error;
    const explanations = Object.fromEntries(names.map((name) => [name, '业务确有变化']));
    await callAs(who, 'POST', path, { version: null, values, explanations });
  }
}

describe('取消上报 offered only where allowed', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it('offers 取消上报 in 我的填报任务 until the district approved, then no more', async () => {
    // The ministry publishes its own task for 龙岗区, whose district administrator the city appoints.
    const ministry = await apiSignIn(baseUrl, 'miit', demoPassword);
    const now = Date.now();
    const task = await callAs<{ id: string; name: string }>(ministry, 'POST', '/api/admin/tasks', {
      periodType: 'month',
      period: '2032-03',
      name: '[部级]取消上报测试月报2032年03月',
      scopeRegionCodes: ['440307'],
      opensAt: new Date(now - 86_400_000).toISOString(),
      closesAt: new Date(now + 7 * 86_400_000).toISOString(),
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
    const directory = await callAs<{ items: Array<{ name: string; uscc: string }> }>(
      city,
      'GET',
      `/api/admin/enterprises?keyword=${encodeURIComponent(enterprise.name)}&page=1&pageSize=10`,
    );
    const uscc = directory.items.find((item) => item.name === enterprise.name)!.uscc;
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
