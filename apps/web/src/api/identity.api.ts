import type {
  FirstSignInAnswer,
  FirstSignInCreateRequest,
  IdentityProvidersAnswer,
  SessionAnswer,
} from '@zhibao/contracts';
import { httpClient } from './http-client';
import type { LogInRequest } from './session.api';
export type { FirstSignInAnswer } from '@zhibao/contracts';

// No session exists yet on these calls: a 401 is a refusal, never an expiry.
const signInRequest = { isSessionExpiryOn401: false } as const;

/** The identity platforms the login page offers; none when the server has none configured. */
export async function fetchIdentityProviders(
  signal?: AbortSignal,
): Promise<IdentityProvidersAnswer['providers']> {
  const answer = await httpClient.get<IdentityProvidersAnswer>('/api/identity/providers', {
    ...signInRequest,
    signal,
  });
  return answer.providers;
}

/** Where the browser goes to sign in through a provider: the server sends it on with state, nonce and PKCE. */
export function identitySignInUrl(providerId: string): string {
  return `/api/identity/${encodeURIComponent(providerId)}/sign-in`;
}

/** What the provider verified on a first sign-in that no account is linked to yet. */
export function fetchFirstSignIn(signal?: AbortSignal): Promise<FirstSignInAnswer> {
  return httpClient.get<FirstSignInAnswer>('/api/identity/first-sign-in', { ...signInRequest, signal });
}

/** 创建新账号 from the verified identity; answers the new session. */
export function createAccountFromFirstSignIn(request: FirstSignInCreateRequest): Promise<SessionAnswer> {
  return httpClient.post<SessionAnswer>('/api/identity/first-sign-in/account', request, signInRequest);
}

/** 绑定已有账号: the account's password and SMS code; answers the session of that account. */
export function linkAccountFromFirstSignIn(request: LogInRequest): Promise<SessionAnswer> {
  return httpClient.post<SessionAnswer>('/api/identity/first-sign-in/link', request, signInRequest);
}
