import { defineConfig } from 'vitest/config';

// One runner for every tier: pure unit tests (survey, web), integration tests against real
// databases (server), and browser journeys in Chromium (e2e).
export default defineConfig({
  test: {
    projects: ['packages/survey', 'packages/statistics', 'apps/server', 'apps/web', 'e2e'],
    reporters: ['default', './tools/plain-summary.reporter.ts'],
  },
});
