import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoPassword } from '../../apps/server/src/db/seed/demo-accounts.ts';
import { findAccessibilityViolations } from './accessibility.ts';
import { apiSignIn, launchBrowser, logInThroughForm } from './browser.ts';
import { callAs } from './enterprise-account.ts';
import { publishMinistryTask, signedInPage } from './journey.ts';

const baseUrl = inject('baseUrl');

// The monthly form filled and submitted by keyboard alone, as a filer who cannot use a mouse, or a screen reader
// user, does it (issue 22, WCAG 2.1.1, 2.4.3, 2.4.7, 4.1.2, 4.1.3): every step is a key press, and every check is
// what the keyboard and the accessibility tree show — where the focus is, what the focused cell is called, what
// is said of it, and what the polite live region announces.

/** Whether the element the locator finds (by role and accessible name) has the focus. */
const hasFocus = (locator: Locator) =>
  locator.evaluate((element) => element === document.activeElement, undefined, { timeout: 2_000 });

async function expectFocus(locator: Locator) {
  await expect.poll(() => hasFocus(locator).catch(() => false)).toBe(true);
}

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

/** What a screen reader reads after a cell's name and value: the text of the elements aria-describedby names. */
const descriptionOf = (locator: Locator) =>
  locator.evaluate((element) =>
    (element.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' ')
      .trim(),
  );

/** A cell of the monthly form by its accessible name, 指标名称 · 列名（代码，单位）. */
const typedCell = (page: Page, name: string) => page.getByRole('textbox', { name, exact: true });

/** What the focused element is, as the Tab key meets it: its role and accessible name, or its id. */
const focusedStop = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element) return '';
    const name = element.getAttribute('aria-label') ?? element.textContent?.trim() ?? '';
    return `${element.getAttribute('role') ?? element.tagName.toLowerCase()}:${name || element.id}`;
  });

/** Presses a key until the focus reaches the element, answering the stops on the way (at most `limit`). */
async function pressUntil(page: Page, key: string, isThere: () => Promise<boolean>, limit = 80) {
  const stops: string[] = [];
  for (let step = 0; step < limit && !(await isThere()); step += 1) {
    await page.keyboard.press(key);
    stops.push(await focusedStop(page));
  }
  expect(await isThere()).toBe(true);
  return stops;
}

describe('the monthly form by keyboard alone', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it(
    'tabs into the grid, moves by arrows, edits, undoes, fixes the error it hears of, saves and submits',
    { timeout: 180_000 },
    async () => {
      // A task of its own for 南山区, so that the journey starts from a blank form and touches no demo filing.
      const task = await publishMinistryTask({
        period: '2034-07',
        name: '[部级]键盘填报测试月报2034年07月',
        scopeRegionCodes: ['440305'],
      });
      const page = await signedInPage(browser, 'qiye');
      try {
        await page.goto(`${baseUrl}/enterprise/tasks/${task.id}/filing`);
        const embedded = page.getByRole('combobox', {
          name: '是否有嵌入式系统软件业务 · 本年本期累计（代码 2001）',
          exact: true,
        });
        await embedded.waitFor();
        const live = page.getByTestId('audit-announcement');
        expect(await live.getAttribute('aria-live')).toBe('polite');
        expect(await live.getAttribute('role')).toBe('status');

        // Tab order: the toolbar's 保存 and 上报, the form's tab, then the first cell of the form.
        const stops = await pressUntil(page, 'Tab', () => hasFocus(embedded));
        const at = (pattern: RegExp) => stops.findIndex((stop) => pattern.test(stop));
        expect(at(/^button:保 ?存$/)).toBeGreaterThanOrEqual(0);
        expect(at(/^button:保 ?存$/)).toBeLessThan(at(/^button:上 ?报$/));
        expect(at(/^button:上 ?报$/)).toBeLessThan(at(/^tab:.*软统企6表/));
        // (antd's tab panel itself may take one stop between the tab and the cell.)
        expect(stops.length - 1 - at(/^tab:.*软统企6表/)).toBeLessThanOrEqual(2);
        // A blank required cell is marked invalid and says why.
        expect(await embedded.getAttribute('aria-invalid')).toBe('true');
        expect(await descriptionOf(embedded)).toContain('必改错误：');

        // A code is chosen by typing it; the arrows leave the list for the cell below.
        await page.keyboard.press('2');
        expect(await embedded.inputValue()).toBe('2');
        await page.keyboard.press('ArrowDown');
        const revenue = typedCell(page, '主营业务收入 · 本年本期累计（代码 2010，万元）');
        await expectFocus(revenue);
        expect(await descriptionOf(revenue)).toBe(
          '必改错误：软件和信息技术服务业企业月报表: 主营业务收入(2010)为必填项',
        );
        await expect
          .poll(() => live.textContent())
          .toContain('已解决：软件和信息技术服务业企业月报表: 是否有嵌入式系统软件业务(2001)为必填项');

        // Typing replaces the cell's content; Enter goes down to the next cell one types in (past 软件业务收入合计,
        // which is computed).
        await page.keyboard.type('1000');
        await page.keyboard.press('Enter');
        const software = typedCell(page, '软件产品收入 · 本年本期累计（代码 2021，万元）');
        await expectFocus(software);
        expect(await revenue.getAttribute('aria-invalid')).toBeNull();

        // Right and Left visit the columns one reads: last year's figure, named as the cell it stands beside.
        await page.keyboard.press('ArrowRight');
        const lastYear = page.getByRole('textbox', {
          name: '软件产品收入 · 去年同期累计（代码 2021，万元）',
          exact: true,
        });
        await expectFocus(lastYear);
        expect(await lastYear.getAttribute('aria-readonly')).toBe('true');
        await page.keyboard.press('ArrowLeft');
        await expectFocus(software);

        // Too much 软件产品收入: the 必改错误 is announced, and the cells it names say so.
        await page.keyboard.type('1200');
        await page.keyboard.press('Enter');
        expect(await focusedId(page)).toBe('cell-monthly-20211');
        const breach = '软件业务收入合计1200万元不能大于主营业务收入1000万元';
        await expect.poll(() => live.textContent()).toContain(`新的必改错误：${breach}`);
        expect(await revenue.getAttribute('aria-invalid')).toBe('true');
        expect(await descriptionOf(revenue)).toBe(`必改错误：${breach}`);
        await expect.poll(() => page.locator('.audit-item-error', { hasText: breach }).count()).toBe(1);
        // The form with its findings marked passes axe as the blank one does.
        expect(await findAccessibilityViolations(page)).toEqual([]);

        // Back up past the computed total (read, not typed) to 主营业务收入.
        await page.keyboard.press('ArrowUp');
        await page.keyboard.press('ArrowUp');
        await expectFocus(
          page.getByRole('textbox', {
            name: '软件业务收入合计 · 本年本期累计（代码 2020，万元）',
            exact: true,
          }),
        );
        await page.keyboard.press('ArrowUp');
        await expectFocus(revenue);
        // F2 edits with the caret at the end; Esc puts back what the cell held.
        await page.keyboard.press('F2');
        await page.keyboard.type('0');
        expect(await revenue.inputValue()).toBe('10000');
        await page.keyboard.press('Escape');
        expect(await revenue.inputValue()).toBe('1000');
        await expectFocus(revenue);
        // The fix: Enter edits, the new figure replaces the old, Enter confirms and moves on.
        await page.keyboard.press('Enter');
        await page.keyboard.press('ControlOrMeta+A');
        await page.keyboard.type('2000');
        await page.keyboard.press('Enter');
        await expectFocus(software);
        await expect
          .poll(() => live.textContent())
          .toMatch(/已解决：软件业务收入合计1200万元不能大于主营业务收入\d+万元/);
        expect(await revenue.getAttribute('aria-invalid')).toBeNull();

        // The rest of the form, top to bottom: a figure and Enter, or Enter twice to pass a cell left blank.
        const rest: Array<[string, string | null]> = [
          ['2021', null],
          ['20211', null],
          ['20212', null],
          ['2022', '300'],
          ['20221', null],
          ['20222', null],
          ['20223', null],
          ['20224', null],
          ['20225', null],
          ['2023', '50'],
          ['20231', null],
          ['20241', null],
          ['2041', '10'],
          ['20421', null],
          ['2043', '5'],
          ['2050', '700'],
          ['2051', null],
          ['2080', '150'],
          ['2090', '120'],
          ['2110', '90'],
          ['2111', '200'],
          ['2112', '25'],
        ];
        for (const [code, figure] of rest) {
          expect(await focusedId(page)).toBe(`cell-monthly-${code}`);
          if (figure) await page.keyboard.type(figure);
          else await page.keyboard.press('Enter');
          await page.keyboard.press('Enter');
        }
        expect(await focusedId(page)).toBe('cell-monthly-2113');
        await expect.poll(() => page.locator('.audit-item-error').count()).toBe(0);
        await expect.poll(() => live.textContent()).toContain('已解决：');

        // Ctrl+S saves.
        await page.keyboard.press('ControlOrMeta+S');
        await expect
          .poll(() => page.getByTestId('save-state').textContent(), { timeout: 10_000 })
          .toMatch(/^草稿已保存/);

        // Back to 上报 with Shift+Tab, and Enter.
        const submit = page.getByRole('button', { name: /^上 ?报$/ });
        await pressUntil(page, 'Shift+Tab', () => hasFocus(submit));
        await page.keyboard.press('Enter');
        await expect
          .poll(() => page.getByTestId('filing-status').textContent(), { timeout: 15_000 })
          .toMatch(/^已上报/);
        const filed = await page.evaluate(async (taskId) => {
          const response = await fetch(`/api/enterprise/tasks/${taskId}/filing`);
          return ((await response.json()) as { values: { monthly: Record<string, unknown> } }).values.monthly;
        }, task.id);
        expect(filed).toMatchObject({ '2001': '2', '2010': 2000, '2021': 1200, '2112': 25 });
      } finally {
        await page.context().close();
      }
    },
  );

  it(
    'names the annual grid form’s cells by row and column, moves along its rows, and passes axe on every form in Chinese and English',
    { timeout: 240_000 },
    async () => {
      // An annual task of its own for 南山区: five forms, the 软件业务收入分类表 among them a grid.
      const ministry = await apiSignIn(baseUrl, 'miit', demoPassword);
      const now = Date.now();
      const task = await callAs<{ id: string }>(ministry, 'POST', '/api/admin/tasks', {
        periodType: 'year',
        period: '2035',
        name: '[部级]键盘填报测试年报2035年',
        scopeRegionCodes: ['440305'],
        opensAt: new Date(now - 86_400_000).toISOString(),
        closesAt: new Date(now + 7 * 86_400_000).toISOString(),
      });
      for (const language of ['zh-CN', 'en-US'] as const) {
        const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
        try {
          if (language === 'en-US') {
            await page.addInitScript(() => window.localStorage.setItem('zhibao.language', 'en-US'));
          }
          await logInThroughForm(page, baseUrl, 'qiye', demoPassword);
          await page.waitForURL((url) => url.pathname === '/enterprise');
          await page.goto(`${baseUrl}/enterprise/tasks/${task.id}/filing`);
          const tabs = page.locator('[data-testid^="form-tab-"]');
          await expect.poll(() => tabs.count(), { timeout: 15_000 }).toBe(5);
          const found: string[] = [];
          for (const tab of await tabs.all()) {
            await tab.click();
            const formId = (await tab.getAttribute('data-testid'))!.replace('form-tab-', '');
            await page.locator(`.filing-table[data-form="${formId}"]`).waitFor();
            found.push(...(await findAccessibilityViolations(page)).map((found) => `${formId}: ${found}`));
          }
          expect(found).toEqual([]);

          // The grid form: Right goes along the row, Down to the row below, Up past into a computed row.
          await page.getByTestId('form-tab-revenue-classification').click();
          const [rowNo, unit] = language === 'zh-CN' ? ['序号', '，'] : ['row', ', '];
          const name = (row: string, no: string, column: string, money: string) =>
            language === 'zh-CN'
              ? `${row} · ${column}（${rowNo} ${no}${unit}${money}）`
              : `${row} · ${column} (${rowNo} ${no}${unit}${money})`;
          await page.locator('#cell-revenue-classification-1_1_income').focus();
          await expectFocus(typedCell(page, name('基础软件', '1.1', '本年收入', '万元')));
          await page.keyboard.press('ArrowRight');
          await expectFocus(typedCell(page, name('基础软件', '1.1', '本年出口', '万美元')));
          await page.keyboard.press('ArrowDown');
          await expectFocus(typedCell(page, name('支撑软件', '1.2', '本年出口', '万美元')));
          await page.keyboard.press('ArrowUp');
          await page.keyboard.press('ArrowUp');
          const computed = typedCell(page, name('软件产品', '1', '本年出口', '万美元'));
          await expectFocus(computed);
          expect(await computed.getAttribute('aria-readonly')).toBe('true');
        } finally {
          await page.close();
        }
      }
    },
  );
});
