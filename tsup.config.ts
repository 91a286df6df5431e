import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The library entries: ESM + CJS, each with its own declarations.
    entry: {
      index: 'src/index.ts',
      testing: 'src/testing/index.ts',
      redis: 'src/redis/index.ts',
      // Its own file, so the main entry never loads node:http or node:crypto for webhooks.
      webhooks: 'src/webhooks/index.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node22',
    platform: 'node',
    splitting: false,
    treeshake: true,
  },
  {
    // The bin: ESM only, with its shebang.
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node22',
    platform: 'node',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
