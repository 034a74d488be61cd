/**
 * `npm run bench:surge`: the deadline surge on its own, printed as rows. The PostgreSQL server comes from
 * BENCH_DATABASE_URL (or TEST_DATABASE_URL); the benchmark creates and drops its own database there.
 */
import { runSurgeBenchmarks } from './surge-bench.ts';

const databaseUrl =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';
const sections = await runSurgeBenchmarks({ databaseUrl, log: (line) => console.log(line) });
for (const section of sections) {
  console.log(`\n## ${section.title}\n${section.method}\n`);
  for (const row of section.rows) {
    const target = row.target ? `  target ${row.target}: ${row.isTargetMet ? 'met' : 'NOT met'}` : '';
    console.log(
      `- ${row.measure}: ${row.value} ${row.unit} | ${row.baseline}: ${row.baselineValue} | ratio ${row.ratio} (${row.ratioMeaning})${target}`,
    );
  }
  for (const note of section.notes) console.log(`  note: ${note}`);
}
