import path from 'node:path';
import { buildUscc } from '@zhibao/survey';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { writeOldPlatformExport } from '../../apps/server/src/moving-in/old-platform-files.ts';
import { launchBrowser, saveScreenshot } from './browser.ts';
import { signedInPage } from './journey.ts';

const baseUrl = inject('baseUrl');
const movingInDir = inject('movingInDir');

// Enterprises of 渝北 no other journey knows: the old platform's export this journey moves in.
const usccOf = (subject: string) => buildUscc({ authority: '9', kind: '1', division: '500112', subject });
const first = usccOf('MA5UE2E1');
const second = usccOf('MA5UE2E2');

describe('the ministry moves in an export of the old platform from its page', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
    await writeOldPlatformExport(
      {
        directory: [
          ['统一社会信用代码', '企业名称', '行政区划代码', '重点企业'],
          [first, '重庆渝北迁入旅程一号软件有限公司', '500112', '否'],
          [second, '重庆渝北迁入旅程二号软件有限公司', '500112', '否'],
          ['915001120000BADCODE', '坏代码公司', '500112', '否'],
        ],
        filings: {
          '2025年月报明细.xlsx': [
            ['统一社会信用代码', '企业名称', '报告期', '2010'],
            [first, '重庆渝北迁入旅程一号软件有限公司', '2025-05', 860],
            [second, '重庆渝北迁入旅程二号软件有限公司', '2025-05', 420],
            [second, '重庆渝北迁入旅程二号软件有限公司', '2025-06', '四百二十'],
          ],
        },
      },
      path.join(movingInDir, '渝北旅程导出'),
    );
  });
  afterAll(async () => {
    await browser.close();
  });

  it('starts the import of a folder, follows it to the end and lists each refused row by file, row and column', async () => {
    const page = await signedInPage(browser, 'miit');
    await page.getByRole('menuitem', { name: '原平台数据迁入' }).click();
    await page.waitForURL(`${baseUrl}/admin/moving-in`);

    await page.getByTestId('moving-in-folder').click();
    await page.getByTitle('渝北旅程导出').click();
    await page.getByTestId('moving-in-start').click();

    const run = page.getByTestId('moving-in-run');
    await run.getByText('已完成').waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('moving-in-count-enterprisesAdded').textContent()).resolves.toBe('2');
    await expect(page.getByTestId('moving-in-count-filingsAdded').textContent()).resolves.toBe('2');
    await expect(page.getByTestId('moving-in-count-refusedRows').textContent()).resolves.toBe('2');
    await expect(page.getByTestId('moving-in-progress').textContent()).resolves.toBe('已读完全部 2 个文件');

    // The list of runs shows it finished too.
    await page.locator('.ant-table-row', { hasText: '渝北旅程导出' }).getByText('已完成').waitFor();
    const refusals = page.getByTestId('moving-in-refusals').locator('tbody tr');
    await expect(refusals.allTextContents()).resolves.toEqual([
      expect.stringMatching(/^企业名录\.csv4统一社会信用代码/),
      expect.stringMatching(/^明细\/2025年月报明细\.xlsx42010.*应填写数字，实为“四百二十”/),
    ]);
    await saveScreenshot(page, 'admin-moving-in');
    await page.context().close();
  });

  it('is not offered below the ministry', async () => {
    const page = await signedInPage(browser, 'chongqing');
    await page.getByTestId('page-title').waitFor();
    await expect(page.getByRole('menuitem', { name: '原平台数据迁入' }).count()).resolves.toBe(0);
    await page.goto(`${baseUrl}/admin/moving-in`);
    await expect(page.locator('.ant-alert-error').first().textContent()).resolves.toContain('部级管理员');
    await page.context().close();
  });
});
