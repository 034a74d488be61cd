import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderSqlSnapshot, sqlSnapshots } from './sql-snapshots.ts';

const directory = join(import.meta.dirname, '..', '..', 'sql');

describe('the committed SQL of the key queries', () => {
  it.each(sqlSnapshots.map((snapshot) => [snapshot.name, snapshot] as const))(
    'apps/server/sql/%s.sql is what the code generates (run npm run sql:generate and commit it)',
    (name, snapshot) => {
      const committed = readFileSync(join(directory, `${name}.sql`), 'utf8');
      expect(committed).toBe(renderSqlSnapshot(snapshot));
    },
  );
});
