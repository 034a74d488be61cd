import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database.ts';

describe('closing the embedded database', () => {
  const before = process.exitCode;
  afterEach(() => {
    process.exitCode = before;
  });

  it('keeps the exit code of the process, so a failed run still fails', async () => {
    const database = await openDatabase({ kind: 'pglite', dataDir: null });
    process.exitCode = 3;
    await database.close();
    expect(process.exitCode).toBe(3);
  });
});
