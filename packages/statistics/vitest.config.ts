import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'statistics', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
