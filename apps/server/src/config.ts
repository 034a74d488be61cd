import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { PostgresTarget } from './db/database.ts';
import type { ReadRoutingOptions } from './db/read-routing.ts';
import { signingKeySchema, trustedSenderSchema, type ExchangeSettings } from './exchange/exchange-keys.ts';
import { personalDataKeysSchema, type PersonalDataKeys } from './personal-data/personal-data-keys.ts';

/** The repository root, so that default paths work whatever the working directory is. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const booleanString = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

function parseJson(value: unknown): unknown {
  try {
    return JSON.parse(String(value));
  } catch {
    return value;
  }
}

// Which claim of the provider's answer carries each fact Zhibao needs; the defaults are the names the unified
// platforms' OpenID Connect profiles use.
const claimNamesSchema = z
  .object({
    name: z.string().default('name'),
    mobile: z.string().default('phone_number'),
    accountType: z.string().default('account_type'),
    idNumber: z.string().default('id_number'),
    uscc: z.string().default('uscc'),
    organizationName: z.string().default('organization_name'),
  })
  .default({
    name: 'name',
    mobile: 'phone_number',
    accountType: 'account_type',
    idNumber: 'id_number',
    uscc: 'uscc',
    organizationName: 'organization_name',
  });

const providerBase = {
  id: z.string().regex(/^[a-z0-9-]{1,32}$/, 'id must be 1–32 lower-case letters, digits or hyphens'),
  label: z.string().min(1).default('政务服务平台'),
  claims: claimNamesSchema,
};

// An OpenID Connect provider: discovered from its issuer; `claims` names the ID token's (or userinfo's) claims.
const oidcProviderSchema = z.object({
  ...providerBase,
  protocol: z.literal('oidc'),
  issuer: z.url({ protocol: /^https?$/, error: 'issuer must be an http:// or https:// URL' }),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  scopes: z.array(z.string().min(1)).default(['openid', 'profile', 'phone']),
});

// A CAS 3.0 server (the provincial platforms' single sign-on): `casUrl` is its prefix (…/cas, whose /login,
// /p3/serviceValidate and /logout Zhibao uses); `claims` names the attributes of its validation answer.
const casProviderSchema = z.object({
  ...providerBase,
  protocol: z.literal('cas'),
  casUrl: z
    .url({ protocol: /^https?$/, error: 'casUrl must be an http:// or https:// URL' })
    .transform((url) => url.replace(/\/+$/, '')),
});

// An entry without `protocol` is OpenID Connect, as every entry was before CAS came.
const identityProviderSchema = z.preprocess(
  (value) =>
    value !== null && typeof value === 'object' && !('protocol' in value)
      ? { ...value, protocol: 'oidc' }
      : value,
  z.discriminatedUnion('protocol', [oidcProviderSchema, casProviderSchema]),
);

export type OidcProviderSettings = z.infer<typeof oidcProviderSchema>;
export type CasProviderSettings = z.infer<typeof casProviderSchema>;
export type IdentityProviderSettings = OidcProviderSettings | CasProviderSettings;

const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  // An empty value counts as unset, as shells and .env files often leave it.
  DATABASE_URL: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
  ),
  // A streaming replica of DATABASE_URL for the heavy reads of 汇总 and 报送进度; unset means the primary.
  DATABASE_READ_URL: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
  ),
  // Connections each server process keeps to PostgreSQL (and to the replica): instances × pool size must stay
  // below the server's max_connections (100 by default).
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  // Named prepared statements (parsed and planned once per connection). A pooler in transaction mode that does not
  // carry them across transactions (PgBouncer before 1.21) needs them off; start-up refuses the combination when
  // it detects one.
  DATABASE_PREPARED_STATEMENTS: booleanString.default(true),
  // A read that follows the reader's own write waits this long for the replica to replay it, then reads the
  // primary; a replica whose figures are older than the lag bound is skipped.
  DATABASE_READ_MAX_WAIT_MS: z.coerce.number().int().min(0).max(10_000).default(500),
  DATABASE_READ_MAX_LAG_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  DATA_DIR: z.string().min(1).default(path.join(repoRoot, 'data')),
  // Where the old platform's exports are put for 原平台数据迁入 (one folder per export); unset: DATA_DIR/moving-in.
  MOVING_IN_DIR: z.string().min(1).optional(),
  WEB_DIST_DIR: z.string().min(1).default(path.join(repoRoot, 'apps/web/dist')),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO_DATA: booleanString.optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(168).default(12),
  TRUST_PROXY: booleanString.default(false),
  // Accounts: where login and registration SMS codes go, upload size, throttling.
  SMS_PROVIDER: z.enum(['outbox', 'http']).optional(),
  SMS_HTTP_URL: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  ),
  SMS_HTTP_TOKEN: z.string().optional(),
  UPLOAD_MAX_MB: z.coerce.number().positive().max(50).default(5),
  LOGIN_IP_FAILURE_LIMIT: z.coerce.number().int().min(1).default(30),
  SMS_IP_UNUSED_CODE_LIMIT: z.coerce.number().int().min(1).default(20),
  // The address people open the system at; the one link SMS notices carry.
  PUBLIC_BASE_URL: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
      .max(60, 'must be at most 60 characters, to fit in an SMS')
      .default('http://localhost:8080'),
  ),
  // Uploaded workbooks are parsed in worker threads: how many at once, and each one's time and memory.
  XLSX_PARSE_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  XLSX_PARSE_TIMEOUT_SECONDS: z.coerce.number().positive().max(600).default(30),
  XLSX_PARSE_MEMORY_MB: z.coerce.number().int().min(64).max(4096).default(512),
  // Binding requests: attempts from one IP address within an hour, and the identity/registry check that may
  // confirm a 法人 claim (none: confirms nothing, so an administrator reviews every claim).
  BINDING_IP_ATTEMPT_LIMIT: z.coerce.number().int().min(1).default(20),
  REGISTRY_CHECK_PROVIDER: z.enum(['none', 'development']).default('none'),
  // A .ttf/.otf with Chinese glyphs for the printable receipt (PDF); unset: the machine's own, found by path.
  CJK_FONT_PATH: z.string().min(1).optional(),
  // The government identity platforms people may sign in with (OpenID Connect or CAS 3.0), as a JSON array; see
  // identityProviderSchema. Unset: the login page offers Zhibao's own accounts only.
  IDENTITY_PROVIDERS: z.preprocess(
    (value) => (value === '' || value === undefined ? undefined : parseJson(value)),
    z.array(identityProviderSchema).optional(),
  ),
  // The keys personal information is encrypted with, as JSON (personal-data/personal-data-keys.ts); unset: the
  // key file, created on the first start outside production.
  PERSONAL_DATA_KEYS: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .string()
      .transform((text, context) => {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          context.addIssue({ code: 'custom', message: 'must be JSON (see docs/deployment.md)' });
          return z.NEVER;
        }
      })
      .pipe(personalDataKeysSchema)
      .optional(),
  ),
  PERSONAL_DATA_KEY_FILE: z.string().min(1).optional(),
  // Identity scans are emptied this many days after the verification they supported was confirmed.
  IDENTITY_SCAN_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  // Pass-up packages to another Zhibao instance (exchange/): this instance's Ed25519 signing key (PEM, PKCS#8)
  // and the name the receiver knows it by; unset, packages cannot be exported. The senders whose packages this
  // instance imports, as a JSON array (exchange/exchange-keys.ts).
  EXCHANGE_KEY_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1–64 letters, digits, . _ or -')
    .optional(),
  EXCHANGE_SIGNING_KEY: z.preprocess(
    (value) => (value === '' ? undefined : value),
    signingKeySchema.optional(),
  ),
  EXCHANGE_INSTANCE_NAME: z.string().min(1).max(100).default('软件和信息技术服务业统计直报系统'),
  EXCHANGE_TRUSTED_SENDERS: z.preprocess(
    (value) => (value === '' || value === undefined ? undefined : parseJson(value)),
    z.array(trustedSenderSchema).optional(),
  ),
});

export interface AppConfig {
  environment: 'development' | 'production' | 'test';
  host: string;
  port: number;
  database: PostgresTarget | { kind: 'pglite'; dataDir: string };
  /** A read replica for aggregation and completeness reads (PostgreSQL only); undefined reads the primary. */
  readDatabase: PostgresTarget | undefined;
  /** How reads choose between the replica and the primary (db/read-routing.ts). */
  readRouting: ReadRoutingOptions;
  webDistDir: string;
  logLevel: string;
  /** Demo accounts and enterprises are seeded on first start; never in production unless asked for. */
  isDemoEnabled: boolean;
  session: { idleMinutes: number; absoluteHours: number };
  trustProxy: boolean;
  /** `outbox` keeps messages in the database for the development outbox page; `http` posts them to a gateway. */
  sms:
    | { provider: 'outbox' }
    | { provider: 'http'; url: string; token: string | undefined }
    | { provider: 'none' };
  uploadMaxBytes: number;
  /** Failed logins from one IP address within 15 minutes before further attempts are refused. */
  loginIpFailureLimit: number;
  /** SMS codes sent and never used from one IP address within an hour before it gets no more (an SMS bomber). */
  smsIpUnusedCodeLimit: number;
  /** Where people open the system, without a trailing slash: SMS notices link here and nowhere else. */
  publicBaseUrl: string;
  /** Uploaded workbooks are parsed off the main thread, a few at a time, each within a time and memory budget. */
  xlsxParsing: XlsxParsingSettings;
  /** Binding attempts from one IP address within an hour before further attempts are refused. */
  bindingIpAttemptLimit: number;
  /**
   * The identity/registry check that may confirm a 法人 claim without an administrator's review: `none` confirms
   * nothing; `development` is a stand-in for the unified identity platform and the enterprise registry, refused
   * in production.
   */
  registryCheck: { provider: 'none' | 'development' };
  /** The font file the printable receipt embeds for Chinese, when set (else export/cjk-font.ts looks for one). */
  cjkFontPath: string | null;
  /** The folder whose sub-folders hold the old platform's exports the administrator's page can move in. */
  movingInDir: string;
  /** The identity platforms people may sign in with (OpenID Connect or CAS); empty when none is configured. */
  identityProviders: IdentityProviderSettings[];
  /**
   * Personal information at rest: the keys from PERSONAL_DATA_KEYS, or null until the server reads `keyFile`
   * (personal-data/personal-data.ts); scans of confirmed verifications are kept `scanRetentionDays`.
   */
  personalData: { keys: PersonalDataKeys | null; keyFile: string; scanRetentionDays: number };
  /** Pass-up packages between instances: this instance's signing key (if any) and the senders it trusts. */
  exchange: ExchangeSettings;
}

export interface XlsxParsingSettings {
  /** Workbooks parsed at the same time; further uploads wait in a short queue or are refused as busy. */
  concurrency: number;
  /** A parse still running after this long is stopped and the upload refused. */
  timeBudgetMs: number;
  /** The worker's heap; a workbook that needs more is stopped and refused. */
  memoryBudgetMb: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once at start-up; a bad value stops the server with a message naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map(
        (issue) =>
          `${issue.path.join('.')}: ${issue.message} (got ${JSON.stringify(env[String(issue.path[0])])})`,
      ),
    );
  }
  const values = parsed.data;
  // Production without a gateway still starts (health checks, admin work) but cannot send codes: see smsProviderFor.
  const smsProvider =
    values.SMS_PROVIDER ??
    (values.NODE_ENV !== 'production' ? 'outbox' : values.SMS_HTTP_URL ? 'http' : 'none');
  if (smsProvider === 'http' && !values.SMS_HTTP_URL) {
    throw new ConfigError([
      `SMS_HTTP_URL: required when SMS_PROVIDER is http (got ${JSON.stringify(env.SMS_HTTP_URL)})`,
    ]);
  }
  if (values.DATABASE_READ_URL && !values.DATABASE_URL) {
    throw new ConfigError([
      `DATABASE_READ_URL: a read replica needs DATABASE_URL (PostgreSQL) as its primary (got ${JSON.stringify(env.DATABASE_READ_URL)})`,
    ]);
  }
  if (smsProvider === 'outbox' && values.NODE_ENV === 'production') {
    throw new ConfigError([
      'SMS_PROVIDER: the outbox is for development only; use http in production (got "outbox")',
    ]);
  }
  if (values.REGISTRY_CHECK_PROVIDER === 'development' && values.NODE_ENV === 'production') {
    throw new ConfigError([
      'REGISTRY_CHECK_PROVIDER: the development stand-in confirms claims without a real check; it is refused in production (got "development")',
    ]);
  }
  const addressOf = (provider: IdentityProviderSettings) =>
    provider.protocol === 'cas'
      ? { name: 'casUrl', url: provider.casUrl }
      : { name: 'issuer', url: provider.issuer };
  const plainProvider = values.IDENTITY_PROVIDERS?.find((provider) =>
    addressOf(provider).url.startsWith('http:'),
  );
  if (plainProvider && values.NODE_ENV === 'production') {
    const { name, url } = addressOf(plainProvider);
    throw new ConfigError([
      `IDENTITY_PROVIDERS: the ${name} of "${plainProvider.id}" must be https:// in production (got ${JSON.stringify(url)})`,
    ]);
  }
  if (values.EXCHANGE_SIGNING_KEY && !values.EXCHANGE_KEY_ID) {
    throw new ConfigError([
      'EXCHANGE_KEY_ID: a signing key needs the id receivers know this instance by (got undefined)',
    ]);
  }
  const providerIds = values.IDENTITY_PROVIDERS?.map((provider) => provider.id) ?? [];
  if (new Set(providerIds).size !== providerIds.length) {
    throw new ConfigError([
      `IDENTITY_PROVIDERS: each provider needs an id of its own (got ${providerIds.join(', ')})`,
    ]);
  }
  return {
    environment: values.NODE_ENV,
    host: values.HOST,
    port: values.PORT,
    database: values.DATABASE_URL
      ? {
          kind: 'postgres',
          url: values.DATABASE_URL,
          poolSize: values.DATABASE_POOL_SIZE,
          preparedStatements: values.DATABASE_PREPARED_STATEMENTS,
        }
      : { kind: 'pglite', dataDir: path.resolve(values.DATA_DIR) },
    readDatabase: values.DATABASE_READ_URL
      ? {
          kind: 'postgres',
          url: values.DATABASE_READ_URL,
          poolSize: values.DATABASE_POOL_SIZE,
          preparedStatements: values.DATABASE_PREPARED_STATEMENTS,
          // A replica that does not answer is skipped, not waited on.
          connectTimeoutMs: 1000,
        }
      : undefined,
    readRouting: {
      maxWaitMs: values.DATABASE_READ_MAX_WAIT_MS,
      maxLagSeconds: values.DATABASE_READ_MAX_LAG_SECONDS,
      retryAfterMs: 5000,
    },
    webDistDir: path.resolve(values.WEB_DIST_DIR),
    logLevel: values.LOG_LEVEL,
    isDemoEnabled: values.DEMO_DATA ?? values.NODE_ENV !== 'production',
    session: { idleMinutes: values.SESSION_IDLE_MINUTES, absoluteHours: values.SESSION_ABSOLUTE_HOURS },
    trustProxy: values.TRUST_PROXY,
    sms:
      smsProvider === 'http'
        ? { provider: 'http', url: values.SMS_HTTP_URL!, token: values.SMS_HTTP_TOKEN || undefined }
        : { provider: smsProvider },
    uploadMaxBytes: Math.round(values.UPLOAD_MAX_MB * 1024 * 1024),
    loginIpFailureLimit: values.LOGIN_IP_FAILURE_LIMIT,
    smsIpUnusedCodeLimit: values.SMS_IP_UNUSED_CODE_LIMIT,
    publicBaseUrl: values.PUBLIC_BASE_URL.replace(/\/+$/, ''),
    xlsxParsing: {
      concurrency: values.XLSX_PARSE_CONCURRENCY,
      timeBudgetMs: Math.round(values.XLSX_PARSE_TIMEOUT_SECONDS * 1000),
      memoryBudgetMb: values.XLSX_PARSE_MEMORY_MB,
    },
    bindingIpAttemptLimit: values.BINDING_IP_ATTEMPT_LIMIT,
    registryCheck: { provider: values.REGISTRY_CHECK_PROVIDER },
    cjkFontPath: values.CJK_FONT_PATH ?? null,
    movingInDir: path.resolve(values.MOVING_IN_DIR ?? path.join(values.DATA_DIR, 'moving-in')),
    identityProviders: values.IDENTITY_PROVIDERS ?? [],
    personalData: {
      keys: values.PERSONAL_DATA_KEYS ?? null,
      keyFile: path.resolve(
        values.PERSONAL_DATA_KEY_FILE ?? path.join(values.DATA_DIR, 'personal-data-keys.json'),
      ),
      scanRetentionDays: values.IDENTITY_SCAN_RETENTION_DAYS,
    },
    exchange: {
      signing:
        values.EXCHANGE_SIGNING_KEY && values.EXCHANGE_KEY_ID
          ? { keyId: values.EXCHANGE_KEY_ID, privateKey: values.EXCHANGE_SIGNING_KEY }
          : null,
      instanceName: values.EXCHANGE_INSTANCE_NAME,
      trustedSenders: values.EXCHANGE_TRUSTED_SENDERS ?? [],
    },
  };
}
