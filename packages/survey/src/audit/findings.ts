import type { Severity } from '../definitions/survey.types.ts';
import type { Finding } from './audit.types.ts';

/** zh-CN names of the severities as the ministry's system shows them. */
export const SEVERITY_LABELS: Readonly<Record<Severity, string>> = {
  error: '必改错误',
  warning: '严重警告',
  hint: '提示',
};

/** True when a finding blocks submission (必改错误). */
export function hasBlockingErrors(findings: readonly Finding[]): boolean {
  return findings.some((finding) => finding.severity === 'error');
}

/** The serious warnings the filer must explain in writing before submitting. */
export function warningsNeedingExplanation(findings: readonly Finding[]): Finding[] {
  return findings.filter((finding) => finding.severity === 'warning');
}

/**
 * The key a written explanation (审核说明) of a serious warning is stored under: the rule and the cells its
 * instance reads, stable while the filer edits values (the message, which quotes values, is not).
 */
export function explanationKey(finding: Pick<Finding, 'ruleId' | 'cells'>): string {
  return `${finding.ruleId}:${finding.cells.map((cell) => `${cell.formId}.${cell.key}`).join('+')}`;
}
