import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoPassword } from '../../apps/server/src/db/seed/demo-accounts.ts';
import { apiSignIn, launchBrowser, logInThroughForm, saveScreenshot } from './browser.ts';
import { callAs } from './enterprise-account.ts';

const baseUrl = inject('baseUrl');
const patiently = { timeout: 15_000 };

async function chooseTask(page: Page, taskName: string) {
  await page.locator('#task-select').click();
  await page.locator('#task-select').fill(taskName);
  await page.locator('.ant-select-item-option', { hasText: taskName }).first().click();
}

const percentOf = (text: string) => Number(text.replace('%', '').replace(/,/g, ''));

// 重庆 reviews the demo's latest monthly report (渝北's submitted filing waits at the municipality's level): its queue
// in score order, then 渝北's 汇总 with the estimates of the obliged enterprises whose filings have not passed its
// review. Read only: no other journey's figures move.
describe('selective editing and 含推算 on the screens (issue 18)', () => {
  let browser: Browser;
  let taskName: string;
  const pageOf = async (username: string) => {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const page = await context.newPage();
    await logInThroughForm(page, baseUrl, username, demoPassword);
    await page.waitForURL((url) => url.pathname === '/admin');
    return page;
  };

  beforeAll(async () => {
    browser = await launchBrowser();
    const yubei = await apiSignIn(baseUrl, 'yubei', demoPassword);
    const tasks = await callAs<{ items: Array<{ name: string; period: string }> }>(
      yubei,
      'GET',
      '/api/admin/tasks',
    );
    const demoMonths = tasks.items
      .filter((task) => /^\[部级\]\d{4}年\d{2}月软件和信息技术服务业月报$/.test(task.name))
      .sort((a, b) => b.period.localeCompare(a.period));
    taskName = demoMonths[0]!.name;
  });
  afterAll(() => browser?.close());

  it('orders the review queue by score and shows how much error can remain after each review', async () => {
    const page = await pageOf('chongqing');
    await page.goto(`${baseUrl}/admin/review`);
    await chooseTask(page, taskName);
    await page.getByText('按评分', { exact: true }).click();
    const progress = page.getByTestId('review-progress');
    await expect.poll(() => progress.isVisible(), patiently).toBe(true);
    await expect
      .poll(() => page.getByTestId('review-stop-after').textContent(), patiently)
      .toMatch(/审核前 \d+ 份即可停止/);
    const scores = (await page.getByTestId('review-score').allTextContents()).map(percentOf);
    expect(scores.length).toBeGreaterThan(0);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    await expect.poll(() => page.getByText('对汇总影响').count()).toBe(0);
    await saveScreenshot(page, 'review-queue-by-score');
  });

  it('switches 汇总 between 仅实报 and 含推算 and shows the estimated share', async () => {
    const page = await pageOf('yubei');
    await page.goto(`${baseUrl}/admin/aggregation`);
    await chooseTask(page, taskName);
    const headline = page.getByTestId('headline-monthly.2020');
    await expect.poll(() => headline.isVisible(), patiently).toBe(true);
    const reported = percentOf((await headline.locator('.ant-statistic-content-value').textContent()) ?? '');
    expect(await page.getByTestId('estimated-share').count()).toBe(0);

    await page.getByTestId('aggregation-estimates-basis').getByText('含推算').click();
    const share = page.getByTestId('estimated-share');
    await expect.poll(() => share.isVisible(), patiently).toBe(true);
    expect(await share.textContent()).toMatch(/为 \d+ 家未报企业推算.*推算占比 [\d.]+%/);
    // When the estimates were made: they are recomputed in the background after the data change.
    expect(await page.getByTestId('estimation-freshness').textContent()).toMatch(/^推算于 \d{2}:\d{2}:\d{2}/);
    await expect
      .poll(async () =>
        percentOf((await headline.locator('.ant-statistic-content-value').textContent()) ?? ''),
      )
      .toBeGreaterThan(reported);
    await expect.poll(() => page.getByText('推算占比', { exact: true }).count()).toBeGreaterThan(0);
    await saveScreenshot(page, 'aggregation-with-estimates');

    await page.getByTestId('aggregation-estimates-basis').getByText('仅实报').click();
    await expect.poll(() => page.getByTestId('estimated-share').count(), patiently).toBe(0);
  });
});
