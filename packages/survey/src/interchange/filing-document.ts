import type { AuditInput, EnterpriseInfo } from '../audit/audit.types.ts';
import { editionForPeriod, formsForPeriodType, getEdition } from '../definitions/editions.ts';
import { listCells } from '../definitions/form-cells.ts';
import type {
  CellValue,
  FilingValues,
  FormId,
  PeriodType,
  SurveyEdition,
} from '../definitions/survey.types.ts';
import { isNumericCell } from '../rules/cell-space.ts';

// The project's JSON interchange format for one filing (README "Filing interchange format"). Parsing
// checks every place against the edition and names each problem by its JSON path.

export const FILING_FORMAT = 'zhibao-filing';
export const FILING_FORMAT_VERSION = 1;

export interface FilingDocument {
  format: typeof FILING_FORMAT;
  version: typeof FILING_FORMAT_VERSION;
  /** Edition id; by default the edition governing `period`, else the latest. */
  edition?: string;
  periodType: PeriodType;
  /** '2023' for an annual report, '2024-05' for a monthly one. */
  period?: string;
  enterprise?: EnterpriseInfo;
  forms: FilingValues;
  previousPeriod?: FilingValues;
  samePeriodLastYear?: FilingValues;
}

export interface FormatIssue {
  path: string;
  message: string;
}

/** The document does not follow the interchange format; `issues` name every place at fault. */
export class FilingFormatError extends Error {
  readonly issues: FormatIssue[];

  constructor(issues: FormatIssue[]) {
    super(issues.map((issue) => `${issue.path}: ${issue.message}`).join('\n'));
    this.name = 'FilingFormatError';
    this.issues = issues;
  }
}

const MAX_ISSUES = 20;

function pathOf(parent: string, key: string): string {
  const step = /^[A-Za-z0-9_]+$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
  return parent === '' ? step.replace(/^\./, '') : parent + step;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  return 'an object';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class Checker {
  readonly issues: FormatIssue[] = [];

  report(path: string, message: string): void {
    if (this.issues.length < MAX_ISSUES) this.issues.push({ path, message });
  }

  values(path: string, value: unknown, edition: SurveyEdition, periodType: PeriodType): FilingValues {
    const result: FilingValues = {};
    if (!isRecord(value)) {
      this.report(path, `expected an object of forms, got ${describe(value)}`);
      return result;
    }
    const forms = formsForPeriodType(edition, periodType);
    for (const [formId, record] of Object.entries(value)) {
      const formPath = pathOf(path, formId);
      const form = forms.find((candidate) => candidate.id === formId);
      if (!form) {
        const known = forms.map((candidate) => candidate.id).join(', ');
        this.report(
          formPath,
          `unknown form for a ${periodType === 'year' ? 'yearly' : 'monthly'} filing (expected one of ${known})`,
        );
        continue;
      }
      if (!isRecord(record)) {
        this.report(formPath, `expected an object of cells, got ${describe(record)}`);
        continue;
      }
      const cells = new Map(listCells(form).map((cell) => [cell.key, cell]));
      const cellValues: Record<string, CellValue> = {};
      for (const [key, cellValue] of Object.entries(record)) {
        const cellPath = pathOf(formPath, key);
        const cell = cells.get(key);
        if (!cell) {
          this.report(cellPath, `unknown cell of ${form.name} (${form.tableNo})`);
        } else if (cellValue === null) {
          cellValues[key] = null;
        } else if (isNumericCell(cell)) {
          if (typeof cellValue === 'number' && Number.isFinite(cellValue)) cellValues[key] = cellValue;
          else this.report(cellPath, `expected a number, got ${describe(cellValue)}`);
        } else if (typeof cellValue === 'string') {
          cellValues[key] = cellValue;
        } else {
          this.report(cellPath, `expected a string, got ${describe(cellValue)}`);
        }
      }
      result[formId as FormId] = cellValues;
    }
    return result;
  }

  optionalString(path: string, value: unknown): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value === 'string') return value;
    this.report(path, `expected a string, got ${describe(value)}`);
    return undefined;
  }
}

function resolveEdition(
  checker: Checker,
  root: Record<string, unknown>,
  period: string | undefined,
): SurveyEdition {
  const editionId = checker.optionalString('edition', root.edition);
  if (editionId !== undefined) {
    try {
      return getEdition(editionId);
    } catch (error) {
      checker.report('edition', (error as Error).message);
    }
  }
  return period === undefined ? getEdition() : editionForPeriod(period);
}

/** Checks a parsed JSON value against the interchange format; throws FilingFormatError listing every problem. */
export function parseFilingDocument(
  json: unknown,
  override?: SurveyEdition,
): { document: FilingDocument; edition: SurveyEdition; input: AuditInput } {
  const checker = new Checker();
  if (!isRecord(json))
    throw new FilingFormatError([{ path: '(root)', message: `expected an object, got ${describe(json)}` }]);
  if (json.format !== FILING_FORMAT)
    checker.report('format', `expected "${FILING_FORMAT}", got ${describe(json.format)}`);
  if (json.version !== FILING_FORMAT_VERSION) {
    checker.report('version', `expected ${FILING_FORMAT_VERSION}, got ${describe(json.version)}`);
  }
  const periodType = json.periodType;
  if (periodType !== 'year' && periodType !== 'month') {
    checker.report('periodType', `expected "year" or "month", got ${describe(periodType)}`);
    throw new FilingFormatError(checker.issues);
  }
  const period = checker.optionalString('period', json.period);
  const periodPattern = periodType === 'year' ? /^\d{4}$/ : /^\d{4}-(0[1-9]|1[0-2])$/;
  if (period !== undefined && !periodPattern.test(period)) {
    checker.report(
      'period',
      `expected ${periodType === 'year' ? 'a year like "2023"' : 'a month like "2024-05"'}, got ${describe(period)}`,
    );
  }
  const edition = override ?? resolveEdition(checker, json, period);
  let enterprise: EnterpriseInfo | undefined;
  if (json.enterprise !== undefined) {
    if (isRecord(json.enterprise)) {
      enterprise = {
        uscc: checker.optionalString('enterprise.uscc', json.enterprise.uscc),
        name: checker.optionalString('enterprise.name', json.enterprise.name),
        divisionCode: checker.optionalString('enterprise.divisionCode', json.enterprise.divisionCode),
      };
    } else {
      checker.report('enterprise', `expected an object, got ${describe(json.enterprise)}`);
    }
  }
  const forms = checker.values('forms', json.forms, edition, periodType);
  const context = (key: 'previousPeriod' | 'samePeriodLastYear'): FilingValues | undefined =>
    json[key] === undefined ? undefined : checker.values(key, json[key], edition, periodType);
  const previousPeriod = context('previousPeriod');
  const samePeriodLastYear = context('samePeriodLastYear');
  if (checker.issues.length > 0) throw new FilingFormatError(checker.issues);
  const document: FilingDocument = {
    format: FILING_FORMAT,
    version: FILING_FORMAT_VERSION,
    edition: edition.id,
    periodType,
    period,
    enterprise,
    forms,
    previousPeriod,
    samePeriodLastYear,
  };
  return {
    document,
    edition,
    input: { periodType, values: forms, previousPeriod, samePeriodLastYear, period, enterprise },
  };
}
