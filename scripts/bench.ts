/**
 * `npm run bench`: what the SDK costs next to the simplest thing that could work, measured side by
 * side in one run against the fake Netatmo on loopback, rounds interleaved so both sides see the
 * same machine. It prints ratios; no test asserts on time.
 *
 * 1. Latency of one call: `client.station.getStationsData()` (token check, rate budget, ky,
 *    p-retry, zod parse) vs a bare `fetch` + `JSON.parse` with a fixed bearer token.
 * 2. Memory: heap growth while 1000 such calls are in flight at once, SDK vs bare fetch.
 * 3. Refresh storm at expiry: token requests made by 1000 concurrent calls, SDK (single flight)
 *    vs a naive client that refreshes whenever its token looks expired.
 */
import { performance } from 'node:perf_hooks';
import { createNetatmoClient, MemoryTokenStore } from '../src/index.js';
import { startFakeNetatmo, type FakeNetatmo } from '../src/testing/index.js';

/** The goals: loopback is the worst case for overhead; on a real network it disappears in latency. */
const GOALS = { latencyRatio: 3, heapRatio: 1.5, tokenRequests: 1 };

const ROUNDS = 7;
const CALLS_PER_ROUND = 300;
const CONCURRENT = 1000;

const fake = await startFakeNetatmo();
const tokens = fake.issueTokens();
const client = createNetatmoClient({
  clientId: fake.clientId,
  clientSecret: fake.clientSecret,
  baseUrl: fake.url,
  rateLimit: false,
  tokenStore: new MemoryTokenStore(tokens),
});

async function bareCall(): Promise<unknown> {
  const response = await fetch(`${fake.url}/api/getstationsdata`, { headers: { authorization: `Bearer ${tokens.accessToken}` } });
  return (JSON.parse(await response.text()) as { body: unknown }).body;
}
const sdkCall = (): Promise<unknown> => client.station.getStationsData();

async function timeSequential(call: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  for (let index = 0; index < CALLS_PER_ROUND; index++) await call();
  return (performance.now() - started) / CALLS_PER_ROUND;
}

async function heapDuringBurst(call: () => Promise<unknown>): Promise<number> {
  globalThis.gc?.();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 1);
  await Promise.all(Array.from({ length: CONCURRENT }, call));
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  return (peak - before) / 1024 / 1024;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** A client that refreshes whenever its cached token looks expired, with no coordination. */
async function naiveRefreshStorm(target: FakeNetatmo): Promise<number> {
  let refreshToken = target.issueTokens().refreshToken;
  const before = target.count('oauth2/token');
  await Promise.all(
    Array.from({ length: CONCURRENT }, async () => {
      const response = await fetch(`${target.url}/oauth2/token`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: target.clientId, client_secret: target.clientSecret }),
      });
      const body = (await response.json()) as { refresh_token?: string };
      if (body.refresh_token) refreshToken = body.refresh_token;
    }),
  );
  return target.count('oauth2/token') - before;
}

async function sdkRefreshStorm(target: FakeNetatmo): Promise<number> {
  const storm = createNetatmoClient({
    clientId: target.clientId,
    clientSecret: target.clientSecret,
    baseUrl: target.url,
    rateLimit: false,
    tokenStore: new MemoryTokenStore({ ...target.issueTokens(), expiresAt: Date.now() - 1 }),
  });
  const before = target.count('oauth2/token');
  await Promise.all(Array.from({ length: CONCURRENT }, () => storm.station.getStationsData()));
  return target.count('oauth2/token') - before;
}

// Warm up both paths (JIT, connection pool).
await timeSequential(bareCall);
await timeSequential(sdkCall);

const latency = { sdk: [] as number[], bare: [] as number[] };
for (let round = 0; round < ROUNDS; round++) {
  // Alternate the order so neither side always runs on a warmer machine.
  if (round % 2 === 0) {
    latency.bare.push(await timeSequential(bareCall));
    latency.sdk.push(await timeSequential(sdkCall));
  } else {
    latency.sdk.push(await timeSequential(sdkCall));
    latency.bare.push(await timeSequential(bareCall));
  }
}
const memory = { bare: await heapDuringBurst(bareCall), sdk: await heapDuringBurst(sdkCall) };
const storm = { naive: await naiveRefreshStorm(fake), sdk: await sdkRefreshStorm(fake) };
await fake.close();

const verdict = (ok: boolean, goal: string): string => `  ${ok ? 'ok  ' : 'MISS'} goal ${goal}`;
const row = (name: string, sdk: number, bare: number, unit: string, digits: number, goal: number): string =>
  `${name.padEnd(42)} ${sdk.toFixed(digits).padStart(10)} ${bare.toFixed(digits).padStart(10)} ${unit.padEnd(6)} ${(sdk / bare).toFixed(2).padStart(7)}×` +
  verdict(sdk / bare <= goal, `≤ ${goal}×`);

console.log(`netatmo-connect benchmark · Node ${process.version} · ${ROUNDS} rounds × ${CALLS_PER_ROUND} calls, bursts of ${CONCURRENT}`);
console.log(`${''.padEnd(42)} ${'sdk'.padStart(10)} ${'baseline'.padStart(10)} ${'unit'.padEnd(6)} ${'ratio'.padStart(8)}`);
console.log(row('getstationsdata latency (median)', median(latency.sdk), median(latency.bare), 'ms', 3, GOALS.latencyRatio));
console.log(row(`heap growth, ${CONCURRENT} calls in flight`, memory.sdk, memory.bare, 'MiB', 1, GOALS.heapRatio));
console.log(
  `${`token requests, ${CONCURRENT} calls at expiry`.padEnd(42)} ${String(storm.sdk).padStart(10)} ${String(storm.naive).padStart(10)} ${'req'.padEnd(6)} ${`${(storm.naive / storm.sdk).toFixed(0)}× fewer`.padStart(8)}` +
    verdict(storm.sdk === GOALS.tokenRequests, `= ${GOALS.tokenRequests} request`),
);
console.log('baseline: bare fetch + JSON.parse with a fixed token; for token requests, a client refreshing without coordination.');

// ── token file lock (stores) ─────────────────────────────────────────────────────────────────
// 4. What a refresh pays for the room check: withLock (lock file + reserved temp file, fsynced)
//    around a save, vs a bare save. A refresh is a network round trip; this is the file side.
// 5. The in-process queue: 200 sections through 40 FileTokenStore instances on one file, vs the
//    same 200 through one instance. Instances hand the lock over in-process, not by polling.
{
  const { mkdtemp, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { FileTokenStore } = await import('../src/index.js');
  const folder = await mkdtemp(join(tmpdir(), 'netatmo-bench-lock-'));
  const path = join(folder, 'token.json');
  const set = { ...tokens, expiresAt: Date.now() + 10_800_000 };
  const SAVES = 50;
  const SECTIONS = 200;
  const timeIt = async (work: () => Promise<unknown>): Promise<number> => {
    const started = performance.now();
    await work();
    return performance.now() - started;
  };
  const bare = new FileTokenStore(path);
  const saves = { locked: [] as number[], bare: [] as number[] };
  const sections = { many: [] as number[], one: [] as number[] };
  for (let round = 0; round < 5; round++) {
    saves.bare.push((await timeIt(async () => { for (let index = 0; index < SAVES; index++) await bare.save(set); })) / SAVES);
    saves.locked.push((await timeIt(async () => { for (let index = 0; index < SAVES; index++) await bare.withLock(() => bare.save(set)); })) / SAVES);
    const many = Array.from({ length: 40 }, () => new FileTokenStore(path));
    const throughMany = async (): Promise<void> => {
      sections.many.push(await timeIt(() => Promise.all(Array.from({ length: SECTIONS }, (_, index) => many[index % 40]!.withLock(async () => index)))));
    };
    const throughOne = async (): Promise<void> => {
      sections.one.push(await timeIt(() => Promise.all(Array.from({ length: SECTIONS }, (_, index) => bare.withLock(async () => index)))));
    };
    // Alternate the order: fsync times drift with whatever else the disk does.
    if (round % 2 === 0) await throughMany().then(throughOne);
    else await throughOne().then(throughMany);
  }
  await rm(folder, { recursive: true, force: true });
  const LOCK_GOALS = { lockedSaveRatio: 3, instancesRatio: 1.5 };
  console.log(row('file store: save under withLock (per save)', median(saves.locked), median(saves.bare), 'ms', 3, LOCK_GOALS.lockedSaveRatio));
  console.log(row(`file lock: ${SECTIONS} sections, 40 instances vs 1`, median(sections.many), median(sections.one), 'ms', 1, LOCK_GOALS.instancesRatio));
  console.log('baseline: a bare FileTokenStore.save; for the lock, the same sections through one instance.');
}
