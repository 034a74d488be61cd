import type { AuditResult, Finding } from '../audit/audit.types.ts';
import { SEVERITY_LABELS } from '../audit/findings.ts';
import type { CellSelector, RuleDefinition, Severity, SurveyEdition } from '../definitions/survey.types.ts';
import {
  packagesInForce,
  type RuleSwitchChange,
  type RuleSwitchPackage,
} from '../definitions/rule-switches.ts';
import type { FilingDocument } from '../interchange/filing-document.ts';

// Text a person reads in a terminal: Chinese, grouped by severity, with the cells to look at.

const SEVERITIES: Severity[] = ['error', 'warning', 'hint'];

/** Counts findings (or rules) per severity. */
export function countBySeverity(items: ReadonlyArray<{ severity: Severity }>): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, hint: 0 };
  for (const item of items) counts[item.severity]++;
  return counts;
}

function periodLabel(document: FilingDocument): string {
  const kind = document.periodType === 'year' ? '年报' : '月报';
  if (document.period === undefined) return kind;
  const [year, month] = document.period.split('-');
  return month === undefined ? `${year}年${kind}` : `${year}年${month}月${kind}`;
}

function cellList(edition: SurveyEdition, finding: Finding): string {
  const byForm = new Map<string, string[]>();
  for (const cell of finding.cells) {
    const formName = edition.forms.find((form) => form.id === cell.formId)?.name ?? cell.formId;
    byForm.set(formName, [...(byForm.get(formName) ?? []), cell.key]);
  }
  return [...byForm].map(([formName, keys]) => `${formName} ${keys.join('、')}`).join(';');
}

/** The audit result as a person reads it. */
export function formatAuditReport(
  edition: SurveyEdition,
  document: FilingDocument,
  result: AuditResult,
): string {
  const counts = countBySeverity(result.findings);
  const basic = document.forms.basic;
  const name = document.enterprise?.name ?? (typeof basic?.B03 === 'string' ? basic.B03 : undefined);
  const uscc = document.enterprise?.uscc ?? (typeof basic?.B01 === 'string' ? basic.B01 : undefined);
  const lines = [
    '软件和信息技术服务业统计调查 · 审核结果',
    ...(name || uscc ? [`企业: ${[name, uscc && `(${uscc})`].filter(Boolean).join(' ')}`] : []),
    `报告期: ${periodLabel(document)} · 制度: ${edition.approvalNo}`,
    SEVERITIES.map((severity) => `${SEVERITY_LABELS[severity]} ${counts[severity]} 项`).join(' · '),
  ];
  for (const severity of SEVERITIES) {
    const findings = result.findings.filter((finding) => finding.severity === severity);
    if (findings.length === 0) continue;
    lines.push(
      '',
      severity === 'warning'
        ? `${SEVERITY_LABELS[severity]}(上报时须填写审核说明)`
        : SEVERITY_LABELS[severity],
    );
    findings.forEach((finding, i) => {
      lines.push(`  ${i + 1}. [${finding.ruleId}] ${finding.message}`);
      if (finding.cells.length > 0) lines.push(`     单元格: ${cellList(edition, finding)}`);
    });
  }
  const verdict =
    counts.error > 0
      ? '结论: 存在必改错误,不能上报。'
      : counts.warning > 0
        ? '结论: 存在严重警告,须填写审核说明后上报。'
        : '结论: 审核通过。';
  lines.push('', verdict);
  return lines.join('\n');
}

function describeSelector(selector: CellSelector): string {
  if ('rowsUnder' in selector) return `逐行: 第${selector.rowsUnder.join('、')}类下的各行`;
  if ('keys' in selector) return `逐项: ${selector.keys.join('、')}`;
  const names = {
    nonNegative: '不允许为负的各项',
    numeric: '填报的数值各项',
    required: '必填的各项',
    flow: '累计流量指标各项',
    codeList: '代码类各项',
    ofWhichParents: '有其中项的各项',
    typedTotals: '填报的合计项',
  } as const satisfies Record<Extract<CellSelector, { cells: string }>['cells'], string>;
  return `逐项: ${names[selector.cells]}`;
}

/** The rule list of an edition as a person reads it. */
export function formatRuleList(edition: SurveyEdition, rules: readonly RuleDefinition[]): string {
  const counts = countBySeverity(rules);
  const lines = [
    `${edition.name} (${edition.approvalNo})`,
    `共 ${rules.length} 条规则: ${SEVERITIES.map((severity) => `${SEVERITY_LABELS[severity]} ${counts[severity]}`).join(', ')}`,
    '',
    '参数:',
    ...edition.parameterDefinitions.map(
      (parameter) => `  $${parameter.name} = ${parameter.value}  ${parameter.description}`,
    ),
  ];
  for (const periodType of ['year', 'month'] as const) {
    const group = rules.filter((rule) => rule.periodType === periodType);
    if (group.length === 0) continue;
    lines.push('', periodType === 'year' ? '【年报】' : '【月报】');
    for (const rule of group) {
      const formName = edition.forms.find((form) => form.id === rule.form)?.name ?? rule.form;
      lines.push('', `${rule.id}  ${SEVERITY_LABELS[rule.severity]}  ${formName}  ${rule.title}`);
      if (rule.forEach) lines.push(`  范围: ${describeSelector(rule.forEach)}`);
      if (rule.when) lines.push(`  条件: ${rule.when}`);
      lines.push(
        `  公式: ${rule.formula}`,
        `  提示: ${rule.message}`,
        `  含义: ${rule.meaning}`,
        `  依据: ${rule.basis}`,
      );
    }
  }
  return lines.join('\n');
}

/** The summary table of a batch audit: one line per file with its counts and exit code. */
export function formatBatchSummary(
  audits: ReadonlyArray<{
    file: string;
    exitCode: number;
    enterprise?: string;
    period?: string;
    counts?: Record<Severity, number>;
  }>,
): string {
  const rows = audits.map((item) => [
    item.file,
    item.enterprise ?? '',
    item.period ?? '',
    ...SEVERITIES.map((severity) => (item.counts ? String(item.counts[severity]) : '—')),
    String(item.exitCode),
  ]);
  const head = [
    '文件',
    '企业',
    '报告期',
    ...SEVERITIES.map((severity) => SEVERITY_LABELS[severity]),
    '退出码',
  ];
  return [
    `汇总: ${audits.length} 个文件`,
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

/** A published switch package as the CLI reads it: the package, with its reason and publisher where known. */
export type RuleSwitchRecord = RuleSwitchPackage & {
  reason?: string;
  publishedBy?: string;
  publishedAt?: string;
};

function describeChange(change: RuleSwitchChange): string {
  switch (change.kind) {
    case 'rule-off':
      return `关闭 ${change.ruleId}`;
    case 'rule-on':
      return `恢复 ${change.ruleId}`;
    case 'rule-severity':
      return `${change.ruleId} 改为${SEVERITY_LABELS[change.severity]}`;
    case 'parameter':
      return `$${change.name} = ${change.value}`;
  }
}

/** The switch packages of an edition, each with its changes, reason and publisher; which hold for the period. */
export function formatSwitches(packages: readonly RuleSwitchRecord[], period: string | undefined): string {
  if (packages.length === 0) return '规则开关包: 无';
  const inForce = new Set(
    period === undefined ? [] : packagesInForce(packages[0]!.editionId, packages, period),
  );
  const lines = [period === undefined ? '规则开关包:' : `规则开关包(✓ 适用于报告期${period}):`];
  for (const each of packages) {
    const mark = period === undefined ? '' : inForce.has(each) ? '✓ ' : '  ';
    lines.push(
      `  ${mark}第${each.version}版 自${each.effectiveFrom}起  ${each.changes.map(describeChange).join('; ')}`,
    );
    if (each.reason) lines.push(`      原因: ${each.reason}`);
    if (each.publishedBy || each.publishedAt)
      lines.push(`      发布: ${[each.publishedBy, each.publishedAt].filter(Boolean).join(' ')}`);
  }
  return lines.join('\n');
}
