import { LineCounter, parseDocument } from 'yaml';
import zhCN from 'zod/v4/locales/zh-CN.js';
import { auditProgramFor, checkAuditProgram, type ProgramProblemTarget } from '../rules/rule-program.ts';
import { RuleError } from '../rules/rule-errors.ts';
import { buildEdition } from './edition-build.ts';
import { EditionFileError, type EditionFileIssue } from './edition-file-error.ts';
import {
  issueAt,
  nodeOffset,
  OriginMap,
  positionOf,
  scalarOffset,
  schemaIssues,
  type ParsedFile,
} from './edition-file-positions.ts';
import {
  derivedEditionFileSchema,
  fullEditionFileSchema,
  type DerivedEditionFile,
  type FormChangeFile,
  type FormFile,
  type FullEditionFile,
  type IndicatorRowFile,
} from './edition-file.schema.ts';
import { findScopeThresholds } from './scope-thresholds.ts';
import type { SurveyEdition } from './survey.types.ts';

// Edition files (editions/*.yaml) → SurveyEdition objects. Each file is parsed keeping line and column, checked
// against the file schema, resolved against the edition it is based on, checked for references between its parts,
// and compiled; every problem is reported with its file, line and column, all at once.

/** The text of one edition file and the path it is reported under. */
export interface EditionSource {
  file: string;
  text: string;
}

/** A part of a loaded edition that a problem can point at. */
export type EditionTarget =
  | { kind: 'edition'; field?: string }
  | { kind: 'parameter'; name: string }
  | { kind: 'rule'; ruleId: string; field?: string; offset?: number }
  | { kind: 'form'; formId: string; field?: string; offset?: number }
  | { kind: 'cell'; formId: string; key: string; field?: string; offset?: number };

export interface LoadedEditions {
  /** Oldest first (by the first annual report they govern). */
  editions: SurveyEdition[];
  /** The file, line and column where a part of an edition is written. */
  locate(editionId: string, target: EditionTarget): Omit<EditionFileIssue, 'message'>;
}

const chineseErrors = zhCN().localeError;

function parseFile(source: EditionSource, issues: EditionFileIssue[]) {
  const lines = new LineCounter();
  const doc = parseDocument(source.text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const parsed: ParsedFile = { source, doc, lines };
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      issues.push({
        ...positionOf(parsed, error.pos[0]),
        message: `YAML语法错误: ${error.message.split('\n')[0]}`,
      });
    }
    return undefined;
  }
  const data: unknown = doc.toJS();
  const isDerived = typeof data === 'object' && data !== null && 'basedOn' in data;
  const schema = isDerived ? derivedEditionFileSchema : fullEditionFileSchema;
  const result = schema.safeParse(data, { error: chineseErrors });
  if (!result.success) {
    issues.push(...schemaIssues(parsed, result.error.issues));
    return undefined;
  }
  return { parsed, data: result.data as FullEditionFile | DerivedEditionFile };
}

/** Replaces items of a list by key, in place, and appends the new ones. */
function mergeByKey<T>(base: readonly T[], changes: readonly T[] | undefined, key: (item: T) => string): T[] {
  const merged = [...base];
  for (const change of changes ?? []) {
    const at = merged.findIndex((item) => key(item) === key(change));
    if (at >= 0) merged[at] = change;
    else merged.push(change);
  }
  return merged;
}

/** A form of the base edition with a derived edition's changes: header fields rewritten, rows replaced or added. */
function changeForm(
  form: FormFile,
  change: FormChangeFile,
  origins: OriginMap,
  issues: EditionFileIssue[],
): FormFile {
  const { form: _id, rows: changedRows, ...fields } = change;
  const rows = [...(form.rows ?? [])];
  changedRows?.forEach((changed, i) => {
    const { after, ...row } = changed;
    origins.alias(row, changed);
    const at = rows.findIndex((candidate) => 'code' in candidate && candidate.code === row.code);
    if (at >= 0) {
      rows[at] = row;
      return;
    }
    const anchor =
      after === undefined
        ? rows.length - 1
        : rows.findIndex((candidate) => 'code' in candidate && candidate.code === after);
    if (anchor < 0) {
      const origin = origins.get(change);
      issues.push(
        issueAt(origin.parsed, [...origin.path, 'rows', i, 'after'], `表“${form.id}”中没有指标“${after}”`),
      );
      return;
    }
    rows.splice(anchor + 1, 0, row);
  });
  const changed: FormFile = { ...form, ...fields, rows: form.rows === undefined ? undefined : rows };
  origins.alias(changed, Object.keys(fields).length > 0 ? change : form);
  return changed;
}

/** A derived edition written out in full: the base's parts with the changes applied. */
function applyChanges(
  base: FullEditionFile,
  derived: DerivedEditionFile,
  origins: OriginMap,
  issues: EditionFileIssue[],
): FullEditionFile {
  const { basedOn: _basedOn, changes, ...header } = derived;
  const removed = new Set(changes.removeRules ?? []);
  changes.removeRules?.forEach((id, i) => {
    if (!base.rules.some((rule) => rule.id === id)) {
      const origin = origins.get(derived);
      issues.push(
        issueAt(origin.parsed, ['changes', 'removeRules', i], `要删去的规则“${id}”在${base.id}版中不存在`),
      );
    }
  });
  const full: FullEditionFile = {
    ...header,
    keyIndicators: changes.keyIndicators ?? base.keyIndicators,
    parameters: mergeByKey(base.parameters, changes.parameters, (parameter) => parameter.name),
    codeLists: mergeByKey(base.codeLists, changes.codeLists, (list) => list.id),
    forms: mergeByKey(base.forms, changes.forms, (form) => form.id).map((form) => {
      const change = changes.formChanges?.find((candidate) => candidate.form === form.id);
      return change ? changeForm(form, change, origins, issues) : form;
    }),
    rules: mergeByKey(
      base.rules.filter((rule) => !removed.has(rule.id)),
      changes.rules,
      (rule) => rule.id,
    ),
  };
  // The header is the derived file's; the parts keep the origins they were written at.
  origins.alias(full, derived);
  return full;
}

/** Duplicate keys in a list, each reported where it is written the second time. */
function checkUnique<T extends object>(
  items: readonly T[],
  key: (item: T) => string,
  what: string,
  origins: OriginMap,
  issues: EditionFileIssue[],
): void {
  const seen = new Set<string>();
  for (const item of items) {
    const value = key(item);
    if (seen.has(value)) issues.push(origins.issue(item, `${what}“${value}”重复`));
    seen.add(value);
  }
}

/** References between the parts of an edition: parents, code lists, columns, thresholds. */
function checkReferences(file: FullEditionFile, origins: OriginMap, issues: EditionFileIssue[]): void {
  checkUnique(file.parameters, (parameter) => parameter.name, '参数', origins, issues);
  checkUnique(file.codeLists, (list) => list.id, '代码表', origins, issues);
  checkUnique(file.forms, (form) => form.id, '表', origins, issues);
  checkUnique(file.rules, (rule) => rule.id, '规则编号', origins, issues);
  if (!findScopeThresholds(file.scopeThresholds)) {
    issues.push(origins.issue(file, `未知的纳统条件“${file.scopeThresholds}”`, 'scopeThresholds'));
  }
  const codeLists = new Set(file.codeLists.map((list) => list.id));
  for (const form of file.forms) {
    if ((form.grid === undefined) === (form.rows === undefined)) {
      issues.push(origins.issue(form, `表“${form.id}”须有 rows(指标表)或 grid(网格表)之一`));
    }
    if (form.rows !== undefined && (form.columns ?? []).length === 0) {
      issues.push(origins.issue(form, `指标表“${form.id}”须写出数值栏 columns`));
    }
    const indicators = (form.rows ?? []).filter((row): row is IndicatorRowFile => 'code' in row);
    checkUnique(indicators, (row) => row.code, '指标代码', origins, issues);
    const codes = new Set(indicators.map((row) => row.code));
    for (const row of indicators) {
      for (const field of ['partOf', 'ofWhich'] as const) {
        const parent = row[field];
        if (parent !== undefined && !codes.has(parent)) {
          issues.push(origins.issue(row, `${row.code}的上级指标“${parent}”不在本表中`, field));
        }
      }
      if (row.codeList !== undefined && !codeLists.has(row.codeList)) {
        issues.push(origins.issue(row, `未知的代码表“${row.codeList}”`, 'codeList'));
      }
    }
    if (!form.grid) continue;
    checkUnique(form.grid.rows, (row) => row.rowNo, '行号', origins, issues);
    checkUnique(form.grid.columns, (column) => column.code, '栏代码', origins, issues);
    const rowNos = new Set(form.grid.rows.map((row) => row.rowNo));
    const columns = new Set(form.grid.columns.map((column) => column.code));
    for (const row of form.grid.rows) {
      if (row.parent !== undefined && !rowNos.has(row.parent)) {
        issues.push(origins.issue(row, `第${row.rowNo}行的上级行“${row.parent}”不存在`, 'parent'));
      }
      for (const code of row.columns) {
        if (!columns.has(code)) issues.push(origins.issue(row, `未知的栏“${code}”`, 'columns'));
      }
    }
  }
}

/** Finds the file object a target names, and the path under it. */
function targetOrigin(file: FullEditionFile, target: EditionTarget): { object: object; field?: string } {
  switch (target.kind) {
    case 'edition':
      return { object: file, field: target.field };
    case 'parameter':
      return { object: file.parameters.find((parameter) => parameter.name === target.name) ?? file };
    case 'rule':
      return { object: file.rules.find((rule) => rule.id === target.ruleId) ?? file, field: target.field };
    case 'form':
      return { object: file.forms.find((form) => form.id === target.formId) ?? file, field: target.field };
    case 'cell': {
      const form = file.forms.find((candidate) => candidate.id === target.formId);
      const rowNo = target.key.split(':')[0];
      const row =
        form?.rows?.find((candidate) => 'code' in candidate && candidate.code === target.key) ??
        form?.grid?.rows.find((candidate) => candidate.rowNo === rowNo);
      return { object: row ?? form ?? file, field: row ? target.field : undefined };
    }
  }
}

function programTarget(target: ProgramProblemTarget, error: Error): EditionTarget {
  const offset = error instanceof RuleError ? error.span.start : undefined;
  switch (target.kind) {
    case 'rule':
      return { ...target, offset };
    case 'cell':
      return { ...target, field: 'formula', offset };
    case 'form':
      return { ...target, field: 'applicableWhen', offset };
  }
}

function programMessage(error: Error): string {
  return error instanceof RuleError ? error.reason : error.message;
}

/**
 * Loads edition files: parses, checks and compiles them. Throws an EditionFileError listing every problem with its
 * file, line and column; an edition based on another needs that one among the sources.
 */
export function loadEditions(sources: readonly EditionSource[]): LoadedEditions {
  const issues: EditionFileIssue[] = [];
  const origins = new OriginMap();
  const files = sources.flatMap((source) => {
    const loaded = parseFile(source, issues);
    if (!loaded) return [];
    origins.register(loaded.parsed, loaded.data);
    return [loaded];
  });
  const full = new Map<string, FullEditionFile>();
  const basedOn = new Map<string, string>();
  for (const { data } of files) if (!('basedOn' in data)) full.set(data.id, data);
  let pending = files.filter(({ data }) => 'basedOn' in data);
  while (pending.length > 0) {
    const ready = pending.filter(({ data }) => full.has((data as DerivedEditionFile).basedOn));
    for (const { data } of ready) {
      const derived = data as DerivedEditionFile;
      full.set(derived.id, applyChanges(full.get(derived.basedOn)!, derived, origins, issues));
      basedOn.set(derived.id, derived.basedOn);
    }
    if (ready.length === 0) {
      for (const { parsed, data } of pending) {
        issues.push(
          issueAt(parsed, ['basedOn'], `所依据的制度版本“${(data as DerivedEditionFile).basedOn}”不存在`),
        );
      }
      break;
    }
    pending = pending.filter((file) => !ready.includes(file));
  }
  for (const file of full.values()) checkReferences(file, origins, issues);
  const locate = (editionId: string, target: EditionTarget) => {
    const file = full.get(editionId)!;
    const { object, field } = targetOrigin(file, target);
    const origin = origins.get(object);
    const path = field === undefined ? origin.path : [...origin.path, field];
    const offset =
      'offset' in target && target.offset !== undefined
        ? scalarOffset(origin.parsed, path, target.offset)
        : nodeOffset(origin.parsed, path);
    return positionOf(origin.parsed, offset);
  };
  if (issues.length > 0) throw new EditionFileError(issues);
  const editions = [...full.values()].map((file) => buildEdition(file, basedOn.get(file.id)));
  for (const edition of editions) {
    for (const periodType of ['year', 'month'] as const) {
      // The program is compiled now and kept for the first audit; only a failing one is checked piece by piece.
      try {
        auditProgramFor(edition, periodType);
      } catch {
        for (const { target, error } of checkAuditProgram(edition, periodType)) {
          issues.push({
            ...locate(edition.id, programTarget(target, error)),
            message: programMessage(error),
          });
        }
      }
    }
  }
  if (issues.length > 0) throw new EditionFileError(issues);
  editions.sort((a, b) => a.coverage.year.from - b.coverage.year.from);
  return { editions, locate };
}
