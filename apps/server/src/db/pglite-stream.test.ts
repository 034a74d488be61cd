import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pgliteConnectionConfig } from './pglite-stream.ts';

describe('the pg driver on embedded PGlite', () => {
  let pglite: PGlite;
  let pool: pg.Pool;

  beforeEach(async () => {
    pglite = await PGlite.create();
    pool = new pg.Pool({ max: 1, ...pgliteConnectionConfig(pglite) });
    await pool.query('create table notes (id int primary key, body jsonb not null)');
  });

  afterEach(async () => {
    await pool.end();
    await pglite.close();
  });

  it('runs parameterised and named prepared statements with PostgreSQL’s value parsing', async () => {
    const insert = { name: 'insert_note', text: 'insert into notes values ($1, $2) returning *' };
    await pool.query({ ...insert, values: [1, { 营业收入: 1200 }] });
    const second = await pool.query({ ...insert, values: [2, { 营业收入: 800 }] });
    expect(second.rows).toEqual([{ id: 2, body: { 营业收入: 800 } }]);
    const total = await pool.query(
      'select count(*) as notes, sum((body->>$1)::numeric) as total from notes',
      ['营业收入'],
    );
    // int8 and numeric come back as text, as from PostgreSQL.
    expect(total.rows).toEqual([{ notes: '2', total: '2000' }]);
  });

  it('answers a failed statement with the database’s error and goes on serving', async () => {
    await pool.query('insert into notes values (1, $1)', [{}]);
    await expect(pool.query('insert into notes values (1, $1)', [{}])).rejects.toMatchObject({
      code: '23505',
      constraint: 'notes_pkey',
    });
    expect((await pool.query('select count(*)::int as n from notes')).rows).toEqual([{ n: 1 }]);
  });

  it('gives the client after a failed one a clean session: no open transaction, no stale prepared statement', async () => {
    const failing = await pool.connect();
    await failing.query({ name: 'count_notes', text: 'select count(*)::int as n from notes', values: [] });
    await failing.query('begin');
    await failing.query('insert into notes values (7, $1)', [{}]);
    // Released as broken: the pool drops it without a commit.
    failing.release(true);

    const next = await pool.connect();
    try {
      const counted = await next.query({
        name: 'count_notes',
        text: 'select count(*)::int as n from notes',
        values: [],
      });
      expect(counted.rows).toEqual([{ n: 0 }]);
      expect(pglite.isInTransaction()).toBe(false);
    } finally {
      next.release();
    }
  });

  it('leaves PGlite open when the pool ends, so the database can still be closed cleanly', async () => {
    await pool.query('insert into notes values (1, $1)', [{}]);
    await pool.end();
    expect((await pglite.query<{ n: number }>('select count(*)::int as n from notes')).rows).toEqual([
      { n: 1 },
    ]);
    pool = new pg.Pool({ max: 1, ...pgliteConnectionConfig(pglite) });
  });
});
