import { createSampleFiling, getEdition } from '@zhibao/survey';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoPassword } from '../../apps/server/src/db/seed/demo-accounts.ts';
import { demoEnterprises } from '../../apps/server/src/db/seed/demo-enterprises.ts';
import { plantedOutlierEnterpriseKey } from '../../apps/server/src/db/seed/seed.ts';
import { apiSignIn, launchBrowser, logInThroughForm, saveScreenshot } from './browser.ts';
import { callAs, enterpriseAccount } from './enterprise-account.ts';
import { button, chooseTask, directoryUscc, signedInPage } from './journey.ts';

const baseUrl = inject('baseUrl');
const patiently = { timeout: 15_000 };

// The demo's planted outlier (渝北's 工控安全 typed its latest 主营业务收入 increment ten times over): the district
// finds it first in its queue ordered by score, sees the numbers behind the flag and sends 请核实 on 2010; the
// enterprise corrects the value and submits again; the district sees the cell's history, reported → corrected,
// with the query it answered. The only journey touching 工控安全.
describe('outlier → 请核实 → the enterprise corrects (issue 18)', () => {
  let browser: Browser;
  let taskName: string;
  let taskId: string;
  let monthIndex: number;
  const plantedIndex = demoEnterprises.findIndex(
    (enterprise) => enterprise.key === plantedOutlierEnterpriseKey,
  );
  const planted = demoEnterprises[plantedIndex]!;

  beforeAll(async () => {
    browser = await launchBrowser();
    const yubei = await apiSignIn(baseUrl, 'yubei', demoPassword);
    const tasks = await callAs<{ items: Array<{ id: string; name: string; period: string }> }>(
      yubei,
      'GET',
      '/api/admin/tasks',
    );
    const latest = tasks.items
      .filter((task) => /^\[部级\]\d{4}年\d{2}月软件和信息技术服务业月报$/.test(task.name))
      .sort((a, b) => b.period.localeCompare(a.period))[0]!;
    taskName = latest.name;
    taskId = latest.id;
    monthIndex = Number(latest.period.slice(5, 7));
  });
  afterAll(() => browser?.close());

  async function openPlantedFiling(page: Page) {
    await page.goto(`${baseUrl}/admin/review`);
    await chooseTask(page, taskName);
    await page.getByText('按评分', { exact: true }).click();
    const link = page.getByRole('link', { name: planted.name });
    await expect.poll(() => link.count(), patiently).toBeGreaterThan(0);
    await link.first().click();
    await page.getByTestId('page-title').waitFor();
  }

  it('sends 请核实 on the flagged cell, the enterprise corrects it, and the reviewer sees reported → corrected', async () => {
    const reviewer = await signedInPage(browser, 'yubei');
    await openPlantedFiling(reviewer);
    const flags = reviewer.getByTestId('outlier-flags');
    await expect.poll(() => flags.isVisible(), patiently).toBe(true);
    const flagged = flags
      .locator('tr', { hasText: '本月增量对上月增量' })
      .filter({ hasText: '2010' })
      .first();
    expect(await flagged.textContent()).toMatch(
      /偏高.*比值 [\d.,]+（同类中位数 [\d.,]+）；HB效应 [\d.,]+，正常区间/,
    );
    await saveScreenshot(reviewer, 'outlier-flags');
    await flagged.locator('input[type="checkbox"]').check();
    await button(flags, '请核实').click();
    await reviewer.locator('#verification-query-note').fill('本月主营业务收入增量约为上月的十倍，请核实');
    await button(reviewer.locator('.ant-modal'), '请核实').click();
    await reviewer.waitForURL((url) => url.pathname === '/admin/review', patiently);

    // The enterprise: a filer account of 工控安全 made as its people would, then the form in the browser.
    const uscc = await directoryUscc(await apiSignIn(baseUrl, 'yubei', demoPassword), planted.name);
    const filer = await enterpriseAccount(plantedIndex + 180, { ...planted, uscc });
    const correct = createSampleFiling(getEdition(), {
      periodType: 'month',
      seed: plantedIndex * 100 + 1,
      scale: planted.scale,
      monthIndex,
    }).monthly!['2010'] as number;
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const enterprise = await context.newPage();
    await logInThroughForm(enterprise, baseUrl, filer.username, filer.password);
    await enterprise.waitForURL((url) => url.pathname !== '/login');
    await enterprise.goto(`${baseUrl}/enterprise/tasks/${taskId}/filing`);
    await expect.poll(() => enterprise.getByText(/请核实/).count(), patiently).toBeGreaterThan(0);
    await enterprise.locator('#cell-monthly-2010').fill(String(correct));
    await button(enterprise, '上报').click();
    const dialog = enterprise.locator('.ant-modal', { hasText: '填写审核说明' });
    const status = enterprise.getByTestId('filing-status');
    await expect
      .poll(
        async () => (await dialog.isVisible()) || /已上报/.test((await status.textContent()) ?? ''),
        patiently,
      )
      .toBe(true);
    if (await dialog.isVisible()) {
      for (const area of await dialog.locator('textarea').all()) await area.fill('业务确有变化');
      await button(dialog, '提交').click();
    }
    await expect.poll(() => status.textContent(), patiently).toMatch(/已上报/);

    await openPlantedFiling(reviewer);
    await reviewer.getByRole('tab', { name: '数据来源' }).click();
    const row = reviewer.getByTestId('provenance').locator('tr', { hasText: '主营业务收入' }).first();
    await expect.poll(() => row.textContent(), patiently).toContain('企业更正');
    expect(await row.textContent()).toMatch(/→/);
    expect(await row.textContent()).toContain('请核实：本月主营业务收入增量约为上月的十倍，请核实');
    await saveScreenshot(reviewer, 'outlier-corrected-provenance');
  }, 300_000);

  it('opens 数据质量检查 before any run without an error, offering 重新检查', async () => {
    const page = await signedInPage(browser, 'yubei');
    await page.goto(`${baseUrl}/admin/data-quality`);
    await expect.poll(() => button(page, '重新检查').isVisible(), patiently).toBe(true);
    await expect.poll(() => page.getByText('本地区尚未完成该任务的数据质量检查').count(), patiently).toBe(1);
    expect(await page.locator('.ant-alert-error').allInnerTexts()).toEqual([]);
  });

  it('runs 数据质量检查 for the district in the background and lists its findings, all of the district', async () => {
    const page = await signedInPage(browser, 'yubei');
    await page.goto(`${baseUrl}/admin/data-quality`);
    await expect.poll(() => button(page, '重新检查').isEnabled(), patiently).toBe(true);
    await button(page, '重新检查').click();
    // Queued, done by the server's worker, the page following its progress until the run is done.
    const latest = page.getByTestId('data-quality-latest');
    await expect
      .poll(() => latest.textContent(), { timeout: 120_000, interval: 1_000 })
      .toMatch(/最近一次检查：渝北区，.*检查报表 [1-9][\d,]* 份，发现问题 [1-9][\d,]* 条/);
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await expect.poll(() => rows.count(), patiently).toBeGreaterThan(0);
    // Each finding names its enterprise (a link to its filing), its region and what is wrong.
    for (const row of await rows.all()) {
      const cells = row.locator('td');
      expect(await cells.nth(2).textContent()).toBe('渝北区');
      expect((await cells.nth(4).textContent())?.trim()).not.toBe('');
    }
    expect(await page.locator('.ant-alert-error').allInnerTexts()).toEqual([]);
    await saveScreenshot(page, 'data-quality-findings');
  }, 180_000);
});
