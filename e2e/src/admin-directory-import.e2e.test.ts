import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildUscc } from '@zhibao/survey';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoPassword } from '../../apps/server/src/db/seed/demo-accounts.ts';
import { importColumns } from '../../apps/server/src/enterprise/enterprise-workbook.ts';
import { launchBrowser, logInThroughForm, saveScreenshot } from './browser.ts';

const baseUrl = inject('baseUrl');

async function workbookFile(name: string, rows: unknown[][]): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('企业名录');
  sheet.addRow([...importColumns]);
  for (const row of rows) sheet.addRow(row);
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'zhibao-import-')), name);
  await writeFile(file, Buffer.from(await workbook.xlsx.writeBuffer()));
  return file;
}

async function searchDirectory(page: Page, keyword: string) {
  await page.locator('#directory-keyword').fill(keyword);
  await page.locator('#directory-keyword').press('Enter');
}

describe('importing an enterprise directory', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it('previews every row with a 纳统 change highlighted, changes nothing until 确认导入, then adds the good rows', async () => {
    const good = buildUscc({ authority: '9', kind: '1', division: '500112', subject: 'MA5E2E01' });
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    try {
      await logInThroughForm(page, baseUrl, 'yubei', demoPassword);
      await page.waitForURL((url) => url.pathname === '/admin');
      await page.goto(`${baseUrl}/admin/enterprises`);
      const table = page.getByTestId('directory-table').locator('.ant-table-tbody');
      await searchDirectory(page, '两江云计算');
      await expect.poll(() => table.locator('tr').count()).toBe(1);
      const keyRow = table.locator('tr').first();
      const keyUscc = (await keyRow.locator('.code-text').textContent())!.trim();
      const keyRowBefore = await keyRow.textContent();

      // A 纳统 重点企业 of the seeds whose new figures fall below the 2021 thresholds, among good and bad rows.
      const file = await workbookFile('渝北名录.xlsx', [
        [good, '渝北导入测试软件有限公司', '500112', '周九', '6513', 2600, 2100, '', '否', '3', '是', '否'],
        ['91500112MA5E2E0XX1', '渝北校验码错误有限公司', '500112', '吴十', '6513'],
        [
          buildUscc({ authority: '9', kind: '1', division: '440305', subject: 'MA5E2E02' }),
          '南山越界有限公司',
          '440305',
          '郑一',
          '6513',
        ],
        [good, '渝北重复行有限公司', '500112', '王二', '6513'],
        [keyUscc, '重庆两江云计算科技有限公司', '500112', '王磊', '6550', 800, 300, '', '否', '', '是', '否'],
      ]);
      await page.getByRole('button', { name: '导入名录' }).click();
      await page.locator('.ant-upload input[type=file]').setInputFiles(file);
      // The server reads the workbook in a worker thread, which may first have to start.
      await expect
        .poll(() => page.getByTestId('import-summary').locator('.ant-alert-title').textContent(), {
          timeout: 15_000,
        })
        .toBe('共5行：新增1家，更新1家（其中纳统变化1家），无变化0家，拒绝3行。确认后才会写入名录。');
      const preview = page.getByTestId('import-preview');
      const rowOf = (n: number) => preview.locator('tbody tr', { has: page.locator(`td:text-is("${n}")`) });
      await expect
        .poll(() => rowOf(3).textContent())
        .toMatch(/第3行“统一社会信用代码”列：统一社会信用代码第\d+(至\d+)?位/);
      await expect
        .poll(() => rowOf(4).textContent())
        .toContain('第4行“行政区划代码”列：440305 不存在或不在本辖区内');
      await expect.poll(() => rowOf(5).textContent()).toContain('与第2行重复');
      await expect.poll(() => rowOf(6).getByTestId('scope-change').textContent()).toBe('纳统：是 → 否');
      await expect.poll(() => rowOf(6).textContent()).toContain('主营业务收入800万元');
      await expect.poll(() => rowOf(6).textContent()).toContain('主营业务收入(万元)：— → 800');
      await saveScreenshot(page, 'admin-directory-import-preview');

      // Cancelled: the directory is as it was.
      await page.getByRole('button', { name: '取消' }).click();
      await searchDirectory(page, '两江云计算');
      await expect.poll(() => table.locator('tr').first().textContent()).toBe(keyRowBefore);

      const goodOnly = await workbookFile('渝北新增.xlsx', [
        [good, '渝北导入测试软件有限公司', '500112', '周九', '6513', 2600, 2100, '', '否', '3', '是', '否'],
      ]);
      await page.getByRole('button', { name: '导入名录' }).click();
      await page.locator('.ant-upload input[type=file]').setInputFiles(goodOnly);
      await expect
        .poll(() => page.getByTestId('import-summary').locator('.ant-alert-title').textContent(), {
          timeout: 15_000,
        })
        .toContain('新增1家');
      await page.getByRole('button', { name: '确认导入' }).click();
      await expect.poll(() => page.getByTestId('import-preview').isVisible()).toBe(false);
      await searchDirectory(page, '渝北导入测试');
      await expect.poll(() => table.textContent()).toContain(good);
    } finally {
      await page.close();
    }
  });
});
