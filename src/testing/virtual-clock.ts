import type { WatchClock } from '../api/shared/watch-clock.js';

/** Options of {@link createVirtualClock}. */
export interface VirtualClockOptions {
  /** Where time starts, epoch ms. @default Date.UTC(2026, 0, 1) */
  start?: number;
  /**
   * `true`: each `sleep(ms)` moves time forward by `ms` on the next turn of the event loop, so a
   * watcher runs hours of polling at once. `false`: sleeps wait until {@link VirtualClock.advance}
   * moves time past their end (to test what happens during a wait).
   * @default true
   */
  autoAdvance?: boolean;
}

/** A clock for watcher tests: pass it as the watcher's `clock` and as the fake's and client's `now`. */
export interface VirtualClock extends WatchClock {
  /** Moves time forward, ending the sleeps that are due. */
  advance(ms: number): void;
  /** Sleeps not yet ended. */
  readonly sleeping: number;
}

/**
 * A clock that only moves when the code under test sleeps (or the test advances it): timing
 * becomes exact and a test of hours of polling takes milliseconds. Share it with the fake
 * (`startFakeNetatmo({ now: clock.now })`) so uploads and `time_utc` follow it too.
 *
 * @example
 * ```ts
 * const clock = createVirtualClock();
 * const fake = await startFakeNetatmo({ now: clock.now });
 * const client = createNetatmoClient({ ...credentials, baseUrl: fake.url, now: clock.now });
 * fake.uploadReadingsEvery(600_000);
 * for await (const snapshot of client.station.watch({ clock })) { … }
 * ```
 */
export function createVirtualClock(options: VirtualClockOptions = {}): VirtualClock {
  let current = options.start ?? Date.UTC(2026, 0, 1);
  const autoAdvance = options.autoAdvance ?? true;
  const sleepers = new Set<{ until: number; wake: () => void }>();

  const settle = (): void => {
    for (const sleeper of [...sleepers].sort((a, b) => a.until - b.until)) {
      if (sleeper.until <= current) sleeper.wake();
    }
  };

  return {
    now: () => current,
    get sleeping() {
      return sleepers.size;
    },
    advance(ms: number) {
      current += ms;
      settle();
    },
    sleep(ms: number, signal?: AbortSignal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        const sleeper = {
          until: current + Math.max(0, ms),
          wake: () => {
            sleepers.delete(sleeper);
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = (): void => {
          sleepers.delete(sleeper);
          reject(signal!.reason);
        };
        sleepers.add(sleeper);
        signal?.addEventListener('abort', onAbort, { once: true });
        if (autoAdvance) {
          // On the next turn, so what the sleeper's caller started (requests, aborts) runs first.
          setImmediate(() => {
            if (!sleepers.has(sleeper)) return;
            current = Math.max(current, sleeper.until);
            settle();
          });
        }
      });
    },
  };
}
