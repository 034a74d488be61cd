import {
  createSampleFiling,
  FILING_FORMAT,
  FILING_FORMAT_VERSION,
  getEdition,
  type PeriodType,
} from '@zhibao/survey';
import { runCli } from '@zhibao/survey/cli';
import { describe, expect, it } from 'vitest';
import { buildFilingWorkbook } from './filing-workbook.ts';

// `zhibao audit` reads the official .xlsx layout this module writes: the export of a filing gives the same findings
// as the filing's JSON, and a blank template the same as an empty filing.

const enterprise = { name: '长沙云启信息科技有限公司', uscc: '91430111MA4L41YT1U' };
const PERIODS = { year: ['2023', '2023年'], month: ['2023-06', '2023年06月'] } as const;

async function audit(files: Record<string, Uint8Array | string>, args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['audit', ...args, '--json'], {
    listFolder: async (path) => {
      const names = Object.keys(files).filter((file) => file.startsWith(`${path}/`));
      return names.length > 0 ? names.map((file) => file.slice(path.length + 1)) : null;
    },
    readFile: async (path) => {
      const content = files[path];
      if (content === undefined) throw new Error('ENOENT');
      return typeof content === 'string' ? new TextEncoder().encode(content) : content;
    },
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  expect(stderr).toBe('');
  return { code, report: JSON.parse(stdout) };
}

async function exported(periodType: PeriodType, values: object, asTemplate = false) {
  const [period, periodLabel] = PERIODS[periodType];
  const edition = getEdition('2021');
  return new Uint8Array(
    await buildFilingWorkbook({ edition, periodType, period, periodLabel, enterprise, values }, asTemplate),
  );
}

function json(periodType: PeriodType, forms: object) {
  const document = {
    format: FILING_FORMAT,
    version: FILING_FORMAT_VERSION,
    edition: '2021',
    periodType,
    period: PERIODS[periodType][0],
    enterprise,
    forms,
  };
  return JSON.stringify(document);
}

describe('zhibao audit on the exported workbook of a filing', () => {
  it.each(['year', 'month'] as const)('gives the same findings as on its JSON (%s)', async (periodType) => {
    const values = createSampleFiling(getEdition('2021'), {
      periodType,
      seed: 7,
      monthIndex: 6,
      withIssues: ['warning', 'error'],
    });
    const files = {
      'filing.xlsx': await exported(periodType, values),
      'filing.json': json(periodType, values),
    };
    const fromWorkbook = await audit(files, ['filing.xlsx']);
    const fromJson = await audit(files, ['filing.json']);
    expect(fromJson.report.findings.length).toBeGreaterThan(0);
    expect(fromWorkbook).toEqual(fromJson);
  });

  it('reads a blank template as an empty filing of its period, and a folder of both in one run', async () => {
    const files = {
      'in/template.xlsx': await exported('year', {}, true),
      'in/empty.json': json('year', {}),
    };
    const fromTemplate = await audit(files, ['in/template.xlsx']);
    const fromJson = await audit(files, ['in/empty.json']);
    expect(fromTemplate.code).toBe(2);
    expect(fromTemplate).toEqual(fromJson);
    const folder = await audit(files, ['in']);
    expect(
      folder.report.files.map((file: { file: string; exitCode: number }) => [file.file, file.exitCode]),
    ).toEqual([
      ['in/empty.json', 2],
      ['in/template.xlsx', 2],
    ]);
    expect(folder.report.files[1].findings).toEqual(folder.report.files[0].findings);
  });
});
