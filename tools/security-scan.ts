/**
 * `npm run security:scan`: starts the real server on a throw-away PGlite folder with the demo data,
 * signs in as the enterprise filer and an administrator through the API, and runs sqlmap (Debian's
 * package) against the main endpoints with the session cookie and the CSRF token. Prints what was
 * tested and what was found; exits 1 if any parameter is injectable, 2 if the scan could not run.
 * Not part of `npm test`: it takes minutes and needs sqlmap installed.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../apps/server/src/config.ts';
import { demoPassword } from '../apps/server/src/db/seed/demo-accounts.ts';
import { sessionCookieName } from '../apps/server/src/http/session-cookie.ts';
import { startServer } from '../apps/server/src/server.ts';

const sqlmapPath =
  [process.env.SQLMAP_PATH, '/usr/bin/sqlmap', '/usr/local/bin/sqlmap'].find(
    (candidate): candidate is string => !!candidate && existsSync(candidate),
  ) ?? null;
/** sqlmap's full output per endpoint, for a person to read (test-results/ is not committed). */
const logDir = path.resolve(import.meta.dirname, '../test-results/security-scan');
/** Each target gets at most this long; sqlmap has no time limit of its own. */
const perTargetSeconds = Number(process.env.SCAN_TARGET_SECONDS ?? 240);

interface Session {
  cookie: string;
  csrfToken: string;
}

interface Target {
  name: string;
  method: 'GET' | 'POST' | 'PUT';
  /** With `*` where sqlmap should inject into the path. */
  url: string;
  body?: unknown;
  session: Session | null;
}

interface Outcome {
  target: Target;
  parameters: string[];
  injectable: string[];
  seconds: number;
  note: string;
}

async function call(baseUrl: string, session: Session | null, method: string, url: string, body?: unknown) {
  const response = await fetch(`${baseUrl}${url}`, {
    method,
    headers: {
      ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrfToken } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url} → ${response.status}: ${text}`);
  return { json: (text ? JSON.parse(text) : null) as Record<string, unknown>, headers: response.headers };
}

async function signIn(baseUrl: string, username: string): Promise<Session> {
  await call(baseUrl, null, 'POST', '/api/session/sms-code', { username, password: demoPassword });
  const outbox = await call(baseUrl, null, 'GET', `/api/dev/sms-outbox?username=${username}&limit=1`);
  const smsCode = (outbox.json.items as Array<{ text: string }>)[0]?.text.match(/\d{6}/)?.[0];
  if (!smsCode) throw new Error(`no SMS code for ${username}`);
  const login = await call(baseUrl, null, 'POST', '/api/session', {
    username,
    password: demoPassword,
    smsCode,
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  if (!cookie.startsWith(`${sessionCookieName}=`)) throw new Error(`no session cookie for ${username}`);
  return { cookie, csrfToken: login.json.csrfToken as string };
}

/** The endpoints worth attacking, with real ids from the demo data so requests reach the queries. */
async function targetsOf(baseUrl: string): Promise<Target[]> {
  const filer = await signIn(baseUrl, 'qiye');
  const county = await signIn(baseUrl, 'nanshan');
  const filings = (await call(baseUrl, filer, 'GET', '/api/enterprise/filings')).json.items as Array<{
    filingId?: string;
    id?: string;
  }>;
  const filingId = filings[0]?.filingId ?? filings[0]?.id;
  const tasks = (await call(baseUrl, filer, 'GET', '/api/enterprise/tasks')).json.items as Array<{
    id?: string;
    taskId?: string;
    canEdit?: boolean;
  }>;
  const taskId = tasks[0]?.taskId ?? tasks[0]?.id;
  if (!filingId || !taskId) throw new Error('the demo data has no filing or task for qiye');
  const draft = (await call(baseUrl, filer, 'GET', `/api/enterprise/tasks/${taskId}/filing`)).json;
  return [
    {
      name: 'filings query',
      method: 'GET',
      url: '/api/enterprise/filings?period=2026&keyword=%E8%BD%AF%E4%BB%B6',
      session: filer,
    },
    { name: 'filing by id', method: 'GET', url: `/api/enterprise/filings/${filingId}*`, session: filer },
    {
      name: 'save draft body',
      method: 'PUT',
      url: `/api/enterprise/tasks/${taskId}/filing`,
      body: { version: draft.version ?? null, values: { monthly: { '2010': 100, '2021': 60 } } },
      session: filer,
    },
    {
      name: 'review queue filters',
      method: 'GET',
      url: `/api/admin/review/queue?taskId=${taskId}&regionCode=440305&keyword=%E8%BD%AF%E4%BB%B6&findings=all&orderBy=submitted-at`,
      session: county,
    },
    {
      name: 'aggregation query',
      method: 'GET',
      url: `/api/admin/aggregation?taskId=${taskId}&regionCode=440305&includeSubmitted=true`,
      session: county,
    },
    {
      name: 'directory search',
      method: 'GET',
      url: '/api/admin/enterprises?keyword=%E8%93%9D%E6%B5%B7&page=1&pageSize=20',
      session: county,
    },
    {
      name: 'login body',
      method: 'POST',
      url: '/api/session',
      body: { username: 'scan-nobody', password: 'Wrong@2026', smsCode: '000000' },
      session: null,
    },
  ];
}

function runSqlmap(baseUrl: string, target: Target, outputDir: string, logFile: string): Promise<Outcome> {
  const args = [
    '-u',
    `${baseUrl}${target.url}`,
    '--batch',
    '--level=2',
    '--risk=1',
    '--dbms=PostgreSQL',
    '--time-sec=2',
    '--flush-session',
    '--disable-coloring',
    `--output-dir=${outputDir}`,
    // The answers of a refused value (400/401/404) are what an injection would have to change.
    '--ignore-code=400,401,403,404,409,429',
  ];
  if (target.method !== 'GET') args.push(`--method=${target.method}`);
  if (target.body !== undefined) args.push(`--data=${JSON.stringify(target.body)}`);
  if (target.session) {
    args.push(`--cookie=${target.session.cookie}`, `--headers=x-csrf-token: ${target.session.csrfToken}`);
  }
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(sqlmapPath!, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    let isTimedOut = false;
    const timer = setTimeout(() => {
      isTimedOut = true;
      child.kill('SIGTERM');
    }, perTargetSeconds * 1000);
    child.on('close', async (code) => {
      clearTimeout(timer);
      await writeFile(logFile, output);
      const parameters = [
        ...new Set(
          [...output.matchAll(/testing for SQL injection on (.*?)parameter '([^']+)'/g)].map(
            (match) => `${match[2]} (${match[1]!.trim() || '?'})`,
          ),
        ),
      ];
      // Only what sqlmap confirmed counts: its "identified the following injection point(s)" block.
      const confirmed = output
        .split(/identified the following injection point\(s\)/)
        .slice(1)
        .join('\n');
      const injectable = [
        ...new Set([...confirmed.matchAll(/^Parameter: (.+)$/gm)].map((match) => match[1]!.trim())),
      ];
      const isClean = /do not appear to be injectable|does not seem to be injectable/.test(output);
      const note = isTimedOut
        ? `stopped after ${perTargetSeconds}s`
        : injectable.length > 0
          ? 'INJECTABLE'
          : isClean
            ? 'not injectable'
            : `sqlmap exited ${code}: ${output.trim().split('\n').slice(-2).join(' ')}`;
      resolve({ target, parameters, injectable, seconds: Math.round((Date.now() - started) / 1000), note });
    });
  });
}

function printTable(outcomes: Outcome[]): void {
  const rows = outcomes.map((outcome) => [
    `${outcome.target.method} ${outcome.target.url.split('?')[0]!.replace(/[0-9a-f-]{36}/g, ':id')} (${outcome.target.name})`,
    outcome.parameters.join(', ') || '(none)',
    outcome.injectable.length > 0 ? `INJECTABLE: ${outcome.injectable.join(', ')}` : outcome.note,
    `${outcome.seconds}s`,
  ]);
  const header = ['endpoint', 'parameters tested', 'finding', 'time'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('-+-'));
  for (const row of rows) console.log(line(row));
}

async function main(): Promise<number> {
  if (!sqlmapPath) {
    console.error('sqlmap not found. Install it with: sudo apt-get install -y sqlmap (or set SQLMAP_PATH)');
    return 2;
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'zhibao-scan-'));
  const outputDir = path.join(dataDir, 'sqlmap');
  const server = await startServer(
    loadConfig({
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      DATA_DIR: path.join(dataDir, 'db'),
      LOG_LEVEL: 'fatal',
      DEMO_DATA: 'true',
      // sqlmap's login probes are thousands of failures from one address; the limit would only hide the form.
      LOGIN_IP_FAILURE_LIMIT: '1000000',
    }),
  );
  const started = Date.now();
  try {
    console.log(
      `server on ${server.url}; sqlmap ${sqlmapPath}, --level 2 --risk 1, ≤${perTargetSeconds}s per endpoint`,
    );
    await mkdir(logDir, { recursive: true });
    const outcomes: Outcome[] = [];
    for (const [index, target] of (await targetsOf(server.url)).entries()) {
      console.log(`scanning ${target.method} ${target.url.split('?')[0]} …`);
      outcomes.push(await runSqlmap(server.url, target, outputDir, path.join(logDir, `${index + 1}.log`)));
    }
    console.log('');
    printTable(outcomes);
    const injectable = outcomes.filter((outcome) => outcome.injectable.length > 0);
    const tested = outcomes.reduce((sum, outcome) => sum + outcome.parameters.length, 0);
    console.log(`\nsqlmap's full output: ${logDir}`);
    console.log(
      `${outcomes.length} endpoints, ${tested} parameters tested in ${Math.round((Date.now() - started) / 1000)}s: ` +
        (injectable.length > 0 ? `${injectable.length} endpoint(s) INJECTABLE` : 'nothing injectable'),
    );
    return injectable.length > 0 ? 1 : 0;
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
