import type { FastifyInstance } from 'fastify';
import { AppError } from './app-error.ts';

/**
 * Text no field may hold: NUL, which PostgreSQL stores in neither text nor jsonb, and a UTF-16 surrogate without
 * its pair, which is no character at all (jsonb refuses it, UTF-8 cannot encode it). Either used to reach the
 * database and come back as a 500 from 14 endpoints, login included.
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for.
const unsafeCharacter = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const unsafeTextReason = '含有无法保存的字符（空字符或残缺的 Unicode 字符），请删除后重新提交';

/** True when the text holds a NUL or an unpaired surrogate. */
export function hasUnsafeCharacter(text: string): boolean {
  return unsafeCharacter.test(text);
}

/**
 * The path of the first string (or object key) in a parsed JSON value that holds an unsafe character, or null.
 * A key at fault is named by its object's path. Iterative, so a deeply nested body cannot exhaust the stack.
 */
export function findUnsafeText(value: unknown): { path: string[]; isKey: boolean } | null {
  const pending: Array<{ value: unknown; path: string[] }> = [{ value, path: [] }];
  while (pending.length > 0) {
    const { value: current, path } = pending.pop()!;
    if (typeof current === 'string') {
      if (hasUnsafeCharacter(current)) return { path, isKey: false };
    } else if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index -= 1) {
        pending.push({ value: current[index], path: [...path, String(index)] });
      }
    } else if (current !== null && typeof current === 'object' && !Buffer.isBuffer(current)) {
      const entries = Object.entries(current);
      for (const [key] of entries) if (hasUnsafeCharacter(key)) return { path, isKey: true };
      for (let index = entries.length - 1; index >= 0; index -= 1) {
        const [key, inner] = entries[index]!;
        pending.push({ value: inner, path: [...path, key] });
      }
    }
  }
  return null;
}

function refuse(name: string, isKey: boolean): AppError {
  const reason = isKey ? `字段名${unsafeTextReason}` : unsafeTextReason;
  return new AppError('VALIDATION_FAILED', `请求内容有误：${name} ${reason}`, [{ name, reason }]);
}

/**
 * Refuses, before any route sees them, a body, query or path parameter holding NUL or an unpaired surrogate,
 * as a 400 naming the field: one check for every route, so none can forget it. Runs after authentication, so
 * strangers still get 401 first. Multipart fields are read by the route itself and checked there.
 */
export function installTextSafety(app: FastifyInstance): void {
  app.addHook('preHandler', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const parts: Array<[value: unknown, whole: string]> = [
      [request.params, '(url)'],
      [request.query, '(query)'],
      [request.body, '(body)'],
    ];
    for (const [value, whole] of parts) {
      const found = findUnsafeText(value);
      if (found) throw refuse(found.path.join('.') || whole, found.isKey);
    }
  });
}
