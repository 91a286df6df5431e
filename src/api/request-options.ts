import type { ValidationMode } from '../transport/answer-validation.js';
import type { RetryOptions } from '../transport/retry-policy.js';

/**
 * Per-call overrides, accepted as the last argument of every endpoint method and of
 * `client.request()`. They are checked by the same rules as the client's options: a bad value is a
 * `NetatmoValidationError` naming it (`options.timeoutMs`), and an unknown key is refused.
 *
 * @example
 * ```ts
 * await client.station.getStationsData({}, { timeoutMs: 5_000, retry: 0, signal: AbortSignal.timeout(20_000) });
 * ```
 */
export interface RequestOptions {
  /**
   * Cancels the call: every wait ends at once (the request, a retry delay, a `Retry-After`, the rate
   * budget, a token refresh) and the call rejects with a `NetatmoAbortError`.
   */
  signal?: AbortSignal;
  /** Per-attempt timeout in milliseconds, 1 … 2147483647. @default the client's `timeoutMs` (15000) */
  timeoutMs?: number;
  /** Retries for this call only. @default the client's `retry` (2) */
  retry?: number | RetryOptions;
  /** How this call's answer is checked. @default the client's `validation` (`'lenient'`) */
  validation?: ValidationMode;
}
