import { randomUUID } from 'node:crypto';
import { createSampleFiling, getEdition } from '@zhibao/survey';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildImportTemplate } from '../enterprise/enterprise-workbook.ts';
import {
  createAdmin,
  createEnterprise,
  createFiler,
  createFiling,
  createTask,
  userIdOf,
} from '../test/factories.ts';
import { multipart, sampleFiles } from '../test/account-flows.ts';
import { createTestApp, signIn, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';
import { deflatedRepeat, zipOf } from '../test/zip-fixtures.ts';

/**
 * Property-based fuzzing of every API route that takes input, read from Fastify's route catalog so
 * routes added later are fuzzed too. Whatever the body, query or uploaded workbook, the server must
 * answer: never a 5xx; every refusal problem+json with a message; every 400 naming at least one field.
 */

type Json = unknown;

// Strings that have broken parsers, databases and renderers before.
const nastyStrings = [
  '',
  ' ',
  '\u0000',
  '\uFFFF\uD800',
  '😀'.repeat(500),
  '𠮷野家'.repeat(50),
  'x'.repeat(300_000),
  "' OR '1'='1' --",
  '"; DROP TABLE filings; --',
  '<img src=x onerror=alert(1)>',
  '../../../../etc/passwd',
  '%00%ff%fe',
  '${jndi:ldap://x}',
  '1e309',
  'NaN',
  '-0',
  '2026-02-30',
  '00000000-0000-0000-0000-000000000000',
];

const weirdValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(...nastyStrings),
  fc.constantFrom<Json>(null, true, false, 0, -1, 1e308, -1e308, 2 ** 53 + 1, 0.1, [], {}),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.jsonValue({ maxDepth: 3 }),
);

const pollutionKeys = ['__proto__', 'constructor', 'prototype'];

/** Every path to a value inside a JSON body, so a mutation can land anywhere in it. */
function pathsOf(value: Json, prefix: string[] = []): string[][] {
  const here = [prefix];
  if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) here.push(...pathsOf(inner, [...prefix, key]));
  }
  return here;
}

function mutate(body: Json, pick: number, action: 'replace' | 'delete' | 'pollute', replacement: Json): Json {
  const copy = structuredClone(body) as Record<string, Json>;
  const paths = pathsOf(copy);
  const path = paths[pick % paths.length]!;
  if (path.length === 0) return action === 'replace' ? replacement : copy;
  const parent = path.slice(0, -1).reduce<Json>((node, key) => (node as Record<string, Json>)[key], copy);
  const key = path.at(-1)!;
  const target = parent as Record<string, Json>;
  if (action === 'replace') target[key] = replacement;
  else if (action === 'delete') delete target[key];
  else
    Object.defineProperty(target, pollutionKeys[pick % 3]!, {
      value: { isAdmin: true, polluted: 1 },
      enumerable: true,
    });
  return copy;
}

const mutationOf = (bases: Json[]) =>
  fc
    .tuple(
      fc.constantFrom(...bases),
      fc.nat(),
      fc.constantFrom<'replace' | 'delete' | 'pollute'>('replace', 'replace', 'delete', 'pollute'),
      weirdValue,
    )
    .map(([base, pick, action, replacement]) => mutate(base, pick, action, replacement));

interface Payload {
  /** A JSON value to send, or raw text sent as the JSON it claims to be. */
  json?: Json;
  raw?: string;
}

const payloadOf = (bases: Json[]): fc.Arbitrary<Payload> =>
  fc.oneof(
    { weight: 4, arbitrary: mutationOf(bases).map((json) => ({ json })) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((json) => ({ json })) },
    { weight: 1, arbitrary: fc.string({ maxLength: 60 }).map((raw) => ({ raw })) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        { raw: '{"__proto__":{"isAdmin":true},"values":{}}' },
        { raw: '{"constructor":{"prototype":{"polluted":1}}}' },
        { raw: '{"a":' },
        { raw: '[' + '['.repeat(5000) },
        { raw: '\uFEFF{}' },
      ),
    },
  );

const queryNames = [
  'page',
  'pageSize',
  'keyword',
  'taskId',
  'status',
  'period',
  'periodType',
  'regionCode',
  'ids',
  'limit',
  'level',
  'from',
  'to',
  'formId',
  'revision',
  'a',
  'b',
];

const queryOf: fc.Arbitrary<string> = fc
  .dictionary(
    fc.constantFrom(...queryNames),
    fc.oneof(
      fc.constantFrom(...nastyStrings.filter((text) => text.length < 1000)),
      fc.string({ maxLength: 20 }),
    ),
    { maxKeys: 4 },
  )
  .map((query) => new URLSearchParams(query).toString());

function isProblem(response: LightMyRequestResponse): boolean {
  return /^application\/problem\+json/.test(String(response.headers['content-type']));
}

describe.each(databaseKinds)('bad input on %s', (kind) => {
  let t: TestApp;
  const actors = {} as Record<'filer' | 'county' | 'ministry', SignedIn>;
  const ids = {} as Record<'taskId' | 'filingId' | 'enterpriseId' | 'userId', string>;
  const seedBodies = new Map<string, Json[]>();
  let fuzzedRequests = 0;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const enterprise = await createEnterprise(t.ctx.db, {
      regionCode: '440305',
      name: '模糊测试软件有限公司',
    });
    const filer = await createFiler(t.ctx.db, enterprise);
    const county = await createAdmin(t.ctx.db, { adminLevel: 'county', regionCode: '440305' });
    const ministry = await createAdmin(t.ctx.db, { adminLevel: 'ministry', regionCode: '000000' });
    const task = await createTask(t.ctx.db, { periodType: 'month', period: '2026-05' });
    const filerUserId = await userIdOf(t.ctx.db, filer.username);
    const submittedTask = await createTask(t.ctx.db, { periodType: 'month', period: '2026-04' });
    const submitted = await createFiling(t.ctx.db, {
      taskId: submittedTask.id,
      enterpriseId: enterprise.id,
      userId: filerUserId,
      status: 'submitted',
    });
    Object.assign(ids, {
      taskId: task.id,
      filingId: submitted.id,
      enterpriseId: enterprise.id,
      userId: filerUserId,
    });
    actors.filer = await signIn(t.app, filer.username, filer.password);
    actors.county = await signIn(t.app, county.username, county.password);
    actors.ministry = await signIn(t.app, ministry.username, ministry.password);

    // Valid bodies of the main routes, so mutations reach past the first check.
    const values = createSampleFiling(getEdition(), { periodType: 'month', seed: 5, monthIndex: 5 });
    const workbook = (await buildImportTemplate()).toString('base64');
    seedBodies.set('PUT /api/enterprise/tasks/:taskId/filing', [{ version: null, values }]);
    seedBodies.set('POST /api/enterprise/tasks/:taskId/filing/submit', [
      { version: null, values, explanations: { 'rule:monthly.2010': '说明' } },
    ]);
    seedBodies.set('POST /api/admin/enterprises/import', [
      { fileName: '名录.xlsx', contentBase64: workbook },
    ]);
    seedBodies.set('POST /api/session', [
      { username: filer.username, password: filer.password, smsCode: '123456' },
    ]);
    seedBodies.set('POST /api/admin/tasks', [
      {
        periodType: 'month',
        period: '2031-01',
        name: '[部级]模糊测试月报',
        scopeRegionCodes: ['440305'],
        opensAt: new Date().toISOString(),
        closesAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
    ]);
    seedBodies.set('POST /api/admin/review/filings/:filingId/return', [
      { version: 1, reason: '请核实', cellComments: { 'monthly.2010': '不符' } },
    ]);
  });
  afterAll(() => t.close());

  const fuzzableRoutes = () =>
    t.app.routeCatalog
      .filter((route) => route.url.startsWith('/api/'))
      // Logging out (DELETE /api/session, POST /api/identity/logout) ends the session the fuzzing runs in; it
      // takes no input to fuzz.
      .filter((route) => route.policy !== 'session.end');

  function actorFor(url: string): SignedIn {
    if (url.startsWith('/api/admin/tasks') || url.startsWith('/api/admin/review-chains'))
      return actors.ministry;
    return url.startsWith('/api/admin/') ? actors.county : actors.filer;
  }

  function fill(url: string): string {
    return url.replace(/:(\w+)/g, (_, name: string) => {
      if (name === 'provinceCode') return '440000';
      return name in ids ? ids[name as keyof typeof ids] : randomUUID();
    });
  }

  async function send(method: string, url: string, payload?: Payload): Promise<LightMyRequestResponse> {
    fuzzedRequests += 1;
    const who = actorFor(url);
    return t.app.inject({
      method: method as 'POST',
      url,
      headers: {
        cookie: who.cookie,
        'x-csrf-token': who.csrfToken,
        ...(payload ? { 'content-type': 'application/json' } : {}),
      },
      ...(payload ? { payload: payload.raw ?? JSON.stringify(payload.json) } : {}),
    });
  }

  /** What every answer owes the client, whatever it was sent. */
  function expectHonestAnswer(response: LightMyRequestResponse, label: string): void {
    expect(response.statusCode, `${label} → ${response.body.slice(0, 300)}`).toBeLessThan(500);
    if (response.statusCode < 400) return;
    expect(isProblem(response), `${label} answers problem+json`).toBe(true);
    const problem = response.json<{ detail?: unknown; code?: unknown; invalidParams?: unknown }>();
    expect(typeof problem.detail === 'string' && problem.detail.length > 0, `${label} has a message`).toBe(
      true,
    );
    expect(typeof problem.code, `${label} has a code`).toBe('string');
    if (response.statusCode === 400) {
      const params = problem.invalidParams as Array<{ name?: unknown; reason?: unknown }> | undefined;
      expect(
        Array.isArray(params) && params.length > 0,
        `${label} names a field: ${response.body.slice(0, 300)}`,
      ).toBe(true);
      for (const param of params!) {
        expect(typeof param.name === 'string' && param.name.length > 0, `${label} field name`).toBe(true);
        expect(typeof param.reason === 'string' && param.reason.length > 0, `${label} field reason`).toBe(
          true,
        );
      }
    }
  }

  it('answers every body sent to every state-changing route without a 5xx, naming the field at fault', async () => {
    const routes = fuzzableRoutes().filter((route) => route.method !== 'GET');
    expect(routes.length).toBeGreaterThan(30);
    for (const route of routes) {
      const url = fill(route.url);
      const label = `${route.method} ${route.url}`;
      // The fields a route asks for, learnt from its answer to an empty body, seed the mutations.
      const probe = await send(route.method, url, { json: {} });
      expectHonestAnswer(probe, `${label} {}`);
      const asked = (
        (probe.body ? probe.json<{ invalidParams?: Array<{ name: string }> }>() : {}).invalidParams ?? []
      ).map((param) => param.name.split('.')[0]!);
      const learnt = Object.fromEntries(asked.filter((name) => name !== '(body)').map((name) => [name, 'x']));
      const bases: Json[] = [learnt, ...(seedBodies.get(label) ?? [])];
      await fc.assert(
        fc.asyncProperty(payloadOf(bases), async (payload) => {
          expectHonestAnswer(await send(route.method, url, payload), label);
        }),
        { numRuns: seedBodies.has(label) ? 60 : 25, seed: 20261123, endOnFailure: true },
      );
    }
    // No body may have reached Object.prototype.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  }, 240_000);

  it('answers every query string sent to every read route without a 5xx, naming the parameter at fault', async () => {
    const routes = fuzzableRoutes().filter((route) => route.method === 'GET');
    for (const route of routes) {
      const url = fill(route.url);
      await fc.assert(
        fc.asyncProperty(queryOf, async (query) => {
          expectHonestAnswer(await send('GET', `${url}?${query}`), `GET ${route.url}?${query}`);
        }),
        { numRuns: 10, seed: 20261123, endOnFailure: true },
      );
    }
    // Ids that are not ids, in the path itself.
    for (const route of routes.filter((candidate) => candidate.url.includes('/:'))) {
      for (const id of ['1', "1' OR '1'='1", '%E0%A4%A', '..%2F..%2Fetc']) {
        const url = route.url.replace(/:(\w+)/g, id);
        expectHonestAnswer(await send('GET', url), `GET ${url}`);
      }
    }
  }, 240_000);

  it('reads any uploaded workbook, however broken, into a clear refusal or a result', async () => {
    const template = await buildImportTemplate();
    const wellFormed = async (cells: unknown[][]) => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('企业名录');
      for (const row of cells) sheet.addRow(row);
      return Buffer.from(await workbook.xlsx.writeBuffer());
    };
    const cellValue = fc.oneof(
      fc.constantFrom<unknown>(...nastyStrings.filter((text) => text.length < 1000), null, 0, -1, 1e20, true),
      fc.string({ maxLength: 30 }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.date({ noInvalidDate: true }),
    );
    type Upload = { bytes: Buffer } | { rows: unknown[][] };
    const headerRow = ['统一社会信用代码', '企业名称', '行政区划代码', '法定代表人', '行业代码'];
    const upload: fc.Arbitrary<Upload> = fc.oneof(
      // Random bytes, and the template with bytes overwritten or cut short.
      fc.uint8Array({ maxLength: 2000 }).map((bytes) => ({ bytes: Buffer.from(bytes) })),
      fc
        .tuple(fc.nat({ max: template.length - 1 }), fc.integer({ min: 0, max: 255 }), fc.nat({ max: 64 }))
        .map(([at, byte, span]) => {
          const bytes = Buffer.from(template);
          bytes.fill(byte, at, Math.min(at + span, bytes.length));
          return { bytes };
        }),
      fc.nat({ max: template.length }).map((length) => ({ bytes: template.subarray(0, length) })),
      // Well-formed workbooks whose cells are anything at all, under the template's header or none.
      fc
        .tuple(fc.boolean(), fc.array(fc.array(cellValue, { maxLength: 14 }), { maxLength: 6 }))
        .map(([withHeader, rows]) => ({ rows: withHeader ? [headerRow, ...rows] : rows })),
    );
    await fc.assert(
      fc.asyncProperty(upload, fc.boolean(), async (generated, toFilingImport) => {
        const content = 'bytes' in generated ? generated.bytes : await wellFormed(generated.rows);
        const contentBase64 = content.toString('base64') || 'AA==';
        const response = toFilingImport
          ? await send('POST', `/api/enterprise/tasks/${ids.taskId}/filing/import`, {
              json: { fileName: '模板.xlsx', contentBase64 },
            })
          : await send('POST', '/api/admin/enterprises/import', {
              json: { fileName: '名录.xlsx', contentBase64 },
            });
        expectHonestAnswer(response, toFilingImport ? 'filing import' : 'directory import');
      }),
      { numRuns: 120, seed: 20261123, endOnFailure: true },
    );
    expect(fuzzedRequests).toBeGreaterThan(1500);
  }, 240_000);

  it('refuses NUL and unpaired surrogates in every string field of every route with a 400 naming the field', async () => {
    // Issue 14, finding 7: these reached PostgreSQL (which stores neither) and came back as 500s.
    const unsafeTexts = ['a\u0000b', '\ud800', 'x\udc00y', '\udbff'];
    const stringPathsOf = (value: Json, path: string[] = []): string[][] =>
      typeof value === 'string'
        ? [path]
        : value && typeof value === 'object'
          ? Object.entries(value).flatMap(([key, inner]) => stringPathsOf(inner, [...path, key]))
          : [];
    const withTextAt = (body: Json, path: string[], text: string): Json => {
      const copy = structuredClone(body) as Record<string, Json>;
      const parent = path.slice(0, -1).reduce<Json>((node, key) => (node as Record<string, Json>)[key], copy);
      (parent as Record<string, Json>)[path.at(-1)!] = text;
      return copy;
    };
    function expectFieldNamed(response: LightMyRequestResponse, name: string, label: string) {
      expect(response.statusCode, `${label} → ${response.body.slice(0, 300)}`).toBe(400);
      const named = response.json<{ invalidParams?: Array<{ name: string }> }>().invalidParams ?? [];
      expect(
        named.map((param) => param.name),
        `${label} names ${name}`,
      ).toContain(name);
    }
    let checkedFields = 0;
    for (const route of fuzzableRoutes().filter((candidate) => candidate.method !== 'GET')) {
      const url = fill(route.url);
      const label = `${route.method} ${route.url}`;
      const probe = await send(route.method, url, { json: {} });
      const asked = (
        (probe.body ? probe.json<{ invalidParams?: Array<{ name: string }> }>() : {}).invalidParams ?? []
      )
        .map((param) => param.name.split('.')[0]!)
        .filter((name) => name !== '(body)');
      const learnt = Object.fromEntries(asked.map((name) => [name, 'x']));
      for (const base of [learnt, ...(seedBodies.get(label) ?? [])]) {
        for (const path of stringPathsOf(base)) {
          checkedFields += 1;
          for (const text of unsafeTexts) {
            const response = await send(route.method, url, { json: withTextAt(base, path, text) });
            expectFieldNamed(response, path.join('.'), `${label} ${path.join('.')}=${JSON.stringify(text)}`);
          }
        }
      }
    }
    expect(checkedFields).toBeGreaterThan(40);
    // Object keys, path parameters and query parameters too.
    const draft = await send('PUT', `/api/enterprise/tasks/${ids.taskId}/filing`, {
      json: { version: null, values: { monthly: { '20\u000010': 1 } } },
    });
    expectFieldNamed(draft, 'values.monthly', 'a key holding NUL');
    // A form's fields, read by the upload route itself.
    const form = multipart(
      { kind: 'identity\u0000document' },
      { file: { fileName: 'scan.pdf', content: sampleFiles.pdf } },
    );
    const upload = await t.app.inject({
      method: 'POST',
      url: '/api/account/documents',
      payload: form.payload,
      headers: { ...form.headers, cookie: actors.filer.cookie, 'x-csrf-token': actors.filer.csrfToken },
    });
    expectFieldNamed(upload, 'kind', 'a form field holding NUL');
    for (const route of fuzzableRoutes().filter((candidate) => candidate.method === 'GET')) {
      const query = await send('GET', `${fill(route.url)}?keyword=%00`);
      expectFieldNamed(query, 'keyword', `GET ${route.url}?keyword=%00`);
      for (const param of route.url.match(/:\w+/g) ?? []) {
        const url = fill(route.url.replace(param, '%00'));
        expectFieldNamed(await send('GET', url), param.slice(1), `GET ${url}`);
      }
    }
  }, 240_000);

  it('refuses a JSON body over the limit with 413 and says the limit', async () => {
    const response = await send('PUT', `/api/enterprise/tasks/${ids.taskId}/filing`, {
      json: { version: null, values: { monthly: { '2010': 'x'.repeat(3 * 1024 * 1024) } } },
    });
    expect(response.statusCode).toBe(413);
    expect(isProblem(response)).toBe(true);
    expect(response.json()).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      detail: '提交的内容超过 2 MB 的上限，请减少内容或分批提交',
      invalidParams: [{ name: '(body)' }],
    });
  });

  it('refuses an upload form larger than two files on its declared length, before reading it', async () => {
    const upload = multipart(
      { kind: 'identity_document' },
      {
        file: {
          fileName: 'scan.pdf',
          content: Buffer.concat([sampleFiles.pdf, Buffer.alloc(11 * 1024 * 1024)]),
        },
      },
    );
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/account/documents',
      payload: upload.payload,
      headers: { ...upload.headers, cookie: actors.filer.cookie, 'x-csrf-token': actors.filer.csrfToken },
    });
    expect(response.statusCode).toBe(413);
    // The form-level message, not the per-file one: the parts were never parsed.
    expect(response.json()).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      detail: '上传的文件合计不能超过 10.1 MB',
      invalidParams: [{ name: '(body)' }],
    });
  });

  it('refuses a zip bomb uploaded as a directory or a filled template, naming the file', async () => {
    const bomb = zipOf([
      { name: 'xl/worksheets/sheet1.xml', ...(await deflatedRepeat(Buffer.alloc(1024 * 1024, 0x20), 200)) },
    ]);
    const contentBase64 = bomb.toString('base64');
    const directory = await send('POST', '/api/admin/enterprises/import', {
      json: { fileName: '名录.xlsx', contentBase64 },
    });
    expect(directory.statusCode).toBe(400);
    expect(directory.json().invalidParams).toEqual([
      { name: 'contentBase64', reason: '文件解压后超过 50 MB，疑似压缩炸弹，已拒绝' },
    ]);
    const template = await send('POST', `/api/enterprise/tasks/${ids.taskId}/filing/import`, {
      json: { fileName: '模板.xlsx', contentBase64 },
    });
    expect(template.statusCode).toBe(400);
    expect(template.json().invalidParams).toEqual([
      { name: '(文件)', reason: '文件解压后超过 50 MB，疑似压缩炸弹，已拒绝' },
    ]);
  });
});
