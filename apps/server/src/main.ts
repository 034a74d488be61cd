import { ConfigError, loadConfig } from './config.ts';
import { demoAccounts } from './db/seed/demo-accounts.ts';
import { startServer } from './server.ts';

function readConfig() {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

const config = readConfig();
const server = await startServer(config);
const log = server.app.log;
const databaseLabel =
  config.database.kind === 'postgres'
    ? `PostgreSQL${config.readDatabase ? ', 汇总 and 报送进度 reading from the replica in DATABASE_READ_URL' : ''}`
    : `PGlite (${config.database.dataDir})`;
log.info(`Zhibao is running at http://localhost:${config.port} on ${databaseLabel}`);
if (config.isDemoEnabled) {
  const lines = demoAccounts.map(
    (account) => `  ${account.username.padEnd(10)} ${account.roleLabel}（${account.regionName}）`,
  );
  console.log(
    [
      '',
      `软件和信息技术服务业统计直报系统  http://localhost:${config.port}`,
      `演示账号 Demo accounts (password ${demoAccounts[0]!.password}):`,
      ...lines,
      config.sms.provider === 'outbox'
        ? `短信验证码（开发环境不真正发送）: http://localhost:${config.port}/dev/sms-outbox`
        : '',
      '',
    ].join('\n'),
  );
}

// Ctrl-C or SIGTERM: finish running requests, close PGlite cleanly; a second signal forces the exit.
let isShuttingDown = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (isShuttingDown) {
      log.warn('forced exit');
      process.exit(1);
    }
    isShuttingDown = true;
    log.info(`${signal} received: shutting down`);
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
