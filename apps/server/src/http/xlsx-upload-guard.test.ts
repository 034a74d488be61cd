import { crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildImportTemplate, readImportSheet } from '../enterprise/enterprise-workbook.ts';
import { deflatedRepeat, handMadeWorkbook, zipOf, type ZipEntry } from '../test/zip-fixtures.ts';
import {
  assertSafeXlsxArchive,
  defaultXlsxLimits,
  loadUploadedWorkbook,
  WorkbookRejection,
} from './xlsx-upload-guard.ts';

const sheetXmlName = 'xl/worksheets/sheet1.xml';

function smallEntry(name: string, text: string): ZipEntry {
  const data = Buffer.from(text);
  return { name, deflated: deflateRawSync(data), crc: crc32(data), uncompressedSize: data.length };
}

async function rejectionOf(work: Promise<unknown>): Promise<WorkbookRejection> {
  const error = await work.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(WorkbookRejection);
  return error as WorkbookRejection;
}

async function workbookWithRows(rows: number, columns = 1): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('企业名录');
  for (let row = 0; row < rows; row += 1) sheet.addRow(Array.from({ length: columns }, () => row));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('xlsx upload guard', () => {
  // 200 MB of spaces, deflated to about 200 KB: a classic zip bomb in a sheet's clothing.
  let bombEntry: Omit<ZipEntry, 'name'>;
  beforeAll(async () => {
    bombEntry = await deflatedRepeat(Buffer.alloc(1024 * 1024, 0x20), 200);
  });

  it('lets the real directory template through and reads it', async () => {
    const template = await buildImportTemplate();
    await assertSafeXlsxArchive(template);
    const sheet = await readImportSheet(template);
    expect(sheet.missingColumns).toEqual([]);
    expect(sheet.rows[0]?.cells['企业名称']).toBe('示例软件有限公司');
  });

  it('refuses bytes that are not a zip at all', async () => {
    const rejection = await rejectionOf(loadUploadedWorkbook(Buffer.from('<html>not a workbook</html>')));
    expect(rejection.isUnreadable).toBe(true);
    expect(rejection.reason).toBe('文件不是有效的Excel(.xlsx)文件，请使用系统提供的模板填写后上传');
  });

  it('refuses a zip bomb that declares its 200 MB honestly, before inflating it', async () => {
    expect(bombEntry.deflated.length).toBeLessThan(1024 * 1024);
    const bomb = zipOf([smallEntry('[Content_Types].xml', '<Types/>'), { name: sheetXmlName, ...bombEntry }]);
    const rejection = await rejectionOf(loadUploadedWorkbook(bomb));
    expect(rejection.isUnreadable).toBe(false);
    expect(rejection.reason).toBe('文件解压后超过 50 MB，疑似压缩炸弹，已拒绝');
  });

  it('refuses an entry whose compression ratio only a bomb reaches, even below the size limit', async () => {
    const tenMegabytes = await deflatedRepeat(Buffer.alloc(1024 * 1024, 0x20), 10);
    const rejection = await rejectionOf(
      loadUploadedWorkbook(zipOf([{ name: sheetXmlName, ...tenMegabytes }])),
    );
    expect(rejection.reason).toBe(`文件中的“${sheetXmlName}”压缩比异常，疑似压缩炸弹，已拒绝`);
  });

  it('refuses a zip bomb that lies about its size, stopping where the lie is found', async () => {
    const liar = zipOf([{ name: sheetXmlName, ...bombEntry, uncompressedSize: 4096 }]);
    const rejection = await rejectionOf(loadUploadedWorkbook(liar));
    expect(rejection.reason).toBe('文件不是有效的Excel(.xlsx)文件，请使用系统提供的模板填写后上传');
  });

  it('refuses an archive of too many parts', async () => {
    const entries = Array.from({ length: 1001 }, (_, index) => smallEntry(`xl/media/${index}.xml`, 'x'));
    const rejection = await rejectionOf(loadUploadedWorkbook(zipOf(entries)));
    expect(rejection.reason).toBe('文件包含 1001 个部件，超过 1000 个的上限，已拒绝');
  });

  it('refuses a sheet of more rows than allowed while counting, before exceljs builds it', async () => {
    const huge = await workbookWithRows(50_001);
    const rejection = await rejectionOf(readImportSheet(huge));
    expect(rejection.reason).toBe('工作表“第1个”超过 50000 行，请删除多余的行或分批上传');
  });

  it('refuses a sheet wider than allowed once parsed, naming the sheet', async () => {
    const wide = await workbookWithRows(2, 501);
    const rejection = await rejectionOf(loadUploadedWorkbook(wide));
    expect(rejection.reason).toBe('工作表“企业名录”超过 500 列，请删除多余的列');
  });

  it('counts rows split across stream chunks exactly once', async () => {
    const limits = { ...defaultXlsxLimits, maxRowsPerSheet: 5000 };
    const workbook = await loadUploadedWorkbook(await workbookWithRows(5000), limits);
    expect(workbook.worksheets[0]?.rowCount).toBe(5000);
    const rejection = await rejectionOf(loadUploadedWorkbook(await workbookWithRows(5001), limits));
    expect(rejection.reason).toBe('工作表“第1个”超过 5000 行，请删除多余的行或分批上传');
  });

  it('refuses a shared string table of too many entries, or too big, before exceljs builds it', async () => {
    const rejection = await rejectionOf(assertSafeXlsxArchive(handMadeWorkbook({ sharedStrings: 200_001 })));
    expect(rejection.reason).toBe('Excel 文件中的共享字符串过多（超过 200000 个），请删除多余内容后重新上传');
    const limits = { ...defaultXlsxLimits, maxSharedStringsBytes: 1024 * 1024 };
    const big = await rejectionOf(
      assertSafeXlsxArchive(handMadeWorkbook({ sharedStrings: 100_000 }), limits),
    );
    expect(big.reason).toBe('Excel 文件中的共享字符串过大（解压后超过 1 MB），请删除多余内容后重新上传');
  });

  it('counts shared strings and style records split across stream chunks exactly once', async () => {
    // The hand-made styles hold one font, one fill and one border besides the cell formats.
    const workbook = handMadeWorkbook({ sharedStrings: 20_000, cellFormats: 20_000 });
    const exact = { ...defaultXlsxLimits, maxSharedStrings: 20_000, maxStyles: 20_003 };
    await assertSafeXlsxArchive(workbook, exact);
    const strings = await rejectionOf(
      assertSafeXlsxArchive(workbook, { ...exact, maxSharedStrings: 19_999 }),
    );
    expect(strings.reason).toBe('Excel 文件中的共享字符串过多（超过 19999 个），请删除多余内容后重新上传');
    const styles = await rejectionOf(assertSafeXlsxArchive(workbook, { ...exact, maxStyles: 20_002 }));
    expect(styles.reason).toBe('Excel 文件中的单元格样式过多（超过 20002 个），请清除多余格式后重新上传');
  });

  it('refuses a workbook whose sheets together hold too many cells, though each is within its limit', async () => {
    const workbook = new ExcelJS.Workbook();
    for (const name of ['一', '二']) {
      const sheet = workbook.addWorksheet(name);
      for (let row = 0; row < 300; row += 1) sheet.addRow([row, row, row]);
    }
    const content = Buffer.from(await workbook.xlsx.writeBuffer());
    const limits = { ...defaultXlsxLimits, maxCellsPerSheet: 1000, maxCellsPerWorkbook: 1000 };
    const rejection = await rejectionOf(loadUploadedWorkbook(content, limits));
    expect(rejection.reason).toBe('Excel 文件的单元格合计超过 1000 个，请删除多余内容或分批上传');
  });

  it('counts a sheet under any name exceljs would read as one', async () => {
    const rows = Array.from(
      { length: 11 },
      (_, row) => `<row r="${row + 1}"><c r="A${row + 1}"><v>1</v></c></row>`,
    );
    const sheet = smallEntry(
      'backup/xl/worksheets/sheet1.xml',
      `<worksheet><sheetData>${rows.join('')}</sheetData></worksheet>`,
    );
    const rejection = await rejectionOf(
      assertSafeXlsxArchive(zipOf([sheet]), { ...defaultXlsxLimits, maxRowsPerSheet: 10 }),
    );
    expect(rejection.reason).toBe('工作表“第1个”超过 10 行，请删除多余的行或分批上传');
  });
});
