import type { PrefillCell } from '@zhibao/contracts';
import type { CellValue, FilingValues } from '@zhibao/survey';
import type { OwnEnterprise } from './filing-scope.ts';

// The typed cells of 企业基本情况表 a filer may take over: the directory's facts first, then last year's answers.
// 企业规模 (B16) is computed and 报出日期 (B20) is this year's own, so neither is proposed.
const basicKeys = [
  'B01',
  'B02',
  'B03',
  'B04',
  'B05',
  'B06',
  'B07',
  'B08',
  'B09',
  'B10',
  'B11',
  'B12',
  'B13',
  'B14',
  'B15',
  'B17',
  'B18',
  'B19',
] as const;

function isBlank(value: CellValue | undefined): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** What the directory (名录库) knows of the basic-information cells. */
function directoryValues(enterprise: OwnEnterprise): Partial<Record<string, CellValue>> {
  return {
    B01: enterprise.uscc,
    // The 组织机构代码 is the 9th to 17th character of the 统一社会信用代码 (GB 32100).
    B02: enterprise.uscc.length === 18 ? enterprise.uscc.slice(8, 17) : null,
    B03: enterprise.name,
    B04: enterprise.legal_representative,
    B05: enterprise.region_code,
    B09: enterprise.industry_code,
    B14: enterprise.has_ai_business ? '1' : '2',
  };
}

/**
 * Proposed values for the empty cells of an annual filing's 企业基本情况表: from the directory, then from the
 * enterprise's own filing of last year where the directory has nothing. Cells already holding a value (the
 * filer's) are never proposed over.
 */
export function basicInformationPrefill(
  enterprise: OwnEnterprise,
  current: FilingValues,
  lastYear: FilingValues | null,
): PrefillCell[] {
  const directory = directoryValues(enterprise);
  const previous = lastYear?.basic ?? {};
  const cells: PrefillCell[] = [];
  for (const key of basicKeys) {
    if (!isBlank(current.basic?.[key])) continue;
    const fromDirectory = directory[key];
    const fromLastYear = previous[key];
    if (!isBlank(fromDirectory)) {
      cells.push({ formId: 'basic', key, value: fromDirectory!, source: 'directory' });
    } else if (!isBlank(fromLastYear)) {
      cells.push({ formId: 'basic', key, value: fromLastYear!, source: 'last-year' });
    }
  }
  return cells;
}
