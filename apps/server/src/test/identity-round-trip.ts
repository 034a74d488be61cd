import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { SignedIn, TestApp } from './test-app.ts';

/** A browser's cookies for one site: what Set-Cookie stored, less what it expired. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();
  store(setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair] = line.split(';');
      const name = pair!.slice(0, pair!.indexOf('='));
      const value = pair!.slice(pair!.indexOf('=') + 1);
      const isExpired = /max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === '';
      if (isExpired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

export function setCookiesOf(response: LightMyRequestResponse): string[] {
  const header = response.headers['set-cookie'];
  return header === undefined ? [] : Array.isArray(header) ? header : [header];
}

export interface ProviderRoundTrip {
  /** Zhibao's answer to the provider's redirect back. */
  callback: LightMyRequestResponse;
  callbackPath: string;
  zhibao: CookieJar;
}

/**
 * What a browser does on 使用政务服务平台账号登录: Zhibao sends it to the provider, the person signs in there, and
 * the provider sends it back to Zhibao's callback (with the code and state, or CAS's ticket).
 */
export async function signInAtProvider<Person>(
  t: TestApp,
  idp: { settings: { id: string }; signInAs(person: Person): void },
  person: Person,
): Promise<ProviderRoundTrip> {
  const publicBaseUrl = t.ctx.config.publicBaseUrl;
  idp.signInAs(person);
  const zhibao = new CookieJar();
  const start = await t.app.inject({ method: 'GET', url: `/api/identity/${idp.settings.id}/sign-in` });
  expect(start.statusCode).toBe(302);
  zhibao.store(setCookiesOf(start));
  const providerCookies = new CookieJar();
  let location = new URL(String(start.headers.location));
  for (let hop = 0; hop < 10; hop += 1) {
    if (location.origin === publicBaseUrl) {
      const callbackPath = `${location.pathname}${location.search}`;
      const callback = await t.app.inject({
        method: 'GET',
        url: callbackPath,
        headers: { cookie: zhibao.header() },
      });
      zhibao.store(setCookiesOf(callback));
      return { callback, callbackPath, zhibao };
    }
    const response = await fetch(location, {
      redirect: 'manual',
      headers: { cookie: providerCookies.header() },
    });
    providerCookies.store(response.headers.getSetCookie());
    const next = response.headers.get('location');
    if (!next) throw new Error(`the provider stopped at ${location.href}: ${await response.text()}`);
    location = new URL(next, location);
  }
  throw new Error('too many redirects');
}

export function signedInFrom(trip: ProviderRoundTrip, answer?: LightMyRequestResponse): SignedIn {
  if (answer) trip.zhibao.store(setCookiesOf(answer));
  return {
    cookie: trip.zhibao.header(),
    csrfToken: answer ? answer.json<{ csrfToken: string }>().csrfToken : '',
  };
}
