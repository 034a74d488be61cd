import type { FormFile, FullEditionFile, IndicatorRowFile, RuleFile } from './edition-file.schema.ts';
import { findScopeThresholds } from './scope-thresholds.ts';
import type {
  CellRef,
  CodeList,
  FormDefinition,
  FormId,
  FormRow,
  GridRowDefinition,
  IndicatorDefinition,
  IndicatorType,
  ParameterDefinition,
  RuleDefinition,
  SurveyEdition,
  Unit,
} from './survey.types.ts';

// A checked edition file (a derived one already written out in full) → the SurveyEdition the engine runs.

function typeOfRow(row: IndicatorRowFile): IndicatorType {
  if (row.type) return row.type;
  if (row.codeList) return 'code';
  switch (row.unit) {
    case undefined:
      return 'text';
    case '人':
      return 'count';
    case '%':
      return 'ratio';
    default:
      return 'amount';
  }
}

/** Adds the optional properties that are set, so a definition carries no keys it does not use. */
function withSet<T extends object>(target: T, optional: Partial<T>): T {
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined && value !== false) (target as Record<string, unknown>)[key] = value;
  }
  return target;
}

function buildRow(row: FormFile['rows'] extends Array<infer R> | undefined ? R : never): FormRow {
  if ('section' in row) return { kind: 'section', name: row.section, level: row.level ?? 0 };
  const definition: IndicatorDefinition = {
    kind: 'indicator',
    code: row.code,
    name: row.name,
    unit: (row.unit ?? null) as Unit | null,
    type: typeOfRow(row),
    isComputed: row.formula !== undefined,
    level: row.level,
    definition: row.definition,
  };
  return withSet(definition, {
    formula: row.formula,
    parentCode: row.partOf ?? row.ofWhich,
    relation: row.partOf !== undefined ? 'part' : row.ofWhich !== undefined ? 'ofWhich' : undefined,
    codeList: row.codeList,
    validator: row.validator,
    isRequired: row.required,
    allowsNegative: row.allowsNegative,
    isFlow: row.flow,
    inferred: row.inferred,
  });
}

function buildForm(form: FormFile): FormDefinition {
  const definition: FormDefinition = {
    id: form.id,
    tableNo: form.tableNo,
    name: form.name,
    periodType: form.periodType,
    unitNote: form.unitNote,
    labelColumns: form.labelColumns,
    columns: form.columns ?? [],
    rows: (form.rows ?? []).map(buildRow),
    note: form.note,
  };
  return withSet(definition, {
    grid: form.grid && {
      columns: form.grid.columns,
      rows: form.grid.rows.map((row) =>
        withSet<GridRowDefinition>(
          {
            rowNo: row.rowNo,
            name: row.name,
            level: row.level,
            isComputed: row.computed ?? false,
            columns: row.columns,
            definition: row.definition,
          },
          { parentRowNo: row.parent, inferred: row.inferred },
        ),
      ),
    },
    applicableWhen: form.applicableWhen,
    inferred: form.inferred,
  });
}

function buildRule(rule: RuleFile): RuleDefinition {
  const { id, severity, periodType, form, title, formula, message, meaning, basis } = rule;
  return withSet<RuleDefinition>(
    { id, severity, periodType, form, title, formula, message, meaning, basis },
    { forEach: rule.forEach, when: rule.when, tolerance: rule.tolerance, inferred: rule.inferred },
  );
}

/** 'monthly.2010' as the cell it names. */
function cellRefOf(written: string): CellRef {
  const [formId, key] = written.split('.') as [FormId, string];
  return { formId, key };
}

/** The definitions of an edition from its checked file. */
export function buildEdition(file: FullEditionFile, basedOn: string | undefined): SurveyEdition {
  const parameterDefinitions = file.parameters.map((parameter) =>
    withSet<ParameterDefinition>(
      { name: parameter.name, value: parameter.value, description: parameter.description },
      { inferred: parameter.inferred },
    ),
  );
  const edition: SurveyEdition = {
    id: file.id,
    name: file.name,
    approvalNo: file.approvalNo,
    authority: file.authority,
    approvedBy: file.approvedBy,
    coverage: file.coverage,
    aliases: file.aliases,
    parameters: Object.fromEntries(
      parameterDefinitions.map((parameter) => [parameter.name, parameter.value]),
    ),
    parameterDefinitions,
    scopeThresholds: findScopeThresholds(file.scopeThresholds)!,
    keyIndicators: {
      month: file.keyIndicators.month.map(cellRefOf),
      year: file.keyIndicators.year.map(cellRefOf),
    },
    codeLists: file.codeLists.map((list) =>
      withSet<CodeList>(
        { id: list.id, name: list.name, entries: list.entries },
        { pattern: list.pattern, inferred: list.inferred },
      ),
    ),
    forms: file.forms.map(buildForm),
    rules: file.rules.map(buildRule),
  };
  return withSet(edition, { basedOn, source: file.source, inferredFields: file.inferredFields });
}
