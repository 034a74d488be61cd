// The baseline of the start-up benchmark: PGlite alone in a plain Node process, opening the server's data folder
// and answering one query over its filings, then idle until killed (startup-bench.ts reads its memory).
import { PGlite } from '@electric-sql/pglite';

const pglite = await PGlite.create(process.argv[2]);
await pglite.query('select count(*) from filings');
console.log('ready');
setInterval(() => undefined, 60_000);
