import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'server',
    include: ['src/**/*.test.ts'],
    // Integration tests start real databases (PGlite in-process, PostgreSQL when configured).
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
