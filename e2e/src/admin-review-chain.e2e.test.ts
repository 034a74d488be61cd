import { readFile } from 'node:fs/promises';
import { createSampleFiling, getEdition } from '@zhibao/survey';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoPassword } from '../../apps/server/src/db/seed/demo-accounts.ts';
import { apiSignIn, launchBrowser, saveScreenshot } from './browser.ts';
import { callAs, enterpriseAccount, type Session } from './enterprise-account.ts';
import {
  button,
  chooseTask,
  publishMinistryTask,
  signedInPage,
  submitThroughApi,
  type Values,
} from './journey.ts';

const baseUrl = inject('baseUrl');
// The journey shares two cores with the server and other work: screens may take a while to settle.
const patiently = { timeout: 15_000 };

/** 上报 on the filing screen: the 审核说明 dialog, when warnings ask for it, gets one line per warning. */
async function submitOnScreen(page: Page) {
  await button(page, '上报').click();
  const dialog = page.locator('.ant-modal', { hasText: '填写审核说明' });
  const status = page.getByTestId('filing-status');
  await expect
    .poll(
      async () => (await dialog.isVisible()) || (await status.textContent())?.includes('已上报'),
      patiently,
    )
    .toBe(true);
  if (await dialog.isVisible()) {
    for (const area of await dialog.locator('textarea').all()) {
      if ((await area.inputValue()) === '') await area.fill('本月新签大额合同，收入确有增长');
    }
    await button(dialog, '提交').click();
  }
  await expect.poll(() => status.textContent(), patiently).toBe('已上报至县级');
}

describe('the review chain 企业 → 区县 → 市 on the screens, with the totals the city sees', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it('returns a filing with a reason on a cell, approves the fix at both levels, and shows the approved total', async () => {
    // The ministry publishes a task of its own for 南山区, so this journey touches no demo filing.
    const task = await publishMinistryTask({
      period: '2031-06',
      name: '[部级]审核链测试月报2031年06月',
      scopeRegionCodes: ['440305'],
    });

    // Two other enterprises of 南山区 file and pass the 区县 and the 市 first.
    const county = await apiSignIn(baseUrl, 'nanshan', demoPassword);
    const city = await apiSignIn(baseUrl, 'shenzhen', demoPassword);
    const directory = await callAs<{ items: Array<{ id: string; name: string; uscc: string }> }>(
      county,
      'GET',
      `/api/admin/enterprises?keyword=${encodeURIComponent('深圳')}&page=1&pageSize=50`,
    );
    const others = [
      { name: '深圳前海云帆信息技术有限公司', legalRepresentative: '周晓峰', seed: 81 },
      { name: '深圳市粤海芯片设计有限公司', legalRepresentative: '黄伟明', seed: 82 },
    ];
    const filers: Session[] = [];
    for (const [index, other] of others.entries()) {
      const uscc = directory.items.find((item) => item.name === other.name)!.uscc;
      const who = await enterpriseAccount(index + 1, { ...other, uscc });
      filers.push(who);
      const values = createSampleFiling(getEdition(), {
        periodType: 'month',
        seed: other.seed,
        scale: 1 + index,
        monthIndex: 6,
      }) as Values;
      await submitThroughApi(who, task.id, values);
      const { filingId } = await callAs<{ filingId: string }>(
        who,
        'GET',
        `/api/enterprise/tasks/${task.id}/filing`,
      );
      await callAs(county, 'POST', `/api/admin/review/filings/${filingId}/approve`, {});
      await callAs(city, 'POST', `/api/admin/review/filings/${filingId}/approve`, {});
    }

    // The enterprise opens its task and types its figures into the form, then submits.
    const enterprise = await signedInPage(browser, 'qiye');
    await enterprise.getByRole('link', { name: '我的填报任务' }).first().click();
    await enterprise.locator('#task-filter-name').fill('审核链测试');
    await enterprise.locator('tr', { hasText: task.name }).getByRole('link', { name: '填报' }).click();
    await enterprise.waitForURL((url) => url.pathname.endsWith('/filing'));
    const values = createSampleFiling(getEdition(), {
      periodType: 'month',
      seed: 77,
      scale: 2,
      monthIndex: 6,
    }) as Values;
    await expect
      .poll(() => enterprise.locator('.filing-table input[data-cell-input]').count(), patiently)
      .toBeGreaterThan(10);
    for (const [code, value] of Object.entries(values.monthly!)) {
      const cell = enterprise.locator(`#cell-monthly-${code}`);
      if (value === null || (await cell.count()) === 0) continue;
      if ((await cell.evaluate((element) => element.tagName)) === 'SELECT')
        await cell.selectOption(String(value));
      else await cell.fill(String(value));
    }
    await submitOnScreen(enterprise);

    // 区县 returns it with a reason on the cell 2010.
    const countyPage = await signedInPage(browser, 'nanshan');
    await countyPage.goto(`${baseUrl}/admin/review`);
    await chooseTask(countyPage, task.name);
    await countyPage.getByRole('link', { name: '深圳市蓝海数智软件有限公司' }).click();
    await countyPage.getByTestId('cell-comment-monthly-2010').fill('主营业务收入与合同台账不符，请核实');
    await saveScreenshot(countyPage, 'admin-review-filing');
    await button(countyPage, '退回').click();
    await countyPage.locator('#return-reason').fill('请核实主营业务收入后重新上报');
    await countyPage.locator('.ant-modal-footer .ant-btn-dangerous').click();
    await countyPage.waitForURL((url) => url.pathname === '/admin/review');

    // The enterprise sees the reason and the comment on the cell, fixes the value and submits again.
    await enterprise.reload();
    const returned = enterprise.getByTestId('return-review');
    await expect.poll(() => returned.textContent(), patiently).toContain('请核实主营业务收入后重新上报');
    expect(await returned.textContent()).toContain('主营业务收入与合同台账不符，请核实');
    expect(await enterprise.getByTestId('filing-status').textContent()).toBe('已退回');
    const commented = enterprise
      .locator('td.filing-td-commented')
      .filter({ has: enterprise.locator('#cell-monthly-2010') });
    expect(await commented.count()).toBe(1);
    await saveScreenshot(enterprise, 'enterprise-returned-filing');
    await enterprise.locator('#cell-monthly-2010').fill('12345.67');
    await submitOnScreen(enterprise);

    // 区县 approves the fix; the filing moves to the city.
    await countyPage.reload();
    await chooseTask(countyPage, task.name);
    await countyPage.getByRole('link', { name: '深圳市蓝海数智软件有限公司' }).click();
    await expect.poll(() => countyPage.getByText('12,345.67').count(), patiently).toBeGreaterThan(0);
    await button(countyPage, '审核通过').click();
    await countyPage.waitForURL((url) => url.pathname === '/admin/review');

    // 市 approves, then passes the region up.
    const cityPage = await signedInPage(browser, 'shenzhen');
    await cityPage.goto(`${baseUrl}/admin/review`);
    await chooseTask(cityPage, task.name);
    await cityPage.getByRole('link', { name: '深圳市蓝海数智软件有限公司' }).click();
    await button(cityPage, '审核通过').click();
    await cityPage.waitForURL((url) => url.pathname === '/admin/review');
    await chooseTask(cityPage, task.name);
    // A region passes up only when every obligation is approved or excused (issue 17): 科兴 has not filed.
    await callAs(city, 'POST', '/api/admin/review/excusals', {
      taskId: task.id,
      enterpriseId: directory.items.find((item) => item.name === '深圳市科兴智联科技有限公司')!.id,
      reason: 'closed',
    });
    await cityPage.getByRole('button', { name: /上报至上级/ }).click();
    await expect
      .poll(() => cityPage.getByTestId('region-pass-up').textContent(), patiently)
      .toContain('本地区已于');
    await saveScreenshot(cityPage, 'admin-review-queue');

    // The city's totals equal the sum of the approved filings, read here as each enterprise filed them.
    const qiye = await apiSignIn(baseUrl, 'qiye', demoPassword);
    let expected = 0;
    for (const who of [qiye, ...filers]) {
      const filing = await callAs<{ status: string; values: Values }>(
        who,
        'GET',
        `/api/enterprise/tasks/${task.id}/filing`,
      );
      expect(filing.status).toBe('submitted');
      expected += Number(filing.values.monthly!['2010']);
    }
    expected = Math.round(expected * 100) / 100;
    await cityPage.goto(`${baseUrl}/admin/aggregation`);
    await chooseTask(cityPage, task.name);
    const indicators = cityPage.getByTestId('aggregation-indicators');
    await cityPage.getByRole('tab', { name: '全部指标' }).click();
    const row = indicators.locator('tr', { hasText: '主营业务收入' }).first();
    await expect
      .poll(() => row.locator('td').nth(3).textContent(), patiently)
      .toBe(new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 }).format(expected));
    await cityPage.getByRole('tab', { name: '分地区' }).click();
    await saveScreenshot(cityPage, 'admin-aggregation');
    // The same filings in the 明细 download: a row per enterprise, and the same sum.
    const [download] = await Promise.all([
      cityPage.waitForEvent('download'),
      cityPage.getByTestId('export-task-filings').click(),
    ]);
    const detail = new ExcelJS.Workbook();
    await detail.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
    const sheet = detail.worksheets[0]!;
    const revenueColumn = (sheet.getRow(2).values as unknown[]).indexOf('主营业务收入');
    const exportedRevenue = Array.from({ length: sheet.rowCount - 2 }, (_, index) =>
      Number(sheet.getRow(index + 3).getCell(revenueColumn).value),
    );
    expect(exportedRevenue).toHaveLength(3);
    expect(exportedRevenue.reduce((sum, value) => sum + value, 0)).toBeCloseTo(expected, 2);
    const report = await callAs<{ children: Array<{ label: string; values: Record<string, number> }> }>(
      city,
      'GET',
      `/api/admin/aggregation?taskId=${task.id}`,
    );
    expect(report.children).toHaveLength(1);
    expect(report.children[0]!.label).toBe('南山区');
    expect(report.children[0]!.values['monthly.2010']).toBeCloseTo(expected, 2);

    for (const page of [enterprise, countyPage, cityPage]) await page.context().close();
  }, 180_000);

  it('lets the ministry skip a level and delegate one on 审核层级设置, and the province read it', async () => {
    const ministry = await signedInPage(browser, 'miit');
    await ministry.getByRole('link', { name: '审核层级设置' }).first().click();
    await ministry.waitForURL((url) => url.pathname === '/admin/review-chains');
    const zhejiang = ministry.locator('tr', { hasText: '浙江省' });
    await expect
      .poll(() => zhejiang.getByTestId('chain-tags').textContent(), patiently)
      .toBe('区县→市级→省级→部级');
    await zhejiang.getByRole('button', { name: /修\s?改/ }).click();
    const dialog = ministry.locator('.ant-modal', { hasText: '修改浙江省审核层级' });
    await dialog.getByRole('switch', { name: '省级参与审核' }).click();
    await dialog.getByRole('textbox', { name: '区县委托审核单位' }).fill('杭州软件园');
    await dialog.getByRole('spinbutton', { name: '市级审核天数' }).fill('7');
    await saveScreenshot(ministry, 'admin-review-chain-editor');
    await button(dialog, '确定').click();
    await expect
      .poll(() => zhejiang.getByTestId('chain-tags').textContent(), patiently)
      .toBe('区县（委托杭州软件园）→市级→省级 跳过→部级');
    expect(await zhejiang.textContent()).toContain('市级 7 天');
    // A full-page shot keeps the sticky header where the page was scrolled to.
    await ministry.evaluate(() => window.scrollTo(0, 0));
    await saveScreenshot(ministry, 'admin-review-chains');

    // The province reads its own chain and cannot change it.
    const guangdong = await signedInPage(browser, 'guangdong');
    await guangdong.goto(`${baseUrl}/admin/review-chains`);
    await expect.poll(() => guangdong.locator('tbody tr.ant-table-row').count(), patiently).toBe(1);
    expect(await guangdong.locator('tbody tr.ant-table-row').textContent()).toContain('广东省');
    expect(await guangdong.getByRole('button', { name: /修\s?改/ }).count()).toBe(0);
    for (const page of [ministry, guangdong]) await page.context().close();
  });
});
