import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { useRedisServer } from '../helpers/redis-server.js';

const run = promisify(execFile);
const redisServer = useRedisServer();
const root = fileURLToPath(new URL('../../', import.meta.url));
let work: string;
let consumer: string;
let packedFiles: string[];

/**
 * Builds the package as `npm publish` would (tsup with the project's config, then `npm pack`),
 * and installs the tarball into a consumer folder whose dependencies link to ours: what users get,
 * with no registry involved.
 */
beforeAll(async () => {
  await mkdir(join(root, '.tmp'), { recursive: true });
  work = await mkdtemp(join(root, '.tmp', 'package-'));
  const packageDir = join(work, 'package');
  await mkdir(packageDir);
  const { build } = await import('tsup');
  const configs = (await import('../../tsup.config.js')).default as unknown as Record<string, unknown>[];
  for (const config of configs) {
    await build({ ...config, outDir: join(packageDir, 'dist'), config: false, silent: true, clean: false, tsconfig: join(root, 'tsconfig.build.json') });
  }
  for (const file of ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'examples']) await cp(join(root, file), join(packageDir, file), { recursive: true });

  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: packageDir });
  const [packed] = JSON.parse(stdout.slice(stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  packedFiles = packed!.files.map((file) => file.path).sort();

  consumer = join(work, 'consumer');
  const installed = join(consumer, 'node_modules', 'netatmo-connect');
  await mkdir(installed, { recursive: true });
  await run('tar', ['-xzf', join(work, packed!.filename), '-C', installed, '--strip-components=1']);
  for (const dependency of ['ky', 'zod', 'p-retry', 'mitt', 'ioredis']) {
    await symlink(join(root, 'node_modules', dependency), join(consumer, 'node_modules', dependency), 'dir');
  }
  // A package.json of its own: without it the nearest one is the repository's, named
  // netatmo-connect, and Node resolves `netatmo-connect` to the working copy's dist/ (a package
  // may import itself by name) instead of the installed tarball.
  await writeFile(join(consumer, 'package.json'), JSON.stringify({ name: 'package-consumer', private: true }));
}, 120_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** Runs a script in the consumer folder, as a user's program would. */
async function node(type: 'module' | 'commonjs', script: string): Promise<string> {
  const { stdout } = await run(process.execPath, [`--input-type=${type}`, '-e', script], { cwd: consumer });
  return stdout.trim();
}

test('the tarball holds the build, the examples, the docs and the licence, and nothing else', () => {
  const outside = packedFiles.filter((path) => !path.startsWith('dist/') && !path.startsWith('examples/'));
  expect(outside).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'package.json']);
  // The README links to the examples: they ship, so the links work from node_modules too.
  expect(packedFiles).toEqual(expect.arrayContaining(['examples/opentelemetry.ts', 'examples/prometheus-exporter.ts', 'examples/station-readings.ts']));
  for (const entry of ['index', 'testing', 'redis']) {
    for (const extension of ['.js', '.cjs', '.d.ts', '.d.cts']) expect(packedFiles).toContain(`dist/${entry}${extension}`);
  }
  expect(packedFiles).toContain('dist/cli.js');
  // No sourcemaps: the build reads like the source, and the maps tripled the package.
  expect(packedFiles.filter((path) => path.endsWith('.map'))).toEqual([]);
});

test('TypeScript with the old node10 resolution finds the types of every entry (typesVersions)', async () => {
  await writeFile(
    join(consumer, 'node10.ts'),
    `import { createNetatmoClient } from 'netatmo-connect';
     import { startFakeNetatmo } from 'netatmo-connect/testing';
     import { RedisTokenStore } from 'netatmo-connect/redis';
     export const checks: [typeof createNetatmoClient, typeof startFakeNetatmo, typeof RedisTokenStore] = [createNetatmoClient, startFakeNetatmo, RedisTokenStore];`,
  );
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = await run(process.execPath, [tsc, '--noEmit', '--strict', '--skipLibCheck', '--module', 'commonjs', '--moduleResolution', 'node10', '--ignoreDeprecations', '5.0', '--types', 'node', '--typeRoots', join(root, 'node_modules', '@types'), 'node10.ts'], { cwd: consumer }).catch((error: { stdout: string }) => ({ stdout: error.stdout }));
  expect(result.stdout).toBe('');
});

test('the ESM entry exports the public API', async () => {
  const output = await node('module', `console.log(JSON.stringify(Object.keys(await import('netatmo-connect')).sort()));`);
  expect(JSON.parse(output)).toEqual(expect.arrayContaining([
    'createNetatmoClient', 'MemoryTokenStore', 'FileTokenStore', 'buildAuthorizeUrl', 'exchangeCode',
    'NetatmoError', 'NetatmoApiError', 'NetatmoRateLimitError', 'NetatmoAuthError', 'NetatmoValidationError',
    'NetatmoNetworkError', 'NetatmoTimeoutError', 'isNetatmoError', 'schemas', 'fingerprint',
  ]));
});

test('the main entry carries neither the fake server, the CLI nor ioredis, and loads no ioredis at run time', async () => {
  const dist = join(consumer, 'node_modules', 'netatmo-connect', 'dist');
  for (const file of ['index.js', 'index.cjs']) {
    const code = await readFile(join(dist, file), 'utf8');
    // (Node's own fetch loads its http internals; what matters is that our code does not.)
    expect(code).not.toMatch(/(from |require\()["'](node:)?http["']|["']ioredis["']|startFakeNetatmo|parseArgs|playwright/);
  }
  // The same check finds them where they belong.
  expect(await readFile(join(dist, 'testing.js'), 'utf8')).toMatch(/from ["'](node:)?http["']/);
  expect(await readFile(join(dist, 'cli.js'), 'utf8')).toMatch(/parseArgs/);
  const output = await node('commonjs', `require('netatmo-connect'); console.log(Object.keys(require.cache).filter((path) => /ioredis|testing[.]cjs|cli[.]js/.test(path)).length);`);
  expect(output).toBe('0');
});

test('the CommonJS entries work end to end: a client from require() reads stations from the fake', async () => {
  const output = await node(
    'commonjs',
    `const { createNetatmoClient, MemoryTokenStore } = require('netatmo-connect');
     const { startFakeNetatmo } = require('netatmo-connect/testing');
     (async () => {
       const fake = await startFakeNetatmo();
       const client = createNetatmoClient({ clientId: fake.clientId, clientSecret: fake.clientSecret, baseUrl: fake.url,
         tokenStore: new MemoryTokenStore({ refreshToken: fake.issueTokens().refreshToken }) });
       const { devices } = await client.station.getStationsData();
       console.log(JSON.stringify({ devices: devices.length, tokenRequests: fake.count('oauth2/token') }));
       await fake.close();
     })();`,
  );
  expect(JSON.parse(output)).toEqual({ devices: 7, tokenRequests: 1 });
});

test('an error thrown by the CommonJS copy is an instance of the ESM copy\'s class, and the guard knows it', async () => {
  const output = await node(
    'module',
    `import { createRequire } from 'node:module';
     import { isNetatmoError, NetatmoApiError } from 'netatmo-connect';
     const cjs = createRequire(import.meta.url)('netatmo-connect');
     const error = new cjs.NetatmoApiError('boom', { status: 500, endpoint: 'getstationsdata' });
     const lookAlike = Object.assign(new Error('not ours'), { name: 'NetatmoApiError' });
     console.log(JSON.stringify({
       instanceofEsm: error instanceof NetatmoApiError,
       instanceofSibling: error instanceof cjs.NetatmoRateLimitError,
       guard: isNetatmoError(error),
       name: error.name,
       lookAlike: lookAlike instanceof NetatmoApiError,
     }));`,
  );
  expect(JSON.parse(output)).toEqual({ instanceofEsm: true, instanceofSibling: false, guard: true, name: 'NetatmoApiError', lookAlike: false });
});

test('errors thrown by the subpath entries, each bundled with its own copy of the classes, are instances of the main entry\'s classes', async () => {
  const output = await node(
    'module',
    `import { Redis } from 'ioredis';
     import { createNetatmoClient, MemoryTokenStore, NetatmoApiError, NetatmoError, NetatmoRateLimitError, NetatmoValidationError } from 'netatmo-connect';
     import { RedisRateLimiter } from 'netatmo-connect/redis';
     import { startFakeNetatmo } from 'netatmo-connect/testing';
     import { createWebhookHandler } from 'netatmo-connect/webhooks';
     const caught = (run) => { try { run(); } catch (error) { return error; } };
     const fake = await startFakeNetatmo();
     const redis = new Redis(${JSON.stringify(redisServer.url)});
     const client = createNetatmoClient({
       clientId: fake.clientId, clientSecret: fake.clientSecret, baseUrl: fake.url,
       tokenStore: new MemoryTokenStore(fake.issueTokens()),
       rateLimit: { perTenSeconds: 50, perHour: 1 },
       rateLimiter: new RedisRateLimiter({ redis, prefix: 'package-test' }),
     });
     const limited = [];
     client.on('rateLimited', (event) => limited.push(event.retryAfterMs > 0));
     await client.station.getStationsData();
     const spent = await client.station.getStationsData().catch((error) => error);
     console.log(JSON.stringify({
       spent: [spent.name, spent instanceof NetatmoRateLimitError, spent instanceof NetatmoApiError, spent instanceof NetatmoValidationError],
       rateLimitedEvents: limited,
       dataRequests: fake.count('getstationsdata'),
       redisOption: caught(() => new RedisRateLimiter({ redis: {} })) instanceof NetatmoValidationError,
       webhookOption: caught(() => createWebhookHandler({})) instanceof NetatmoError,
     }));
     redis.disconnect();
     await fake.close();`,
  );
  expect(JSON.parse(output)).toEqual({
    spent: ['NetatmoRateLimitError', true, true, false],
    rateLimitedEvents: [true],
    dataRequests: 1,
    redisOption: true,
    webhookOption: true,
  });
});

test('the installed bin runs: netatmo-connect --help exits 0 and lists the commands', async () => {
  const { stdout } = await run(process.execPath, [join(consumer, 'node_modules', 'netatmo-connect', 'dist', 'cli.js'), '--help'], { cwd: consumer });
  for (const command of ['login', 'auth-url', 'exchange', 'token', 'stations', 'export', 'demo']) expect(stdout).toContain(command);
});
