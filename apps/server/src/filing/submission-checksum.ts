import { createHash } from 'node:crypto';

/** JSON with every object's keys in code-point order, so equal values always give the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, each]) => each !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, each]) => `${JSON.stringify(key)}:${canonicalJson(each)}`).join(',')}}`;
}

/**
 * The checksum printed on a submission receipt: SHA-256 (hex) of the submitted values as canonical JSON. Anyone
 * holding the values of that revision can recompute it; a stored value changed afterwards no longer matches.
 */
export function submissionChecksum(values: unknown): string {
  return createHash('sha256').update(canonicalJson(values)).digest('hex');
}
