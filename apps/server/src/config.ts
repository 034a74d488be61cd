import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The repository root, so that default paths work whatever the working directory is. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const booleanString = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

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
  DATA_DIR: z.string().min(1).default(path.join(repoRoot, 'data')),
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
});

export interface AppConfig {
  environment: 'development' | 'production' | 'test';
  host: string;
  port: number;
  database: { kind: 'postgres'; url: string; poolSize: number } | { kind: 'pglite'; dataDir: string };
  /** A read replica for aggregation and completeness reads (PostgreSQL only); undefined reads the primary. */
  readDatabase: { kind: 'postgres'; url: string; poolSize: number } | undefined;
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
  return {
    environment: values.NODE_ENV,
    host: values.HOST,
    port: values.PORT,
    database: values.DATABASE_URL
      ? { kind: 'postgres', url: values.DATABASE_URL, poolSize: values.DATABASE_POOL_SIZE }
      : { kind: 'pglite', dataDir: path.resolve(values.DATA_DIR) },
    readDatabase: values.DATABASE_READ_URL
      ? { kind: 'postgres', url: values.DATABASE_READ_URL, poolSize: values.DATABASE_POOL_SIZE }
      : undefined,
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
    publicBaseUrl: values.PUBLIC_BASE_URL.replace(/\/+$/, ''),
    xlsxParsing: {
      concurrency: values.XLSX_PARSE_CONCURRENCY,
      timeBudgetMs: Math.round(values.XLSX_PARSE_TIMEOUT_SECONDS * 1000),
      memoryBudgetMb: values.XLSX_PARSE_MEMORY_MB,
    },
    bindingIpAttemptLimit: values.BINDING_IP_ATTEMPT_LIMIT,
    registryCheck: { provider: values.REGISTRY_CHECK_PROVIDER },
    cjkFontPath: values.CJK_FONT_PATH ?? null,
  };
}
