import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { getEdition } from '../definitions/editions.ts';
import { createSampleFiling } from '../sample/sample-filing.ts';
import { runCli } from './run-cli.ts';

const edition = getEdition('2021');

async function run(args: string[], files: Record<string, unknown> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    readFile: async (path) => {
      if (!(path in files)) throw new Error('ENOENT: no such file');
      const content = files[path];
      return new TextEncoder().encode(typeof content === 'string' ? content : JSON.stringify(content));
    },
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}

function document(withIssues: Array<'error' | 'warning'>) {
  return {
    format: 'zhibao-filing',
    version: 1,
    periodType: 'year',
    period: '2023',
    forms: createSampleFiling(edition, { periodType: 'year', seed: 11, withIssues }),
  };
}

describe('zhibao CLI', () => {
  it('exits 0, 1 or 2 by the worst finding', async () => {
    const files = {
      'clean.json': document([]),
      'warning.json': document(['warning']),
      'error.json': document(['error', 'warning']),
    };
    const clean = await run(['audit', 'clean.json'], files);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('结论: 审核通过。');
    const warning = await run(['audit', 'warning.json'], files);
    expect(warning.code).toBe(1);
    expect(warning.stdout).toContain('[W-MAN-01] 第1行1.3平台软件:本年出口>出口1+出口2');
    expect(warning.stdout).toContain('单元格: 软件业务收入分类表 1.3:export、1.3:export1、1.3:export2');
    expect((await run(['audit', 'error.json'], files)).code).toBe(2);
  });

  it('prints findings as JSON for a machine', async () => {
    const { code, stdout } = await run(['audit', 'warning.json', '--json'], {
      'warning.json': document(['warning']),
    });
    const report = JSON.parse(stdout);
    expect(code).toBe(1);
    expect(report).toMatchObject({
      edition: '2021',
      periodType: 'year',
      period: '2023',
      exitCode: 1,
      counts: { error: 0, warning: 2, hint: 0 },
    });
    expect(report.findings.map((finding: { ruleId: string }) => finding.ruleId)).toEqual([
      'W-MAN-01',
      'W-MAN-02',
    ]);
    expect(report.derived.business.A10).toBeGreaterThan(0);
  });

  it('exits 3 with a clear message for unusable input', async () => {
    const bad = { ...document([]), forms: { business: { A61: 'abc' } } };
    const malformed = await run(['audit', 'bad.json'], {
      'bad.json': bad,
      'broken.json': '{"format": ',
      'sheet.xlsx': '',
    });
    expect(malformed.code).toBe(3);
    expect(malformed.stderr).toBe('报表文件格式有误:\nforms.business.A61: expected a number, got "abc"');
    expect((await run(['audit', 'broken.json'], { 'broken.json': '{"format": ' })).stderr).toMatch(
      /^broken.json不是有效的JSON/,
    );
    expect((await run(['audit', 'sheet.xlsx'], { 'sheet.xlsx': '' })).stderr).toMatch(
      /暂不支持读取.xlsx文件/,
    );
    expect((await run(['audit', 'missing.json'])).stderr).toMatch(/^无法读取missing.json/);
    expect((await run(['audit'])).code).toBe(3);
    expect((await run(['frobnicate'])).stderr).toMatch(/^未知命令“frobnicate”/);
  });

  it('lists the rules with formulas and messages', async () => {
    const text = await run(['rules', '--edition', '2021']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('W-MAN-01  严重警告  软件业务收入分类表');
    expect(text.stdout).toContain('公式: [@:export] <= [@:export1] + [@:export2]');
    const json = JSON.parse((await run(['rules', '--period-type', 'month', '--json'])).stdout);
    expect(json.rules.every((rule: { periodType: string }) => rule.periodType === 'month')).toBe(true);
    expect((await run(['rules', '--edition', 'x'])).code).toBe(3);
  });

  it('runs as the zhibao bin', async () => {
    const bin = fileURLToPath(new URL('../../bin/zhibao.js', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [bin, 'help']);
    expect(stdout).toContain('zhibao audit FILE');
  });
});
