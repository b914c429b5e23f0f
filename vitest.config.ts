import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'apps/server/src/**/*.test.ts',
      'apps/server/test/**/*.test.ts',
      'apps/server/migrations/**/*.test.ts',
      'apps/portal/src/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/dist/**'],
    // better-sqlite3 and argon2 are native: separate processes keep them apart.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
