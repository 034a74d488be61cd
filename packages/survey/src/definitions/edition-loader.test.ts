import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EditionFileError, type EditionFileIssue } from './edition-file-error.ts';
import { loadEditions, type EditionSource } from './edition-loader.ts';

// Edition files are checked when they load; every problem names its file, line and column. The broken files here
// are the real 2021 file with one line changed, so the positions are those a statistician would see.

const FILE = 'editions/2021.yaml';
const real = readFileSync(new URL('../../editions/2021.yaml', import.meta.url), 'utf8');

/** The real file with `from` replaced by `to` (which must occur once). */
function edited(from: string, to: string): string {
  expect(real.split(from).length, from).toBe(2);
  return real.replace(from, to);
}

/** 1-based line and column of the first occurrence of `needle` in `text` (after the line holding `after`). */
function positionOf(text: string, needle: string, after = ''): { line: number; column: number } {
  const offset = text.indexOf(needle, text.indexOf(after));
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

function issuesOf(sources: EditionSource[]): EditionFileIssue[] {
  try {
    loadEditions(sources);
  } catch (error) {
    expect(error).toBeInstanceOf(EditionFileError);
    return [...(error as EditionFileError).issues];
  }
  throw new Error('the files loaded without a problem');
}

describe('loading edition files', () => {
  it('loads the real 2021 file', () => {
    const { editions } = loadEditions([{ file: FILE, text: real }]);
    expect(editions.map((edition) => edition.id)).toEqual(['2021']);
  });

  it('names the place of a YAML error', () => {
    const text = edited(
      '    title: D15与D16至少填一项\n',
      '    title: D15与D16至少填一项\n    title: 重复\n',
    );
    const [issue] = issuesOf([{ file: FILE, text }]);
    expect(issue).toMatchObject({ file: FILE, ...positionOf(text, 'title: 重复') });
    expect(issue!.message).toMatch(/YAML语法错误/);
  });

  it('names an unknown field at its key and a wrong value at the value, both at once', () => {
    let text = edited(
      '        ofWhich: A11\n        definition: 操作系统',
      '        ofWhich: A11\n        requird: true\n        definition: 操作系统',
    );
    text = text.replace(
      '      - code: B01\n        name: 统一社会信用代码\n        level: 1',
      '      - code: B01\n        name: 统一社会信用代码\n        level: one',
    );
    const issues = issuesOf([{ file: FILE, text }]);
    expect(issues).toHaveLength(2);
    expect(issues).toContainEqual({
      file: FILE,
      ...positionOf(text, 'requird'),
      message: '未知的字段“requird”',
    });
    expect(issues).toContainEqual(
      expect.objectContaining({ file: FILE, ...positionOf(text, 'one', 'level: one') }),
    );
  });

  it('names a parent that is not in the form', () => {
    const text = edited(
      '        ofWhich: A11\n        definition: 操作系统',
      '        ofWhich: A1l\n        definition: 操作系统',
    );
    expect(issuesOf([{ file: FILE, text }])).toEqual([
      { file: FILE, ...positionOf(text, 'A1l'), message: 'A111的上级指标“A1l”不在本表中' },
    ]);
  });

  it('names a mistyped cell in a rule formula at the very column of the reference', () => {
    const text = edited(
      "formula: '[A62] = [revenue-classification!4:export]'",
      "formula: '[A62] = [revenue-classification!4:exprot]'",
    );
    const [issue, ...rest] = issuesOf([{ file: FILE, text }]);
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({ file: FILE, ...positionOf(text, '[revenue-classification!4:exprot]') });
    expect(issue!.message).toContain('E-XT-13');
  });

  it('derives an edition from another and names a missing base', () => {
    const derived = [
      "id: '2099'",
      'name: 测试制度',
      'approvalNo: 测试',
      'authority: 工业和信息化部',
      'approvedBy: 国家统计局',
      'coverage: { year: { from: 2099, to: 2099 }, month: { from: 2100, to: 2100 } }',
      'aliases: []',
      "scopeThresholds: '2021'",
      "basedOn: '2021'",
      'changes:',
      '  parameters:',
      '    - { name: nationalAverageProfitRate, value: 12.5, description: 测试 }',
      "  removeRules: ['H-BAS-02']",
    ].join('\n');
    const { editions } = loadEditions([
      { file: FILE, text: real },
      { file: 'test.yaml', text: derived },
    ]);
    const [base, child] = editions;
    expect(child!.basedOn).toBe('2021');
    expect(child!.parameters.nationalAverageProfitRate).toBe(12.5);
    expect(child!.rules.length).toBe(base!.rules.length - 1);
    expect(child!.forms).toEqual(base!.forms);
    expect(issuesOf([{ file: 'test.yaml', text: derived }])).toEqual([
      { file: 'test.yaml', line: 9, column: 10, message: '所依据的制度版本“2021”不存在' },
    ]);
  });

  it('changes a form of the base in place and names an unknown anchor row', () => {
    const derived = (after: string) =>
      [
        "id: '2099'",
        'name: 测试制度',
        'approvalNo: 测试',
        'authority: 工业和信息化部',
        'approvedBy: 国家统计局',
        'coverage: { year: { from: 2099, to: 2099 }, month: { from: 2100, to: 2100 } }',
        'aliases: []',
        "scopeThresholds: '2021'",
        "basedOn: '2021'",
        'changes:',
        '  formChanges:',
        '    - form: business',
        '      rows:',
        `        - { code: C11, after: ${after}, name: '其中: 基础研究经费', unit: 万元, level: 1, ofWhich: C10, definition: 测试用的新指标。, inferred: true }`,
      ].join('\n');
    const { editions } = loadEditions([
      { file: FILE, text: real },
      { file: 'test.yaml', text: derived('C10') },
    ]);
    const rows = editions[1]!.forms.find((form) => form.id === 'business')!.rows;
    const codes = rows.flatMap((row) => (row.kind === 'indicator' ? [row.code] : []));
    expect(codes[codes.indexOf('C10') + 1]).toBe('C11');
    expect(rows.find((row) => row.kind === 'indicator' && row.code === 'C11')).toMatchObject({
      parentCode: 'C10',
      relation: 'ofWhich',
      inferred: true,
    });
    const text = derived('C1O');
    expect(
      issuesOf([
        { file: FILE, text: real },
        { file: 'test.yaml', text },
      ]),
    ).toEqual([{ file: 'test.yaml', ...positionOf(text, 'C1O'), message: '表“business”中没有指标“C1O”' }]);
  });
});
