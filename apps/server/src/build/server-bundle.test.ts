import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts } from '../db/seed/demo-accounts.ts';
import { exitCodeOf, freePort, startServerProcess, waitUntilReady } from '../test/server-process.ts';
import { bundleServer } from './server-bundle.ts';

// `npm start` runs the compiled bundle with plain node: no TypeScript loader, the workspace packages inside it,
// the workbook workers compiled beside it, a fresh PGlite folder initialised by the script copied beside it.

const serverDir = path.resolve(import.meta.dirname, '../..');

// Loaded before the bundle (and, through the inherited execArgv, in every worker thread): any import of tsx or
// of a .ts module fails, so a path that still needed a TypeScript loader at run time would fail the test.
const refusingTypeScript = `
export async function resolve(specifier, context, next) {
  if (specifier === 'tsx' || specifier.startsWith('tsx/') || /\\.[cm]?ts$/.test(specifier))
    throw new Error('TypeScript loaded at run time: ' + specifier);
  return next(specifier, context);
}`;
const refuseTypeScript = `import { register } from 'node:module'; register(${JSON.stringify(
  `data:text/javascript,${encodeURIComponent(refusingTypeScript)}`,
)});`;

describe('the compiled server (npm start)', () => {
  // Inside apps/server, so that the packages kept outside the bundle resolve from its node_modules as from dist/.
  const outDir = path.join(serverDir, 'dist', `test-${randomBytes(6).toString('hex')}`);
  let dataDir: string;
  let child: ChildProcess;
  let base: string;

  beforeAll(async () => {
    const main = await bundleServer(outDir);
    dataDir = await mkdtemp(path.join(tmpdir(), 'zhibao-bundle-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    child = startServerProcess({ dataDir }, port, {
      entry: ['--import', `data:text/javascript,${encodeURIComponent(refuseTypeScript)}`, main],
    });
    await waitUntilReady(base, child);
  });

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGTERM');
    if (child) await exitCodeOf(child);
    await rm(outDir, { recursive: true, force: true });
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('starts on a fresh data folder with the demo, signs in, and reads an uploaded workbook in its worker', async () => {
    const account = demoAccounts.find((candidate) => candidate.username === 'nanshan')!;
    const credentials = { username: account.username, password: account.password };
    const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${base}${url}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    expect((await post('/api/session/sms-code', credentials)).status).toBe(200);
    const outbox = await fetch(`${base}/api/dev/sms-outbox?username=${account.username}&limit=1`);
    const smsCode = ((await outbox.json()) as { items: Array<{ text: string }> }).items[0]!.text.match(
      /\d{6}/,
    )![0];
    const login = await post('/api/session', { ...credentials, smsCode });
    expect(login.status).toBe(200);
    const session = {
      cookie: login.headers
        .getSetCookie()
        .map((line) => line.split(';')[0])
        .join('; '),
      'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken,
    };

    const template = await fetch(`${base}/api/admin/enterprises/import-template`, {
      headers: { cookie: session.cookie },
    });
    expect(template.status).toBe(200);
    const preview = await post(
      '/api/admin/enterprises/import',
      {
        fileName: '企业名录导入模板.xlsx',
        contentBase64: Buffer.from(await template.arrayBuffer()).toString('base64'),
      },
      session,
    );
    // The template's example row is read by the compiled worker; its placeholder 统一社会信用代码 is refused by row.
    expect(preview.status).toBe(200);
    expect(JSON.stringify(await preview.json())).toContain('示例软件有限公司');
  });
});
