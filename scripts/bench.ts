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

// 4. Polling budget (push): requests a station watcher spends over a simulated day of uploads
//    every 10 minutes, vs a naive loop polling once a minute. Virtual time: it runs in a moment.
{
  const { createVirtualClock } = await import('../src/testing/index.js');
  const DAY_MS = 24 * 3_600_000;
  const clock = createVirtualClock();
  const day = await startFakeNetatmo({ now: clock.now });
  const watcher = createNetatmoClient({
    clientId: day.clientId, clientSecret: day.clientSecret, baseUrl: day.url, rateLimit: false, now: clock.now,
    tokenStore: new MemoryTokenStore(day.issueTokens()),
  });
  day.uploadReadingsEvery(600_000);
  const started = clock.now();
  const stop = new AbortController();
  let yielded = 0;
  for await (const _snapshot of watcher.station.watch({ clock, signal: stop.signal })) {
    yielded += 1;
    if (clock.now() - started >= DAY_MS) stop.abort();
  }
  const polls = day.count('getstationsdata');
  const uploads = day.readingUploads();
  const naive = DAY_MS / 60_000;
  await day.close();
  console.log(
    `${'station.watch polls over a day of uploads'.padEnd(42)} ${String(polls).padStart(10)} ${String(naive).padStart(10)} ${'req'.padEnd(6)} ${`${(naive / polls).toFixed(0)}× fewer`.padStart(8)}` +
      verdict(polls <= 1.2 * uploads && yielded >= uploads, `≤ 1.2 polls per upload (${uploads} uploads, ${yielded} yields)`),
  );
  console.log('baseline for polls: a loop calling getstationsdata once a minute.');
}
