import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const serverSource = join(import.meta.dirname, '..');

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

// Writes of `filings` in Kysely's builder or in SQL text.
const writesFilings =
  /updateTable\(\s*'filings'|insertInto\(\s*'filings'|deleteFrom\(\s*'filings'|\b(update|insert\s+into|delete\s+from)\s+filings\b/i;

describe('the owner of filings', () => {
  it('is one repository: no other file of the application writes the filings table', () => {
    const writers = sourceFiles(serverSource)
      .filter((path) => writesFilings.test(readFileSync(path, 'utf8')))
      .map((path) => relative(serverSource, path))
      // Seeds and test factories build data before any command runs, and a migration fills a new column of the
      // rows it finds once, before the server starts; none of them is the application.
      .filter(
        (path) =>
          !path.startsWith('db/seed/') && !path.startsWith('test/') && !path.startsWith('db/migrations/'),
      );
    expect(writers).toEqual(['filing/filing-state.repository.ts']);
  });
});
