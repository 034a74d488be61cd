import type { ScopeThresholds } from './scope-thresholds.ts';
/** The six forms of the survey; their ids are part of the public contract. */
export type FormId = 'basic' | 'finance' | 'business' | 'revenue-classification' | 'ai' | 'monthly';

export type PeriodType = 'month' | 'year';

/** Units shown on the forms; money is stored in the unit of its row, as a decimal number. */
export type Unit = '千元' | '万元' | '万美元' | '人' | '%';

/** amount: money; count: persons; ratio: a percentage; text: free text; code: a value of a code list. */
export type IndicatorType = 'amount' | 'count' | 'ratio' | 'text' | 'code';

/** How a child row relates to its parent: summed into it (part) or contained in it (其中, ofWhich). */
export type ChildRelation = 'part' | 'ofWhich';

export type CellValue = number | string | null;

/** Values of one filing: form id → cell key → value. See README "Cell keys". */
export type FilingValues = Partial<Record<FormId, Record<string, CellValue>>>;

export interface CellRef {
  formId: FormId;
  key: string;
}

/** One value cell of a form, the unit the audit engine works on. Grid cells are flattened into these. */
export interface CellDefinition {
  formId: FormId;
  /** Key in FilingValues: the indicator code, or `${rowNo}:${columnCode}` for a grid cell. */
  key: string;
  /** What the form shows as the row's code or number (A61, 1.3 …). */
  label: string;
  name: string;
  unit: Unit | null;
  type: IndicatorType;
  isComputed: boolean;
  /** Rule-language expression that derives a computed cell. */
  formula?: string;
  parentKey?: string;
  relation?: ChildRelation;
  allowsNegative: boolean;
  isRequired: boolean;
  /** A year-to-date flow that cannot decrease during the year (monthly cumulative check). */
  isFlow: boolean;
  codeList?: string;
  validator?: ValidatorKind;
}

export type ValidatorKind = 'uscc' | 'organization-code' | 'resident-id' | 'division-code';

/** A row of an indicator form as the official layout shows it. */
export interface IndicatorDefinition {
  kind: 'indicator';
  code: string;
  name: string;
  unit: Unit | null;
  type: IndicatorType;
  isComputed: boolean;
  formula?: string;
  parentCode?: string;
  relation?: ChildRelation;
  /** Indentation on the printed form (0 = flush left). */
  level: number;
  /** The definition printed in the filing guide (填报说明). */
  definition: string;
  codeList?: string;
  validator?: ValidatorKind;
  isRequired?: boolean;
  allowsNegative?: boolean;
  isFlow?: boolean;
  /** No public source shows this item; it was reconstructed ([I] in the reference) and is to be checked. */
  inferred?: boolean;
}

/** A heading row without a value, such as "(一)按业务类型分列". */
export interface SectionRow {
  kind: 'section';
  name: string;
  level: number;
}

export type FormRow = IndicatorDefinition | SectionRow;

/** Where a value column of a form takes its values from. */
export type ColumnSource = 'typed' | 'previousPeriod' | 'samePeriodLastYear' | 'computed';

export interface ColumnDefinition {
  id: string;
  name: string;
  source: ColumnSource;
  unit?: Unit;
}

export interface GridColumnDefinition {
  code: string;
  name: string;
  /** Short name used in messages (出口1 …). */
  shortName: string;
  unit: Unit;
  definition: string;
  /** No public source shows this item; it was reconstructed ([I] in the reference) and is to be checked. */
  inferred?: boolean;
}

export interface GridRowDefinition {
  /** Numbered label (1, 1.3 …) or 'total' for the 合计 row. */
  rowNo: string;
  name: string;
  level: number;
  parentRowNo?: string;
  isComputed: boolean;
  /** Column codes that have a cell in this row; the others are greyed out on the form. */
  columns: string[];
  definition: string;
  /** No public source shows this item; it was reconstructed ([I] in the reference) and is to be checked. */
  inferred?: boolean;
}

export interface GridDefinition {
  rows: GridRowDefinition[];
  columns: GridColumnDefinition[];
}

export interface FormDefinition {
  id: FormId;
  tableNo: string;
  name: string;
  periodType: PeriodType;
  /** The unit line printed under the title. */
  unitNote: string;
  /** Columns before the value columns (指标名称, 代码, 计量单位 …). */
  labelColumns: string[];
  /** Value columns of an indicator form; a grid form uses grid.columns instead. */
  columns: ColumnDefinition[];
  /** Display order; empty for a grid form. */
  rows: FormRow[];
  grid?: GridDefinition;
  /** Rule-language condition under which the form is filed (the AI table). */
  applicableWhen?: string;
  /** Who files the form and how, for the filing guide. */
  note: string;
  /** No public source shows this item; it was reconstructed ([I] in the reference) and is to be checked. */
  inferred?: boolean;
}

export type Severity = 'error' | 'warning' | 'hint';

/** Which cells a templated rule is instantiated for; '@' in its formula stands for each one. */
export type CellSelector =
  | {
      cells: 'nonNegative' | 'numeric' | 'required' | 'flow' | 'codeList' | 'ofWhichParents' | 'typedTotals';
    }
  | { keys: string[] }
  /** The leaf rows of a grid form under the given rows. */
  | { rowsUnder: string[] };

export interface RuleDefinition {
  id: string;
  severity: Severity;
  periodType: PeriodType;
  /** Form whose cells unqualified references name. */
  form: FormId;
  title: string;
  /** Assertion in the rule language; the rule fires when it is false. */
  formula: string;
  /** Condition under which the rule applies. */
  when?: string;
  /** zh-CN message; {expression} and {@key}/{@name}/{@group}/{@table} are filled in. */
  message: string;
  /** What the rule means, for the rule list and the filing guide. */
  meaning: string;
  /** Where the rule comes from (the manual, the reference, a design decision). */
  basis: string;
  forEach?: CellSelector;
  /** Overrides the edition's rounding tolerance for this rule's comparisons. */
  tolerance?: number;
  /** No public source shows this item; it was reconstructed ([I] in the reference) and is to be checked. */
  inferred?: boolean;
}

export interface CodeListEntry {
  code: string;
  label: string;
}

export interface CodeList {
  id: string;
  name: string;
  entries: CodeListEntry[];
  /** An open list (行业代码) accepts any code of this pattern; entries then only give labels. */
  pattern?: string;
  /** No public source shows this item; it was reconstructed ([I] in the reference) and is to be checked. */
  inferred?: boolean;
}

export interface ParameterDefinition {
  name: string;
  value: number;
  description: string;
  /** No public source shows this item; it was reconstructed ([I] in the reference) and is to be checked. */
  inferred?: boolean;
}

export interface SurveyEdition {
  id: string;
  name: string;
  approvalNo: string;
  authority: string;
  approvedBy: string;
  /** Reporting years this edition governs, per period type. */
  coverage: Record<PeriodType, { from: number; to: number }>;
  /** Later years served by this edition until their own edition is entered. */
  aliases: string[];
  parameters: Record<string, number>;
  parameterDefinitions: ParameterDefinition[];
  /** 纳统条件 of the edition (a province may run those of its own notice instead). */
  scopeThresholds: ScopeThresholds;
  /** 重点指标: the cells outlier detection, selective editing and estimation work on, per period type. */
  keyIndicators: Record<PeriodType, CellRef[]>;
  codeLists: CodeList[];
  forms: FormDefinition[];
  rules: RuleDefinition[];
  /** The edition this one was derived from (its file lists only the changes). */
  basedOn?: string;
  /** Where the edition's text comes from. */
  source?: string;
  /** Header fields no public source shows (approvalNo, coverage.year.to …). */
  inferredFields?: string[];
}
