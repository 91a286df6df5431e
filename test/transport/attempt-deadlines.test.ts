import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, test, vi } from 'vitest';
import { NetatmoTimeoutError } from '../../src/index.js';
import { AttemptDeadlines } from '../../src/transport/attempt-deadlines.js';
import { clientFor, fakeNetatmo, storeWithTokens } from '../helpers/setup.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

test('a deadline fires once, after its time and not before; a cancelled one never fires', async () => {
  const deadlines = new AttemptDeadlines();
  const fired: string[] = [];
  deadlines.start(60, () => fired.push('a'));
  const cancelled = deadlines.start(60, () => fired.push('b'));
  deadlines.cancel(cancelled);
  deadlines.cancel(cancelled);

  await sleep(20);
  expect(fired).toEqual([]);
  await sleep(150);
  expect(fired).toEqual(['a']);
  expect(deadlines.size).toBe(0);
});

test('1000 attempts in a row with the same timeout arm the timer once, not once per attempt', () => {
  const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
  const clearTimeoutSpy = vi.spyOn(globalThis, 'clearTimeout');
  const deadlines = new AttemptDeadlines();
  for (let index = 0; index < 1000; index++) deadlines.cancel(deadlines.start(15_000, () => {}));

  expect(setTimeoutSpy).toHaveBeenCalledTimes(1);
  expect(clearTimeoutSpy).toHaveBeenCalledTimes(0);
  expect(deadlines.size).toBe(0);
});

test('a shorter deadline started after a longer one fires on its own time, and the longer one stays', async () => {
  const deadlines = new AttemptDeadlines();
  const fired: string[] = [];
  deadlines.start(10_000, () => fired.push('long'));
  deadlines.start(40, () => fired.push('short'));

  await sleep(150);
  expect(fired).toEqual(['short']);
  expect(deadlines.size).toBe(1);
});

test('deadlines at different times fire in their order, each once', async () => {
  const deadlines = new AttemptDeadlines();
  const fired: number[] = [];
  for (const ms of [90, 30, 60]) deadlines.start(ms, () => fired.push(ms));

  await sleep(250);
  expect(fired).toEqual([30, 60, 90]);
});

test('under fake timers that leave performance.now() alone, deadlines follow the faked time and the timer never spins', () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  const deadlines = new AttemptDeadlines();
  const fired: string[] = [];
  deadlines.start(15_000, () => fired.push('first'));

  vi.advanceTimersByTime(14_999);
  expect(fired).toEqual([]);
  vi.advanceTimersByTime(1);
  expect(fired).toEqual(['first']);

  deadlines.start(15_000, () => fired.push('second'));
  vi.runAllTimers();
  expect(fired).toEqual(['first', 'second']);
  expect(vi.getTimerCount()).toBe(0);
});

test('a call with a short timeoutMs times out on time while a call with a long one is still waiting', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake), retry: { retries: 0 } });
  fake.setDelay('getstationsdata', 1_500);

  const slow = client.station.getStationsData({}, { timeoutMs: 10_000 });
  const started = performance.now();
  const error = await client.station.getStationsData({}, { timeoutMs: 200 }).catch((caught: unknown) => caught);

  expect(error).toBeInstanceOf(NetatmoTimeoutError);
  expect((error as Error).message).toMatch(/^No answer within 200 ms: GET http:\/\/127\.0\.0\.1:\d+\/api\/getstationsdata$/);
  expect(performance.now() - started).toBeLessThan(1_400);
  expect((await slow).devices.length).toBeGreaterThan(0);
});

test('a process whose last call used a 120 s timeoutMs exits as soon as it is done', async () => {
  const fake = await fakeNetatmo();
  const target = { url: fake.url, clientId: fake.clientId, clientSecret: fake.clientSecret, tokens: fake.issueTokens() };
  const script = fileURLToPath(new URL('./children/exit-after-call.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, TARGET: JSON.stringify(target) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(killer);

  expect(code).toBe(0);
  expect(output.trim()).toMatch(/^[1-9]\d*$/);
  expect(fake.count('getstationsdata')).toBe(1);
});

test('an onExpire that throws does not keep the other attempts due with it from expiring; its error is still thrown', () => {
  vi.useFakeTimers();
  const deadlines = new AttemptDeadlines();
  const fired: string[] = [];
  deadlines.start(50, () => fired.push('first'));
  deadlines.start(50, () => {
    throw new Error('a broken abort listener');
  });
  deadlines.start(50, () => fired.push('third'));
  deadlines.start(80, () => fired.push('later'));

  expect(() => vi.advanceTimersByTime(60)).toThrow('a broken abort listener');
  expect(fired).toEqual(['first', 'third']);
  // The timer was armed again for the rest before the error left.
  vi.advanceTimersByTime(30);
  expect(fired).toEqual(['first', 'third', 'later']);
  expect(deadlines.size).toBe(0);
});
