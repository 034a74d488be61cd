import type { CellValues } from '../db/schema.ts';

/**
 * When submissions from one place suggest filing on behalf of others (代报): this many different enterprises
 * submitting from one address within this many minutes of each other.
 */
export const sameSourceRule = { windowMinutes: 30, minEnterprises: 3 };

export interface SubmissionSource {
  filingId: string;
  enterpriseId: string;
  enterpriseName: string;
  ip: string | null;
  userAgent: string | null;
  at: Date;
}

/**
 * A loopback address means the server cannot see the filer's address (a local test, or a reverse proxy
 * without TRUST_PROXY), so it says nothing about who filed.
 */
export function isTellingAddress(ip: string | null): ip is string {
  return ip !== null && ip !== '' && ip !== '::1' && !ip.startsWith('127.') && !ip.startsWith('::ffff:127.');
}

/**
 * 代报 signal of one submission: other enterprises that submitted from the same address within the window;
 * null below the rule's count. Names the others and says when the browser was the same too.
 */
export function sameSourceSignal(
  own: Omit<SubmissionSource, 'filingId' | 'enterpriseName'>,
  submissions: readonly SubmissionSource[],
  rule = sameSourceRule,
): string | null {
  if (!isTellingAddress(own.ip)) return null;
  const windowMs = rule.windowMinutes * 60_000;
  const near = submissions.filter(
    (other) =>
      other.enterpriseId !== own.enterpriseId &&
      other.ip === own.ip &&
      Math.abs(other.at.getTime() - own.at.getTime()) <= windowMs,
  );
  const others = new Map<string, { name: string; isSameBrowser: boolean }>();
  for (const other of near) {
    const isSameBrowser = own.userAgent !== null && other.userAgent === own.userAgent;
    const known = others.get(other.enterpriseId);
    others.set(other.enterpriseId, {
      name: other.enterpriseName,
      isSameBrowser: isSameBrowser || (known?.isSameBrowser ?? false),
    });
  }
  if (others.size + 1 < rule.minEnterprises) return null;
  const names = [...others.values()].map((other) => other.name);
  const shown =
    names.length > 5 ? `${names.slice(0, 5).join('、')}等${names.length}家企业` : names.join('、');
  const place = [...others.values()].every((other) => other.isSameBrowser)
    ? `同一IP地址（${own.ip}）和同一浏览器`
    : `同一IP地址（${own.ip}）`;
  return `${rule.windowMinutes}分钟内共有${others.size + 1}家企业从${place}上报（另有${shown}），请核实是否代报`;
}

// Keys sorted so two filings with the same values compare equal however their JSON was written.
function canonicalJson(values: CellValues): string {
  const forms = Object.keys(values).sort();
  return JSON.stringify(
    forms.map((form) => {
      const cells = values[form] ?? {};
      return [
        form,
        Object.keys(cells)
          .sort()
          .map((key) => [key, cells[key]]),
      ];
    }),
  );
}

/** 代报 signal of a filing whose every value is the same as those of these enterprises' filings. */
export function identicalValuesSignal(twinNames: readonly string[]): string {
  return `与${twinNames.join('、')}填报的数值完全相同，请核实是否代报`;
}

/** 代报 signal of identical values: the other filings among `filings` whose every value is the same. */
export function identicalValuesSignals(
  filings: ReadonlyArray<{ id: string; enterprise_name: string; cell_values: CellValues }>,
): Map<string, string> {
  const byValues = new Map<string, Array<(typeof filings)[number]>>();
  for (const filing of filings) {
    const key = canonicalJson(filing.cell_values);
    byValues.set(key, [...(byValues.get(key) ?? []), filing]);
  }
  const signals = new Map<string, string>();
  for (const filing of filings) {
    const twins = (byValues.get(canonicalJson(filing.cell_values)) ?? []).filter(
      (other) => other.id !== filing.id,
    );
    if (twins.length > 0) {
      signals.set(filing.id, identicalValuesSignal(twins.map((twin) => twin.enterprise_name)));
    }
  }
  return signals;
}
