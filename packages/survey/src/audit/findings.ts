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
