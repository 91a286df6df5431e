import { invalidOption } from './errors.js';

/**
 * Where the SDK reports what it does. `console` fits; so do pino and winston loggers.
 * It never receives a token or a secret: tokens appear only as fingerprints.
 *
 * At run time a method left out is treated as a no-op (plain JavaScript may pass `{ warn, error }`),
 * and a method that throws never breaks a call: the SDK catches and drops its error.
 *
 * @example
 * ```ts
 * createNetatmoClient({ clientId, clientSecret, logger: console });
 * createNetatmoClient({ clientId, clientSecret, logger: { warn: console.warn, error: console.error } });
 * ```
 */
export interface Logger {
  /** Every request and its timing; built only when this method exists. */
  debug(message: string, ...details: unknown[]): void;
  /** Token refreshes and rotations, store recoveries. */
  info(message: string, ...details: unknown[]): void;
  /** Something failed but calls go on (a refresh with a still-valid token, answer drift). */
  warn(message: string, ...details: unknown[]): void;
  /** Something needs you: tokens that could not be saved, a failing event handler. */
  error(message: string, ...details: unknown[]): void;
}

const ignore = (): void => {};

/** The default: says nothing. */
export const silentLogger: Required<Logger> = Object.freeze({ debug: ignore, info: ignore, warn: ignore, error: ignore });

const levels = ['debug', 'info', 'warn', 'error'] as const;
type Level = (typeof levels)[number];

/**
 * The logger as the SDK uses it: checked once at creation, every call isolated (a throwing
 * logger never breaks a refresh or a request), and `debug` lines built only when someone listens.
 *
 * @internal
 */
export class Log {
  /** False when there is no debug method: callers skip building debug lines. */
  readonly debugEnabled: boolean;
  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
    this.debugEnabled = typeof logger.debug === 'function' && logger.debug !== ignore;
  }

  /** `build` runs only when the logger has a debug method. */
  debug(build: () => string): void {
    if (this.debugEnabled) this.#write('debug', build);
  }

  info(message: string): void {
    this.#write('info', message);
  }

  warn(message: string): void {
    this.#write('warn', message);
  }

  error(message: string): void {
    this.#write('error', message);
  }

  #write(level: Level, message: string | (() => string)): void {
    const method = this.#logger[level];
    if (typeof method !== 'function') return;
    try {
      method.call(this.#logger, typeof message === 'string' ? message : message());
    } catch {
      // A logger must never take a refresh or a request down with it.
    }
  }
}

/** The silent {@link Log}. @internal */
export const silentLog = new Log(silentLogger);

/**
 * Checks a user's logger once: an object whose `debug`, `info`, `warn` and `error` are functions
 * or absent (absent ones are no-ops).
 *
 * @internal
 */
export function resolveLogger(value: unknown, path: string): Log {
  if (value === undefined) return silentLog;
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) {
    throw invalidOption(path, `must be an object with debug/info/warn/error methods (console works), got ${value === null ? 'null' : typeof value}`);
  }
  for (const level of levels) {
    const method = (value as Record<string, unknown>)[level];
    if (method !== undefined && typeof method !== 'function') {
      throw invalidOption(`${path}.${level}`, `must be a function or left out, got ${typeof method}`);
    }
  }
  return new Log(value as Logger);
}
