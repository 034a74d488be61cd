import { createSampleFiling, getEdition } from '@zhibao/survey';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoPassword } from '../../apps/server/src/db/seed/demo-accounts.ts';
import { launchBrowser, logInThroughForm, saveScreenshot } from './browser.ts';

const baseUrl = inject('baseUrl');
type Values = Record<string, Record<string, number | string | null>>;

/** JSON calls with the page's session, for the steps whose screens belong to others (publishing, filing). */
async function apiOf(page: Page) {
  const session = await page.request.get(`${baseUrl}/api/session`);
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  const call = async (method: 'GET' | 'POST' | 'PUT', path: string, data?: unknown) => {
    const response = await page.request.fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'x-csrf-token': csrfToken },
      ...(data === undefined ? {} : { data }),
    });
    const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
    if (!response.ok()) throw new Error(`${method} ${path} → ${response.status()}: ${JSON.stringify(body)}`);
    return body as never;
  };
  return {
    get: <T>(path: string): Promise<T> => call('GET', path),
    post: <T>(path: string, data?: unknown): Promise<T> => call('POST', path, data ?? {}),
    put: <T>(path: string, data: unknown): Promise<T> => call('PUT', path, data),
  };
}

async function signedInPage(browser: Browser, username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await logInThroughForm(page, baseUrl, username, demoPassword);
  await page.waitForURL((url) => url.pathname === '/admin' || url.pathname === '/enterprise');
  return page;
}

async function chooseTask(page: Page, taskName: string) {
  await page.locator('#task-select').click();
  await page.locator('#task-select').fill(taskName);
  await page.locator('.ant-select-item-option', { hasText: taskName }).first().click();
}

describe('the review chain 企业 → 区县 → 市, with the totals the city sees', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it('returns a filing with a reason on a cell, approves the fix at both levels, and shows the approved total', async () => {
    // The ministry publishes a task of its own for 南山区, so this journey touches no demo filing.
    const ministry = await signedInPage(browser, 'miit');
    const now = Date.now();
    const task = await (
      await apiOf(ministry)
    ).post<{ id: string; name: string }>('/api/admin/tasks', {
      periodType: 'month',
      period: '2031-06',
      name: '[部级]审核链测试月报2031年06月',
      scopeRegionCodes: ['440305'],
      opensAt: new Date(now - 86_400_000).toISOString(),
      closesAt: new Date(now + 7 * 86_400_000).toISOString(),
    });

    // The enterprise files through the API (its filing screen belongs to the filing module).
    const enterprise = await signedInPage(browser, 'qiye');
    const filer = await apiOf(enterprise);
    const values = createSampleFiling(getEdition(), {
      periodType: 'month',
      seed: 77,
      scale: 2,
      monthIndex: 6,
    }) as Values;
    const submit = async (filingValues: Values) => {
      const current = await filer.get<{ version: number | null }>(`/api/enterprise/tasks/${task.id}/filing`);
      await filer.post(`/api/enterprise/tasks/${task.id}/filing/submit`, {
        version: current.version ?? null,
        values: filingValues,
        explanations: {},
      });
    };
    await submit(values);

    // 区县 returns it with a reason on the cell 2010.
    const county = await signedInPage(browser, 'nanshan');
    await county.goto(`${baseUrl}/admin/review`);
    await chooseTask(county, task.name);
    await county.getByRole('link', { name: '深圳市蓝海数智软件有限公司' }).click();
    await county.getByTestId('cell-comment-monthly-2010').fill('主营业务收入与合同台账不符，请核实');
    await saveScreenshot(county, 'admin-review-filing');
    await county
      .getByRole('button', { name: '退 回' })
      .or(county.getByRole('button', { name: '退回' }))
      .first()
      .click();
    await county.locator('#return-reason').fill('请核实主营业务收入后重新上报');
    await county.locator('.ant-modal-footer .ant-btn-dangerous').click();
    await county.waitForURL((url) => url.pathname === '/admin/review');

    // The enterprise sees the reason and the cell comment, fixes the value and submits again.
    const notices = await filer.get<{ items: Array<{ title: string; body: string }> }>(
      '/api/enterprise/notices',
    );
    expect(notices.items[0]!.title).toBe('2031年06月报表被区县退回');
    expect(notices.items[0]!.body).toContain('退回原因：请核实主营业务收入后重新上报');
    expect(notices.items[0]!.body).toContain('2010 主营业务收入：主营业务收入与合同台账不符，请核实');
    const fixed: Values = { ...values, monthly: { ...values.monthly, '2010': 12345.67 } };
    await submit(fixed);

    // 区县 approves; the filing moves to the city.
    await county.reload();
    await chooseTask(county, task.name);
    await county.getByRole('link', { name: '深圳市蓝海数智软件有限公司' }).click();
    await expect.poll(() => county.getByText('12,345.67').count()).toBeGreaterThan(0);
    await county.getByRole('button', { name: /审核通过/ }).click();
    await county.waitForURL((url) => url.pathname === '/admin/review');

    // 市 approves, then passes the region up.
    const city = await signedInPage(browser, 'shenzhen');
    await city.goto(`${baseUrl}/admin/review`);
    await chooseTask(city, task.name);
    await city.getByRole('link', { name: '深圳市蓝海数智软件有限公司' }).click();
    await city.getByRole('button', { name: /审核通过/ }).click();
    await city.waitForURL((url) => url.pathname === '/admin/review');
    await chooseTask(city, task.name);
    await city.getByRole('button', { name: /上报至上级/ }).click();
    await expect.poll(() => city.getByTestId('region-pass-up').textContent()).toContain('本地区已于');
    await saveScreenshot(city, 'admin-review-queue');

    // The city's totals equal the sum of the approved filings, computed here independently.
    const approvedFilings = [fixed];
    const expected = approvedFilings.reduce((sum, filing) => sum + Number(filing.monthly!['2010']), 0);
    await city.goto(`${baseUrl}/admin/aggregation`);
    await chooseTask(city, task.name);
    const indicators = city.getByTestId('aggregation-indicators');
    await city.getByRole('tab', { name: '全部指标' }).click();
    const row = indicators.locator('tr', { hasText: '主营业务收入' }).first();
    await expect
      .poll(() => row.locator('td').nth(3).textContent())
      .toBe(new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 }).format(expected));
    await city.getByRole('tab', { name: '分地区' }).click();
    await saveScreenshot(city, 'admin-aggregation');
    const report = await (
      await apiOf(city)
    ).get<{ children: Array<{ label: string; values: Record<string, number> }> }>(
      `/api/admin/aggregation?taskId=${task.id}`,
    );
    expect(report.children).toEqual([
      expect.objectContaining({
        label: '南山区',
        values: expect.objectContaining({ 'monthly.2010': expected }),
      }),
    ]);

    for (const page of [ministry, enterprise, county, city]) await page.context().close();
  });
});
