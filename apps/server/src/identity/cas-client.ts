import { XMLParser } from 'fast-xml-parser';
import type { AppContext } from '../app-context.ts';
import type { CasProviderSettings } from '../config.ts';
import { AppError } from '../http/app-error.ts';
import { callbackUrlOf } from './provider-callback.ts';

// Zhibao as a CAS 3.0 client (the CAS Protocol 3.0 specification, apereo.github.io/cas/…/CAS-Protocol-Specification):
// /login with the service URL, the service ticket validated at /p3/serviceValidate with the same service URL, the
// person's attributes read from the XML answer; /logout for the server's own session.

const validationTimeoutMs = 10_000;

/**
 * The service URL of one attempt: the callback with the attempt's state. The server issues the ticket for exactly
 * this URL and validates it only against it, so a ticket is good for this attempt (in this browser) alone.
 */
function serviceUrlOf(ctx: AppContext, provider: CasProviderSettings, state: string): string {
  const service = new URL(callbackUrlOf(ctx, provider));
  service.searchParams.set('state', state);
  return service.toString();
}

/** The CAS server's login page for a new attempt (`/login?service=…`). */
export function buildCasLoginUrl(ctx: AppContext, provider: CasProviderSettings, state: string): string {
  const url = new URL(`${provider.casUrl}/login`);
  url.searchParams.set('service', serviceUrlOf(ctx, provider, state));
  return url.toString();
}

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // The five predefined entities (&amp; …) only: an answer declaring its own is refused before parsing.
  processEntities: true,
});

type XmlNode = string | { [name: string]: XmlNode | XmlNode[] };

function textOf(node: XmlNode | XmlNode[] | undefined): string | null {
  const first = Array.isArray(node) ? node[0] : node;
  if (typeof first === 'string') return first.trim() === '' ? null : first.trim();
  if (first && typeof first === 'object' && typeof first['#text'] === 'string') return textOf(first['#text']);
  return null;
}

/**
 * Reads a `/p3/serviceValidate` answer: the user and the attributes (a many-valued attribute gives its first
 * value), or throws with the server's failure code.
 */
export function readServiceResponse(xml: string): { subject: string; claims: Record<string, string> } {
  if (/<!DOCTYPE/i.test(xml)) throw new Error('CAS answer with a document type declaration');
  const document = parser.parse(xml) as { serviceResponse?: Record<string, XmlNode> };
  const response = document.serviceResponse;
  if (!response || typeof response !== 'object') throw new Error('not a CAS serviceResponse');
  const failure = response.authenticationFailure;
  if (failure !== undefined) {
    const code = typeof failure === 'object' && typeof failure['@code'] === 'string' ? failure['@code'] : '?';
    throw new Error(`CAS refused the ticket: ${code} ${textOf(failure) ?? ''}`.trim());
  }
  const success = response.authenticationSuccess;
  if (!success || typeof success !== 'object') throw new Error('CAS answer without authenticationSuccess');
  const subject = textOf(success.user as XmlNode | undefined);
  if (!subject) throw new Error('CAS answer without a user');
  const claims: Record<string, string> = {};
  const attributes = success.attributes;
  if (attributes && typeof attributes === 'object' && !Array.isArray(attributes)) {
    for (const [name, value] of Object.entries(attributes)) {
      const text = textOf(value);
      if (text !== null) claims[name] = text;
    }
  }
  return { subject, claims };
}

/**
 * Validates the service ticket the server sent the browser back with, against the service URL of the attempt
 * (its state). The server answers each ticket once: a replayed ticket, one issued for another service or an
 * expired one is refused by it, and the refusal is thrown.
 */
export async function validateServiceTicket(
  ctx: AppContext,
  provider: CasProviderSettings,
  answer: URL,
  state: string,
): Promise<{ subject: string; claims: Record<string, unknown>; idToken: null }> {
  const ticket = answer.searchParams.get('ticket');
  if (!ticket) throw new Error('the CAS server answered without a ticket');
  const url = new URL(`${provider.casUrl}/p3/serviceValidate`);
  url.searchParams.set('service', serviceUrlOf(ctx, provider, state));
  url.searchParams.set('ticket', ticket);
  let xml: string;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(validationTimeoutMs) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    xml = await response.text();
  } catch {
    throw new AppError(
      'IDENTITY_PROVIDER_UNAVAILABLE',
      '政务服务平台暂时无法访问，请稍后再试或使用本系统账号登录',
    );
  }
  return { ...readServiceResponse(xml), idToken: null };
}

/** The CAS server's logout page, which comes back to Zhibao's login page. */
export function buildCasLogoutUrl(ctx: AppContext, provider: CasProviderSettings): string {
  const url = new URL(`${provider.casUrl}/logout`);
  url.searchParams.set('service', `${ctx.config.publicBaseUrl}/login`);
  return url.toString();
}
