import { LONG_WINDOW_MS, SHORT_WINDOW_MS } from '../limits/limit-windows.js';
import { NETATMO_USER_LIMITS, netatmoAppLimits, type WindowLimits } from '../limits/netatmo-limits.js';
import { apiError, type FakeResponse } from './fake-response.js';

/** Options of the fake's rate limits (`startFakeNetatmo({ limits })`). */
export interface FakeLimitsOptions {
  /** Each user's limit. @default Netatmo's: { perTenSeconds: 50, perHour: 500 } */
  perUser?: WindowLimits;
  /**
   * The app's limit, or a function of the number of users the fake has issued tokens to.
   * @default Netatmo's rule: 200 / 2000 below 100 users, then 2 × users / 20 × users
   */
  perApp?: WindowLimits | ((users: number) => WindowLimits);
  /**
   * Shrinks both windows (10 s, 1 h) by this factor, so tests cross several windows in seconds.
   * Give the SDK's limiter the same `timeScale`.
   * @default 1
   */
  timeScale?: number;
}

/** How often the fake refused a request for going over a limit. */
export interface FakeLimitViolations {
  /** Requests refused for a user's limit. */
  user: number;
  /** Requests refused for the app's limit. */
  app: number;
  /** Refusals per user id (the part of the token before `|`). */
  byUser: Record<string, number>;
}

/**
 * The last `limit` accepted request times of one window, in a ring: a request fits when the
 * `limit`-th previous one has left the window. Exact (a true sliding window, as a strict server
 * would count) and O(1) per request.
 */
class SlidingLog {
  readonly #times: number[] = [];
  #next = 0;

  constructor(readonly lengthMs: number) {}

  fits(now: number, limit: number): boolean {
    if (this.#times.length < limit) return true;
    // The ring may be longer than `limit` when the app's limit shrank; look `limit` back.
    const index = (this.#next - limit + this.#times.length * 2) % this.#times.length;
    return this.#times[index]! <= now - this.lengthMs;
  }

  add(now: number, limit: number): void {
    if (this.#times.length < limit) {
      this.#times.splice(this.#next, 0, now);
      this.#next = (this.#next + 1) % this.#times.length;
      return;
    }
    this.#times[this.#next] = now;
    this.#next = (this.#next + 1) % this.#times.length;
  }
}

/** One key's two windows. */
interface Windows {
  short: SlidingLog;
  long: SlidingLog;
}

/**
 * The fake's per-user and per-app limits, as Netatmo enforces them: a request over either is
 * answered 429 `{"error":{"code":26,"message":"User usage reached"}}` and counted as a violation;
 * refused requests do not use up the window.
 */
export class FakeLimits {
  readonly #perUser: WindowLimits;
  readonly #perApp: (users: number) => WindowLimits;
  readonly #shortMs: number;
  readonly #longMs: number;
  readonly #users = new Map<string, Windows>();
  readonly #app: Windows;
  readonly #violations: FakeLimitViolations = { user: 0, app: 0, byUser: {} };

  constructor(options: FakeLimitsOptions) {
    const scale = options.timeScale ?? 1;
    if (!(scale > 0 && scale <= 1)) throw new TypeError(`startFakeNetatmo: limits.timeScale must be in (0, 1], got ${String(scale)}`);
    this.#perUser = options.perUser ?? NETATMO_USER_LIMITS;
    const perApp = options.perApp ?? netatmoAppLimits;
    this.#perApp = typeof perApp === 'function' ? perApp : () => perApp;
    this.#shortMs = Math.max(50, Math.round(SHORT_WINDOW_MS * scale));
    this.#longMs = Math.max(50, Math.round(LONG_WINDOW_MS * scale));
    this.#app = this.#windows();
  }

  /** Counts a request of `user` at `now`, or answers code 26 when it goes over a limit. */
  check(user: string, now: number, users: number): FakeResponse | undefined {
    let windows = this.#users.get(user);
    if (!windows) this.#users.set(user, (windows = this.#windows()));
    const app = this.#perApp(users);
    if (!this.#fits(windows, this.#perUser, now)) {
      this.#violations.user++;
      this.#violations.byUser[user] = (this.#violations.byUser[user] ?? 0) + 1;
      return apiError(429, 26, 'User usage reached');
    }
    if (!this.#fits(this.#app, app, now)) {
      this.#violations.app++;
      return apiError(429, 26, 'Maximum api usage reached');
    }
    this.#add(windows, this.#perUser, now);
    this.#add(this.#app, app, now);
    return undefined;
  }

  /** A copy of the violation counters. */
  violations(): FakeLimitViolations {
    return { user: this.#violations.user, app: this.#violations.app, byUser: { ...this.#violations.byUser } };
  }

  #windows(): Windows {
    return { short: new SlidingLog(this.#shortMs), long: new SlidingLog(this.#longMs) };
  }

  #fits(windows: Windows, limits: WindowLimits, now: number): boolean {
    return windows.short.fits(now, limits.perTenSeconds) && windows.long.fits(now, limits.perHour);
  }

  #add(windows: Windows, limits: WindowLimits, now: number): void {
    windows.short.add(now, limits.perTenSeconds);
    windows.long.add(now, limits.perHour);
  }
}
