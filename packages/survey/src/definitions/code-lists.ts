import type { CodeList } from './survey.types.ts';

/** Membership test of a list, built once: an entry of a closed list, or a match of an open list's pattern. */
export function codeListMatcher(list: CodeList): (code: string) => boolean {
  if (list.pattern !== undefined) {
    const pattern = new RegExp(list.pattern);
    return (code) => pattern.test(code);
  }
  const codes = new Set(list.entries.map((entry) => entry.code));
  return (code) => codes.has(code);
}

/** Label of a code, or undefined when the list does not name it. */
export function codeLabel(list: CodeList, code: string): string | undefined {
  return list.entries.find((entry) => entry.code === code)?.label;
}
