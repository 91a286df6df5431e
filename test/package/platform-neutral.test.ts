import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createContext, runInContext } from 'node:vm';
import { build, type Metafile } from 'esbuild';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { fakeNetatmo } from '../helpers/setup.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
let work: string;
let entry: string;

/**
 * The main entry as the package ships it: tsup with the project's own settings, ESM only. Bundlers
 * start from this file when a browser or edge app imports 'netatmo-connect'.
 */
beforeAll(async () => {
  await mkdir(join(root, '.tmp'), { recursive: true });
  work = await mkdtemp(join(root, '.tmp', 'neutral-'));
  const { build: tsup } = await import('tsup');
  const configs = (await import('../../tsup.config.js')).default as unknown as Record<string, unknown>[];
  const library = configs.find((config) => JSON.stringify(config['entry']).includes('src/index.ts'))!;
  await tsup({ ...library, entry: { index: 'src/index.ts' }, format: ['esm'], dts: false, sourcemap: false, outDir: join(work, 'dist'), config: false, silent: true, clean: false });
  entry = join(work, 'dist', 'index.js');
}, 120_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** Bundles the entry for `platform` with nothing external; returns the code and what the bundle imports from outside. */
async function bundle(platform: 'neutral' | 'browser', format: 'esm' | 'iife'): Promise<{ code: string; externalImports: string[]; warnings: string[] }> {
  const outfile = join(work, `bundle-${platform}-${format}.js`);
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform,
    format,
    // esbuild's neutral platform reads no package.json field by default; these are what edge bundlers use.
    ...(platform === 'neutral' && { mainFields: ['module', 'main'], conditions: ['worker', 'browser', 'import'] }),
    ...(format === 'iife' && { globalName: 'netatmo' }),
    minify: true,
    outfile,
    metafile: true,
    logLevel: 'silent',
  });
  const meta: Metafile = result.metafile;
  const externalImports = Object.values(meta.outputs).flatMap((output) => output.imports.filter((item) => item.external).map((item) => item.path));
  return { code: await readFile(outfile, 'utf8'), externalImports, warnings: result.warnings.map((warning) => warning.text) };
}

test('the main entry bundles for --platform=neutral and --platform=browser with no externals and no Node built-in', async () => {
  for (const platform of ['neutral', 'browser'] as const) {
    const { code, externalImports, warnings } = await bundle(platform, 'esm');
    expect(externalImports).toEqual([]);
    expect(warnings).toEqual([]);
    // No static import or require of a built-in: Node-only features load theirs at run time.
    expect(code).not.toMatch(/(from\s*|require\(\s*|import\(\s*)["'](node:)?(fs|fs\/promises|path|os|crypto|http|https|net|child_process|util|stream|events|buffer)["']/);
  }
});

test('the bundled main entry runs where only web globals exist and calls the fake Netatmo', async () => {
  const fake = await fakeNetatmo();
  const { code } = await bundle('browser', 'iife');
  const tokens = fake.issueTokens(['read_station']);
  // What a browser or an edge worker offers: no process, no Buffer, no require, no module loader.
  const webGlobals = {
    fetch, Request, Response, Headers, FormData, Blob, URL, URLSearchParams, AbortController, AbortSignal,
    TextEncoder, TextDecoder, ReadableStream, WritableStream, TransformStream, DOMException, Event, EventTarget,
    crypto: globalThis.crypto, structuredClone, queueMicrotask, setTimeout, clearTimeout, setInterval, clearInterval,
    atob, btoa, performance, console,
  };
  const context = createContext({ ...webGlobals, input: { url: fake.url, clientId: fake.clientId, clientSecret: fake.clientSecret, tokens } });
  expect(runInContext('[typeof process, typeof Buffer, typeof require]', context)).toEqual(['undefined', 'undefined', 'undefined']);
  runInContext(code, context);
  const answer = (await runInContext(
    `(async () => {
      const { createNetatmoClient, MemoryTokenStore } = netatmo;
      const client = createNetatmoClient({
        clientId: input.clientId, clientSecret: input.clientSecret, baseUrl: input.url,
        tokenStore: new MemoryTokenStore(input.tokens),
      });
      const { devices } = await client.station.getStationsData();
      const refreshed = await client.tokens.refresh();
      return { stations: devices.map((device) => device.station_name), rotated: refreshed.refreshToken !== input.tokens.refreshToken };
    })()`,
    context,
  )) as { stations: string[]; rotated: boolean };
  expect(answer.stations[0]).toBe('MyStation');
  expect(answer.stations).toHaveLength(7);
  expect(answer.rotated).toBe(true);
  expect(fake.count('getstationsdata')).toBe(1);
  expect(fake.count('oauth2/token')).toBe(1);
}, 60_000);
