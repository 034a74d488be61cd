import type { Finding } from '@zhibao/survey';

/**
 * The key a 审核说明 is stored under: the rule and the cells its instance reads. Must stay equal to the
 * server's `explanationKey` (apps/server/src/filing/filing-values.ts), which checks the explanations.
 */
export function explanationKey(finding: Pick<Finding, 'ruleId' | 'cells'>): string {
  return `${finding.ruleId}:${finding.cells.map((cell) => `${cell.formId}.${cell.key}`).join('+')}`;
}

/** The DOM id of a form cell, for focusing it from the audit panel. */
export function cellDomId(formId: string, key: string): string {
  return `cell-${formId}-${key.replace(/[^\w-]/g, '_')}`;
}
