import { expect } from 'vitest';

// A person's requests to a running server process (or a balancer in front of several), with the cookies and the
// CSRF token the web app would send: for the tests that start real processes (scale-out, cluster).

export interface Session {
  cookie: string;
  csrfToken: string;
}

/** Where requests go: a server process, or the balancer in front of several. */
export interface Target {
  url: string;
}

export async function call(
  target: Target,
  method: string,
  url: string,
  options: { session?: Session; body?: unknown } = {},
) {
  const response = await fetch(`${target.url}${url}`, {
    method,
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.session
        ? { cookie: options.session.cookie, 'x-csrf-token': options.session.csrfToken }
        : {}),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  // The body is what the test asserts on, read as parsed.
  const body = text ? JSON.parse(text) : null;
  return { status: response.status, headers: response.headers, body };
}

/** The latest SMS code sent to an account, from the development outbox (NODE_ENV=test). */
export async function readSmsCode(target: Target, username: string): Promise<string> {
  const outbox = await call(target, 'GET', `/api/dev/sms-outbox?username=${username}&limit=1`);
  const code = (outbox.body as { items: Array<{ text: string }> }).items[0]?.text.match(/\d{6}/)?.[0];
  if (!code) throw new Error(`no SMS code for ${username} on ${target.url}`);
  return code;
}

/** The two-step SMS login; the code may be asked for through one address and used through another. */
export async function logIn(
  asksCode: Target,
  logsIn: Target,
  account: { username: string; password: string },
): Promise<Session> {
  const codeRequest = await call(asksCode, 'POST', '/api/session/sms-code', { body: account });
  expect(codeRequest.status).toBe(200);
  const smsCode = await readSmsCode(logsIn, account.username);
  const login = await call(logsIn, 'POST', '/api/session', { body: { ...account, smsCode } });
  expect(login.status).toBe(200);
  const cookie = login.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  return { cookie, csrfToken: (login.body as { csrfToken: string }).csrfToken };
}
