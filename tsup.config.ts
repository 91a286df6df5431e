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
    // No sourcemaps in the package: the build is unminified ES2022 that reads like the source, one
    // file per entry, so stack traces already point at readable lines; the maps (with the sources
    // inlined) were 3.3 of the 5.4 MB unpacked.
    sourcemap: false,
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
    sourcemap: false,
    target: 'node22',
    platform: 'node',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
