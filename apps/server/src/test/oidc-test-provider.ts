import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import type { OidcProviderSettings } from '../config.ts';

/** A person known to the test provider, with the claims it releases about them. */
export interface TestPerson {
  sub: string;
  name?: string;
  phone_number?: string;
  account_type?: 'natural_person' | 'legal_person';
  id_number?: string;
  uscc?: string;
  organization_name?: string;
}

export interface TestIdentityProvider {
  /** What Zhibao's configuration says about this provider (IDENTITY_PROVIDERS). */
  settings: OidcProviderSettings;
  /** The person who signs in at the provider's login page next. */
  signInAs(person: TestPerson): void;
  /** Changes a claim of the next ID token after the provider signed it, as a forger between the two would. */
  tamperNextIdToken(): void;
  close(): Promise<void>;
}

const clientId = 'zhibao';
const clientSecret = 'zhibao-test-secret';

/**
 * A real OpenID provider (oidc-provider) on a loopback port: discovery, authorization code with PKCE, signed ID
 * tokens, userinfo and RP-initiated logout. Its login and consent pages answer at once for the chosen person.
 */
export async function startTestIdentityProvider(publicBaseUrl: string): Promise<TestIdentityProvider> {
  const people = new Map<string, TestPerson>();
  let nextPerson: TestPerson | undefined;
  let isNextIdTokenTampered = false;

  const server = http.createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      response.statusCode = 500;
      response.end(String(error));
    });
  });
  async function handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    // A browser journey runs in another process than this provider: it names the next person over HTTP.
    if (request.url === '/test/next-person' && request.method === 'POST') {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      nextPerson = JSON.parse(Buffer.concat(chunks).toString()) as TestPerson;
      response.statusCode = 204;
      response.end();
      return;
    }
    if (request.url?.startsWith('/interaction/')) {
      const details = await provider.interactionDetails(request, response);
      if (details.prompt.name === 'login') {
        if (!nextPerson) throw new Error('signInAs was not called');
        people.set(nextPerson.sub, nextPerson);
        await provider.interactionFinished(
          request,
          response,
          { login: { accountId: nextPerson.sub } },
          { mergeWithLastSubmission: false },
        );
        return;
      }
      const grant = new provider.Grant({
        accountId: details.session!.accountId,
        clientId: String(details.params.client_id),
      });
      grant.addOIDCScope(String(details.params.scope));
      const grantId = await grant.save();
      await provider.interactionFinished(
        request,
        response,
        { consent: { grantId } },
        {
          mergeWithLastSubmission: true,
        },
      );
      return;
    }
    if (request.url?.startsWith('/token') && isNextIdTokenTampered) {
      isNextIdTokenTampered = false;
      tamperIdTokenOf(response);
    }
    provider.callback()(request, response);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  // Requests arrive only once the server listens, after this is set.
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [`${publicBaseUrl}/api/identity/gov/callback`],
        post_logout_redirect_uris: [`${publicBaseUrl}/login`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256', use: 'sig' }] },
    cookies: { keys: ['oidc-test-provider-cookie-key'] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 3600 },
    scopes: ['openid', 'profile', 'phone', 'gov_identity'],
    claims: {
      openid: ['sub'],
      profile: ['name'],
      phone: ['phone_number'],
      gov_identity: ['account_type', 'id_number', 'uscc', 'organization_name'],
    },
    // The claims go into the ID token itself, as the unified platforms do.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, sub) => {
      const person = people.get(sub);
      return person ? { accountId: sub, claims: () => ({ ...person }) } : undefined;
    },
  });

  return {
    settings: {
      protocol: 'oidc',
      id: 'gov',
      label: '重庆市政务服务平台',
      issuer,
      clientId,
      clientSecret,
      scopes: ['openid', 'profile', 'phone', 'gov_identity'],
      claims: {
        name: 'name',
        mobile: 'phone_number',
        accountType: 'account_type',
        idNumber: 'id_number',
        uscc: 'uscc',
        organizationName: 'organization_name',
      },
    },
    signInAs(person) {
      nextPerson = person;
    },
    tamperNextIdToken() {
      isNextIdTokenTampered = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// Rewrites the token endpoint's answer on its way out: the ID token's payload names another person, its
// signature stays the provider's.
function tamperIdTokenOf(response: http.ServerResponse): void {
  const end = response.end.bind(response) as (chunk?: unknown) => http.ServerResponse;
  response.end = ((chunk?: unknown) => {
    const answer = JSON.parse(String(chunk)) as { id_token: string };
    const [header, payload, signature] = answer.id_token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    claims.name = '冒名顶替';
    answer.id_token = [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join(
      '.',
    );
    const body = JSON.stringify(answer);
    response.setHeader('content-length', Buffer.byteLength(body));
    return end(body);
  }) as typeof response.end;
}
