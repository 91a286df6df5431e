import type { RequestOptions } from '../api/request-options.js';
import type { NetatmoHooks } from '../hooks/hooks.js';
import { invalidOption } from '../errors.js';
import type { ValidationMode } from '../transport/answer-validation.js';
import { resolveRetryPolicy, type RetryPolicy } from '../transport/retry-policy.js';
import { checkOptionsObject, checkSignal, checkTimeoutMs, checkValidationMode } from './checks.js';
import { checkHooks } from './hooks.js';

/** Per-call options after checking: only what the caller set. */
export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  retry?: RetryPolicy;
  validation?: ValidationMode;
  hooks?: NetatmoHooks;
}

const known = new Set(['signal', 'timeoutMs', 'retry', 'validation', 'hooks']);

/**
 * Checks the per-call options of an endpoint method or `client.request()` with the same rules as
 * the client's options. Unknown keys are refused too: a typo (`timeout`) would otherwise be
 * silently ignored.
 *
 * @throws {@link NetatmoValidationError} naming the option (`options.timeoutMs`).
 */
export function resolveCallOptions(value: unknown, path = 'options', extraKeys: readonly string[] = []): CallOptions {
  // Most calls pass no options: nothing to check.
  if (value === undefined) return {};
  const options = checkOptionsObject(value, path) as RequestOptions & Record<string, unknown>;
  for (const key of Object.keys(options)) {
    if (!known.has(key) && !extraKeys.includes(key)) {
      throw invalidOption(`${path}.${key}`, `is not an option; per-call options are ${[...known, ...extraKeys].join(', ')}`);
    }
  }
  const resolved: CallOptions = {};
  if (options.signal !== undefined) resolved.signal = checkSignal(options.signal, `${path}.signal`);
  if (options.timeoutMs !== undefined) resolved.timeoutMs = checkTimeoutMs(options.timeoutMs, `${path}.timeoutMs`);
  if (options.retry !== undefined) resolved.retry = resolveRetryPolicy(options.retry, `${path}.retry`);
  if (options.validation !== undefined) resolved.validation = checkValidationMode(options.validation, `${path}.validation`);
  if (options.hooks !== undefined) resolved.hooks = checkHooks(options.hooks, `${path}.hooks`);
  return resolved;
}
