import * as client from 'openid-client';
import type { AppContext } from '../app-context.ts';
import type { OidcProviderSettings } from '../config.ts';
import { AppError } from '../http/app-error.ts';
import { callbackUrlOf } from './provider-callback.ts';

// One discovered configuration per provider and process (per clock: see providerConfiguration): discovery is a
// network round trip whose answer rarely changes; a failed discovery is tried again on the next sign-in.
const discovered = new WeakMap<OidcProviderSettings, Map<number, Promise<client.Configuration>>>();

async function discover(
  ctx: AppContext,
  provider: OidcProviderSettings,
  clockSkewSeconds: number,
): Promise<client.Configuration> {
  const isPlainHttp = provider.issuer.startsWith('http:');
  const configuration = await client.discovery(
    new URL(provider.issuer),
    provider.clientId,
    { [client.clockSkew]: clockSkewSeconds },
    client.ClientSecretBasic(provider.clientSecret),
    // Plain http only outside production (config.ts refuses it there): a provider on the developer's machine.
    isPlainHttp && ctx.config.environment !== 'production' ? { execute: [client.allowInsecureRequests] } : {},
  );
  // The ID token's signature is checked even though it comes straight from the token endpoint.
  client.enableNonRepudiationChecks(configuration);
  return configuration;
}

/**
 * The provider's discovered configuration. Token times are judged by the server's clock (ctx.now), which is the
 * machine's in production; the client library takes the difference as its clock skew.
 */
export async function providerConfiguration(
  ctx: AppContext,
  provider: OidcProviderSettings,
): Promise<client.Configuration> {
  const clockSkewSeconds = Math.round((ctx.now().getTime() - Date.now()) / 1000);
  let byClock = discovered.get(provider);
  if (!byClock) discovered.set(provider, (byClock = new Map()));
  let configuration = byClock.get(clockSkewSeconds);
  if (!configuration) {
    configuration = discover(ctx, provider, clockSkewSeconds);
    byClock.set(clockSkewSeconds, configuration);
  }
  try {
    return await configuration;
  } catch {
    byClock.delete(clockSkewSeconds);
    throw new AppError(
      'IDENTITY_PROVIDER_UNAVAILABLE',
      '政务服务平台暂时无法访问，请稍后再试或使用本系统账号登录',
    );
  }
}

/** The provider's sign-in page for a new attempt: authorization code flow with PKCE (S256), state and nonce. */
export async function buildSignInUrl(
  ctx: AppContext,
  provider: OidcProviderSettings,
  attempt: { state: string; nonce: string; codeVerifier: string },
): Promise<string> {
  const configuration = await providerConfiguration(ctx, provider);
  return client
    .buildAuthorizationUrl(configuration, {
      redirect_uri: callbackUrlOf(ctx, provider),
      scope: provider.scopes.join(' '),
      code_challenge: await client.calculatePKCECodeChallenge(attempt.codeVerifier),
      code_challenge_method: 'S256',
      state: attempt.state,
      nonce: attempt.nonce,
    })
    .toString();
}

/**
 * Exchanges the provider's answer for tokens and validates the ID token (signature, issuer, audience, expiry,
 * nonce); the claims are the ID token's together with the userinfo endpoint's for the same subject.
 */
export async function completeSignIn(
  ctx: AppContext,
  provider: OidcProviderSettings,
  answer: URL,
  expected: { state: string; nonce: string; codeVerifier: string },
): Promise<{ subject: string; claims: Record<string, unknown>; idToken: string | null }> {
  const configuration = await providerConfiguration(ctx, provider);
  const callback = new URL(callbackUrlOf(ctx, provider));
  callback.search = answer.search;
  const tokens = await client.authorizationCodeGrant(configuration, callback, {
    pkceCodeVerifier: expected.codeVerifier,
    expectedState: expected.state,
    expectedNonce: expected.nonce,
    idTokenExpected: true,
  });
  const idClaims = tokens.claims();
  if (!idClaims) throw new Error('the provider answered without an ID token');
  const userInfo = configuration.serverMetadata().userinfo_endpoint
    ? await client.fetchUserInfo(configuration, tokens.access_token, idClaims.sub)
    : {};
  return { subject: idClaims.sub, claims: { ...userInfo, ...idClaims }, idToken: tokens.id_token ?? null };
}

/** The provider's logout page for a session opened through it, when the provider has one. */
export async function buildEndSessionUrl(
  ctx: AppContext,
  provider: OidcProviderSettings,
  idToken: string | null,
): Promise<string | null> {
  const configuration = await providerConfiguration(ctx, provider);
  if (!configuration.serverMetadata().end_session_endpoint) return null;
  return client
    .buildEndSessionUrl(configuration, {
      post_logout_redirect_uri: `${ctx.config.publicBaseUrl}/login`,
      ...(idToken ? { id_token_hint: idToken } : { client_id: provider.clientId }),
    })
    .toString();
}
