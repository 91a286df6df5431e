import { invalidOption } from '../errors.js';
import type { ValidationMode } from '../transport/answer-validation.js';
import { MAX_TIMER_MS } from './defaults.js';

/**
 * The checks shared by client options and per-call options: one rule per option, whoever passes it.
 */

/** Milliseconds a timer can wait: 1 … 2^31 − 1; fractions round up, so what passes works. */
export function checkTimeoutMs(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_TIMER_MS) {
    throw invalidOption(path, `must be a number of milliseconds from 1 to ${MAX_TIMER_MS}, got ${describeValue(value)}`);
  }
  return Math.ceil(value);
}

/** Milliseconds ≥ 0 up to the longest timer (a duration that is compared, not waited for). */
export function checkDurationMs(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_TIMER_MS) {
    throw invalidOption(path, `must be a number of milliseconds from 0 to ${MAX_TIMER_MS}, got ${describeValue(value)}`);
  }
  return value;
}

/** A whole number within `[min, max]`. */
export function checkInteger(value: unknown, path: string, min: number, max: number, unit = ''): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidOption(path, `must be a whole number${unit ? ` of ${unit}` : ''} from ${min} to ${max}, got ${describeValue(value)}`);
  }
  return value;
}

/** An `AbortSignal` (from this realm or another: checked by shape). */
export function checkSignal(value: unknown, path: string): AbortSignal {
  const candidate = value as Partial<AbortSignal> | null | undefined;
  if (
    value instanceof AbortSignal ||
    (typeof candidate === 'object' &&
      candidate !== null &&
      typeof candidate.aborted === 'boolean' &&
      typeof candidate.addEventListener === 'function' &&
      typeof candidate.removeEventListener === 'function')
  ) {
    return value as AbortSignal;
  }
  throw invalidOption(path, `must be an AbortSignal (e.g. AbortSignal.timeout(5000) or controller.signal), got ${describeValue(value)}`);
}

const validationModes: readonly ValidationMode[] = ['lenient', 'strict', 'off'];

export function checkValidationMode(value: unknown, path: string): ValidationMode {
  if (typeof value === 'string' && (validationModes as readonly string[]).includes(value)) return value as ValidationMode;
  throw invalidOption(path, `must be 'lenient', 'strict' or 'off', got ${describeValue(value)}`);
}

/** An options object: a plain object, or absent. */
export function checkOptionsObject(value: unknown, path: string): Record<string, unknown> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidOption(path, `must be an object of options, got ${describeValue(value)}`);
  }
  return value as Record<string, unknown>;
}

/** A short, safe rendering of a bad value for a message (never a long string in full). */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    // Control characters are escaped, so a message stays on one line and prints as it is.
    const shown = (value.length > 40 ? `${value.slice(0, 40)}…` : value).replace(
      // eslint-disable-next-line no-control-regex -- control characters are what is escaped
      /[\u0000-\u001f\u007f]/g,
      (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
    return `'${shown}'`;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value instanceof Date) return 'a Date';
  return typeof value;
}
