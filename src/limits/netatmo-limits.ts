/** Requests allowed in each of Netatmo's windows. */
export interface WindowLimits {
  /** Requests allowed in any 10-second window. */
  perTenSeconds: number;
  /** Requests allowed in any hour. */
  perHour: number;
}

/** The client-side request budget per user (the client's `rateLimit` option). */
export interface RateLimitOptions {
  /** Requests allowed in any 10-second window. @default 50 */
  perTenSeconds?: number;
  /** Requests allowed in any hour. @default 500 */
  perHour?: number;
}

/** Netatmo's limit per user (per access token of an app): 50 requests / 10 s and 500 / hour. */
export const NETATMO_USER_LIMITS: Readonly<WindowLimits> = Object.freeze({ perTenSeconds: 50, perHour: 500 });

/**
 * Netatmo's limit per app, from how many users it has: below 100 users 200 requests / 10 s and
 * 2000 / hour; from 100 users on, 2 × users / 10 s and 20 × users / hour.
 *
 * @example
 * ```ts
 * netatmoAppLimits(40)   // → { perTenSeconds: 200, perHour: 2000 }
 * netatmoAppLimits(1000) // → { perTenSeconds: 2000, perHour: 20000 }
 * ```
 */
export function netatmoAppLimits(users: number): WindowLimits {
  const count = Number.isFinite(users) ? Math.max(0, Math.floor(users)) : 0;
  return count < 100 ? { perTenSeconds: 200, perHour: 2000 } : { perTenSeconds: 2 * count, perHour: 20 * count };
}
