import type { AggregationReport, AdminTaskView } from '@zhibao/contracts';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoPassword } from '../../apps/server/src/db/seed/demo-accounts.ts';
import { apiSignIn, launchBrowser, logInThroughForm, saveScreenshot } from './browser.ts';
import { callAs } from './enterprise-account.ts';
import { chooseTask } from './journey.ts';

const baseUrl = inject('baseUrl');
const patiently = { timeout: 20_000 };
const money = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 0, maximumFractionDigits: 2 });
const growthText = (now: number, before: number) => {
  const growth = Math.round(((now - before) / Math.abs(before)) * 10_000) / 100;
  return `${growth > 0 ? '+' : ''}${growth.toFixed(2)}%`;
};
const cents = (value: number | null | undefined) => Math.round((value ?? 0) * 100);

/**
 * Issue 19, item 2: 增速 never showed in an administrator's walk-through, and there was no 环比 nor ranking. Chongqing's
 * administrator opens 汇总 of the last closed month: the districts are ranked with 同比, and 环比 is shown, each
 * equal to what this test computes itself from the plain 汇总 of that month, of the months before and of last year
 * (环比 from its enterprise rows, over the enterprises counted in all three months).
 */
describe('汇总 analysis for Chongqing’s leaders', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it('ranks the districts with 同比 and shows 环比 equal to sums of the monthly 汇总', async () => {
    const city = await apiSignIn(baseUrl, 'chongqing', demoPassword);
    const { items } = await callAs<{ items: AdminTaskView[] }>(city, 'GET', '/api/admin/tasks');
    const monthly = items.filter((task) => task.periodType === 'month' && task.ownerRegionCode === '000000');
    const current = monthly
      .filter((task) => Date.parse(task.closesAt) < Date.now())
      .sort((a, b) => b.period.localeCompare(a.period))[0]!;
    const periodOf = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}`;
    const [year, month] = current.period.split('-').map(Number) as [number, number];
    const taskOf = (period: string) => monthly.find((task) => task.period === period)!;
    const reportOf = (period: string) =>
      callAs<AggregationReport>(city, 'GET', `/api/admin/aggregation?taskId=${taskOf(period).id}`);
    expect(month).toBeGreaterThan(2);
    const [now, lastYear, previous, earlier] = await Promise.all([
      reportOf(current.period),
      reportOf(periodOf(year - 1, month)),
      reportOf(periodOf(year, month - 1)),
      reportOf(periodOf(year, month - 2)),
    ]);
    const headline = 'monthly.2020';
    const ranking = now.children
      .map((child) => ({
        name: child.label,
        now: child.values[headline] ?? 0,
        before: lastYear.children.find((row) => row.key === child.key)?.values[headline] ?? null,
      }))
      .sort((a, b) => b.now - a.now);
    const top = ranking[0]!;
    expect(top.before).not.toBeNull();
    // 环比 over the same enterprises: those counted in the month, the month before and the one before that (each
    // enterprise's own amount is its cumulative value minus the month before's), summed from the enterprise rows
    // of each district's 汇总 (a city as large as Chongqing lists none of its own).
    const districtsOf = (report: AggregationReport) => report.children.map((row) => row.key);
    const districts = [...new Set([now, previous, earlier].flatMap(districtsOf))];
    const enterpriseRows = async (period: string) =>
      (
        await Promise.all(
          districts.map((code) =>
            callAs<AggregationReport>(
              city,
              'GET',
              `/api/admin/aggregation?taskId=${taskOf(period).id}&regionCode=${code}`,
            ),
          ),
        )
      ).flatMap((report) => report.enterprises);
    const [rowsNow, rowsPrevious, rowsEarlier] = await Promise.all([
      enterpriseRows(current.period),
      enterpriseRows(periodOf(year, month - 1)),
      enterpriseRows(periodOf(year, month - 2)),
    ]);
    const matched = rowsNow
      .map((row) => row.key)
      .filter((key) => [rowsPrevious, rowsEarlier].every((rows) => rows.some((row) => row.key === key)));
    expect(matched.length).toBeGreaterThan(0);
    const total = (rows: AggregationReport['enterprises']) =>
      rows
        .filter((row) => matched.includes(row.key))
        .reduce((sum, row) => sum + cents(row.values['monthly.2010']), 0);
    const monthAmount = total(rowsNow) - total(rowsPrevious);
    const previousAmount = total(rowsPrevious) - total(rowsEarlier);

    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const page = await context.newPage();
    await logInThroughForm(page, baseUrl, 'chongqing', demoPassword);
    await page.waitForURL((url) => url.pathname === '/admin');
    await page.getByRole('link', { name: '汇总上报' }).first().click();
    // Typed, not scrolled to: the list is virtual, and other journeys add tasks before this one runs.
    await chooseTask(page, current.name);

    const regionRows = page.getByTestId('region-ranking').locator('tbody tr');
    // The page opens on the open month first: wait for the chosen month's figures.
    await expect.poll(() => regionRows.first().textContent(), patiently).toContain(money.format(top.now));
    const firstRow = (await regionRows.first().textContent()) ?? '';
    expect(firstRow).toContain(top.name);
    expect(firstRow).toContain(money.format(top.before!));
    expect(firstRow).toContain(growthText(top.now, top.before!));
    expect(await regionRows.count()).toBe(ranking.length);
    for (const [index, row] of ranking.entries()) {
      expect(await regionRows.nth(index).textContent()).toContain(row.name);
    }

    const mainRevenue = page.getByTestId('month-on-month').locator('tr', { hasText: '主营业务收入' }).first();
    const monthRow = (await mainRevenue.textContent()) ?? '';
    expect(monthRow).toContain(money.format(monthAmount / 100));
    expect(monthRow).toContain(money.format(previousAmount / 100));
    expect(monthRow).toContain(growthText(monthAmount, previousAmount));
    expect(await page.getByTestId('month-on-month-basis').textContent()).toContain(
      `同口径 ${matched.length} 家`,
    );
    // 增速 of the headline beside its total.
    const headlineCard = page.getByTestId(`headline-${headline}`).locator('..');
    const headlineNow = now.indicators.find((row) => row.id === headline)!;
    expect(await headlineCard.textContent()).toContain(growthText(headlineNow.total!, headlineNow.lastYear!));
    // A closed month's headline is final; the latest month's is marked 初步 while its window is open, with the
    // trend's 已报 / 应报 of that month.
    expect(await page.getByTestId('provisional-headline').count()).toBe(0);
    const latest = [...monthly].sort((a, b) => b.period.localeCompare(a.period))[0]!;
    const latestReport = await reportOf(latest.period);
    const latestPoint = latestReport.trend.find((point) => point.period === latest.period)!;
    const isLatestOpen = Date.parse(latest.closesAt) > Date.now();
    expect(latestPoint.isProvisional).toBe(isLatestOpen);
    await chooseTask(page, latest.name);
    await expect.poll(() => page.getByTestId('headline-monthly.2020').count(), patiently).toBe(1);
    const provisional = page.getByTestId('provisional-headline');
    await expect.poll(() => provisional.count(), patiently).toBe(isLatestOpen ? 1 : 0);
    if (isLatestOpen) {
      expect(await provisional.textContent()).toContain(
        `已报 ${latestPoint.filingCount} / 应报 ${latestPoint.expectedCount}`,
      );
      expect(await provisional.textContent()).toContain('增速只计已报企业');
      // 含推算: the others are estimated, so its growth is not "filed only".
      const basis = page.getByTestId('aggregation-estimates-basis');
      await basis.getByText('含推算', { exact: true }).click();
      await expect.poll(() => provisional.textContent(), patiently).toContain('其余企业为推算值');
      expect(await provisional.textContent()).not.toContain('只计已报企业');
      await basis.getByText('仅实报', { exact: true }).click();
      await expect.poll(() => provisional.textContent(), patiently).toContain('增速只计已报企业');
    }
    await chooseTask(page, current.name);
    // 地区简报: the page's link downloads the one-page PDF of the chosen month, with the session's cookie.
    const briefingLink = page.getByTestId('export-region-briefing');
    await expect.poll(() => briefingLink.getAttribute('href'), patiently).toContain(`taskId=${current.id}`);
    const briefingHref = await briefingLink.getAttribute('href');
    const briefing = await page.request.get(new URL(briefingHref!, baseUrl).toString());
    expect(briefing.status()).toBe(200);
    expect(briefing.headers()['content-type']).toContain('application/pdf');
    expect((await briefing.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await page.getByTestId('aggregation-analysis').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'admin-aggregation-analysis');
    await context.close();
  }, 180_000);
});
