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

// ── Scale: limiter cost per call (Memory and Redis) ─────────────────────────────────────────────
// Memory: the cost of one acquire at a high limit (an app with 1000 users: 20 000 per hour) next
// to a naive sliding log that filters every timestamp on each call. Redis: one acquire (one Lua
// script) next to one PING on the same connection, the floor of any shared limiter.
{
  const { MemoryRateLimiter } = await import('../src/limits/memory-rate-limiter.js');
  const CALLS = 20_000;
  const app = { key: 'app:bench', perTenSeconds: 1_000_000, perHour: 1_000_000 };
  const memory = new MemoryRateLimiter();
  const users = Array.from({ length: 1000 }, (_, index) => ({ key: `user:${index}`, perTenSeconds: 1_000_000, perHour: 1_000_000 }));
  const naive: number[] = [];
  const naiveAcquire = (): void => {
    const now = Date.now();
    const inHour = naive.filter((time) => time > now - 3_600_000);
    const inTen = inHour.filter((time) => time > now - 10_000);
    if (inHour.length < 1_000_000 && inTen.length < 1_000_000) naive.push(now);
  };
  const timePerCall = async (acquire: (index: number) => unknown): Promise<number> => {
    const started = performance.now();
    for (let index = 0; index < CALLS; index++) await acquire(index);
    return ((performance.now() - started) / CALLS) * 1000;
  };
  const memoryUs = await timePerCall((index) => memory.acquire({ buckets: [users[index % users.length]!, app], endpoint: 'bench' }));
  const naiveUs = await timePerCall(() => naiveAcquire());

  console.log('');
  console.log(`limiter cost per call (${CALLS} calls, 1000 users + 1 app bucket)`);
  console.log(`${'MemoryRateLimiter.acquire'.padEnd(42)} ${memoryUs.toFixed(2).padStart(10)} ${naiveUs.toFixed(2).padStart(10)} ${'µs'.padEnd(6)} ${(memoryUs / naiveUs).toFixed(3).padStart(7)}×` +
    `  baseline: a timestamp list filtered per call, at ${CALLS} requests in the window (it grows with traffic; ours does not)`);

  const { spawn, spawnSync } = await import('node:child_process');
  if (spawnSync('redis-server', ['--version']).error) {
    console.log('RedisRateLimiter.acquire: skipped (no redis-server on this machine)');
  } else {
    const { createServer } = await import('node:net');
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise((resolve) => probe.close(resolve));
    const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const { Redis } = await import('ioredis');
    const { RedisRateLimiter } = await import('../src/redis/redis-rate-limiter.js');
    const connection = new Redis({ port, host: '127.0.0.1', retryStrategy: (times) => (times > 50 ? null : 50) });
    await connection.ping();
    const limiter = new RedisRateLimiter({ redis: connection, prefix: 'bench' });
    const REDIS_CALLS = 3000;
    const timeRedis = async (acquire: (index: number) => Promise<unknown>): Promise<number> => {
      const started = performance.now();
      for (let index = 0; index < REDIS_CALLS; index++) await acquire(index);
      return ((performance.now() - started) / REDIS_CALLS) * 1000;
    };
    await timeRedis((index) => limiter.acquire({ buckets: [users[index % users.length]!, app], endpoint: 'bench' }));
    const redisUs = await timeRedis((index) => limiter.acquire({ buckets: [users[index % users.length]!, app], endpoint: 'bench' }));
    const pingUs = await timeRedis(() => connection.ping());
    console.log(`${'RedisRateLimiter.acquire'.padEnd(42)} ${redisUs.toFixed(2).padStart(10)} ${pingUs.toFixed(2).padStart(10)} ${'µs'.padEnd(6)} ${(redisUs / pingUs).toFixed(2).padStart(7)}×  baseline: one PING round trip on the same connection`);
    connection.disconnect();
    server.kill('SIGTERM');
  }
}
