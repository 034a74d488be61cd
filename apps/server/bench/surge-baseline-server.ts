/**
 * The deadline surge's baseline: a bare Fastify server that does one INSERT per request and nothing else (no
 * session, no audit, no survey rules), on the same database as Zhibao in the same run. Run as a child process
 * by surge-bench.ts so that it, like the real server, does not share an event loop with autocannon.
 *
 * Environment: PORT, and either BASELINE_DATABASE_URL (PostgreSQL, a pool of the size Zhibao uses) or
 * BASELINE_DATA_DIR (embedded PGlite in that folder).
 */
import { PGlite } from '@electric-sql/pglite';
import Fastify from 'fastify';
import pg from 'pg';

const createTable = `create table if not exists surge_baseline (
  id bigserial primary key,
  payload jsonb not null,
  created_at timestamptz not null default now()
)`;
const insertRow = 'insert into surge_baseline (payload) values ($1)';

interface Store {
  insert(payload: string): Promise<void>;
  close(): Promise<void>;
}

async function openStore(): Promise<Store> {
  const url = process.env.BASELINE_DATABASE_URL;
  if (url) {
    // The same pool size as apps/server/src/db/database.ts, so both servers get the same connections.
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    await pool.query(createTable);
    return {
      insert: async (payload) => {
        await pool.query(insertRow, [payload]);
      },
      close: () => pool.end(),
    };
  }
  const dataDir = process.env.BASELINE_DATA_DIR;
  if (!dataDir) throw new Error('set BASELINE_DATABASE_URL or BASELINE_DATA_DIR');
  const pglite = await PGlite.create(dataDir);
  await pglite.exec(createTable);
  return {
    insert: async (payload) => {
      await pglite.query(insertRow, [payload]);
    },
    close: () => pglite.close(),
  };
}

const store = await openStore();
const app = Fastify({ logger: false, bodyLimit: 2 * 1024 * 1024 });
app.get('/readyz', async () => ({ status: 'ready' }));
// Parsed and re-serialised like Zhibao's submit body, so both pay for JSON the same way.
app.post('/submit', async (request) => {
  await store.insert(JSON.stringify(request.body));
  return { ok: true };
});
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app
      .close()
      .then(() => store.close())
      .then(() => process.exit(0));
  });
}
