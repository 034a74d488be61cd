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

// Characters that show nothing on their own: whitespace, control and format characters (zero-width space and
// joiners, direction marks, word joiner, BOM, soft hyphen …), lone combining marks, Hangul fillers, braille blank.
const INVISIBLE = /[\s\p{Cc}\p{Cf}\p{M}\u2060-\u206F\u115F\u1160\u3164\uFFA0\u2800]/gu;

/** True when a text shows something to a reader: a 审核说明 of only spaces or zero-width characters does not. */
export function hasVisibleText(text: string | null | undefined): boolean {
  return (text ?? '').replace(INVISIBLE, '') !== '';
}
