import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'survey', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
