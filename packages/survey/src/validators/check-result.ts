/** Outcome of a code check; `reason` is a zh-CN sentence the form can show as it is. */
export type CheckResult = { ok: true } | { ok: false; reason: string };

export const OK: CheckResult = Object.freeze({ ok: true });

/** A failed check with its reason. */
export function invalid(reason: string): CheckResult {
  return { ok: false, reason };
}
