import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoPassword } from '../../apps/server/src/db/seed/demo-accounts.ts';
import { apiSignIn, launchBrowser, saveScreenshot } from './browser.ts';
import { callAs } from './enterprise-account.ts';
import { button, chooseTask, signedInPage } from './journey.ts';

const baseUrl = inject('baseUrl');
const patiently = { timeout: 15_000 };

/** Picks an option of an Ant Design select by its label, typing to filter where the list is long. */
async function pick(page: Page, label: string, option: string, typed?: string) {
  const select = page.getByRole('combobox', { name: label });
  await select.click();
  if (typed) await select.fill(typed);
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option })
    .first()
    .click();
}

// 制度维护: the ministry tries a new national average profit rate on the demo's annual report (a trial writes
// nothing), then publishes a package dated 2099-12 (no journey's period reaches it, so no other journey's audit
// moves). Other administrators read the packages only; an enterprise is refused.
describe('制度维护: dated rule switches, tried before publishing (issue 20)', () => {
  let browser: Browser;
  let annualTask: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    const ministry = await apiSignIn(baseUrl, 'miit', demoPassword);
    const tasks = await callAs<{ items: Array<{ name: string; periodType: string }> }>(
      ministry,
      'GET',
      '/api/admin/tasks',
    );
    annualTask = tasks.items.find(
      (task) =>
        task.periodType === 'year' && task.name.startsWith('[部级]') && task.name.endsWith('服务业年报'),
    )!.name;
  });
  afterAll(() => browser?.close());

  it('lets the ministry try a parameter change on real filings, then publish it with its reason', async () => {
    const page = await signedInPage(browser, 'miit');
    await page.getByRole('link', { name: '制度维护' }).click();
    await expect.poll(() => page.getByTestId('page-title').textContent(), patiently).toBe('制度维护');

    const period = /(\d{4})年/.exec(annualTask)![1]!;
    await page.getByRole('textbox', { name: '生效报告期' }).fill(`${period}-12`);
    await pick(page, '变更类型 1', '修改参数');
    await pick(page, '参数 1', 'nationalAverageProfitRate', 'nationalAverage');
    await page.getByRole('spinbutton', { name: '新值 1' }).fill('0.1');
    await page.getByRole('textbox', { name: '原因' }).fill('测试：全国软件业务利润率平均值调整');
    await chooseTask(page, annualTask);
    await button(page, '试算').click();

    const trial = page.getByTestId('rule-switch-trial');
    await expect.poll(() => trial.isVisible(), patiently).toBe(true);
    const figure = async (title: string) =>
      Number(
        await trial
          .locator('.ant-statistic', { hasText: title })
          .locator('.ant-statistic-content')
          .textContent(),
      );
    expect(await figure('试算报表')).toBeGreaterThan(0);
    expect(await figure('新增不通过')).toBeGreaterThan(0);
    await expect.poll(() => trial.locator('tbody tr').first().textContent(), patiently).toContain('W-MAN-03');
    expect(await trial.textContent()).toContain('偏离全国平均值0.1%');
    await saveScreenshot(page, 'admin-rule-switch-trial');

    // Published from 2099-12: the list names it with its change, its reason and who published it.
    await page.getByRole('textbox', { name: '生效报告期' }).fill('2099-12');
    await button(page, '发布').click();
    await page.locator('.ant-modal-confirm .ant-btn-primary').click();
    const published = page.locator('tr', { hasText: '2099-12' });
    await expect.poll(() => published.count(), patiently).toBe(1);
    const row = await published.textContent();
    expect(row).toContain('nationalAverageProfitRate = 0.1');
    expect(row).toContain('测试：全国软件业务利润率平均值调整');
    await saveScreenshot(page, 'admin-rule-switches');
  });

  it('shows other administrators the packages read-only and refuses them and enterprises the changes', async () => {
    const county = await signedInPage(browser, 'yubei');
    await county.goto(`${baseUrl}/admin/rule-switches`);
    await expect.poll(() => county.getByTestId('page-title').textContent(), patiently).toBe('制度维护');
    await expect
      .poll(() => county.locator('.ant-alert').first().textContent(), patiently)
      .toContain('由部级管理员试算和发布');
    expect(await county.getByRole('button', { name: /发\s*布/ }).count()).toBe(0);

    const yubei = await apiSignIn(baseUrl, 'yubei', demoPassword);
    const draft = {
      editionId: '2024',
      effectiveFrom: '2099-12',
      changes: [{ kind: 'rule-off', ruleId: 'W-MAN-01' }],
      reason: '区县不能发布',
    };
    await expect(callAs(yubei, 'POST', '/api/admin/rule-switches', draft)).rejects.toThrow(/403/);
    const enterprise = await apiSignIn(baseUrl, 'qiye', demoPassword);
    await expect(callAs(enterprise, 'GET', '/api/admin/rule-switches')).rejects.toThrow(/403/);
  });
});
