import fc from 'fast-check';
import { expect, test } from 'vitest';
import { MemoryTokenStore } from '../../src/index.js';
import { clientFor, fakeNetatmo } from '../helpers/setup.js';

/**
 * Property: whatever a custom store's `withLock` does (grant late or never, run its function
 * twice or not at all, throw, reject or hang after the refresh), every call settles within the
 * bound the client promises, at most one token request is made per refresh, and the refresh token
 * that Netatmo holds live is the one in the store: a hostile lock can fail calls, never lock the
 * user out.
 */

const scale = Math.max(1, Number(process.env['PROPERTY_RUNS_SCALE'] ?? 1) || 1);
const RUNS = 12 * scale;

/**
 * The client's timeout: also how long it waits for the store and (with LOCK_TIMEOUT_MS) for the
 * lock. 1 s, not less: a token request that times out after the fake rotated the refresh token
 * leaves the store with a dead one, whatever the lock does, and on a loaded CI machine a request
 * has taken over 500 ms to arrive.
 */
const TIMEOUT_MS = 1_000;
const LOCK_TIMEOUT_MS = 100;
/** What the client waits for the lock: the store's lockTimeoutMs + timeoutMs. */
const LOCK_WAIT_MS = LOCK_TIMEOUT_MS + TIMEOUT_MS;

/** One drawn lock behaviour. */
interface LockBehaviour {
  /** How long the lock takes to be granted (past LOCK_WAIT_MS: after the client gave up), or `never`. */
  grantAfterMs: number | 'never';
  /** How many times it runs the function once granted. */
  runs: 0 | 1 | 2;
  /** What it does once the function settled: pass its outcome on, reject anyway, or never settle. */
  afterwards: 'pass' | 'reject' | 'hang';
  /** Throw synchronously instead of returning a promise. */
  throws: boolean;
}

const behaviour: fc.Arbitrary<LockBehaviour> = fc.record({
  grantAfterMs: fc.oneof(fc.integer({ min: 0, max: LOCK_WAIT_MS + 150 }), fc.constant('never' as const)),
  runs: fc.constantFrom(0 as const, 1 as const, 2 as const),
  afterwards: fc.constantFrom('pass' as const, 'reject' as const, 'hang' as const),
  throws: fc.boolean(),
});

class HostileLockStore extends MemoryTokenStore {
  readonly lockTimeoutMs = LOCK_TIMEOUT_MS;
  constructor(
    tokens: ConstructorParameters<typeof MemoryTokenStore>[0],
    readonly behaviour: LockBehaviour,
  ) {
    super(tokens);
  }
  override withLock<T>(fn: () => Promise<T>): Promise<T> {
    const { grantAfterMs, runs, afterwards, throws } = this.behaviour;
    if (throws) throw new Error('hostile lock: thrown');
    if (grantAfterMs === 'never') return new Promise<T>(() => {});
    return new Promise<T>((resolve, reject) => {
      setTimeout(() => {
        void (async () => {
          let outcome: PromiseSettledResult<T> = { status: 'rejected', reason: new Error('hostile lock: ran nothing') };
          for (let run = 0; run < runs; run++) [outcome] = await Promise.allSettled([fn()]);
          if (afterwards === 'hang') return;
          if (afterwards === 'reject' || outcome.status === 'rejected') reject(outcome.status === 'rejected' && afterwards === 'pass' ? outcome.reason : new Error('hostile lock: release failed'));
          else resolve(runs === 0 ? (undefined as T) : outcome.value);
        })();
      }, grantAfterMs);
    });
  }
}

test('a hostile withLock can fail calls, never hold them past the bound, refresh twice or lose the live refresh token', async () => {
  const fake = await fakeNetatmo();
  await fc.assert(
    fc.asyncProperty(behaviour, fc.integer({ min: 1, max: 4 }), async (lock, callCount) => {
      fake.clearRequests();
      const store = new HostileLockStore({ ...fake.issueTokens(), expiresAt: Date.now() - 1 }, lock);
      const client = clientFor(fake, { tokenStore: store, timeoutMs: TIMEOUT_MS, logger: { debug() {}, info() {}, warn() {}, error() {} } });
      const started = performance.now();

      // The data requests get more room still: an attempt that timed out after the fake counted it
      // would be retried and count twice for one call.
      const calls = await Promise.allSettled(Array.from({ length: callCount }, () => client.station.getStationsData({}, { timeoutMs: 10_000 })));

      // Every call settles: the lock wait, then the refresh's own bounded steps and the release wait.
      expect(performance.now() - started).toBeLessThan(LOCK_WAIT_MS + TIMEOUT_MS + 1_500);
      expect(fake.count('oauth2/token')).toBeLessThanOrEqual(1);
      // A refresh that ran saved what Netatmo rotated to before anything used it.
      if (fake.count('oauth2/token') === 1) expect(fake.liveRefreshTokens()).toContain((await store.load())?.refreshToken);
      // A call that went through used a token the fake accepted; one that failed sent nothing.
      const fulfilled = calls.filter((call) => call.status === 'fulfilled').length;
      expect(fake.count('getstationsdata')).toBe(fulfilled);
      // Give a late grant its time: the function it runs does nothing more.
      await new Promise((resolve) => setTimeout(resolve, typeof lock.grantAfterMs === 'number' ? Math.max(0, lock.grantAfterMs - (performance.now() - started)) + 30 : 0));
      expect(fake.count('oauth2/token')).toBeLessThanOrEqual(1);
    }),
    { numRuns: RUNS },
  );
}, 120_000);
