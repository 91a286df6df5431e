import type { NetatmoHooks } from '../hooks/hooks.js';
import { invalidOption } from '../errors.js';
import { describeValue } from './checks.js';

const hookNames = ['beforeRequest', 'afterResponse', 'beforeRetry'] as const;

/**
 * Checks a `hooks` option (client or per call): an object whose known keys are functions. An
 * unknown key is refused, since a typo (`afterRequest`) would otherwise never run.
 */
export function checkHooks(value: unknown, path: string): NetatmoHooks {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidOption(path, `must be an object of hooks (${hookNames.join(', ')}), got ${describeValue(value)}`);
  }
  for (const [key, hook] of Object.entries(value)) {
    if (!(hookNames as readonly string[]).includes(key)) {
      throw invalidOption(`${path}.${key}`, `is not a hook; hooks are ${hookNames.join(', ')}`);
    }
    if (hook !== undefined && typeof hook !== 'function') {
      throw invalidOption(`${path}.${key}`, `must be a function, got ${describeValue(hook)}`);
    }
  }
  return value as NetatmoHooks;
}

/** Checks the `userAgent` option: product tokens appended to the SDK's own (`my-app/1.2`). */
export function checkUserAgent(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.trim() === '' || /[\r\n]/.test(value) || value.length > 200) {
    throw invalidOption(path, `must be a one-line string such as 'my-app/1.2' (up to 200 characters), got ${describeValue(value)}`);
  }
  return value.trim();
}
