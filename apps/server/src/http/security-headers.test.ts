import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

/** The CSP as a map of directive → sources, so each rule can be asserted on its own. */
function policyOf(header: string | string[] | number | undefined): Map<string, string[]> {
  expect(typeof header).toBe('string');
  return new Map(
    String(header)
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

describe.each(databaseKinds)('security headers on %s', (kind) => {
  let t: TestApp;
  let proxied: TestApp;
  let webDistDir: string;

  beforeAll(async () => {
    webDistDir = await mkdtemp(path.join(tmpdir(), 'zhibao-dist-'));
    await writeFile(path.join(webDistDir, 'index.html'), '<!doctype html><div id="root"></div>');
    t = await createTestApp(kind, { webDistDir });
    proxied = await createTestApp(kind, { webDistDir, trustProxy: true });
  });
  afterAll(async () => {
    await t.close();
    await proxied.close();
    await rm(webDistDir, { recursive: true, force: true });
  });

  it('serves the web app under a CSP that allows only our own scripts and no framing', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/enterprise/filings' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<div id="root">');
    const policy = policyOf(page.headers['content-security-policy']);
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('script-src-attr')).toEqual(["'none'"]);
    expect(policy.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'self'"]);
    expect(policy.get('form-action')).toEqual(["'self'"]);
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('same-origin');
  });

  it('puts the same headers on API answers and on errors, next to the request id', async () => {
    for (const url of ['/api/session', '/api/no-such-route']) {
      const response = await t.app.inject({
        method: 'GET',
        url,
        headers: { 'x-request-id': 'trace-12345678' },
      });
      expect(response.statusCode).toBeGreaterThanOrEqual(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.headers['x-request-id']).toBe('trace-12345678');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(policyOf(response.headers['content-security-policy']).get('frame-ancestors')).toEqual([
        "'none'",
      ]);
    }
  });

  it('sends HSTS only when the request came over TLS', async () => {
    const plain = await t.app.inject({ method: 'GET', url: '/api/session' });
    expect(plain.headers['strict-transport-security']).toBeUndefined();

    // Without a trusted proxy, anybody could send X-Forwarded-Proto: it must not count.
    const forged = await t.app.inject({
      method: 'GET',
      url: '/api/session',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(forged.headers['strict-transport-security']).toBeUndefined();

    const viaProxy = await proxied.app.inject({
      method: 'GET',
      url: '/login',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(viaProxy.headers['strict-transport-security']).toBe('max-age=15552000; includeSubDomains');
    const proxiedPlain = await proxied.app.inject({ method: 'GET', url: '/login' });
    expect(proxiedPlain.headers['strict-transport-security']).toBeUndefined();
  });
});
