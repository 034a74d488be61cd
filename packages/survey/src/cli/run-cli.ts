import { auditFiling } from '../audit/audit-filing.ts';
import { getEdition } from '../definitions/editions.ts';
import type { PeriodType, SurveyEdition } from '../definitions/survey.types.ts';
import { FilingFormatError, parseFilingDocument } from '../interchange/filing-document.ts';
import { readFilingFile, UnreadableFileError } from './filing-readers.ts';
import { countBySeverity, formatAuditReport, formatRuleList } from './format-output.ts';

/** What the CLI needs from its host; main.ts passes Node's, tests pass fakes. */
export interface CliHost {
  readFile(path: string): Promise<Uint8Array>;
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Exit codes: findings decide 0–2; 3 means the command could not run (usage, unreadable or malformed file). */
const EXIT_CLEAN = 0;
const EXIT_WARNINGS = 1;
const EXIT_ERRORS = 2;
const EXIT_UNUSABLE = 3;

const USAGE = `用法:
  zhibao audit FILE [--json] [--edition ID]   审核一份报表(JSON交换格式),输出审核结果
  zhibao rules [--edition ID] [--period-type year|month] [--json]   列出审核规则
  zhibao help

audit 的退出码: 0 通过(或仅有提示), 1 仅有严重警告, 2 有必改错误, 3 文件无法读取或格式有误。`;

class UsageError extends Error {}

interface Options {
  positional: string[];
  json: boolean;
  edition?: string;
  periodType?: PeriodType;
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
    else if (arg === '--period-type') {
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

async function audit(options: Options, host: CliHost): Promise<number> {
  const [path, ...rest] = options.positional;
  if (path === undefined || rest.length > 0) throw new UsageError('audit需要且只需要一个文件');
  let bytes: Uint8Array;
  try {
    bytes = await host.readFile(path);
  } catch (error) {
    throw new UnreadableFileError(`无法读取${path}: ${(error as Error).message}`);
  }
  const { document, edition, input } = parseFilingDocument(
    readFilingFile(path, bytes),
    editionOption(options),
  );
  const result = auditFiling(edition, input);
  const counts = countBySeverity(result.findings);
  const exitCode = counts.error > 0 ? EXIT_ERRORS : counts.warning > 0 ? EXIT_WARNINGS : EXIT_CLEAN;
  if (options.json) {
    const report = {
      edition: edition.id,
      periodType: document.periodType,
      period: document.period ?? null,
      exitCode,
      counts,
      ...result,
    };
    host.stdout(JSON.stringify(report, null, 2));
  } else {
    host.stdout(formatAuditReport(edition, document, result));
  }
  return exitCode;
}

function listRules(options: Options, host: CliHost): number {
  if (options.positional.length > 0) throw new UsageError('rules不接受文件参数');
  const edition = editionOption(options) ?? getEdition();
  const rules = edition.rules.filter(
    (rule) => options.periodType === undefined || rule.periodType === options.periodType,
  );
  if (options.json) {
    host.stdout(
      JSON.stringify(
        { edition: edition.id, approvalNo: edition.approvalNo, parameters: edition.parameters, rules },
        null,
        2,
      ),
    );
  } else {
    host.stdout(formatRuleList(edition, rules));
  }
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
        return listRules(parseOptions(rest), host);
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
