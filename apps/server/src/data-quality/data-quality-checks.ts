import {
  editingMethods,
  explanationKey,
  getEdition,
  type PeriodType,
  type RuleSwitchPackage,
} from '@zhibao/survey';
import type { CellValues, DataQualityKind } from '../db/schema.ts';
import { auditStoredFiling, cellIndexOf, deriveValues, numericValue } from '../review/review-cells.ts';

/*
 * The checks of a data-quality run on one filing, pure over what the run read: the survey's audit rules (a failed
 * rule, a warning with the enterprise's explanation), the key indicators left blank or zero, and the basic
 * information of an annual report against the directory of record. Outliers come from the population's run.
 */

export interface QualityFinding {
  kind: DataQualityKind;
  formId: string | null;
  key: string | null;
  ruleId: string | null;
  message: string;
  explanation: string | null;
}

/** The enterprise as the directory has it: what the basic table (企业基本情况表) must agree with. */
export interface DirectoryFacts {
  uscc: string;
  name: string;
  regionCode: string;
  industryCode: string;
}

export interface FilingToCheck {
  editionId: string;
  periodType: PeriodType;
  period: string;
  values: CellValues;
  explanations: Record<string, string>;
  previousPeriod?: CellValues;
  samePeriodLastYear?: CellValues;
  /** The published rule switches: the rules as they hold for the filing's period. */
  packages: readonly RuleSwitchPackage[];
  directory: DirectoryFacts;
}

const directoryCells: ReadonlyArray<{ key: string; fact: keyof DirectoryFacts; what: string }> = [
  { key: 'B01', fact: 'uscc', what: '统一社会信用代码' },
  { key: 'B03', fact: 'name', what: '单位详细名称' },
  { key: 'B05', fact: 'regionCode', what: '行政区划代码' },
  { key: 'B09', fact: 'industryCode', what: '行业代码' },
];

const isBlankText = (value: unknown) => value === null || value === undefined || String(value).trim() === '';

/** Every data-quality finding of one filing, in the order: rules, key indicators, directory. */
export function checkFiling(filing: FilingToCheck): QualityFinding[] {
  const found: QualityFinding[] = [];
  for (const finding of auditStoredFiling(filing)) {
    if (finding.severity === 'hint') continue;
    const cell = finding.cells[0];
    found.push({
      kind: finding.severity === 'error' ? 'rule-error' : 'warning',
      formId: cell?.formId ?? null,
      key: cell?.key ?? null,
      ruleId: finding.ruleId,
      message: finding.message,
      explanation:
        finding.severity === 'warning' ? (filing.explanations[explanationKey(finding)] ?? null) : null,
    });
  }

  const cells = cellIndexOf(filing.editionId, filing.periodType);
  const derived = deriveValues(filing.editionId, filing.periodType, filing.values);
  const { keyIndicators } = editingMethods(getEdition(filing.editionId), filing.periodType);
  for (const { formId, key } of keyIndicators) {
    const value = numericValue(derived, formId, key);
    if (value !== null && value !== 0) continue;
    const cell = cells.get(`${formId}.${key}`);
    const named = `${cell?.label ?? key} ${cell?.name ?? ''}`.trim();
    found.push({
      kind: value === null ? 'blank-key' : 'zero-key',
      formId,
      key,
      ruleId: null,
      message: value === null ? `重点指标${named}未填报` : `重点指标${named}为0`,
      explanation: null,
    });
  }

  const basic = filing.values.basic;
  if (basic) {
    for (const { key, fact, what } of directoryCells) {
      const typed = basic[key];
      if (isBlankText(typed)) continue;
      const expected = filing.directory[fact];
      if (String(typed).trim() === expected) continue;
      found.push({
        kind: 'directory-mismatch',
        formId: 'basic',
        key,
        ruleId: null,
        message: `${what}（${key}）填报为“${String(typed).trim()}”，名录中为“${expected}”`,
        explanation: null,
      });
    }
  }
  return found;
}
