import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer } from 'node:net';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../apps/server/src/config.ts';
import { startServer } from '../../apps/server/src/server.ts';
import { startTestIdentityProvider } from '../../apps/server/src/test/oidc-test-provider.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** The test identity provider (政务服务平台) the server is configured with; POST /test/next-person to it. */
    identityProviderIssuer: string;
    /** The server's MOVING_IN_DIR, where a journey puts an old-platform export for 原平台数据迁入. */
    movingInDir: string;
    /** A sender the server trusts for pass-up packages (导入上报包): its key id and Ed25519 private key (PEM). */
    exchangeSender: { keyId: string; privateKey: string };
  }
}

// The identity provider must know the server's address (its redirect URI) before the server starts.
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * Starts the real server with the built web app on a fresh PGlite folder with demo data, and a real OpenID
 * provider as its 政务服务平台.
 */
export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'zhibao-e2e-'));
  const port = await freePort();
  const publicBaseUrl = `http://127.0.0.1:${port}`;
  const identityProvider = await startTestIdentityProvider(publicBaseUrl);
  // Another instance (a district's own Zhibao) whose signed pass-up packages this server imports.
  const sender = generateKeyPairSync('ed25519');
  const exchangeSender = {
    keyId: 'e2e-district',
    privateKey: sender.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_BASE_URL: publicBaseUrl,
    IDENTITY_PROVIDERS: JSON.stringify([{ ...identityProvider.settings, label: '政务服务平台' }]),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'true',
    // Every journey's browser signs in from this one loopback address, several of them failing on purpose: the
    // per-address lock (tested in login.routes.test.ts) would otherwise lock out whichever journeys run last.
    LOGIN_IP_FAILURE_LIMIT: '1000',
    // Likewise the journeys ask for many SMS codes they never use (refused logins, resends, cancelled forms); the
    // per-address limit (tested in sms-code tests) stopped 忘记密码 when it happened to run last.
    SMS_IP_UNUSED_CODE_LIMIT: '1000',
    EXCHANGE_TRUSTED_SENDERS: JSON.stringify([
      {
        keyId: exchangeSender.keyId,
        name: '渝北区统计直报',
        publicKey: sender.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        mayHoldFilings: false,
      },
    ]),
  });
  const server = await startServer(config);
  project.provide('baseUrl', server.url);
  project.provide('identityProviderIssuer', identityProvider.settings.issuer);
  project.provide('movingInDir', config.movingInDir);
  project.provide('exchangeSender', exchangeSender);
  return async () => {
    await server.stop();
    await identityProvider.close();
    await rm(dataDir, { recursive: true, force: true });
  };
}
