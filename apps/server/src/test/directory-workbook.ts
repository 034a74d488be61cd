import { buildUscc } from '@zhibao/survey';
import ExcelJS from 'exceljs';
import { importColumns } from '../enterprise/enterprise-workbook.ts';

// The enterprise directory's import workbook, for tests that import enterprises (名录导入).

/** A valid 统一社会信用代码 of an enterprise registered in `division` with the given subject code. */
export const testUscc = (division: string, subject: string) =>
  buildUscc({ authority: '9', kind: '1', division, subject });

/** An import workbook with the template's header row and the given rows, base64 as the import endpoint takes it. */
export async function directoryWorkbookBase64(rows: unknown[][]): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('企业名录');
  sheet.addRow([...importColumns]);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');
}
