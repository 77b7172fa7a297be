import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // better-sqlite3 is a native addon: forks are the pool it is documented to be safe in.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
