import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderSqlSnapshot, sqlSnapshots } from './sql-snapshots.ts';

// Writes apps/server/sql/<name>.sql for every key query (npm run sql:generate); commit the result.
const directory = join(import.meta.dirname, '..', '..', 'sql');
for (const snapshot of sqlSnapshots) {
  writeFileSync(join(directory, `${snapshot.name}.sql`), renderSqlSnapshot(snapshot));
  console.log(`wrote sql/${snapshot.name}.sql`);
}
