/** The DOM id of a form cell, for focusing it from the audit panel. */
export function cellDomId(formId: string, key: string): string {
  return `cell-${formId}-${key.replace(/[^\w-]/g, '_')}`;
}
