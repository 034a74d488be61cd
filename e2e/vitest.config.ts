import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'e2e',
    include: ['src/**/*.e2e.test.ts'],
    globalSetup: ['src/global-setup.ts'],
    // The journeys wait on a real server and a real browser sharing two cores: each poll may take seconds when the
    // machine is busy (the 1 s default failed journeys that pass alone), and a journey gets two minutes.
    testTimeout: 120_000,
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 120_000,
    // One Chromium at a time: the machine has two cores and the server runs in the same process.
    fileParallelism: false,
  },
});
