import { isNetatmoError, type NetatmoError } from '../../errors.js';

/**
 * True for failures a watcher waits out and keeps watching through: no answer (network, timeout),
 * Netatmo's own trouble (5xx) and throttling (429, codes 11/26). Everything else (a dead refresh
 * token, a missing scope, an unknown device) ends the watch with the error. Checked by `name` too,
 * so errors from a second copy of the package count.
 */
export function isTransientWatchError(error: unknown): boolean {
  if (!isNetatmoError(error)) return false;
  switch (error.name) {
    case 'NetatmoNetworkError':
    case 'NetatmoTimeoutError':
    case 'NetatmoRateLimitError':
      return true;
    case 'NetatmoApiError': {
      const status = (error as NetatmoError & { status?: unknown }).status;
      return typeof status === 'number' && (status >= 500 || status === 429);
    }
    default:
      return false;
  }
}

/**
 * How long to wait after the `failures`-th failure in a row: `baseMs` doubling each time up to
 * `maxMs`, scaled by a random factor in [0.5, 1) so many watchers do not come back at once, and
 * never shorter than what Netatmo asked for (`retryAfterMs` of a rate-limit error).
 */
export function watchBackoffMs(failures: number, baseMs: number, maxMs: number, error: unknown, random: () => number = Math.random): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, failures - 1));
  const jittered = exponential * (0.5 + random() / 2);
  const retryAfter = (error as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  return typeof retryAfter === 'number' && retryAfter > jittered ? retryAfter : jittered;
}

/**
 * True once the user's `signal` has aborted: whatever a wait or request then fails with is the end
 * of the watch the user asked for, not an error to report.
 */
export function stoppedByUser(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}
