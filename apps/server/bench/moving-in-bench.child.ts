import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/database.ts';
import { importOldPlatform } from '../src/moving-in/moving-in.service.ts';
import { personalDataCipherFor } from '../src/personal-data/personal-data-cipher.ts';
import { generatePersonalDataKeys } from '../src/personal-data/personal-data-keys.ts';

// One `migrate:import` in a process of its own, so its peak resident memory is its own. Prints one JSON line:
// seconds, counts, refusals, the process's peak RSS (MB) and its RSS once the database is open, before the import.

const { values } = parseArgs({ options: { 'database-url': { type: 'string' }, from: { type: 'string' } } });
const database = await openDatabase({ kind: 'postgres', url: values['database-url']! });
try {
  const idleRssMb = process.memoryUsage().rss / 2 ** 20;
  const started = performance.now();
  const outcome = await importOldPlatform(
    {
      db: database.db,
      now: () => new Date(),
      cipher: personalDataCipherFor(generatePersonalDataKeys(new Date())),
    },
    values.from!,
    {
      startedBy: null,
    },
  );
  const seconds = (performance.now() - started) / 1000;
  console.log(
    JSON.stringify({
      seconds,
      counts: outcome.counts,
      refusals: outcome.refusals.length,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      idleRssMb,
    }),
  );
} finally {
  await database.close();
}
