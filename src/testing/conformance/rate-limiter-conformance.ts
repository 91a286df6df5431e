import type { RateLimitBucket, RateLimiter } from '../../limits/rate-limiter.js';
import { CheckSkipped, expectThat, isErrorNamed, runChecks, uniqueId, type CheckDefinition, type ConformanceReport } from './conformance-report.js';

/** What {@link runRateLimiterConformance} asks its `createLimiter` for. */
export interface RateLimiterConformanceContext {
  /**
   * Shrink both windows (10 s, 1 h) by this factor, so the checks that wait for a window to pass
   * take a fraction of a second (0.02: 10 s → 200 ms). A limiter that cannot scale may ignore it;
   * those checks then take real windows.
   */
  timeScale: number;
  /** The safety margin to add to each window, in milliseconds (small, for speed). */
  marginMs: number;
}

/** Options of {@link runRateLimiterConformance}. */
export interface RateLimiterConformanceOptions {
  /** @default 0.02 */
  timeScale?: number;
  /** @default 20 */
  marginMs?: number;
  /** How long one check may take, in milliseconds. @default 30000 */
  checkTimeoutMs?: number;
}

/**
 * Checks a {@link RateLimiter} against the contract the transport relies on, without any test
 * framework, and resolves to a report (it never rejects for a failed check). Run it in your own
 * suite when you write a limiter (on your database, a queue service, …).
 *
 * Every check uses fresh bucket keys, so the limiter's storage may be shared with other data.
 *
 * Checks: window accounting (`perTenSeconds` slots go at once, the next one waits and says so
 * through `onWait`); the hourly window fails at once with a `NetatmoRateLimitError` carrying
 * `retryAfterMs`; 20 concurrent calls take exactly the free slots; abort ends a wait with the
 * signal's reason and an aborted call takes no slot; a request takes a slot in every bucket or in
 * none; separate keys do not share slots; slots free again once the window has passed (reset);
 * a short pause is waited out, a long one fails at once; a released request counts from its
 * release (skipped for limiters whose acquire resolves to nothing); bad input rejects, never throws.
 *
 * @example
 * ```ts
 * import { runRateLimiterConformance } from 'netatmo-connect/testing';
 *
 * const report = await runRateLimiterConformance(({ timeScale, marginMs }) => new MyLimiter({ db, timeScale, marginMs }));
 * if (!report.ok) throw new Error(report.summary);
 * ```
 */
export function runRateLimiterConformance(
  createLimiter: (context: RateLimiterConformanceContext) => RateLimiter | Promise<RateLimiter>,
  options: RateLimiterConformanceOptions = {},
): Promise<ConformanceReport> {
  const context: RateLimiterConformanceContext = { timeScale: options.timeScale ?? 0.02, marginMs: options.marginMs ?? 20 };
  const create = async (): Promise<RateLimiter> => {
    const limiter = await createLimiter(context);
    expectThat(Boolean(limiter) && typeof limiter.acquire === 'function' && typeof limiter.pause === 'function', 'createLimiter() must return an object with acquire() and pause()');
    return limiter;
  };
  const bucket = (perTenSeconds: number, perHour = 1000): RateLimitBucket => ({ key: `conformance:${uniqueId()}`, perTenSeconds, perHour });
  /** Acquires and reports whether the limiter had to wait. */
  const take = async (limiter: RateLimiter, buckets: RateLimitBucket[], signal?: AbortSignal): Promise<{ waited: boolean }> => {
    let waited = false;
    await limiter.acquire({ buckets, endpoint: 'conformance', ...(signal && { signal }), onWait: () => void (waited = true) });
    return { waited };
  };
  /** Starts an acquire that must wait; resolves once it does, with a way to abort it. */
  const startWaiting = async (limiter: RateLimiter, buckets: RateLimitBucket[]): Promise<{ abort: (reason: Error) => void; settled: Promise<unknown> }> => {
    const controller = new AbortController();
    let onWait!: (ms: number) => void;
    const waiting = new Promise<number>((resolve) => (onWait = resolve));
    const settled = limiter.acquire({ buckets, endpoint: 'conformance', signal: controller.signal, onWait }).then(
      () => 'acquired',
      (error: unknown) => error,
    );
    const first = await Promise.race([waiting.then(() => 'waiting'), settled.then(() => 'settled')]);
    expectThat(first === 'waiting', 'acquire() settled instead of waiting (and calling onWait) for a full 10-second window');
    return { abort: (reason) => controller.abort(reason), settled };
  };
  const shortWindowMs = (): number => 10_000 * context.timeScale + context.marginMs;

  const checks: CheckDefinition[] = [
    {
      name: 'window accounting: perTenSeconds slots go at once, the next call waits and says how long through onWait',
      run: async () => {
        const limiter = await create();
        const full = bucket(3);
        for (let call = 0; call < 3; call++) {
          const { waited } = await take(limiter, [full]);
          expectThat(!waited, `call ${call + 1} of 3 waited although the window had room`);
        }
        let waitMs = -1;
        await limiter.acquire({ buckets: [full], endpoint: 'conformance', onWait: (ms) => void (waitMs = ms) });
        expectThat(waitMs > 0 && waitMs <= 2 * shortWindowMs() + 100, `the 4th call's onWait got ${waitMs} ms; expected about one window (${shortWindowMs()} ms)`);
      },
    },
    {
      name: 'hourly window: once spent, acquire rejects at once with NetatmoRateLimitError and retryAfterMs',
      run: async () => {
        const limiter = await create();
        const hourly = bucket(50, 2);
        await take(limiter, [hourly]);
        await take(limiter, [hourly]);
        let waited = false;
        const error = await limiter.acquire({ buckets: [hourly], endpoint: 'conformance', onWait: () => void (waited = true) }).then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expectThat(isErrorNamed(error, 'NetatmoRateLimitError'), `expected a NetatmoRateLimitError, got ${error === undefined ? 'a slot' : String(error)}`);
        expectThat(!waited, 'it waited first: an hourly window must fail at once, not hang for up to an hour');
        const retryAfterMs = error.retryAfterMs;
        expectThat(typeof retryAfterMs === 'number' && retryAfterMs > 0 && retryAfterMs <= 3_600_000 * context.timeScale * 1.1 + context.marginMs + 1000, `retryAfterMs is ${String(retryAfterMs)}; expected the time until a slot frees, within the hour`);
      },
    },
    {
      name: 'concurrency: 20 simultaneous calls on 5 free slots take exactly 5; the other 15 wait',
      run: async () => {
        const limiter = await create();
        const shared = bucket(5);
        const controller = new AbortController();
        let waiting = 0;
        let settled = 0;
        const calls = Array.from({ length: 20 }, () =>
          limiter.acquire({ buckets: [shared], endpoint: 'conformance', signal: controller.signal, onWait: () => void waiting++ }).then(
            () => (settled++, 'acquired'),
            () => (settled++, 'aborted'),
          ),
        );
        // Until every call either got a slot or waits for one (or 5 s pass).
        const deadline = Date.now() + 5_000;
        while (settled + waiting < 20 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
        controller.abort(new Error('conformance: done'));
        const outcomes = await Promise.all(calls);
        const acquired = outcomes.filter((outcome) => outcome === 'acquired').length;
        expectThat(acquired === 5, `${acquired} of 20 concurrent calls got a slot in a window of 5 (a read-modify-write race lets too many through)`);
      },
    },
    {
      name: "abort: a waiting call rejects with the signal's reason; an aborted call takes no slot",
      run: async () => {
        const limiter = await create();
        const one = bucket(1);
        await take(limiter, [one]);
        const { abort, settled } = await startWaiting(limiter, [one]);
        const reason = new Error('conformance: abort');
        abort(reason);
        const outcome = await settled;
        expectThat(outcome === reason, `the aborted call settled with ${String(outcome)}, not the signal's reason`);
        const fresh = bucket(1);
        const early = await limiter.acquire({ buckets: [fresh], endpoint: 'conformance', signal: AbortSignal.abort(reason) }).then(
          () => 'acquired',
          (error: unknown) => error,
        );
        expectThat(early === reason, `a call with an already aborted signal settled with ${String(early)}`);
        const { waited } = await take(limiter, [fresh]);
        expectThat(!waited, 'a call whose signal was already aborted used up a slot');
      },
    },
    {
      name: 'all or none: a call blocked by one full bucket takes no slot in the others',
      run: async () => {
        const limiter = await create();
        const [full, free] = [bucket(1), bucket(1)];
        await take(limiter, [full]);
        const { abort, settled } = await startWaiting(limiter, [free, full]);
        abort(new Error('conformance: abort'));
        await settled;
        const { waited } = await take(limiter, [free]);
        expectThat(!waited, 'the blocked call took a slot in the bucket that had room');
      },
    },
    {
      name: 'separate keys do not share slots',
      run: async () => {
        const limiter = await create();
        const [first, second] = [bucket(1), bucket(1)];
        await take(limiter, [first]);
        const { waited } = await take(limiter, [second]);
        expectThat(!waited, 'a full bucket made a call on another key wait');
      },
    },
    {
      name: 'reset: slots free again once the window has passed',
      run: async () => {
        const limiter = await create();
        const two = bucket(2);
        await take(limiter, [two]);
        await take(limiter, [two]);
        await new Promise((resolve) => setTimeout(resolve, shortWindowMs() * 1.2 + 50));
        const third = await take(limiter, [two]);
        const fourth = await take(limiter, [two]);
        expectThat(!third.waited && !fourth.waited, 'the window had passed, yet a call still waited');
      },
    },
    {
      name: 'pause: a short pause is waited out, a long one fails at once with retryAfterMs',
      run: async () => {
        const limiter = await create();
        const paused = bucket(50);
        await limiter.pause([paused], Math.max(1, Math.round(shortWindowMs() / 4)));
        const { waited } = await take(limiter, [paused]);
        expectThat(waited, 'a call during a short pause went ahead without waiting');
        const long = bucket(50);
        await limiter.pause([long], 3_600_000);
        const error = await limiter.acquire({ buckets: [long], endpoint: 'conformance' }).then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expectThat(isErrorNamed(error, 'NetatmoRateLimitError'), `a call during an hour-long pause got ${error === undefined ? 'a slot' : String(error)}, not a NetatmoRateLimitError`);
        expectThat(typeof error.retryAfterMs === 'number' && error.retryAfterMs > 3_500_000, `retryAfterMs is ${String(error.retryAfterMs)}; expected what is left of the pause`);
      },
    },
    {
      name: 'release: a request counts from when its answer came back, not from the acquire',
      run: async () => {
        const limiter = await create();
        const one = bucket(1);
        const release = await limiter.acquire({ buckets: [one], endpoint: 'conformance' });
        if (typeof release !== 'function') throw new CheckSkipped('acquire() resolves to no release function: optional, but a request stalled on its way can then open a window before Netatmo does');
        await new Promise((resolve) => setTimeout(resolve, shortWindowMs() / 2));
        release();
        // A release may apply in the background (it must not hold up the call that answered).
        await new Promise((resolve) => setTimeout(resolve, 50));
        let waitMs = -1;
        const controller = new AbortController();
        const outcome = await limiter.acquire({ buckets: [one], endpoint: 'conformance', signal: controller.signal, onWait: (ms) => ((waitMs = ms), controller.abort(new Error('conformance: enough'))) }).then(
          () => 'acquired',
          () => 'aborted',
        );
        expectThat(outcome === 'aborted' && waitMs > shortWindowMs() * 0.8 - 50, `half a window after the release the next call ${outcome === 'acquired' ? 'got a slot' : `waited ${waitMs} ms`}; it should wait about a full window from the release (${shortWindowMs()} ms)`);
      },
    },
    {
      name: 'bad input: acquire and pause reject (never throw synchronously) with a NetatmoValidationError',
      run: async () => {
        const limiter = await create();
        const attempts: [string, () => Promise<unknown>][] = [
          ['a bucket with perTenSeconds 0', () => limiter.acquire({ buckets: [{ key: 'conformance:bad', perTenSeconds: 0, perHour: 1 }], endpoint: 'conformance' })],
          ['a bucket without a key', () => limiter.acquire({ buckets: [{ key: '', perTenSeconds: 1, perHour: 1 }], endpoint: 'conformance' })],
          ['a negative pause', () => limiter.pause([bucket(1)], -5)],
        ];
        for (const [what, attempt] of attempts) {
          let outcome: unknown;
          try {
            outcome = await attempt().then(
              () => 'resolved',
              (error: unknown) => error,
            );
          } catch (error) {
            throw new Error(`${what} threw synchronously (${String(error)}); it must reject`);
          }
          expectThat(isErrorNamed(outcome, 'NetatmoValidationError'), `${what} settled with ${String(outcome)}, not a NetatmoValidationError`);
        }
      },
    },
  ];
  return runChecks('RateLimiter', checks, options.checkTimeoutMs ?? 30_000);
}
