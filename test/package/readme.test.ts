/**
 * The README, as a user of the published package meets it: every ts and sh snippet runs (or, where
 * the README says so in an HTML comment, is only type-checked or skipped) in a fresh project that
 * installed the packed tarball. The package's own code talks to the fake Netatmo: a preload points
 * requests for https://api.netatmo.com at it (real HTTP over loopback), and gives the snippets that
 * continue an earlier one the variables they use (`client`, `deviceId`, …).
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startFakeNetatmo, type FakeNetatmo } from '../../src/testing/index.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

/** One fenced block of the README. */
interface Snippet {
  index: number;
  line: number;
  lang: 'ts' | 'sh';
  code: string;
  /** From `<!-- readme-test: skip (why) -->` or `typecheck-only (why)` on the line above. */
  mode: 'run' | 'typecheck-only' | 'skip';
}

function snippets(): Snippet[] {
  const lines = readFileSync(join(root, 'README.md'), 'utf8').split('\n');
  const found: Snippet[] = [];
  for (let index = 0; index < lines.length; index++) {
    const open = /^```(ts|sh)$/.exec(lines[index]!);
    if (!open) continue;
    const end = lines.indexOf('```', index + 1);
    const marker = /^<!-- readme-test: (skip|typecheck-only) \(.+\) -->$/.exec(lines[index - 1] ?? '');
    found.push({ index: found.length, line: index + 1, lang: open[1] as 'ts' | 'sh', code: lines.slice(index + 1, end).join('\n'), mode: (marker?.[1] as Snippet['mode'] | undefined) ?? 'run' });
    index = end;
  }
  return found;
}

const all = snippets();
let work: string;
let consumer: string;
let fake: FakeNetatmo;
let redisPort: number;
let redis: ChildProcess | undefined;

/** What the snippets that continue an earlier one refer to, declared for tsc and defined by the preload. */
const globalsDts = `import type { NetatmoClient, TokenSet, TokenStore } from 'netatmo-connect';
import type { FakeNetatmo } from 'netatmo-connect/testing';
declare global {
  var fake: FakeNetatmo;
  var client: NetatmoClient;
  var clientId: string;
  var clientSecret: string;
  var tokenStore: TokenStore;
  var redirectUri: string;
  var deviceId: string;
  var homeId: string;
  var id: string;
  var modules: { id: string; [key: string]: unknown }[];
  var refreshToken: string;
  var signal: AbortSignal;
  var query: { code: string; state: string };
  var db: { get(key: string): Promise<string | null>; set(key: string, value: string): Promise<void>; del(key: string): Promise<void>; withExclusiveLock<T>(name: string, fn: () => Promise<T>): Promise<T> };
  var metrics: { increment(name: string, labels?: Record<string, unknown>): void };
  var log: { debug(message: string): void; info(message: string): void; warn(message: string): void };
  function notifyOwner(message: string): void;
  function sleep(ms: number): Promise<void>;
  function alert(message: string): void;
  function countConnectedUsers(): number;
  function askToReconnect(userId: string): void;
  var state: string;
  var code: string;
  /** A store of your own on \`db\`, as the README's "Writing your own store" describes. */
  class MyStore implements TokenStore {
    constructor(db: typeof globalThis.db, key: string);
    load(): Promise<TokenSet | null>;
    save(tokens: TokenSet): Promise<void>;
    clear(): Promise<void>;
    withLock<T>(fn: () => Promise<T>): Promise<T>;
  }
}
export {};
`;

/** Loaded with --import before each snippet: Netatmo's host goes to the fake; the shared variables exist. */
const preload = `import { createNetatmoClient, MemoryTokenStore } from 'netatmo-connect';
const fakeUrl = process.env.README_FAKE_URL;
const netatmo = 'https://api.netatmo.com';
const realFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  if (typeof input === 'string' && input.startsWith(netatmo)) input = fakeUrl + input.slice(netatmo.length);
  else if (input instanceof URL && input.href.startsWith(netatmo)) input = new URL(fakeUrl + input.href.slice(netatmo.length));
  else if (input instanceof Request && input.url.startsWith(netatmo)) input = new Request(fakeUrl + input.url.slice(netatmo.length), input);
  return realFetch(input, init);
};
const given = JSON.parse(process.env.README_GLOBALS);
Object.assign(globalThis, {
  clientId: given.clientId,
  clientSecret: given.clientSecret,
  redirectUri: 'http://localhost:8787/callback',
  deviceId: '12:34:56:37:11:ca',
  homeId: '91763b24c43d3e344f424e8b',
  id: '91763b24c43d3e344f424e8b',
  modules: [{ id: '12:34:56:00:01:ae', target_position: 0, bridge: '12:34:56:80:60:40' }],
  refreshToken: given.spareRefreshToken,
  signal: AbortSignal.timeout(60_000),
  notifyOwner: (message) => console.log('notify:', message),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 10))),
  metrics: { increment: () => {} },
  log: { debug: () => {}, info: () => {}, warn: console.warn },
  alert: console.log,
});
const rows = new Map();
const locks = new Map();
globalThis.db = {
  get: async (key) => rows.get(key) ?? null,
  set: async (key, value) => void rows.set(key, value),
  del: async (key) => void rows.delete(key),
  // One holder at a time per name: each section waits for the one before it.
  withExclusiveLock: (name, fn) => {
    const run = (locks.get(name) ?? Promise.resolve()).then(() => fn());
    locks.set(name, run.catch(() => {}));
    return run;
  },
};
globalThis.MyStore = class MyStore {
  #db; #key;
  constructor(db, key) { this.#db = db; this.#key = key; }
  async load() { const text = await this.#db.get(this.#key); return text === null ? null : JSON.parse(text); }
  async save(tokens) { await this.#db.set(this.#key, JSON.stringify(tokens)); }
  async clear() { await this.#db.del(this.#key); }
  withLock(fn) { return this.#db.withExclusiveLock(this.#key + ':lock', fn); }
};
globalThis.countConnectedUsers = () => 1;
globalThis.askToReconnect = (userId) => console.log('reconnect', userId);
globalThis.tokenStore = new MemoryTokenStore(given.tokens);
// The fake itself runs in the test process; here, what a snippet reads of it.
globalThis.fake = { url: fakeUrl, clientId: given.clientId, clientSecret: given.clientSecret, issueTokens: () => given.fakeTokens };
globalThis.client = createNetatmoClient({ clientId: given.clientId, clientSecret: given.clientSecret, tokenStore: globalThis.tokenStore });
// A code the fake's (auto-approving) consent page hands out, as your login page's callback would get it.
const consent = await realFetch(fakeUrl + '/oauth2/authorize?' + new URLSearchParams({ client_id: given.clientId, redirect_uri: globalThis.redirectUri, scope: 'read_station', state: 's'.repeat(32), response_type: 'code' }), { redirect: 'manual' });
const back = new URL(consent.headers.get('location'));
globalThis.query = { code: back.searchParams.get('code'), state: back.searchParams.get('state') };
`;

beforeAll(async () => {
  await mkdir(join(root, '.tmp'), { recursive: true });
  work = await mkdtemp(join(root, '.tmp', 'readme-'));
  const packageDir = join(work, 'package');
  await mkdir(packageDir);
  const { build } = await import('tsup');
  const configs = (await import('../../tsup.config.js')).default as unknown as Record<string, unknown>[];
  for (const config of configs) {
    await build({ ...config, outDir: join(packageDir, 'dist'), config: false, silent: true, clean: false, tsconfig: join(root, 'tsconfig.build.json') });
  }
  for (const file of ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'examples']) await cp(join(root, file), join(packageDir, file), { recursive: true });
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: packageDir });
  const [packed] = JSON.parse(stdout.slice(stdout.indexOf('['))) as { filename: string }[];

  // A fresh project, as after `npm install netatmo-connect` (the tarball stands in for the registry).
  consumer = join(work, 'consumer');
  const installed = join(consumer, 'node_modules', 'netatmo-connect');
  await mkdir(installed, { recursive: true });
  await run('tar', ['-xzf', join(work, packed!.filename), '-C', installed, '--strip-components=1']);
  for (const dependency of ['ky', 'zod', 'p-retry', 'mitt', 'ioredis', '@types', 'typescript']) {
    await symlink(join(root, 'node_modules', dependency), join(consumer, 'node_modules', dependency), 'dir');
  }
  await mkdir(join(consumer, 'node_modules', '.bin'), { recursive: true });
  await symlink(join(installed, 'dist', 'cli.js'), join(consumer, 'node_modules', '.bin', 'netatmo-connect'));
  await writeFile(join(consumer, 'package.json'), JSON.stringify({ name: 'readme-consumer', private: true, type: 'module' }));
  await writeFile(
    join(consumer, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { target: 'ES2023', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, types: ['node'], outDir: 'out', rootDir: 'snippets' },
      include: ['snippets'],
    }),
  );
  await mkdir(join(consumer, 'snippets'));
  await writeFile(join(consumer, 'snippets', 'globals.d.ts'), globalsDts);
  await writeFile(join(consumer, 'preload.mjs'), preload);
  for (const snippet of all.filter((each) => each.lang === 'ts' && each.mode !== 'skip')) {
    await writeFile(join(consumer, 'snippets', `snippet-${snippet.index}.ts`), `${snippet.code}\nexport {};\n`);
  }

  fake = await startFakeNetatmo({ autoApprove: true, redirectUris: ['http://localhost:8787/callback'] });
  redisPort = await freePort();
  redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
}, 180_000);

afterAll(async () => {
  await fake?.close();
  if (redis && redis.exitCode === null) {
    const exited = new Promise((resolve) => redis!.once('exit', resolve));
    redis.kill('SIGTERM');
    await exited;
  }
  if (work) await rm(work, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * The environment of a snippet: the fake's app, a fresh token pair in ./netatmo-token.json (none
 * for a snippet that imports one: `token import` never overwrites a token file), Redis.
 */
async function environment(tokenFile = true): Promise<Record<string, string>> {
  const tokens = fake.issueTokens(['read_station', 'read_thermostat', 'write_thermostat', 'read_camera', 'read_homecoach']);
  await rm(join(consumer, 'netatmo-token.json'), { force: true });
  if (tokenFile) {
    await writeFile(join(consumer, 'netatmo-token.json'), JSON.stringify({ access_token: tokens.accessToken, refresh_token: tokens.refreshToken, expiry: new Date(tokens.expiresAt).toISOString() }));
  }
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !key.startsWith('NETATMO_')) env[key] = value;
  return {
    ...env,
    PATH: `${join(consumer, 'node_modules', '.bin')}:${process.env['PATH'] ?? ''}`,
    NETATMO_CLIENT_ID: fake.clientId,
    NETATMO_CLIENT_SECRET: fake.clientSecret,
    NETATMO_BASE_URL: fake.url,
    NETATMO_REFRESH_TOKEN: fake.issueTokens().refreshToken,
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    README_FAKE_URL: fake.url,
    README_GLOBALS: JSON.stringify({ clientId: fake.clientId, clientSecret: fake.clientSecret, tokens: fake.issueTokens(['read_station', 'read_thermostat', 'write_thermostat', 'read_camera']), spareRefreshToken: fake.issueTokens().refreshToken, fakeTokens: fake.issueTokens() }),
  };
}

/** Runs a command in the consumer folder; resolves to its exit code and output (never rejects). */
function runIn(command: string, args: readonly string[], env: Record<string, string>, stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: consumer, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(stdin);
  });
}

test('the README marks few snippets as exceptions, each with its reason', () => {
  const exceptions = all.filter((snippet) => snippet.mode !== 'run');
  expect(all.length).toBeGreaterThanOrEqual(20);
  expect(exceptions.length).toBeLessThanOrEqual(7);
  // A ts snippet is at least type-checked.
  expect(all.filter((snippet) => snippet.lang === 'ts' && snippet.mode === 'skip')).toEqual([]);
});

test('no snippet builds a client and throws it away (then uses another `client`)', () => {
  const discarded = all.filter((snippet) => /^\s*(await\s+)?createNetatmoClient\(/m.test(snippet.code)).map((snippet) => `README.md:${snippet.line}`);
  expect(discarded).toEqual([]);
});

test('every ts snippet type-checks in a project that installed the packed tarball (strict, NodeNext)', async () => {
  const tsc = join(consumer, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', '.'], { cwd: consumer, encoding: 'utf8' });
  // Name each error by its README line, so a failure points at the README.
  const located = result.stdout.replace(/snippets\/snippet-(\d+)\.ts\((\d+),\d+\)/g, (_match, index: string, line: string) => `README.md:${all[Number(index)]!.line + Number(line)}`);
  expect(located).toBe('');
  expect(result.status).toBe(0);
}, 120_000);

describe('every snippet runs against the fake Netatmo', () => {
  for (const snippet of all.filter((each) => each.mode === 'run')) {
    test(`${snippet.lang} snippet at README.md:${snippet.line}`, async () => {
      const env = await environment(!snippet.code.includes('token import'));
      const result =
        snippet.lang === 'ts'
          ? await runIn(process.execPath, ['--import', './preload.mjs', `out/snippet-${snippet.index}.js`], env)
          : // `npm install netatmo-connect`: the tarball is installed already, and the registry is not ours to hit.
            await runIn('bash', ['-euo', 'pipefail', '-c', snippet.code.replace(/^npm install netatmo-connect\b.*$/m, 'true')], env, fake.issueTokens().refreshToken);
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
      expect(result.stderr).not.toMatch(/Error|EPIPE|undefined/);
      expect(result.stdout).not.toMatch(/\bundefined\b/);
    }, 90_000);
  }
});

test('the quick start prints every station by name, none as undefined', async () => {
  const quickStart = all.find((snippet) => snippet.lang === 'ts' && snippet.code.includes('getStationsData') && snippet.code.includes('FileTokenStore'))!;
  const result = await runIn(process.execPath, ['--import', './preload.mjs', `out/snippet-${quickStart.index}.js`], await environment());
  expect(result.code).toBe(0);
  const lines = result.stdout.trimEnd().split('\n');
  expect(lines).toHaveLength(7);
  expect(lines[0]).toBe('MyStation 24.6 °C');
  expect(lines[6]).toBe('Zuhause (Kinderzimmer) no reading');
}, 90_000);
