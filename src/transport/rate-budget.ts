import { NetatmoRateLimitError, invalidOption } from '../errors.js';

/** The client-side request budget. Netatmo allows 50 requests per 10 s and 500 per hour per user. */
export interface RateLimitOptions {
  /** Requests allowed in any 10-second window. @default 50 */
  perTenSeconds?: number;
  /** Requests allowed in any hour. @default 500 */
  perHour?: number;
}

interface Window {
  readonly max: number;
  readonly lengthMs: number;
  readonly label: string;
  /** Calls wait for a slot in a short window; a long one throws rather than hang for minutes. */
  readonly wait: boolean;
}

/** What {@link RateBudget.take} needs from the outside world: a clock and a way to wait. */
export interface RateBudgetEnvironment {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  onThrottled: (endpoint: string, retryAfterMs: number) => void;
}

/**
 * A sliding-window budget shared by every call of one client. A call that would break the 10 s
 * window waits for a free slot (the `rateLimited` event says how long); a call that would break
 * the hourly window fails at once with a {@link NetatmoRateLimitError} that says when the next
 * slot frees, instead of earning the account an hour-long ban at Netatmo.
 */
export class RateBudget {
  readonly #windows: readonly Window[];
  readonly #sent: number[] = [];
  readonly #env: RateBudgetEnvironment;

  constructor(options: RateLimitOptions, env: RateBudgetEnvironment, windowsForTests?: readonly Window[]) {
    const perTenSeconds = options.perTenSeconds ?? 50;
    const perHour = options.perHour ?? 500;
    for (const [name, value] of [['perTenSeconds', perTenSeconds], ['perHour', perHour]] as const) {
      if (!Number.isInteger(value) || value < 1) {
        throw invalidOption(`rateLimit.${name}`, `must be a whole number ≥ 1, got ${String(value)} (use rateLimit: false to turn the budget off)`);
      }
    }
    this.#windows = windowsForTests ?? [
      { max: perTenSeconds, lengthMs: 10_000, label: `${perTenSeconds} requests per 10 s`, wait: true },
      { max: perHour, lengthMs: 3_600_000, label: `${perHour} requests per hour`, wait: false },
    ];
    this.#env = env;
  }

  /** Reserves a slot for one request to `endpoint`, waiting or throwing as described above. */
  async take(endpoint: string): Promise<void> {
    for (;;) {
      const now = this.#env.now();
      this.#forgetOlderThan(now - Math.max(...this.#windows.map((window) => window.lengthMs)));
      let waitMs = 0;
      for (const window of this.#windows) {
        const inWindow = this.#sent.filter((time) => time > now - window.lengthMs);
        if (inWindow.length < window.max) continue;
        const freeAt = inWindow[inWindow.length - window.max]! + window.lengthMs;
        const retryAfterMs = Math.max(1, freeAt - now);
        if (!window.wait) {
          this.#env.onThrottled(endpoint, retryAfterMs);
          throw new NetatmoRateLimitError(
            `Client-side rate budget of ${window.label} is used up; the next request to ${endpoint} can go in ${Math.ceil(retryAfterMs / 1000)} s. Raise or turn off the rateLimit option if your Netatmo app has a higher limit.`,
            { status: 429, endpoint, retryAfterMs },
          );
        }
        waitMs = Math.max(waitMs, retryAfterMs);
      }
      if (waitMs === 0) {
        this.#sent.push(now);
        return;
      }
      this.#env.onThrottled(endpoint, waitMs);
      await this.#env.sleep(waitMs);
    }
  }

  #forgetOlderThan(limit: number): void {
    let stale = 0;
    while (stale < this.#sent.length && this.#sent[stale]! <= limit) stale++;
    if (stale > 0) this.#sent.splice(0, stale);
  }
}
