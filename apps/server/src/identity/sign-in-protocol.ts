import type { AppContext } from '../app-context.ts';
import type { IdentityProviderSettings } from '../config.ts';
import { buildCasLoginUrl, buildCasLogoutUrl, validateServiceTicket } from './cas-client.ts';
import { buildEndSessionUrl, buildSignInUrl, completeSignIn } from './oidc-client.ts';

// The three steps of a sign-in through a provider, whichever its protocol: OpenID Connect (oidc-client.ts) or
// CAS 3.0 (cas-client.ts). A CAS attempt uses its state only (in the service URL); nonce and PKCE are OIDC's.

export interface SignInAttempt {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** The provider's sign-in page for a new attempt. */
export function signInUrlOf(
  ctx: AppContext,
  provider: IdentityProviderSettings,
  attempt: SignInAttempt,
): Promise<string> {
  return provider.protocol === 'cas'
    ? Promise.resolve(buildCasLoginUrl(ctx, provider, attempt.state))
    : buildSignInUrl(ctx, provider, attempt);
}

/** The provider's answer, validated: the person's subject at the provider and the claims (attributes) released. */
export function validateAnswer(
  ctx: AppContext,
  provider: IdentityProviderSettings,
  answer: URL,
  attempt: SignInAttempt,
): Promise<{ subject: string; claims: Record<string, unknown>; idToken: string | null }> {
  return provider.protocol === 'cas'
    ? validateServiceTicket(ctx, provider, answer, attempt.state)
    : completeSignIn(ctx, provider, answer, attempt);
}

/** Where the browser goes to end the provider's own session too, when the provider has such a page. */
export function providerLogoutUrlOf(
  ctx: AppContext,
  provider: IdentityProviderSettings,
  idToken: string | null,
): Promise<string | null> {
  return provider.protocol === 'cas'
    ? Promise.resolve(buildCasLogoutUrl(ctx, provider))
    : buildEndSessionUrl(ctx, provider, idToken);
}
