import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('defaults to embedded PGlite on port 8080 with demo data outside production', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.database.kind).toBe('pglite');
    expect(config.isDemoEnabled).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production' }).isDemoEnabled).toBe(false);
  });

  it('uses PostgreSQL when DATABASE_URL is set, with a pool of DATABASE_POOL_SIZE connections', () => {
    const url = 'postgres://u@127.0.0.1:5432/zhibao';
    expect(loadConfig({ DATABASE_URL: url }).database).toEqual({
      kind: 'postgres',
      url,
      poolSize: 10,
      preparedStatements: true,
    });
    expect(
      loadConfig({ DATABASE_URL: url, DATABASE_POOL_SIZE: '40', DATABASE_PREPARED_STATEMENTS: 'false' })
        .database,
    ).toEqual({ kind: 'postgres', url, poolSize: 40, preparedStatements: false });
    expect(() => loadConfig({ DATABASE_URL: url, DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE/);
  });

  it('reads 汇总 from a replica when DATABASE_READ_URL is set, and refuses one without a PostgreSQL primary', () => {
    const primary = 'postgres://u@db-primary:5432/zhibao';
    const replica = 'postgres://u@db-replica:5432/zhibao';
    expect(loadConfig({ DATABASE_URL: primary }).readDatabase).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: primary, DATABASE_READ_URL: '' }).readDatabase).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: primary, DATABASE_READ_URL: replica }).readDatabase).toEqual({
      kind: 'postgres',
      url: replica,
      poolSize: 10,
      preparedStatements: true,
      // A replica that does not answer is skipped quickly, not waited on.
      connectTimeoutMs: 1000,
    });
    expect(() => loadConfig({ DATABASE_READ_URL: replica })).toThrow(
      /DATABASE_READ_URL: a read replica needs/,
    );
    expect(() => loadConfig({ DATABASE_URL: primary, DATABASE_READ_URL: 'mysql://x' })).toThrow(
      /DATABASE_READ_URL: must be a postgres/,
    );
  });

  it('links SMS notices to PUBLIC_BASE_URL and parses workbooks within the XLSX_PARSE_* budgets', () => {
    const defaults = loadConfig({});
    expect(defaults.publicBaseUrl).toBe('http://localhost:8080');
    expect(defaults.xlsxParsing).toEqual({ concurrency: 2, timeBudgetMs: 30_000, memoryBudgetMb: 512 });
    const set = loadConfig({
      PUBLIC_BASE_URL: 'https://zhibao.example.gov.cn/',
      XLSX_PARSE_CONCURRENCY: '4',
      XLSX_PARSE_TIMEOUT_SECONDS: '12.5',
      XLSX_PARSE_MEMORY_MB: '1024',
    });
    expect(set.publicBaseUrl).toBe('https://zhibao.example.gov.cn');
    expect(set.xlsxParsing).toEqual({ concurrency: 4, timeBudgetMs: 12_500, memoryBudgetMb: 1024 });
    expect(() => loadConfig({ PUBLIC_BASE_URL: 'javascript:alert(1)' })).toThrow(/PUBLIC_BASE_URL/);
    expect(() => loadConfig({ PUBLIC_BASE_URL: `https://${'a'.repeat(60)}.cn` })).toThrow(/at most 60/);
    expect(() => loadConfig({ XLSX_PARSE_MEMORY_MB: '16' })).toThrow(/XLSX_PARSE_MEMORY_MB/);
  });

  it('stops with a message naming each bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' });
    } catch (error) {
      const message = (error as ConfigError).message;
      expect(message).toContain('PORT');
      expect(message).toContain('DATABASE_URL: must be a postgres:// or postgresql:// URL');
    }
  });

  it('checks 法人 binding claims with no registry by default, and refuses the development stand-in in production', () => {
    expect(loadConfig({}).registryCheck).toEqual({ provider: 'none' });
    expect(loadConfig({ REGISTRY_CHECK_PROVIDER: 'development' }).registryCheck.provider).toBe('development');
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        SMS_HTTP_URL: 'https://sms.example.gov.cn/send',
        REGISTRY_CHECK_PROVIDER: 'development',
      }),
    ).toThrow(/REGISTRY_CHECK_PROVIDER/);
  });

  it('reads OpenID Connect and CAS 3.0 platforms from IDENTITY_PROVIDERS, and refuses plain http for either in production', () => {
    const oidc = { id: 'gov', issuer: 'https://gov.example', clientId: 'z', clientSecret: 's' };
    const cas = {
      id: 'cq',
      protocol: 'cas',
      label: '重庆市统一身份认证平台',
      casUrl: 'https://sso.cq.example/cas/',
    };
    const providers = loadConfig({ IDENTITY_PROVIDERS: JSON.stringify([oidc, cas]) }).identityProviders;
    expect(providers.map((provider) => provider.protocol)).toEqual(['oidc', 'cas']);
    expect(providers[1]).toMatchObject({ casUrl: 'https://sso.cq.example/cas', claims: { name: 'name' } });
    expect(() => loadConfig({ IDENTITY_PROVIDERS: JSON.stringify([{ id: 'cq', protocol: 'cas' }]) })).toThrow(
      /IDENTITY_PROVIDERS/,
    );
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        IDENTITY_PROVIDERS: JSON.stringify([{ ...cas, casUrl: 'http://sso.cq.example/cas' }]),
      }),
    ).toThrow(/casUrl of "cq" must be https/);
  });
});
