/**
 * `npm run bench`: what the SDK costs next to the floor of its own dependencies, measured side by
 * side in one run against the fake Netatmo on loopback, rounds interleaved so every side sees the
 * same machine and the same warm connection pool. It prints each figure beside its goal; no test
 * asserts on time.
 *
 * Baselines:
 * - **ky + zod by hand**: `ky(…).json()` and the SDK's own zod schema (`schemas.stationsDataSchema`,
 *   as exported), with a fixed bearer token: the least a typed client on the user's chosen
 *   dependencies can do.
 * - **raw fetch**: `fetch` + `JSON.parse`, no types, no checks: the floor of the platform.
 *
 * The SDK is the built package in dist/ (`npm run bench` builds it first), as users run it: through
 * tsx every function the source creates per call would also get its name set (esbuild's keepNames).
 *
 * Parameter checks are measured against the SDK's own call: checking a large schedule write must
 * stay small next to the call it guards.
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import ky from 'ky';
import { startFakeNetatmo } from '../src/testing/index.js';
import { latencyInProcesses, median } from './bench/latency.js';
import { startRemoteFake } from './bench/remote-fake.js';
import { benchSides, importBuiltSdk } from './bench/sides.js';

const sdk = await importBuiltSdk();
const { createNetatmoClient, MemoryTokenStore, schemas } = sdk;

// One process's latency ratio moves with its own luck (0.94–1.17× for one build on Node 24), so the
// goal figure is a median over processes. Over 5, one build read anywhere in 1.03–1.05×, as wide as
// the margin it is judged by; a median's spread shrinks with the square root of the count, so 11
// take about two thirds of it (some 40 s).
const LATENCY_PROCESSES = 11;
const ROUNDS = 11;
const OFFLINE_ROUNDS = 21;
const CALLS_PER_ROUND = 120;
const CONCURRENT = 1000;
const BURST_ROUNDS = 9;
const HEAP_CALLS = 10_000;
const BUDGET_CALLS = 20_000;
const BUDGET_ROUNDS = 7;
const BUDGET_CALLS_PER_ROUND = 300;
const IMPORT_RUNS = 15;

// The fake runs in its own process: its work and garbage stay off the measured client's core and heap.
const fake = await startRemoteFake();
const tokens = await fake.issueTokens();
const authorization = `Bearer ${tokens.accessToken}`;
const sdkOptions = { clientId: fake.clientId, clientSecret: fake.clientSecret, baseUrl: fake.url, rateLimit: false as const };
const target = { url: fake.url, clientId: fake.clientId, clientSecret: fake.clientSecret, tokens };
const client = createNetatmoClient({ ...sdkOptions, tokenStore: new MemoryTokenStore(tokens) });
const sides = benchSides(sdk, target);

async function perCallMs(call: () => Promise<unknown>, calls = CALLS_PER_ROUND): Promise<number> {
  const started = performance.now();
  for (let index = 0; index < calls; index++) await call();
  return (performance.now() - started) / calls;
}

/** Heap in use after full collections, with event-loop turns between them so finalizers run. */
async function heapMiB(): Promise<number> {
  for (let round = 0; round < 6; round++) {
    globalThis.gc?.();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

// ── 1. sequential latency, calls interleaved one by one ──────────────────────────────────────
// Only the sides the goals name take turns: every extra kind of call in the rotation (a second ky
// instance, say) measurably slowed the SDK's calls against ky + zod (1.02–1.08× with four kinds,
// 1.00–1.05× with these three in the same hour), so an information-only side would move a goal
// figure. Each process's figure is the median of its rounds' ratios (scripts/bench/latency.ts).
const latencyRuns = await latencyInProcesses(target, LATENCY_PROCESSES, { rounds: ROUNDS, callsPerRound: CALLS_PER_ROUND });
const ms = { sdk: median(latencyRuns.map((run) => run.ms.sdk)), kyZod: median(latencyRuns.map((run) => run.ms.kyZod)), raw: median(latencyRuns.map((run) => run.ms.raw)) };
const latencyRatio = { kyZod: median(latencyRuns.map((run) => run.ratio.kyZod)), raw: median(latencyRuns.map((run) => run.ratio.raw)) };
const latencyRange = (of: 'kyZod' | 'raw'): string => {
  const ratios = latencyRuns.map((run) => run.ratio[of]);
  return `processes ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`;
};

// ── 1b. the same calls with the network taken out ────────────────────────────────────────────
// Both sides get the fake's own answer (bytes and headers captured once) from an in-memory fetch,
// taking turns: what is left is the CPU each side spends per call, without the socket, the
// kernel and the fake's turn. Not a goal: it tells the SDK's own cost apart.
const captured = await fetch(`${fake.url}/api/getstationsdata`, { headers: { authorization } });
const capturedHeaders = [...captured.headers].filter(([name]) => name === 'content-type' || name === 'content-length');
const capturedBytes = new Uint8Array(await captured.arrayBuffer());
const inMemoryFetch = (async () => new Response(capturedBytes, { status: 200, headers: capturedHeaders })) as typeof fetch;
const offlineClient = createNetatmoClient({ ...sdkOptions, fetch: inMemoryFetch, tokenStore: new MemoryTokenStore(tokens) });
const offlineKy = ky.create({ prefix: fake.url, retry: 0, timeout: false, fetch: inMemoryFetch });
const offline = {
  sdk: (): Promise<unknown> => offlineClient.station.getStationsData(),
  kyZod: async (): Promise<unknown> => {
    const json = await offlineKy('api/getstationsdata', { headers: { authorization } }).json<{ body: unknown }>();
    return schemas.stationsDataSchema.parse(json.body);
  },
};
for (let index = 0; index < 2000; index++) await Promise.all([offline.sdk(), offline.kyZod()]);
const offlineUs = { sdk: [] as number[], kyZod: [] as number[], ratios: [] as number[] };
for (let round = 0; round < OFFLINE_ROUNDS; round++) {
  const spent = { sdk: 0, kyZod: 0 };
  for (let index = 0; index < 300; index++) {
    for (const side of index % 2 === 0 ? (['sdk', 'kyZod'] as const) : (['kyZod', 'sdk'] as const)) {
      const started = performance.now();
      await offline[side]();
      spent[side] += performance.now() - started;
    }
  }
  offlineUs.sdk.push((spent.sdk / 300) * 1000);
  offlineUs.kyZod.push((spent.kyZod / 300) * 1000);
  offlineUs.ratios.push(spent.sdk / spent.kyZod);
}

// ── 2. 1000 concurrent calls that find the token expired ─────────────────────────────────────
async function expiredBurst(): Promise<{ wallMs: number; tokenRequests: number }> {
  const burstClient = createNetatmoClient({ ...sdkOptions, tokenStore: new MemoryTokenStore({ ...(await fake.issueTokens()), expiresAt: Date.now() - 1 }) });
  const before = await fake.count('oauth2/token');
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENT }, () => burstClient.station.getStationsData()));
  const wallMs = performance.now() - started;
  return { wallMs, tokenRequests: (await fake.count('oauth2/token')) - before };
}
async function kyZodBurst(): Promise<number> {
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENT }, sides.kyZod));
  return performance.now() - started;
}
const bursts = { sdk: [] as number[], kyZod: [] as number[], ratios: [] as number[], tokenRequests: [] as number[] };
await kyZodBurst();
await expiredBurst();
for (let round = 0; round < BURST_ROUNDS; round++) {
  // In pairs, the order alternating; the figure is the median of the pairs' ratios.
  const kyZodFirst = round % 2 === 1 ? await kyZodBurst() : undefined;
  const sdkRun = await expiredBurst();
  const kyZodMs = kyZodFirst ?? (await kyZodBurst());
  bursts.sdk.push(sdkRun.wallMs);
  bursts.tokenRequests.push(sdkRun.tokenRequests);
  bursts.kyZod.push(kyZodMs);
  bursts.ratios.push(sdkRun.wallMs / kyZodMs);
}

// ── 3. heap left after 10,000 calls (no timer or signal may outlive its call) ────────────────
async function heapAfter(call: () => Promise<unknown>): Promise<number> {
  await fake.clearRequests();
  const before = await heapMiB();
  for (let index = 0; index < HEAP_CALLS; index++) await call();
  await fake.clearRequests();
  return (await heapMiB()) - before;
}
// Each side twice, the second run counted: the first settles what earlier phases left behind.
await heapAfter(sides.raw);
await heapAfter(sides.sdk);
const heap = { raw: await heapAfter(sides.raw), sdk: await heapAfter(sides.sdk) };

// ── 4. the rate budget costs O(1) per call at any limit ──────────────────────────────────────
// A client whose budget has counted BUDGET_CALLS calls against one just started, their calls
// interleaved one by one (a new one each round, so it stays at the start): measured one after the
// other, the figure moved with whatever else the machine did in between (0.46× and 1.74× in two
// runs of one afternoon).
const budgetClient = (): ReturnType<typeof createNetatmoClient> =>
  createNetatmoClient({ ...sdkOptions, rateLimit: { perTenSeconds: 1_000_000_000, perHour: 1_000_000_000 }, tokenStore: new MemoryTokenStore(tokens) });
const aged = budgetClient();
for (let done = 0; done < BUDGET_CALLS; done++) await aged.station.getStationsData();
const budgetRounds = { late: [] as number[], start: [] as number[], ratios: [] as number[] };
for (let round = 0; round < BUDGET_ROUNDS; round++) {
  const fresh = budgetClient();
  for (let index = 0; index < 20; index++) await fresh.station.getStationsData(); // its token loaded
  const spent = { late: 0, start: 0 };
  for (let index = 0; index < BUDGET_CALLS_PER_ROUND; index++) {
    for (const which of index % 2 === 0 ? (['late', 'start'] as const) : (['start', 'late'] as const)) {
      const started = performance.now();
      await (which === 'late' ? aged : fresh).station.getStationsData();
      spent[which] += performance.now() - started;
    }
  }
  budgetRounds.late.push(spent.late / BUDGET_CALLS_PER_ROUND);
  budgetRounds.start.push(spent.start / BUDGET_CALLS_PER_ROUND);
  budgetRounds.ratios.push(spent.late / spent.start);
}
const budgetLate = median(budgetRounds.late);
const budgetStart = median(budgetRounds.start);
const budgetRatio = median(budgetRounds.ratios);

// ── 5. refresh storm: token requests at expiry, SDK vs a client that refreshes uncoordinated ─
async function naiveStorm(): Promise<number> {
  let refreshToken = (await fake.issueTokens()).refreshToken;
  const before = await fake.count('oauth2/token');
  await Promise.all(
    Array.from({ length: CONCURRENT }, async () => {
      const response = await fetch(`${fake.url}/oauth2/token`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: fake.clientId, client_secret: fake.clientSecret }),
      });
      const body = (await response.json()) as { refresh_token?: string };
      if (body.refresh_token) refreshToken = body.refresh_token;
    }),
  );
  return (await fake.count('oauth2/token')) - before;
}
const naiveTokenRequests = await naiveStorm();
await fake.close();

// ── 6. cold import of the main entry vs ky + zod ─────────────────────────────────────────────
function coldImportMs(code: string): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', code], { stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`import run failed: ${code}`);
  return performance.now() - started;
}
const imports = { sdk: [] as number[], kyZod: [] as number[], ratios: [] as number[] };
for (let run = 0; run < IMPORT_RUNS; run++) {
  // In pairs, the order alternating: the ratio of each pair, taken a moment apart, is what counts.
  const sdkFirst = run % 2 === 0;
  const first = coldImportMs(sdkFirst ? "await import('./dist/index.js')" : "await Promise.all([import('ky'), import('zod')])");
  const second = coldImportMs(sdkFirst ? "await Promise.all([import('ky'), import('zod')])" : "await import('./dist/index.js')");
  const [sdkMs, kyZodMs] = sdkFirst ? [first, second] : [second, first];
  imports.sdk.push(sdkMs);
  imports.kyZod.push(kyZodMs);
  imports.ratios.push(sdkMs / kyZodMs);
}

// ── 7. parameter checks of a large write vs one call ─────────────────────────────────────────
// A createHomeSchedule of 4 zones × 3 rooms and 12 timetable entries, refused at its last entry so
// that every check runs and nothing is sent. Goal: a fifth of a loopback call at most; a call to
// Netatmo over the internet is ~50× slower than loopback, so there the checks are under 1 %.
const CHECKED_CALLS = 3000;
const benchRooms = ['2746182631', '3688132631', '2833524037'];
const zones = [0, 1, 4, 5].map((id) => ({ id, name: `Zone ${id}`, type: id, rooms: benchRooms.map((room) => ({ id: room, thermSetpointTemperature: 17 + id })) }));
const timetable = Array.from({ length: 12 }, (_, index) => ({ zoneId: zones[index % 4]!.id, mOffset: index * 840 }));
timetable[11]!.mOffset = 10_080; // one past the week: the last check refuses it
const schedule = { homeId: '91763b24c43d3e344f424e8b', name: 'Bench', hgTemp: 7, awayTemp: 14, zones, timetable };
const refusedSchedule = (): Promise<unknown> => client.thermostat.createHomeSchedule(schedule).catch(() => undefined);
await perCallMs(refusedSchedule, 300);
const checkMs = await perCallMs(refusedSchedule, CHECKED_CALLS);

// ── 8. polling budget (push): a station watcher over a simulated day of uploads every 10 min ──
// vs a loop polling once a minute. Virtual time (createVirtualClock), so it runs in a moment.
const watchDay = await (async () => {
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
  const result = { polls: day.count('getstationsdata'), uploads: day.readingUploads(), yielded, naive: DAY_MS / 60_000 };
  await day.close();
  return result;
})();

// ── report ───────────────────────────────────────────────────────────────────────────────────
const results: [string, string, boolean, string][] = [];
const ratio = (value: number): string => `${value.toFixed(2)}×`;
const add = (figure: string, measured: string, ok: boolean, goal: string): void => void results.push([figure, measured, ok, goal]);

add('latency: SDK / ky + zod by hand', `${ratio(latencyRatio.kyZod)} (${latencyRange('kyZod')}; ${ms.sdk.toFixed(3)} vs ${ms.kyZod.toFixed(3)} ms)`, latencyRatio.kyZod <= 1.05, '≤ 1.05×');
add('latency: SDK / raw fetch + JSON.parse', `${ratio(latencyRatio.raw)} (${latencyRange('raw')}; ${ms.sdk.toFixed(3)} vs ${ms.raw.toFixed(3)} ms)`, latencyRatio.raw <= 1.6, '≤ 1.60×');
const burstRatio = median(bursts.ratios);
add(`${CONCURRENT} calls at expiry: token requests`, `${bursts.tokenRequests.join(', ')} (uncoordinated: ${naiveTokenRequests})`, bursts.tokenRequests.every((count) => count === 1), '= 1 each run');
add(`${CONCURRENT} calls at expiry: wall / ky + zod burst`, `${ratio(burstRatio)} (${median(bursts.sdk).toFixed(0)} vs ${median(bursts.kyZod).toFixed(0)} ms)`, burstRatio <= 1.2, '≤ 1.20×');
add(`heap after ${HEAP_CALLS} calls and GC: SDK − raw`, `${(heap.sdk - heap.raw).toFixed(2)} MiB (${heap.sdk.toFixed(2)} vs ${heap.raw.toFixed(2)})`, heap.sdk - heap.raw < 1, '< 1 MiB');
add(`rate budget: per call after ${BUDGET_CALLS} calls / at start`, `${ratio(budgetRatio)} (${budgetLate.toFixed(3)} vs ${budgetStart.toFixed(3)} ms)`, budgetRatio <= 1.25, '≤ 1.25×');
add('parameter checks: 4-zone schedule / one call', `${ratio(checkMs / ms.sdk)} (${checkMs.toFixed(3)} vs ${ms.sdk.toFixed(3)} ms)`, checkMs / ms.sdk <= 0.2, '≤ 0.20×');
const importRatio = median(imports.ratios);
add(
  'station.watch: polls per upload over a day',
  `${(watchDay.polls / watchDay.uploads).toFixed(2)} (${watchDay.polls} polls, ${watchDay.uploads} uploads, ${watchDay.yielded} yields; once a minute: ${watchDay.naive})`,
  watchDay.polls <= 1.2 * watchDay.uploads && watchDay.yielded >= watchDay.uploads,
  '≤ 1.20',
);
add('cold import: main entry / ky + zod', `${ratio(importRatio)} (${median(imports.sdk).toFixed(0)} vs ${median(imports.kyZod).toFixed(0)} ms)`, importRatio <= 1.15, '≤ 1.15×');

// ── 7. token file lock (stores) ──────────────────────────────────────────────────────────────
// What a refresh pays for the room check: withLock (lock file + reserved temp file, fsynced)
// around a save, vs a bare save; a refresh is a network round trip, this is the file side. And the
// in-process queue: 200 sections through 40 FileTokenStore instances on one file vs one instance.
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
  const one = new FileTokenStore(path);
  const saves = { locked: [] as number[], bare: [] as number[] };
  const sections = { many: [] as number[], one: [] as number[] };
  for (let round = 0; round < 5; round++) {
    saves.bare.push((await timeIt(async () => { for (let index = 0; index < SAVES; index++) await one.save(set); })) / SAVES);
    saves.locked.push((await timeIt(async () => { for (let index = 0; index < SAVES; index++) await one.withLock(() => one.save(set)); })) / SAVES);
    const many = Array.from({ length: 40 }, () => new FileTokenStore(path));
    const throughMany = async (): Promise<void> => {
      sections.many.push(await timeIt(() => Promise.all(Array.from({ length: SECTIONS }, (_, index) => many[index % 40]!.withLock(async () => index)))));
    };
    const throughOne = async (): Promise<void> => {
      sections.one.push(await timeIt(() => Promise.all(Array.from({ length: SECTIONS }, (_, index) => one.withLock(async () => index)))));
    };
    // Alternate the order: fsync times drift with whatever else the disk does.
    if (round % 2 === 0) await throughMany().then(throughOne);
    else await throughOne().then(throughMany);
  }
  await rm(folder, { recursive: true, force: true });
  const lockedSave = median(saves.locked) / median(saves.bare);
  add('file store: save under withLock / bare save', `${ratio(lockedSave)} (${median(saves.locked).toFixed(3)} vs ${median(saves.bare).toFixed(3)} ms)`, lockedSave <= 3, '≤ 3.00×');
  const instances = median(sections.many) / median(sections.one);
  add(`file lock: ${SECTIONS} sections, 40 instances / 1`, `${ratio(instances)} (${median(sections.many).toFixed(0)} vs ${median(sections.one).toFixed(0)} ms)`, instances <= 1.5, '≤ 1.50×');
}

// Size: the main entry as a browser or edge app ships it (all dependencies in, minified), next to
// its budget in size-budget.json: built with the package's own tsup settings (ESM) into .tmp/, then
// bundled as scripts/size-budget.ts does for CI.
{
  const { bundledSize, MAIN_BUNDLE } = await import('./size-budget.js');
  const { readFile, rm } = await import('node:fs/promises');
  const { build } = await import('tsup');
  const configs = (await import('../tsup.config.js')).default as unknown as Record<string, unknown>[];
  const library = configs.find((config) => JSON.stringify(config['entry']).includes('src/index.ts'))!;
  const outDir = new URL(`../.tmp/bench-size-${process.pid}/`, import.meta.url).pathname;
  await build({ ...library, entry: { index: 'src/index.ts' }, format: ['esm'], dts: false, outDir, config: false, silent: true });
  const budget = (JSON.parse(await readFile(new URL('../size-budget.json', import.meta.url), 'utf8')) as Record<string, number>)[MAIN_BUNDLE]!;
  const size = await bundledSize(`${outDir}index.js`);
  await rm(outDir, { recursive: true, force: true });
  add('main entry bundled + minified, gzipped', `${size.gzipped} B (budget ${budget} B)`, size.gzipped <= budget, '≤ size-budget.json');
}

console.log(`netatmo-connect benchmark · Node ${process.version} · ${process.platform}/${process.arch}`);
console.log(`latency: ${LATENCY_PROCESSES} processes × ${ROUNDS} rounds × ${CALLS_PER_ROUND} sequential calls per side, interleaved call by call, median over the processes of each one's median round ratio; ${BURST_ROUNDS} pairs of bursts of ${CONCURRENT}, median ratio; rate budget: ${BUDGET_ROUNDS} rounds of ${BUDGET_CALLS_PER_ROUND} calls each, a client after ${BUDGET_CALLS} calls interleaved with a new one, median ratio; cold imports: ${IMPORT_RUNS} pairs, median ratio`);
for (const [figure, measured, ok, goal] of results) {
  console.log(`${ok ? 'ok  ' : 'MISS'} ${figure.padEnd(48)} ${measured.padEnd(40)} goal ${goal}`);
}
console.log(`${results.filter(([, , ok]) => ok).length} of ${results.length} goals met`);
console.log(
  `info CPU per call, network taken out: SDK / ky + zod ${ratio(median(offlineUs.ratios))} (${median(offlineUs.sdk).toFixed(0)} vs ${median(offlineUs.kyZod).toFixed(0)} µs): ` +
    "not a goal; the fake's answer from an in-memory fetch, so only each side's own work is timed",
);


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

// ── Scale: 10,000 users' clients in one process (createNetatmoApp) ──────────────────────────────
// Creation time per client, and the heap the clients keep after GC: (a) serving 10,000 users with
// the default cache (1000 clients kept, the rest released to the collector), the goal being ≤ 20
// MiB; (b) all 10,000 held by the caller at once, what one client costs. Measured on the built
// package when `npm run build` made one: through tsx every function also carries its name as a
// property (esbuild's keepNames), about 1.5 KiB more per client than users get.
{
  const { existsSync } = await import('node:fs');
  const dist = new URL('../dist/index.js', import.meta.url);
  const built = existsSync(dist);
  const source = await import('../src/index.js');
  const sdk = (built ? await import(dist.href) : source) as typeof source;
  const { createNetatmoApp, MemoryTokenStore: Store } = sdk;
  const USERS = 10_000;
  // A WeakRef's target stays alive until the current job ends: yield before collecting.
  const gc = async (): Promise<void> => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    globalThis.gc?.();
    await new Promise((resolve) => setTimeout(resolve, 0));
    globalThis.gc?.();
  };
  const heapMiB = (): number => process.memoryUsage().heapUsed / 1024 / 1024;
  const appOptions = { clientId: 'bench-id', clientSecret: 'bench-secret', baseUrl: 'http://127.0.0.1:9' };

  await gc();
  let before = heapMiB();
  const served = createNetatmoApp({ ...appOptions, tokenStoreFor: () => new Store() });
  let started = performance.now();
  for (let user = 0; user < USERS; user++) served.forUser(`user-${user}`);
  const servedUs = ((performance.now() - started) / USERS) * 1000;
  await gc();
  const servedMiB = heapMiB() - before;

  await gc();
  before = heapMiB();
  const holding = createNetatmoApp({ ...appOptions, tokenStoreFor: () => new Store(), maxClients: USERS });
  const held: unknown[] = [];
  started = performance.now();
  for (let user = 0; user < USERS; user++) held.push(holding.forUser(`user-${user}`));
  const heldUs = ((performance.now() - started) / USERS) * 1000;
  await gc();
  const heldMiB = heapMiB() - before;

  console.log('');
  console.log(`${USERS} users' clients (createNetatmoApp, MemoryTokenStore each, ${built ? 'built package in dist/, rebuilt by npm run bench' : 'source through tsx: run npm run build first for the figures users get'})${globalThis.gc ? '' : ' — run with --expose-gc for heap figures'}`);
  console.log(`${servedMiB <= 20 ? 'ok  ' : 'MISS'} heap after serving them, default cache (1000 kept)   ${servedMiB.toFixed(2).padStart(7)} MiB   goal ≤ 20 MiB; ${servedUs.toFixed(1)} µs per client created`);
  console.log(`${heldMiB <= 20 ? 'ok  ' : 'MISS'} heap with all ${USERS} held at once                   ${heldMiB.toFixed(2).padStart(7)} MiB   goal ≤ 20 MiB; ${((heldMiB * 1024 * 1024) / USERS / 1024).toFixed(2)} KiB per client; ${heldUs.toFixed(1)} µs per client created (${held.length} held)`);
}
