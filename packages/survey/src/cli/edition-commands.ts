import { z } from 'zod';
import { EDITION_SOURCES } from '#edition-sources';
import { EditionFileError, formatIssue, type EditionFileIssue } from '../definitions/edition-file-error.ts';
import { editionFileSchema } from '../definitions/edition-file.schema.ts';
import { loadEditions, type EditionSource } from '../definitions/edition-loader.ts';
import type { SurveyEdition } from '../definitions/survey.types.ts';
import { lintEdition } from '../lint/lint-edition.ts';

// The commands about edition files themselves: lint them, print their JSON Schema, compare two editions.

/** The JSON Schema of edition files, for editors (editions/edition.schema.json is this text). */
export function editionJsonSchema(): string {
  return `${JSON.stringify(z.toJSONSchema(editionFileSchema, { target: 'draft-2020-12' }), null, 2)}\n`;
}

export interface LintReport {
  /** Problems that keep the files from loading, then the linter's findings, each at its place. */
  issues: Array<EditionFileIssue & { code: string }>;
}

/**
 * Loads the given edition files together with the package's own (a file named like one of those replaces it) and
 * lints the given ones, or all when none is given.
 */
export function lintEditionFiles(given: readonly EditionSource[]): LintReport {
  const sources = [
    ...EDITION_SOURCES.filter((source) => !given.some((file) => file.file.endsWith(source.file))),
    ...given,
  ];
  let loaded;
  try {
    loaded = loadEditions(sources);
  } catch (error) {
    if (!(error instanceof EditionFileError)) throw error;
    return { issues: error.issues.map((issue) => ({ ...issue, code: 'invalid' })) };
  }
  const wanted = new Set((given.length > 0 ? given : sources).map((source) => source.file));
  const issues = loaded.editions
    .filter((edition) => wanted.has(loaded.locate(edition.id, { kind: 'edition' }).file))
    .flatMap((edition) =>
      lintEdition(edition).map((finding) => ({
        ...loaded.locate(edition.id, { kind: 'rule', ruleId: finding.ruleId, field: finding.field }),
        message: finding.message,
        code: finding.code,
      })),
    );
  return { issues };
}

/** Lint issues as lines a terminal and an editor can follow. */
export function formatLintReport(report: LintReport, fileCount: number): string {
  if (report.issues.length === 0) return `已检查${fileCount}个制度文件,没有发现问题。`;
  return [
    ...report.issues.map((issue) => `${formatIssue(issue)} [${issue.code}]`),
    '',
    `共${report.issues.length}个问题。`,
  ].join('\n');
}

type Change = { kind: 'added' | 'removed' | 'changed'; what: string; detail?: string };

function compareBy<T>(
  what: string,
  a: readonly T[],
  b: readonly T[],
  key: (item: T) => string,
  describe: (before: T, after: T) => string | undefined,
): Change[] {
  const before = new Map(a.map((item) => [key(item), item]));
  const after = new Map(b.map((item) => [key(item), item]));
  const changes: Change[] = [];
  for (const [id, item] of before) {
    const other = after.get(id);
    if (!other) changes.push({ kind: 'removed', what: `${what} ${id}` });
    else {
      const detail = describe(item, other);
      if (detail !== undefined) changes.push({ kind: 'changed', what: `${what} ${id}`, detail });
    }
  }
  for (const id of after.keys()) if (!before.has(id)) changes.push({ kind: 'added', what: `${what} ${id}` });
  return changes;
}

/** The fields of two records that differ, by name. */
function changedFields(before: object, after: object): string | undefined {
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter(
    (field) => JSON.stringify(a[field]) !== JSON.stringify(b[field]),
  );
  return fields.length === 0 ? undefined : fields.join('、');
}

/** What changed from edition A to edition B: its header, parameters, code lists, forms, rows and rules. */
export function diffEditions(a: SurveyEdition, b: SurveyEdition): Change[] {
  const header = changedFields(
    { name: a.name, approvalNo: a.approvalNo, coverage: a.coverage, scopeThresholds: a.scopeThresholds.id },
    { name: b.name, approvalNo: b.approvalNo, coverage: b.coverage, scopeThresholds: b.scopeThresholds.id },
  );
  // Rows rather than cells: a row's definition (填报说明) and marks are part of what changed.
  const rows = (edition: SurveyEdition) =>
    edition.forms.flatMap((form): Array<{ key: string; row: object }> =>
      form.grid
        ? form.grid.rows.map((row) => ({ key: `${form.id}!${row.rowNo}`, row }))
        : form.rows.flatMap((row) =>
            row.kind === 'indicator' ? [{ key: `${form.id}!${row.code}`, row }] : [],
          ),
    );
  return [
    ...(header ? [{ kind: 'changed' as const, what: '制度', detail: header }] : []),
    ...compareBy(
      '参数',
      a.parameterDefinitions,
      b.parameterDefinitions,
      (p) => p.name,
      (x, y) => (x.value === y.value ? undefined : `${x.value} → ${y.value}`),
    ),
    ...compareBy('代码表', a.codeLists, b.codeLists, (list) => list.id, changedFields),
    ...compareBy(
      '表',
      a.forms,
      b.forms,
      (form) => form.id,
      (x, y) => {
        const { rows: _rows, grid: _grid, ...restA } = x;
        const { rows: _rowsB, grid: _gridB, ...restB } = y;
        return changedFields(restA, restB);
      },
    ),
    ...compareBy(
      '指标',
      rows(a),
      rows(b),
      (item) => item.key,
      (x, y) => changedFields(x.row, y.row),
    ),
    ...compareBy('规则', a.rules, b.rules, (rule) => rule.id, changedFields),
  ];
}

const KIND_LABELS = { added: '新增', removed: '删去', changed: '修改' } as const;

/** The changes as lines a person reads. */
export function formatDiff(a: SurveyEdition, b: SurveyEdition, changes: readonly Change[]): string {
  const title = `${a.id} (${a.approvalNo}) → ${b.id} (${b.approvalNo})`;
  if (changes.length === 0) return `${title}: 没有差别`;
  return [
    title,
    ...changes.map(
      (change) => `  ${KIND_LABELS[change.kind]} ${change.what}${change.detail ? `: ${change.detail}` : ''}`,
    ),
    `共${changes.length}处变化。`,
  ].join('\n');
}
