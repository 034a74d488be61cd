// Which check of a pass-up package import a refusal reports, and the refused field's name in words, read from
// the problem's invalid params (the package's JSON paths, e.g. payload.summaryTable.rows.0.figures.2.current).

/** The checks an import makes, in order, and the package fields whose refusal each one reports. */
export const checks = [
  { key: 'format', fields: ['(body)', 'format', 'version'] },
  { key: 'signature', fields: ['signature', 'payload.sender'] },
  { key: 'region', fields: ['payload.region'] },
  { key: 'edition', fields: ['payload.task', 'payload.passedUpAt', 'payload.snapshot'] },
  { key: 'table', fields: ['payload.summaryTable'] },
  { key: 'filings', fields: ['payload.filings'] },
] as const;
export type CheckKey = (typeof checks)[number]['key'];

/** The package field's name in words (地区代码, 签名 …), by the longest known prefix of its path. */
const fieldLabels = [
  ['(body)', 'body'],
  ['format', 'format'],
  ['version', 'version'],
  ['signature', 'signature'],
  ['payload.sender', 'sender'],
  ['payload.region', 'region'],
  ['payload.task.editionId', 'edition'],
  ['payload.task', 'task'],
  ['payload.passedUpAt', 'passedUpAt'],
  ['payload.snapshot', 'snapshot'],
  ['payload.summaryTable', 'summaryTable'],
  ['payload.filings', 'filings'],
] as const;
export type FieldLabelKey = (typeof fieldLabels)[number][1];

export function labelKeyOf(field: string): FieldLabelKey | undefined {
  return fieldLabels
    .filter(
      ([prefix]: readonly [string, FieldLabelKey]) => field === prefix || field.startsWith(`${prefix}.`),
    )
    .sort((a, b) => b[0].length - a[0].length)[0]?.[1];
}

export function failedCheckOf(fields: string[]): CheckKey | 'outdated' | null {
  for (const check of checks)
    if (
      fields.some((field) =>
        check.fields.some((prefix) => field === prefix || field.startsWith(`${prefix}.`)),
      )
    )
      return check.key;
  return null;
}
