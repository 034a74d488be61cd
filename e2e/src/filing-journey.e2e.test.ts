import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoPassword } from '../../apps/server/src/db/seed/demo-accounts.ts';
import { launchBrowser, logInThroughForm, saveScreenshot, screenshotDir } from './browser.ts';

const baseUrl = inject('baseUrl');
const downloads = path.resolve(import.meta.dirname, '../../test-results/downloads');

/** Keeps a screenshot of the step for a person to look at (test-results/, not committed). */
async function documentScreen(page: Page, name: string, keepToast?: string) {
  // Toasts of earlier steps would cover the screen they describe.
  await page.evaluate((kept) => {
    for (const node of Array.from(document.querySelectorAll<HTMLElement>('.ant-message-notice'))) {
      if (!kept || !node.textContent?.includes(kept)) node.style.visibility = 'hidden';
    }
  }, keepToast);
  await saveScreenshot(page, name);
}

const parseShown = (text: string | null) => (text ? Number(text.replace(/,/g, '')) : null);

const saveButton = (page: Page) =>
  page
    .getByRole('button', { name: '保 存' })
    .or(page.getByRole('button', { name: '保存' }))
    .first();

/** A typed cell of the monthly form. */
async function cellInput(page: Page, code: string) {
  return page.locator(`#cell-monthly-${code}`);
}

/** Reads an exported workbook's monthly sheet: code → 本年本期累计. */
async function monthlyColumnOf(file: string): Promise<Map<string, unknown>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await readFile(file)) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('软统企6表');
  if (!sheet) throw new Error('no sheet 软统企6表');
  const values = new Map<string, unknown>();
  for (let row = 6; row <= sheet.rowCount; row += 1) {
    const code = sheet.getCell(row, 2).value;
    if (typeof code === 'string') values.set(code, sheet.getCell(row, 4).value);
  }
  return values;
}

describe('an enterprise files its monthly report in the browser', () => {
  let browser: Browser;
  let page: Page;
  const typed = new Map<string, number>();

  beforeAll(async () => {
    browser = await launchBrowser();
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      acceptDownloads: true,
    });
    page = await context.newPage();
    await logInThroughForm(page, baseUrl, 'qiye', demoPassword);
    await page.waitForURL((url) => url.pathname === '/enterprise');
    await mkdir(downloads, { recursive: true });
    await mkdir(screenshotDir, { recursive: true });
  });
  afterAll(() => browser?.close());

  it('applies for the municipal monthly task, which then appears in 我的填报任务', async () => {
    await page.getByRole('link', { name: '填报任务申请' }).first().click();
    const row = page
      .locator('tr', { hasText: '[市级]' })
      .filter({ hasText: '深圳市软件和信息技术服务业月报' });
    await expect.poll(() => row.locator('.ant-tag').textContent()).toBe('未申请');
    await row.getByRole('button', { name: '任务申请' }).click();
    await expect
      .poll(() => page.getByText('申请已通过，任务已加入“我的填报任务”').count())
      .toBeGreaterThan(0);
    await expect.poll(() => row.locator('.ant-tag').textContent()).toBe('已通过');

    await page.getByRole('link', { name: '我的填报任务' }).first().click();
    await page.locator('#task-filter-name').fill('深圳市软件');
    const task = page.locator('tr', { hasText: '深圳市软件和信息技术服务业月报' });
    await expect.poll(() => task.locator('.ant-tag').textContent()).toBe('未填报');
    await task.getByRole('link', { name: '填报' }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/filing'));
    await expect.poll(() => page.getByTestId('page-title').textContent()).toContain('月报-企业月报表');
  });

  it('fills the form with the keyboard, shows a 必改错误 live and refuses 上报 until it is fixed', async () => {
    // Last month's year-to-date values stand in 本年上期累计; this month's are ten percent higher.
    const inputs = page.locator('.filing-table input[data-cell-input]');
    await expect.poll(() => inputs.count()).toBeGreaterThan(10);
    await page.locator('#cell-monthly-2001').selectOption('1');
    for (const id of await inputs.evaluateAll((elements) => elements.map((element) => element.id))) {
      const code = id.replace('cell-monthly-', '');
      const previous = parseShown(await page.getByTestId(`previousPeriod-monthly.${code}`).textContent());
      if (previous === null) continue;
      // Headcounts (人) are whole numbers; the audit refuses 145.2 people.
      const unit = await page.locator(`tr[data-row="${code}"] td.filing-td-label`).last().textContent();
      const value = unit === '人' ? Math.round(previous * 1.1) : Math.round(previous * 110) / 100;
      typed.set(code, value);
      await page.locator(`#${id}`).fill(String(value));
    }
    // Enter edits the cell, and Enter again moves to the next cell one types in, as in a spreadsheet.
    await (await cellInput(page, '2010')).focus();
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('cell-monthly-2010');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('cell-monthly-2021');
    await page.keyboard.press('Tab');
    await saveButton(page).click();
    await expect
      .poll(() => page.getByTestId('save-state').textContent(), { timeout: 10_000 })
      .toMatch(/^草稿已保存/);
    // The thousands separator shows once the cell is left.
    expect(await (await cellInput(page, '2010')).inputValue()).toMatch(/,/);

    await (await cellInput(page, '2010')).fill('1');
    const error = page.locator('.audit-item-error', { hasText: '不能大于主营业务收入1万元' });
    await expect.poll(() => error.count()).toBe(1);
    // The form's tab carries the count of its 必改错误.
    expect(await page.getByTestId('form-tab-monthly').locator('.form-tab-errors').textContent()).toBe('2');
    await page
      .getByRole('button', { name: '上 报' })
      .or(page.getByRole('button', { name: '上报' }))
      .first()
      .click();
    // 1 breaks two rules: 软件业务收入 > 主营业务收入, and a year-to-date figure below last month's.
    await expect
      .poll(() => page.locator('.submit-blocked-message').textContent())
      .toMatch(/^存在2条必改错误，不能上报/);
    expect(await page.getByTestId('filing-status').textContent()).not.toContain('已上报');
    await documentScreen(page, 'filing-form-with-error', '必改错误，不能上报');

    // Clicking the finding takes the filer to its cell.
    await page.locator('#cell-monthly-2112').focus();
    await error.click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('cell-monthly-2010');
    await (await cellInput(page, '2010')).fill(String(typed.get('2010')));
    await expect.poll(() => page.locator('.audit-item-error').count()).toBe(0);
  });

  it('asks for the 审核说明 of a 严重警告, submits, cancels and submits again', async () => {
    const rd = (typed.get('2021')! + typed.get('2022')! + typed.get('2023')!) * 2;
    typed.set('2110', Math.round(rd));
    await (await cellInput(page, '2110')).fill(String(Math.round(rd)));
    await expect.poll(() => page.locator('.audit-item-warning', { hasText: '研发经费' }).count()).toBe(1);
    const submit = page
      .getByRole('button', { name: '上 报' })
      .or(page.getByRole('button', { name: '上报' }))
      .first();
    await submit.click();

    const dialog = page.locator('.ant-modal', { hasText: '填写审核说明' });
    await expect.poll(() => dialog.getByText('提示: 严重警告必须填写审核说明').count()).toBe(1);
    expect(await dialog.locator('.explain-line').first().textContent()).toMatch(/^\*严重警告\|研发经费/);
    await dialog
      .getByRole('button', { name: '提 交' })
      .or(dialog.getByRole('button', { name: '提交' }))
      .first()
      .click();
    await expect.poll(() => dialog.getByText('请填写审核说明').count()).toBe(1);
    await dialog.locator('textarea').first().fill('本年集中投入新一代产品研发，经费来自股东增资');
    await documentScreen(page, 'filing-explanation-dialog');
    await dialog
      .getByRole('button', { name: '提 交' })
      .or(dialog.getByRole('button', { name: '提交' }))
      .first()
      .click();
    await expect
      .poll(() => page.getByTestId('filing-status').textContent(), { timeout: 10_000 })
      .toBe('已上报至县级');
    expect(await page.locator('.filing-table input[data-cell-input]').count()).toBe(0);

    await page.getByRole('button', { name: '取消上报' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '是' }).click();
    // A round trip to the server and a reload of the filing: longer than the poll's default second on a busy machine.
    await expect
      .poll(() => page.getByTestId('filing-status').textContent(), { timeout: 10_000 })
      .toBe('已保存');
    expect(await (await cellInput(page, '2110')).isEditable()).toBe(true);

    await submit.click();
    const again = page.locator('.ant-modal', { hasText: '填写审核说明' });
    // The explanation given before is kept.
    await expect.poll(() => again.locator('textarea').first().inputValue()).toContain('股东增资');
    await again
      .getByRole('button', { name: '提 交' })
      .or(again.getByRole('button', { name: '提交' }))
      .first()
      .click();
    await expect
      .poll(() => page.getByTestId('filing-status').textContent(), { timeout: 10_000 })
      .toBe('已上报至县级');
  });

  it('finds the filing in 填报数据查询 and exports it as an .xlsx with the values as filed', async () => {
    await page.getByRole('link', { name: '填报数据查询' }).first().click();
    const row = page.locator('tr', { hasText: '[市级]' }).first();
    await expect.poll(() => row.textContent()).toContain('软件和信息技术服务业月报-企业月报表');
    await documentScreen(page, 'filing-query');
    // The enterprise's own trend is drawn from what it filed.
    await expect.poll(() => page.getByTestId('filing-trend').locator('canvas').count()).toBe(1);
    await page.getByTestId('filing-trend').scrollIntoViewIfNeeded();
    await documentScreen(page, 'filing-trend');
    await page.evaluate(() => window.scrollTo(0, 0));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByTestId('export-filing').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/月报-企业月报表\.xlsx$/);
    const file = path.join(downloads, 'exported.xlsx');
    await download.saveAs(file);
    const exported = await monthlyColumnOf(file);
    expect(exported.get('2010')).toBe(typed.get('2010'));
    expect(exported.get('2110')).toBe(typed.get('2110'));
    expect(exported.get('2001')).toBe('1');

    await row.getByRole('link', { name: '查看' }).click();
    await expect
      .poll(() => page.getByTestId('value-monthly.2110').textContent())
      .toBe(typed.get('2110')!.toLocaleString('zh-CN', { maximumFractionDigits: 2 }));
  });

  it('fills the returned report offline: downloads its template, uploads it, and sees it audited', async () => {
    await page.getByRole('link', { name: '我的填报任务' }).first().click();
    // The seeded monthly report the district returned (other journeys may return other reports of this filer).
    const returned = page.locator('tr.task-row-returned', { hasText: '月报' }).first();
    await returned.getByRole('link', { name: '填报' }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/filing'));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page
        .getByRole('link', { name: '下载Excel模板' })
        .or(page.getByRole('button', { name: '下载Excel模板' }))
        .first()
        .click(),
    ]);
    const template = path.join(downloads, 'template.xlsx');
    await download.saveAs(template);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(template);
    const sheet = workbook.getWorksheet('软统企6表')!;
    for (let row = 6; row <= sheet.rowCount; row += 1) {
      if (sheet.getCell(row, 2).value === '2010') sheet.getCell(row, 4).value = 1;
    }
    const filled = path.join(downloads, 'filled.xlsx');
    await workbook.xlsx.writeFile(filled);

    await page.getByTestId('import-file').setInputFiles(filled);
    const preview = page.getByTestId('import-audit');
    // The server reads the workbook in a worker thread, which may first have to start: wait as for a save.
    await expect
      .poll(() => preview.locator('.audit-item-error', { hasText: '不能大于主营业务收入1万元' }).count(), {
        timeout: 15_000,
      })
      .toBe(1);
    // The preview lists the cells the import changes, beside the value each replaces.
    const change = page.getByTestId('import-changes').locator('tr[data-change="monthly.2010"]');
    expect(await change.locator('.conflict-theirs').textContent()).toBe('1');
    await documentScreen(page, 'filing-import-preview');
    await page
      .locator('.ant-modal', { hasText: '确认导入Excel' })
      .getByRole('button', { name: '确认导入' })
      .click();
    await expect.poll(() => page.locator('#cell-monthly-2010').inputValue()).toBe('1');
    await expect
      .poll(() => page.getByTestId('save-state').textContent(), { timeout: 10_000 })
      .toMatch(/^草稿已保存/);
    const panelError = page.locator('[data-testid="audit-panel"] .audit-item-error', {
      hasText: '不能大于主营业务收入1万元',
    });
    expect(await panelError.count()).toBe(1);
    // The imported draft is what the server now holds: a reload shows it.
    await page.reload();
    await expect.poll(() => page.locator('#cell-monthly-2010').inputValue()).toBe('1');
  });

  it('finds an indicator’s definition in 填报业务指南 by a word of it', async () => {
    await page.getByRole('link', { name: '填报业务指南' }).first().click();
    await page.getByPlaceholder('输入指标代码、名称或解释中的文字').fill('研发经费');
    const row = page.locator('tr', { hasText: '2110' });
    await expect.poll(() => row.first().textContent()).toContain('本年累计用于研究开发的实际支出');
  });
});
