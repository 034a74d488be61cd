import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildUscc } from '@zhibao/survey';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoPassword } from '../../apps/server/src/db/seed/demo-accounts.ts';
import { importColumns } from '../../apps/server/src/enterprise/enterprise-workbook.ts';
import { launchBrowser, logInThroughForm, saveScreenshot } from './browser.ts';

const baseUrl = inject('baseUrl');

describe('importing an enterprise directory', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it('adds the good rows and reports every bad row with its reasons', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('企业名录');
    sheet.addRow([...importColumns]);
    const good = buildUscc({ authority: '9', kind: '1', division: '500112', subject: 'MA5E2E01' });
    sheet.addRow([
      good,
      '渝北导入测试软件有限公司',
      '500112',
      '周九',
      '6513',
      2600,
      2100,
      '',
      '否',
      '3',
      '是',
      '否',
    ]);
    sheet.addRow(['91500112MA5E2E0XX1', '渝北校验码错误有限公司', '500112', '吴十', '6513']);
    sheet.addRow([
      buildUscc({ authority: '9', kind: '1', division: '440305', subject: 'MA5E2E02' }),
      '南山越界有限公司',
      '440305',
      '郑一',
      '6513',
    ]);
    sheet.addRow([good, '渝北重复行有限公司', '500112', '王二', '6513']);
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'zhibao-import-')), '渝北名录.xlsx');
    await writeFile(file, Buffer.from(await workbook.xlsx.writeBuffer()));

    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    try {
      await logInThroughForm(page, baseUrl, 'yubei', demoPassword);
      await page.waitForURL((url) => url.pathname === '/admin');
      await page.goto(`${baseUrl}/admin/enterprises`);
      await page.getByRole('button', { name: '导入名录' }).click();
      await page.locator('.ant-upload input[type=file]').setInputFiles(file);
      // The server reads the workbook in a worker thread, which may first have to start.
      await expect
        .poll(() => page.getByTestId('import-summary').textContent(), { timeout: 15_000 })
        .toBe('共4行：新增1家，更新0家，未导入3行');
      const rejected = page.getByTestId('import-rejected');
      const rowOf = (n: number) => rejected.locator('tbody tr', { has: page.locator(`td:text-is("${n}")`) });
      await expect.poll(() => rowOf(3).textContent()).toMatch(/统一社会信用代码第\d+(至\d+)?位/);
      await expect.poll(() => rowOf(4).textContent()).toContain('行政区划代码 440305 不存在或不在本辖区内');
      await expect.poll(() => rowOf(5).textContent()).toContain('统一社会信用代码与第2行重复');
      await saveScreenshot(page, 'admin-directory-import');
      await page.keyboard.press('Escape');
      await page.locator('#directory-keyword').fill('渝北导入测试');
      await page.locator('#directory-keyword').press('Enter');
      await expect
        .poll(() => page.getByTestId('directory-table').locator('.ant-table-tbody').textContent())
        .toContain(good);
    } finally {
      await page.close();
    }
  });
});
