import { auditFiling } from '../audit/audit-filing.ts';
import { z } from 'zod';
import { editionForPeriod, getEdition, listEditions } from '../definitions/editions.ts';
import { ruleSwitchPackageSchema } from '../definitions/rule-switch.schema.ts';
import { switchedEdition } from '../definitions/rule-switches.ts';
import type { PeriodType, Severity, SurveyEdition } from '../definitions/survey.types.ts';
import { FilingFormatError, parseFilingDocument } from '../interchange/filing-document.ts';
import {
  diffEditions,
  editionJsonSchema,
  formatDiff,
  formatLintReport,
  lintEditionFiles,
} from './edition-commands.ts';
import { isFilingFile, readFilingFile, UnreadableFileError } from './filing-readers.ts';
import {
  countBySeverity,
  formatAuditReport,
  formatBatchSummary,
  formatRuleList,
  formatSwitches,
  type RuleSwitchRecord,
} from './format-output.ts';

/** What the CLI needs from its host; main.ts passes Node's, tests pass fakes. */
export interface CliHost {
  readFile(path: string): Promise<Uint8Array>;
  /** The names in a folder, or null when the path is not a folder (a host without folders leaves it out). */
  listFolder?(path: string): Promise<string[] | null>;
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Exit codes: findings decide 0–2; 3 means the command could not run (usage, unreadable or malformed file). */
const EXIT_CLEAN = 0;
const EXIT_WARNINGS = 1;
const EXIT_ERRORS = 2;
const EXIT_UNUSABLE = 3;

const USAGE = `用法:
  zhibao audit FILE|FOLDER... [--json] [--edition ID]   审核报表(JSON交换格式或官方.xlsx格式);文件夹审核其中的每个文件,最后列出汇总表
  zhibao rules [--edition ID] [--period-type year|month] [--switches FILE [--period P]] [--json]
      列出审核规则;--switches 读入部里发布的规则开关包(制度维护页导出的JSON),列出其变更、原因和发布人,
      加 --period 则列出该报告期实际适用的规则和参数
  zhibao lint [FILE...] [--json]   检查制度文件(缺省为本包的全部制度文件)
  zhibao diff-editions A B [--json]   列出两版制度之间变化的参数、代码表、表、单元格和规则
  zhibao schema   输出制度文件的JSON Schema
  zhibao help

audit 的退出码: 0 通过(或仅有提示), 1 仅有严重警告, 2 有必改错误, 3 文件无法读取或格式有误;审核多个文件时为各文件中最大的退出码。
lint 的退出码: 0 没有问题, 2 有问题, 3 文件无法读取。`;

class UsageError extends Error {}

interface Options {
  positional: string[];
  json: boolean;
  edition?: string;
  periodType?: PeriodType;
  /** A file of published rule-switch packages (the server's GET /api/admin/rule-switches answer). */
  switches?: string;
  period?: string;
}

function parseOptions(args: string[]): Options {
  const options: Options = { positional: [], json: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = (): string => {
      const next = args[++i];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${arg}需要一个值`);
      return next;
    };
    if (arg === '--json') options.json = true;
    else if (arg === '--edition') options.edition = value();
    else if (arg === '--switches') options.switches = value();
    else if (arg === '--period') {
      options.period = value();
      if (!/^\d{4}(-(0[1-9]|1[0-2]))?$/.test(options.period))
        throw new UsageError('--period应为年份或年-月,如 2025 或 2025-06');
    } else if (arg === '--period-type') {
      const periodType = value();
      if (periodType !== 'year' && periodType !== 'month')
        throw new UsageError('--period-type应为year或month');
      options.periodType = periodType;
    } else if (arg.startsWith('--')) throw new UsageError(`未知选项${arg}`);
    else options.positional.push(arg);
  }
  return options;
}

function editionOption(options: Options): SurveyEdition | undefined {
  if (options.edition === undefined) return undefined;
  try {
    return getEdition(options.edition);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

interface FileAudit {
  file: string;
  exitCode: number;
  /** What --json prints for the file. */
  report?: Record<string, unknown>;
  /** What a person reads for the file. */
  text: string;
  enterprise?: string;
  period?: string;
  counts?: Record<Severity, number>;
}

async function auditFile(path: string, options: Options, host: CliHost): Promise<FileAudit> {
  let bytes: Uint8Array;
  try {
    bytes = await host.readFile(path);
  } catch (error) {
    throw new UnreadableFileError(`无法读取${path}: ${(error as Error).message}`);
  }
  const { document, edition, input } = parseFilingDocument(
    await readFilingFile(path, bytes),
    editionOption(options),
  );
  const result = auditFiling(edition, input);
  const counts = countBySeverity(result.findings);
  const exitCode = counts.error > 0 ? EXIT_ERRORS : counts.warning > 0 ? EXIT_WARNINGS : EXIT_CLEAN;
  const basic = document.forms.basic;
  return {
    file: path,
    exitCode,
    report: {
      edition: edition.id,
      periodType: document.periodType,
      period: document.period ?? null,
      exitCode,
      counts,
      ...result,
    },
    text: formatAuditReport(edition, document, result),
    enterprise: document.enterprise?.name ?? (typeof basic?.B03 === 'string' ? basic.B03 : undefined),
    period: document.period,
    counts,
  };
}

/** The files named: a folder stands for its .json and .xlsx files, in name order. */
async function filesOf(paths: string[], host: CliHost): Promise<{ files: string[]; isBatch: boolean }> {
  const files: string[] = [];
  let isBatch = paths.length > 1;
  for (const path of paths) {
    const entries = (await host.listFolder?.(path)) ?? null;
    if (entries === null) {
      files.push(path);
      continue;
    }
    isBatch = true;
    const separator = path.endsWith('/') ? '' : '/';
    files.push(
      ...entries
        .filter(isFilingFile)
        .sort()
        .map((name) => `${path}${separator}${name}`),
    );
  }
  return { files, isBatch };
}

async function audit(options: Options, host: CliHost): Promise<number> {
  if (options.positional.length === 0) throw new UsageError('audit需要一个或多个文件或文件夹');
  const { files, isBatch } = await filesOf(options.positional, host);
  if (!isBatch) {
    const single = await auditFile(files[0]!, options, host);
    host.stdout(options.json ? JSON.stringify(single.report, null, 2) : single.text);
    return single.exitCode;
  }
  const audits: FileAudit[] = [];
  for (const file of files) {
    try {
      audits.push(await auditFile(file, options, host));
    } catch (error) {
      if (!(error instanceof FilingFormatError || error instanceof UnreadableFileError)) throw error;
      const text = error instanceof FilingFormatError ? `报表文件格式有误:\n${error.message}` : error.message;
      audits.push({ file, exitCode: EXIT_UNUSABLE, text });
    }
  }
  const exitCode = Math.max(EXIT_CLEAN, ...audits.map((item) => item.exitCode));
  if (options.json) {
    const results = audits.map((item) => ({
      file: item.file,
      exitCode: item.exitCode,
      ...(item.report ?? { error: item.text }),
    }));
    host.stdout(JSON.stringify({ exitCode, files: results }, null, 2));
  } else {
    host.stdout(
      [...audits.flatMap((item) => [`=== ${item.file} ===`, item.text, '']), formatBatchSummary(audits)].join(
        '\n',
      ),
    );
  }
  return exitCode;
}

async function readSwitches(path: string, host: CliHost): Promise<RuleSwitchRecord[]> {
  const text = await readText(path, host);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UnreadableFileError(`${path}不是JSON: ${(error as Error).message}`);
  }
  const packages = z
    .array(ruleSwitchPackageSchema)
    .safeParse(Array.isArray(data) ? data : (data as { packages?: unknown } | null)?.packages);
  if (!packages.success) {
    throw new UnreadableFileError(
      `${path}不是规则开关包列表: ${packages.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`,
    );
  }
  return packages.data.sort((a, b) => a.version - b.version);
}

async function listRules(options: Options, host: CliHost): Promise<number> {
  if (options.positional.length > 0) throw new UsageError('rules不接受文件参数');
  if (options.period !== undefined && options.switches === undefined)
    throw new UsageError('--period需与--switches同用');
  const published =
    editionOption(options) ?? (options.period ? editionForPeriod(options.period) : getEdition());
  const switches = options.switches === undefined ? [] : await readSwitches(options.switches, host);
  const packages = switches.filter((each) => each.editionId === published.id);
  const edition = options.period ? switchedEdition(published, packages, options.period) : published;
  const rules = edition.rules.filter(
    (rule) => options.periodType === undefined || rule.periodType === options.periodType,
  );
  if (options.json) {
    host.stdout(
      JSON.stringify(
        {
          edition: edition.id,
          approvalNo: edition.approvalNo,
          ...(options.switches === undefined ? {} : { period: options.period ?? null, switches: packages }),
          parameters: edition.parameters,
          rules,
        },
        null,
        2,
      ),
    );
  } else {
    const text = formatRuleList(edition, rules);
    host.stdout(
      options.switches === undefined ? text : `${text}\n\n${formatSwitches(packages, options.period)}`,
    );
  }
  return EXIT_CLEAN;
}

async function readText(path: string, host: CliHost): Promise<string> {
  try {
    return new TextDecoder('utf-8').decode(await host.readFile(path));
  } catch (error) {
    throw new UnreadableFileError(`无法读取${path}: ${(error as Error).message}`);
  }
}

async function lint(options: Options, host: CliHost): Promise<number> {
  const given = await Promise.all(
    options.positional.map(async (file) => ({ file, text: await readText(file, host) })),
  );
  const report = lintEditionFiles(given);
  if (options.json) host.stdout(JSON.stringify(report, null, 2));
  else host.stdout(formatLintReport(report, given.length || listEditions().length));
  return report.issues.length > 0 ? EXIT_ERRORS : EXIT_CLEAN;
}

function diff(options: Options, host: CliHost): number {
  if (options.positional.length !== 2) throw new UsageError('diff-editions需要两个制度版本,如 2021 2024');
  const [a, b] = options.positional.map((id) => editionOption({ ...options, edition: id })!);
  const changes = diffEditions(a!, b!);
  if (options.json) host.stdout(JSON.stringify({ from: a!.id, to: b!.id, changes }, null, 2));
  else host.stdout(formatDiff(a!, b!, changes));
  return EXIT_CLEAN;
}

/** Runs one CLI command and returns its exit code; never throws for bad input. */
export async function runCli(args: string[], host: CliHost): Promise<number> {
  const [command, ...rest] = args;
  try {
    switch (command) {
      case 'audit':
        return await audit(parseOptions(rest), host);
      case 'rules':
        return await listRules(parseOptions(rest), host);
      case 'lint':
        return await lint(parseOptions(rest), host);
      case 'diff-editions':
        return diff(parseOptions(rest), host);
      case 'schema':
        host.stdout(editionJsonSchema());
        return EXIT_CLEAN;
      case 'help':
      case '--help':
      case '-h':
        host.stdout(USAGE);
        return EXIT_CLEAN;
      default:
        throw new UsageError(command === undefined ? '缺少命令' : `未知命令“${command}”`);
    }
  } catch (error) {
    if (error instanceof UsageError) host.stderr(`${error.message}\n\n${USAGE}`);
    else if (error instanceof FilingFormatError) host.stderr(`报表文件格式有误:\n${error.message}`);
    else if (error instanceof UnreadableFileError) host.stderr(error.message);
    else throw error;
    return EXIT_UNUSABLE;
  }
}
