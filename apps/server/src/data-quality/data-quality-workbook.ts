import ExcelJS from 'exceljs';
import type { DataQualityFinding, DataQualityKind, DataQualityRun } from '@zhibao/contracts';

export const dataQualityKindLabel: Record<DataQualityKind, string> = {
  'rule-error': '审核不通过',
  warning: '提示性审核',
  outlier: '离群值',
  'blank-key': '重点指标未填',
  'zero-key': '重点指标为0',
  'directory-mismatch': '与名录不一致',
};

/** The findings of a data-quality run as one sheet, every row (no cap), with the run it came from above. */
export async function buildDataQualityWorkbook(
  run: DataQualityRun | null,
  findings: readonly DataQualityFinding[],
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '直报';
  const sheet = workbook.addWorksheet('数据质量检查');
  sheet.addRow([
    run
      ? `数据质量检查（${run.regionName}，${run.finishedAt ?? run.requestedAt}，共 ${findings.length} 条）`
      : '尚未完成数据质量检查',
  ]).font = { bold: true };
  const header = sheet.addRow([
    '类别',
    '企业名称',
    '统一社会信用代码',
    '地区',
    '表',
    '指标代码',
    '审核规则',
    '问题',
    '企业说明',
  ]);
  header.font = { bold: true };
  for (const finding of findings) {
    sheet.addRow([
      dataQualityKindLabel[finding.kind],
      finding.enterpriseName,
      finding.uscc,
      finding.regionName,
      finding.formId ?? '',
      finding.key ?? '',
      finding.ruleId ?? '',
      finding.message,
      finding.explanation ?? (finding.kind === 'warning' ? '（未说明）' : ''),
    ]);
  }
  [14, 30, 22, 14, 10, 10, 14, 70, 40].forEach((width, index) => {
    sheet.getColumn(index + 1).width = width;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
