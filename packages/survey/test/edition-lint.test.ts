import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EDITION_SOURCES } from '#edition-sources';
import { editionJsonSchema, lintEditionFiles } from '../src/cli/edition-commands.ts';

// `zhibao lint` in CI: every real edition file passes, and every defect planted in the broken files is found, at
// the line of the rule and the column of its formula.

function source(name: string) {
  const file = `test/broken-editions/${name}`;
  return { file, text: readFileSync(new URL(`./broken-editions/${name}`, import.meta.url), 'utf8') };
}

/** 1-based line and column of `needle`, searched from the line that holds `after`. */
function positionOf(text: string, after: string, needle: string) {
  const offset = text.indexOf(needle, text.indexOf(after));
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

describe('zhibao lint', () => {
  // Loading and linting every edition is CPU work of a few hundred milliseconds; a shared CI machine may take longer.
  it('passes every edition file of the package', { timeout: 30_000 }, () => {
    expect(EDITION_SOURCES.map((source) => source.file)).toEqual([
      'editions/2021.yaml',
      'editions/2024.yaml',
    ]);
    expect(lintEditionFiles(EDITION_SOURCES).issues).toEqual([]);
  });

  it('finds every planted rule defect: never fires, always fires, duplicate, contradiction, message reference', () => {
    const broken = source('broken-rules.yaml');
    const { issues } = lintEditionFiles([broken]);
    const at = (ruleId: string, needle: string) => ({
      file: broken.file,
      ...positionOf(broken.text, `id: ${ruleId}`, needle),
    });
    expect(issues.map(({ code, message }) => [code, message.split(':')[0]])).toEqual([
      ['never-fires', 'X-NEVER'],
      ['always-fires', 'X-ALWAYS'],
      ['contradiction', 'X-CONTRA'],
      ['duplicate', 'X-DUP'],
      ['message-reference', 'X-MSG'],
    ]);
    expect(issues[0]).toMatchObject(at('X-NEVER', "'[A10]"));
    expect(issues[2]!.message).toContain('E-FIN-02');
    expect(issues[3]!.message).toContain('E-FIN-02');
    expect(issues[4]).toMatchObject({
      ...at('X-MSG', '软件外包服务收入{'),
      message: expect.stringContaining('A61'),
    });
  });

  it('refuses unknown and mistyped cells and forms where they are written, with the name most likely meant', () => {
    const broken = source('broken-references.yaml');
    const { issues } = lintEditionFiles([broken]);
    expect(issues).toEqual([
      {
        code: 'invalid',
        file: broken.file,
        ...positionOf(broken.text, 'id: X-TYPO', '[A1O]'),
        message: 'X-TYPO: 企业主要业务指标表中没有“A1O”这一单元格,是否应为“A10”?',
      },
      {
        code: 'invalid',
        file: broken.file,
        ...positionOf(broken.text, 'id: X-FORM', '[finanse!F30]'),
        message: 'X-FORM: 未知的表“finanse”(或该表不属于本报告期别),是否应为“finance”?',
      },
    ]);
  });

  it('keeps editions/edition.schema.json generated from the file schema (npx zhibao schema)', () => {
    const committed = readFileSync(new URL('../editions/edition.schema.json', import.meta.url), 'utf8');
    expect(JSON.parse(committed)).toEqual(JSON.parse(editionJsonSchema()));
  });
});
