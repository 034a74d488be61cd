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
    listFolder: async (path) => {
      const names = Object.keys(files)
        .filter((file) => file.startsWith(`${path}/`))
        .map((file) => file.slice(path.length + 1));
      return names.length > 0 ? names : null;
    },
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
      /^sheet.xlsx不是有效的.xlsx文件/,
    );
    expect((await run(['audit', 'missing.json'])).stderr).toMatch(/^无法读取missing.json/);
    expect((await run(['audit'])).code).toBe(3);
    expect((await run(['frobnicate'])).stderr).toMatch(/^未知命令“frobnicate”/);
  });

  it('audits a folder in one run: a report per file, a summary table, the worst exit code', async () => {
    const files = {
      'batch/a-clean.json': document([]),
      'batch/b-warning.json': document(['warning']),
      'batch/c-broken.json': '{"format": ',
      'batch/notes.txt': 'not a filing',
    };
    const text = await run(['audit', 'batch'], files);
    expect(text.code).toBe(3);
    expect(text.stdout).toContain('=== batch/b-warning.json ===');
    expect(text.stdout).toContain('[W-MAN-01]');
    expect(text.stdout).not.toContain('notes.txt');
    const summary = text.stdout.slice(text.stdout.indexOf('汇总: 3 个文件'));
    expect(summary.split('\n').slice(3)).toEqual([
      expect.stringMatching(/^\| batch\/a-clean\.json \| .* \| 2023 \| 0 \| 0 \| \d+ \| 0 \|$/),
      expect.stringMatching(/^\| batch\/b-warning\.json \| .* \| 2023 \| 0 \| [1-9]\d* \| \d+ \| 1 \|$/),
      '| batch/c-broken.json |  |  | — | — | — | 3 |',
    ]);
    const json = JSON.parse((await run(['audit', 'batch', '--json'], files)).stdout);
    expect(json.exitCode).toBe(3);
    expect(json.files.map((file: { file: string; exitCode: number }) => [file.file, file.exitCode])).toEqual([
      ['batch/a-clean.json', 0],
      ['batch/b-warning.json', 1],
      ['batch/c-broken.json', 3],
    ]);
    expect(json.files[2].error).toMatch(/不是有效的JSON/);
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

  it('lists what changed between two editions', async () => {
    const { code, stdout } = await run(['diff-editions', '2021', '2024']);
    expect(code).toBe(0);
    expect(stdout).toContain('2021 (国统制〔2021〕136号) → 2024');
    expect(stdout).toContain('新增 参数 aiShareMin');
    expect(stdout).toContain('修改 指标 basic!B14: name、definition、inferred');
    expect(stdout).toContain('新增 指标 basic!B21');
    expect(stdout).toContain('修改 表 ai: note');
    expect(stdout).toContain('新增 规则 W-AI-01');
    const json = JSON.parse((await run(['diff-editions', '2024', '2021', '--json'])).stdout);
    expect(json.changes).toContainEqual({ kind: 'removed', what: '规则 W-AI-01' });
    expect((await run(['diff-editions', '2021'])).code).toBe(3);
  });

  it('runs as the zhibao bin', async () => {
    const bin = fileURLToPath(new URL('../../bin/zhibao.js', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [bin, 'help']);
    expect(stdout).toContain('zhibao audit FILE');
  });

  it('lists the published rule switches and, for a period, the rules and parameters that hold then', async () => {
    const files = {
      'switches.json': {
        switchVersion: 2,
        packages: [
          {
            version: 2,
            editionId: '2021',
            effectiveFrom: '2023-12',
            changes: [{ kind: 'rule-off', ruleId: 'W-MAN-05' }],
            reason: '规则误报,暂停',
            publishedBy: '部级管理员',
            publishedAt: '2026-12-06T02:00:00.000Z',
          },
          {
            version: 1,
            editionId: '2021',
            effectiveFrom: '2022-12',
            changes: [{ kind: 'parameter', name: 'nationalAverageProfitRate', value: 16.2 }],
            reason: '2022年全国软件业务利润率平均值',
          },
        ],
      },
    };
    const all = await run(['rules', '--edition', '2021', '--switches', 'switches.json'], files);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain('第1版 自2022-12起  $nationalAverageProfitRate = 16.2');
    expect(all.stdout).toContain('第2版 自2023-12起  关闭 W-MAN-05');
    expect(all.stdout).toContain('原因: 规则误报,暂停');
    expect(all.stdout).toContain('发布: 部级管理员');

    const in2022 = await run(['rules', '--switches', 'switches.json', '--period', '2022', '--json'], files);
    const ruleIds2022 = JSON.parse(in2022.stdout).rules.map((rule: { id: string }) => rule.id);
    expect(JSON.parse(in2022.stdout).parameters.nationalAverageProfitRate).toBe(16.2);
    expect(ruleIds2022).toContain('W-MAN-05');
    const in2023 = await run(['rules', '--switches', 'switches.json', '--period', '2023', '--json'], files);
    expect(JSON.parse(in2023.stdout).rules.map((rule: { id: string }) => rule.id)).not.toContain('W-MAN-05');

    const broken = await run(['rules', '--switches', 'switches.json'], {
      'switches.json': [{ version: 1, editionId: '2021', effectiveFrom: '2023', changes: [] }],
    });
    expect(broken.code).toBe(3);
    expect(broken.stderr).toContain('生效期须是“年-月”');
  });
});
