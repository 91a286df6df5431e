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
 * 4. Parameter checks of a large schedule write vs one call.
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

// ---- Parameter checks ----
// What checking costs next to the call it guards: a createHomeSchedule of 4 zones × 3 rooms and 12
// timetable entries, refused at its last entry so that every check runs and nothing is sent, vs one
// getstationsdata call above. Goal: at most a fifth of a loopback call, which is itself ~50× faster than
// a call to Netatmo over the internet: there the checks are well under 1 % of a call.
const CHECK_GOAL = 0.2;
const CHECKED_CALLS = 3000;
const rooms = ['2746182631', '3688132631', '2833524037'];
const zones = [0, 1, 4, 5].map((id) => ({ id, name: `Zone ${id}`, type: id, rooms: rooms.map((room) => ({ id: room, thermSetpointTemperature: 17 + id })) }));
const timetable = Array.from({ length: 12 }, (_, index) => ({ zoneId: zones[index % 4]!.id, mOffset: index * 840 }));
timetable[11]!.mOffset = 10_080; // one past the week: the last check refuses it
const schedule = { homeId: '91763b24c43d3e344f424e8b', name: 'Bench', hgTemp: 7, awayTemp: 14, zones, timetable };
for (let index = 0; index < 300; index++) await client.thermostat.createHomeSchedule(schedule).catch(() => undefined);
const checkStarted = performance.now();
for (let index = 0; index < CHECKED_CALLS; index++) await client.thermostat.createHomeSchedule(schedule).catch(() => undefined);
const checkMs = (performance.now() - checkStarted) / CHECKED_CALLS;
console.log(row('parameter checks, 4-zone schedule vs a call', checkMs, median(latency.sdk), 'ms', 4, CHECK_GOAL));
