/** What the filer typed into a number cell: a number, blank, or text that is not a number. */
export type ParsedCellInput = { kind: 'number'; value: number } | { kind: 'blank' } | { kind: 'invalid' };

/** Reads a typed number, accepting thousands separators (1,234.5) and full-width digits and commas. */
export function parseCellInput(text: string): ParsedCellInput {
  const normalized = text
    .replace(/[\uFF10-\uFF19]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0))
    .replace(/[，,\s]/g, '')
    .replace(/．/g, '.')
    .replace(/－/g, '-');
  if (normalized === '') return { kind: 'blank' };
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(normalized)) return { kind: 'invalid' };
  return { kind: 'number', value: Number(normalized) };
}
