import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoPassword } from '../../apps/server/src/db/seed/demo-accounts.ts';
import { apiSignIn, launchBrowser, logInThroughForm, saveScreenshot } from './browser.ts';

const baseUrl = inject('baseUrl');

/** Hides the toasts of earlier steps, which would cover the screen a screenshot describes. */
async function documentScreen(page: Page, name: string) {
  await page.evaluate(() => {
    for (const node of Array.from(document.querySelectorAll<HTMLElement>('.ant-message-notice'))) {
      node.style.visibility = 'hidden';
    }
  });
  await saveScreenshot(page, name);
}

/** The oldest report 蓝海 filed that the ministry accepted: locked, and used by no other journey. */
async function oldestLockedFiling(): Promise<{ filingId: string; taskId: string; periodLabel: string }> {
  const who = await apiSignIn(baseUrl, 'qiye', demoPassword);
  const get = async <T>(path: string) =>
    (await (await fetch(`${baseUrl}${path}`, { headers: { cookie: who.cookie } })).json()) as T;
  const { items } = await get<{ items: Array<{ filingId: string }> }>('/api/enterprise/filings');
  for (const { filingId } of [...items].reverse()) {
    const view = await get<{ status: string; taskId: string; periodLabel: string; periodType: string }>(
      `/api/enterprise/filings/${filingId}`,
    );
    if (view.status === 'approved' && view.periodType === 'month') {
      return { filingId, taskId: view.taskId, periodLabel: view.periodLabel };
    }
  }
  throw new Error('the demo has no locked monthly filing of 蓝海');
}

describe('a locked filing reopens through a change request the ministry grants', () => {
  let browser: Browser;
  let filer: Page;
  let ministry: Page;
  let locked: Awaited<ReturnType<typeof oldestLockedFiling>>;

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    return context.newPage();
  }

  beforeAll(async () => {
    locked = await oldestLockedFiling();
    browser = await launchBrowser();
    filer = await newPage();
    await logInThroughForm(filer, baseUrl, 'qiye', demoPassword);
    await filer.waitForURL((url) => url.pathname === '/enterprise');
  });
  afterAll(() => browser?.close());

  it('lets the enterprise apply for a change from 填报数据查询 → 查看', async () => {
    await filer.goto(`${baseUrl}/enterprise/filings/${locked.filingId}`);
    await filer.getByTestId('apply-change').click();
    const dialog = filer.locator('.ant-modal', { hasText: '更正理由' });
    await dialog.locator('#change-reason').fill('主营业务收入漏报一笔软件开发合同收入，需更正');
    await dialog.getByRole('button', { name: '申请更正' }).click();
    await expect
      .poll(() => filer.getByTestId('change-request-state').textContent())
      .toMatch(/^更正申请待部级管理员审核/);
    expect(await filer.getByTestId('apply-change').count()).toBe(0);
    await documentScreen(filer, 'change-request-1-applied');
  });

  it('lets the ministry, which accepted the filing, grant it from the 更正申请 page', async () => {
    ministry = await newPage();
    await logInThroughForm(ministry, baseUrl, 'miit', demoPassword);
    await ministry.waitForURL((url) => url.pathname === '/admin');
    await ministry.getByRole('link', { name: '更正申请' }).first().click();
    const row = ministry.locator('tr', { hasText: '主营业务收入漏报一笔软件开发合同收入' });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    expect(await ministry.getByTestId('pending-for-me').textContent()).toMatch(/^待本级处理 \d+ 件$/);
    await documentScreen(ministry, 'change-request-2-admin-list');
    await row.getByTestId('grant-change').click();
    const dialog = ministry.locator('.ant-modal', { hasText: '同意更正申请' });
    await dialog.locator('#change-decision-note').fill('同意更正，请附合同复印件备查');
    await dialog.getByRole('button', { name: /同\s?意/ }).click();
    await expect.poll(() => ministry.getByText('已同意更正申请，报表已退回企业').count()).toBeGreaterThan(0);
    await ministry.getByText('已同意', { exact: true }).first().click();
    await expect.poll(() => row.locator('.ant-tag').textContent()).toBe('已同意');
  });

  it('lets the enterprise change a cell and see it in the history, old → new', async () => {
    await filer.goto(`${baseUrl}/enterprise/tasks/${locked.taskId}/filing`);
    await expect.poll(() => filer.getByTestId('filing-status').textContent()).toBe('已退回');
    expect(await filer.getByTestId('return-review').textContent()).toContain('已同意更正申请');
    const revenue = filer.locator('#cell-monthly-2010');
    const before = Number((await revenue.inputValue()).replace(/,/g, ''));
    const after = before + 12.5;
    await revenue.fill(String(after));
    await filer
      .getByRole('button', { name: '保 存' })
      .or(filer.getByRole('button', { name: '保存' }))
      .first()
      .click();
    await expect
      .poll(() => filer.getByTestId('save-state').textContent(), { timeout: 10_000 })
      .toMatch(/^草稿已保存/);

    await filer.getByTestId('open-history').click();
    const change = filer.getByTestId('history-value-change').first();
    await expect.poll(() => change.textContent()).toContain('2010 主营业务收入');
    const [, shownBefore, shownAfter] =
      (await change.textContent())!.replace(/,/g, '').match(/：(-?[\d.]+) → (-?[\d.]+)/) ?? [];
    expect(Number(shownBefore)).toBeCloseTo(before, 2);
    expect(Number(shownAfter)).toBeCloseTo(after, 2);
    expect(await filer.getByTestId('history-revisions').textContent()).toMatch(/^已上报版本：第1版/);
    const history = filer.getByTestId('filing-history');
    expect(await history.textContent()).toContain('同意更正');
    expect(await history.textContent()).toContain('申请更正');
    await documentScreen(filer, 'change-request-3-history');

    await filer.getByRole('tab', { name: '版本对比' }).click();
    await expect.poll(() => filer.getByText(/该报表只有1个已上报版本/).count()).toBe(1);
    await filer.locator('.ant-drawer-close').click();
  });

  it('sends the changed filing up the whole chain again, from the 区县', async () => {
    const button = (name: string) =>
      filer
        .getByRole('button', { name: [...name].join(' ') })
        .or(filer.getByRole('button', { name }))
        .first();
    await button('上报').click();
    const dialog = filer.locator('.ant-modal', { hasText: '填写审核说明' });
    const status = filer.getByTestId('filing-status');
    await expect
      .poll(async () => (await dialog.isVisible()) || (await status.textContent())?.includes('已上报'), {
        timeout: 15_000,
      })
      .toBe(true);
    if (await dialog.isVisible()) {
      for (const area of await dialog.locator('textarea').all()) {
        if ((await area.inputValue()) === '') await area.fill('补报漏记的软件开发合同收入');
      }
      await button('提交').click();
    }
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toBe('已上报至县级');
  });

  it('shows the 区县 the two submitted versions cell by cell on its review page', async () => {
    const county = await newPage();
    await logInThroughForm(county, baseUrl, 'nanshan', demoPassword);
    await county.waitForURL((url) => url.pathname === '/admin');
    await county.goto(`${baseUrl}/admin/review/${locked.filingId}`);
    await county.getByRole('tab', { name: '版本对比' }).click();
    const compared = county.getByTestId('revision-compare');
    const changed = compared.locator('tbody tr.ant-table-row', { hasText: '主营业务收入' });
    await expect.poll(() => changed.count()).toBe(1);
    expect(await changed.textContent()).toContain('+12.5');
    expect(await compared.locator('tbody tr.ant-table-row').count()).toBe(1);
    await county.getByTestId('compare-show-all').click();
    await expect.poll(() => compared.locator('tbody tr.ant-table-row').count()).toBeGreaterThan(10);
    await documentScreen(county, 'change-request-4-compare');
  });
});
