import type { RetryOptions } from '../transport/retry-policy.js';

/**
 * Per-call overrides, accepted as the last argument of every endpoint method and of
 * `client.request()`.
 *
 * @example
 * ```ts
 * await client.station.getStationsData({}, { timeoutMs: 5_000, retry: 0, signal: AbortSignal.timeout(20_000) });
 * ```
 */
export interface RequestOptions {
  /** Cancels the call, including waits between retries. */
  signal?: AbortSignal;
  /** Per-attempt timeout in milliseconds. @default the client's `timeoutMs` (15000) */
  timeoutMs?: number;
  /** Retries for this call only. @default the client's `retry` (2) */
  retry?: number | RetryOptions;
}
