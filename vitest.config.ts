import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  // Examples import the package by name, as users do; tests resolve it to the source.
  resolve: {
    alias: [
      { find: /^netatmo-connect\/testing$/, replacement: source('./src/testing/index.ts') },
      { find: /^netatmo-connect\/redis$/, replacement: source('./src/redis/index.ts') },
      { find: /^netatmo-connect\/webhooks$/, replacement: source('./src/webhooks/index.ts') },
      { find: /^netatmo-connect$/, replacement: source('./src/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Two cores: two workers keep the loopback servers and child processes from starving.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 20_000,
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary', 'text'],
      // The heart of the SDK must stay proven: coverage below these fails the run.
      thresholds: {
        'src/auth/token-manager.ts': { lines: 90 },
        'src/auth/*-token-store.ts': { lines: 90 },
        'src/auth/file-lock.ts': { lines: 90 },
        'src/redis/**': { lines: 90 },
        'src/transport/**': { lines: 90 },
      },
    },
  },
});
