import type { PassUpPayload } from '@zhibao/contracts';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoPassword } from '../../apps/server/src/db/seed/demo-accounts.ts';
import { signPassUpPackage } from '../../apps/server/src/exchange/pass-up-package.ts';
import { launchBrowser, logInThroughForm, saveScreenshot } from './browser.ts';

const baseUrl = inject('baseUrl');
const sender = inject('exchangeSender');
const patiently = { timeout: 15_000 };

/**
 * Issue 19, item 5, on the screen: 渝北区 runs its own Zhibao and sends its pass-up as a signed package. 重庆's
 * administrator uploads it on 导入上报包: a package altered after signing is refused, the check that failed and
 * the field named in Chinese; the genuine one is imported with its summary, and uploading it again changes nothing.
 */
describe('导入上报包 on the screen', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  const payload: PassUpPayload = {
    sender: { keyId: sender.keyId, name: '渝北区统计直报' },
    region: { code: '500112', name: '渝北区', level: 'county' },
    task: { name: '[部级]软件业月报2031年09月', periodType: 'month', period: '2031-09', editionId: '2024' },
    passedUpAt: '2031-10-12T08:00:00.000Z',
    snapshot: {
      figures: {
        expected: 3,
        submitted: 3,
        onTime: 3,
        approved: 3,
        excused: 0,
        awaitingApplication: 0,
        outstanding: 0,
        onTimeRate: 100,
      },
      totals: { 'monthly.2020': 12345.67 },
      takenAt: '2031-10-12T08:00:00.000Z',
    },
    summaryTable: {
      title: '软件和信息技术服务业主要指标汇总表',
      formLine: '表号：软统月1表（汇总）',
      regionLine: '填报地区：渝北区（500112）',
      region: { code: '500112', name: '渝北区' },
      periodLabel: '2031年09月',
      comparisonPeriodLabel: null,
      indicators: [{ id: 'monthly.2020', label: '2020', name: '软件业务收入' }],
      rows: [
        {
          kind: 'total',
          label: '合计',
          filingCount: 3,
          figures: [{ current: 12345.67, lastYear: null, growth: null, sameSetGrowth: null }],
        },
      ],
      footer: '报出日期：2031年10月12日',
    },
    filings: null,
  };
  const genuine = signPassUpPackage(payload, sender);
  // The total raised after signing: the signature no longer matches.
  const altered = {
    ...genuine,
    payload: {
      ...genuine.payload,
      snapshot: { ...genuine.payload.snapshot, totals: { 'monthly.2020': 99999 } },
    },
  };
  const asFile = (name: string, content: unknown) => ({
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(content)),
  });

  it('refuses an altered package naming the signature, imports the genuine one, and again changes nothing', async () => {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const page = await context.newPage();
    await logInThroughForm(page, baseUrl, 'chongqing', demoPassword);
    await page.waitForURL((url) => url.pathname === '/admin');
    await page.getByRole('link', { name: '导入上报包' }).first().click();
    const upload = page.locator('input[type=file]');
    const received = page.getByTestId('exchange-received');
    await expect.poll(() => received.textContent(), patiently).toContain('本地区尚未接收上报包');

    await upload.setInputFiles(asFile('渝北区上报包-改动.json', altered));
    const refusal = page.getByTestId('exchange-import-refusal');
    await expect.poll(() => refusal.textContent(), patiently).toContain('签名验证失败');
    expect(await page.getByTestId('exchange-import-field').first().textContent()).toContain('字段：签名');
    expect(await page.getByTestId('exchange-check-signature').locator('.anticon-close-circle').count()).toBe(
      1,
    );
    expect(await page.getByTestId('exchange-check-format').locator('.anticon-check-circle').count()).toBe(1);
    expect(await page.getByTestId('exchange-check-table').textContent()).toContain('未核验');
    await saveScreenshot(page, 'admin-exchange-import-refused');

    await upload.setInputFiles(asFile('渝北区上报包.json', genuine));
    const summary = page.getByTestId('exchange-import-summary');
    await expect.poll(() => summary.isVisible(), patiently).toBe(true);
    expect(await page.getByTestId('exchange-import-outcome').textContent()).toBe('已导入');
    const text = (await summary.textContent()) ?? '';
    expect(text).toContain('渝北区统计直报');
    expect(text).toContain('渝北区（500112）');
    expect(text).toContain('12,345.67');
    expect(await refusal.count()).toBe(0);
    // The package is listed among those received, with its 汇总表, and stays there on the next visit.
    await expect.poll(() => received.locator('tbody tr').count(), patiently).toBe(1);
    const listed = (await received.textContent()) ?? '';
    expect(listed).toContain('渝北区（500112）');
    expect(listed).toContain('渝北区统计直报');
    expect(await received.getByRole('link', { name: '汇总表（Excel）' }).count()).toBe(1);
    await saveScreenshot(page, 'admin-exchange-import');

    await upload.setInputFiles(asFile('渝北区上报包-再次.json', genuine));
    await expect
      .poll(() => page.getByTestId('exchange-import-outcome').textContent(), patiently)
      .toContain('未变化');
    await page.reload();
    await expect.poll(() => received.locator('tbody tr').count(), patiently).toBe(1);
    await context.close();
  }, 120_000);
});
