/**
 * Every error the SDK throws extends {@link NetatmoError}. None of them carries an access token, a
 * refresh token, a client secret or ky's `HTTPError` (which holds the `Authorization` header) in
 * any field, its `cause`, its message or its stack.
 *
 * `instanceof` recognises an error from any copy of the package: the ESM and the CJS build loaded
 * side by side, or a subpath entry (`netatmo-connect/redis`, `/webhooks`, `/testing`), which
 * carries its own copy of these classes (a `RedisRateLimiter`'s spent budget is
 * `instanceof NetatmoRateLimitError` whichever copy the class came from). Each error is branded
 * with a global symbol, and a class matches a branded error whose `name` is its own or a
 * subclass's; an error that only borrowed a name is no instance. {@link isNetatmoError} also
 * accepts an error by its `name` alone.
 *
 * @module
 */

/** Options every {@link NetatmoError} accepts. */
export interface NetatmoErrorOptions {
  /** The underlying failure, already stripped of anything secret. */
  cause?: unknown;
}

/**
 * Base class of every error thrown by netatmo-connect.
 *
 * `instanceof` with this class or any subclass also recognises an error made by another copy of
 * the package: the ESM and CommonJS builds side by side, or a subpath entry such as
 * `netatmo-connect/redis`, which carries its own copy of the classes.
 *
 * @example
 * ```ts
 * try {
 *   await client.station.getStationsData();
 * } catch (error) {
 *   if (error instanceof NetatmoError) console.error(error.name, error.message);
 * }
 * ```
 */
export class NetatmoError extends Error {
  /** Always `'NetatmoError'`, also across two copies of the package (ESM and CJS): check it, or use `isNetatmoError()`. */
  override name: string = 'NetatmoError';

  constructor(message: string, options: NetatmoErrorOptions = {}) {
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    Object.defineProperty(this, BRAND, { value: true });
  }

  /**
   * Also true for an error made by another copy of these classes (see the class's notes).
   * @internal
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    if (!(value instanceof Error) || (value as { [BRAND]?: unknown })[BRAND] !== true) return false;
    // This copy's class of that name: an instance of `this` if it is `this` or extends it.
    const ours = Object.hasOwn(errorClasses, value.name) ? errorClasses[value.name] : undefined;
    return ours !== undefined && (ours === this || Object.prototype.isPrototypeOf.call(this.prototype, ours.prototype));
  }

  /** Plain data for `JSON.stringify` and structured loggers; never contains a secret. */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) {
      if (key !== 'cause' && key !== 'name') json[key] = value;
    }
    return json;
  }
}

/** Fields of a {@link NetatmoApiError}. */
export interface NetatmoApiErrorDetails extends NetatmoErrorOptions {
  /** HTTP status of the answer. */
  status: number;
  /** Netatmo's numeric error code (`{"error":{"code":…}}`), when the body carried one. */
  code?: number | undefined;
  /** The endpoint called, e.g. `getstationsdata` or `oauth2/token`. */
  endpoint: string;
}

/**
 * The API answered with an error: `{"error":{"code","message"}}`, or any non-2xx status.
 *
 * Common codes (REFERENCE §4.2): 2 invalid access token, 3 expired access token, 9 device not
 * found, 10 missing arguments, 13 operation forbidden (scope), 21 invalid argument,
 * 26 usage limit reached, 11 concurrency limit.
 * @example
 * ```ts
 * try {
 *   await client.thermostat.setThermMode({ homeId, mode: 'away' });
 * } catch (error) {
 *   if (error instanceof NetatmoApiError && error.code === 13) console.error(`missing scope for ${error.endpoint}: run login with write_thermostat`);
 *   else throw error;
 * }
 * ```
 */
export class NetatmoApiError extends NetatmoError {
  /** Always `'NetatmoApiError'`, also across two copies of the package (ESM and CJS): check it, or use `isNetatmoError()`. */
  override name: string = 'NetatmoApiError';
  /** HTTP status of the answer. */
  readonly status: number;
  /** Netatmo's numeric error code, when the body carried one. */
  readonly code: number | undefined;
  /** The endpoint called, e.g. `getstationsdata`. */
  readonly endpoint: string;

  constructor(message: string, details: NetatmoApiErrorDetails) {
    super(message, details);
    this.status = details.status;
    this.code = details.code;
    this.endpoint = details.endpoint;
  }
}

/** Fields of a {@link NetatmoRateLimitError}. */
export interface NetatmoRateLimitErrorDetails extends NetatmoApiErrorDetails {
  /** How long to wait before the next call, in milliseconds, when known. */
  retryAfterMs?: number | undefined;
}

/**
 * Netatmo throttled the call (HTTP 429, or code 26 "usage limit reached" / code 11 "concurrency
 * limit"), or the client's own budget (`rateLimit` option) has no room left.
 * @example
 * ```ts
 * try {
 *   await client.station.getStationsData();
 * } catch (error) {
 *   if (error instanceof NetatmoRateLimitError) await new Promise((resolve) => setTimeout(resolve, error.retryAfterMs ?? 60_000));
 *   else throw error;
 * }
 * ```
 */
export class NetatmoRateLimitError extends NetatmoApiError {
  /** Always `'NetatmoRateLimitError'`, also across two copies of the package (ESM and CJS): check it, or use `isNetatmoError()`. */
  override name: string = 'NetatmoRateLimitError';
  /** How long to wait before the next call, in milliseconds, when known. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, details: NetatmoRateLimitErrorDetails) {
    super(message, details);
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** Fields of a {@link NetatmoAuthError}. */
export interface NetatmoAuthErrorDetails extends NetatmoErrorOptions {
  /** The OAuth error string from `/oauth2/token` or the redirect, e.g. `invalid_grant`. */
  oauthError?: string | undefined;
  /** True when only a new login (authorization code flow) can fix it. */
  reauthorizationRequired?: boolean | undefined;
}

/**
 * Authentication failed: an `/oauth2/token` error (`invalid_grant`, `invalid_client`, …), a state
 * mismatch in the login flow, or no usable token at all.
 *
 * When `reauthorizationRequired` is true the refresh token is dead: run `netatmo-connect login`
 * (or call `client.tokens.setTokens()` with new tokens).
 * @example
 * ```ts
 * client.on('reauthorizationRequired', ({ error }) => console.error(error.message)); // once, when the refresh token died
 * try {
 *   await client.station.getStationsData();
 * } catch (error) {
 *   if (error instanceof NetatmoAuthError && error.reauthorizationRequired) console.error('run `netatmo-connect login` again');
 *   else throw error;
 * }
 * ```
 */
export class NetatmoAuthError extends NetatmoError {
  /** Always `'NetatmoAuthError'`, also across two copies of the package (ESM and CJS): check it, or use `isNetatmoError()`. */
  override name: string = 'NetatmoAuthError';
  /** The OAuth error string, e.g. `invalid_grant`. */
  readonly oauthError: string | undefined;
  /** True when only a new login can fix it. */
  readonly reauthorizationRequired: boolean;

  constructor(message: string, details: NetatmoAuthErrorDetails = {}) {
    super(message, details);
    this.oauthError = details.oauthError;
    this.reauthorizationRequired = details.reauthorizationRequired ?? false;
  }
}

/** One problem found by a {@link NetatmoValidationError}. */
export interface ValidationIssue {
  /** Where: the parameter name (`temp`), or a path into the response (`body.devices.0._id`). */
  path: string;
  /** What is wrong and, where it helps, what to do. */
  message: string;
}

/**
 * Bad parameters (found before any request is sent), or a response that does not fit its schema.
 * @example
 * ```ts
 * try {
 *   await client.station.getMeasure({ deviceId: 'not-a-mac', scale: '30min', types: ['Temperature'] });
 * } catch (error) {
 *   if (error instanceof NetatmoValidationError) for (const issue of error.issues) console.error(`${issue.path}: ${issue.message}`);
 *   else throw error;
 * }
 * ```
 */
export class NetatmoValidationError extends NetatmoError {
  /** Always `'NetatmoValidationError'`, also across two copies of the package (ESM and CJS): check it, or use `isNetatmoError()`. */
  override name: string = 'NetatmoValidationError';
  /** Every problem found, not only the first. */
  readonly issues: readonly ValidationIssue[];

  constructor(message: string, issues: readonly ValidationIssue[], options: NetatmoErrorOptions = {}) {
    super(message, options);
    this.issues = issues;
  }
}

/** Fields of a {@link NetatmoNetworkError} or {@link NetatmoTimeoutError}. */
export interface NetatmoTransportErrorDetails extends NetatmoErrorOptions {
  /**
   * True when the call may have reached Netatmo although no answer came back, and it is not safe
   * to send twice (e.g. `createHomeSchedule`): it was not retried, and its outcome is unknown.
   * @default false
   */
  outcomeUnknown?: boolean | undefined;
}

/**
 * The request never got an answer: DNS, refused connection, reset, TLS.
 *
 * `outcomeUnknown` is true when the connection was lost after the request was sent and the call is
 * not safe to repeat: check the state before trying again.
 * @example
 * ```ts
 * try {
 *   await client.station.getStationsData();
 * } catch (error) {
 *   // Retried already (with backoff) before it reached you; the cause keeps the system error code.
 *   if (error instanceof NetatmoNetworkError) console.error('Netatmo unreachable:', error.message);
 *   else throw error;
 * }
 * ```
 */
export class NetatmoNetworkError extends NetatmoError {
  /** Always `'NetatmoNetworkError'`, also across two copies of the package (ESM and CJS): check it, or use `isNetatmoError()`. */
  override name: string = 'NetatmoNetworkError';
  /** True when the call may have taken effect at Netatmo; it was not sent again. */
  readonly outcomeUnknown: boolean;

  constructor(message: string, details: NetatmoTransportErrorDetails = {}) {
    super(message, details);
    this.outcomeUnknown = details.outcomeUnknown ?? false;
  }
}

/**
 * No answer within `timeoutMs`.
 *
 * `outcomeUnknown` is true for a call that is not safe to repeat (see the README's replay table):
 * Netatmo may have acted on it, so it was not sent again.
 * @example
 * ```ts
 * try {
 *   await client.station.getStationsData({}, { timeoutMs: 5_000 });
 * } catch (error) {
 *   if (error instanceof NetatmoTimeoutError) console.error('no answer in time:', error.message);
 *   else throw error;
 * }
 * ```
 */
export class NetatmoTimeoutError extends NetatmoError {
  /** Always `'NetatmoTimeoutError'`, also across two copies of the package (ESM and CJS): check it, or use `isNetatmoError()`. */
  override name: string = 'NetatmoTimeoutError';
  /** True when the call may have taken effect at Netatmo; it was not sent again. */
  readonly outcomeUnknown: boolean;

  constructor(message: string, details: NetatmoTransportErrorDetails = {}) {
    super(message, details);
    this.outcomeUnknown = details.outcomeUnknown ?? false;
  }
}

/**
 * The caller's `AbortSignal` fired. Every wait of the call ends at once: the request itself, the
 * delay before a retry, a `Retry-After` wait, the rate-budget wait and the wait for a token refresh
 * (the refresh itself goes on for the other callers that need it). `cause` is the signal's reason.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * setTimeout(() => controller.abort(), 1_000);
 * try {
 *   await client.station.getStationsData({}, { signal: controller.signal });
 * } catch (error) {
 *   if (error instanceof NetatmoAbortError) console.log('gave up:', error.cause);
 * }
 * ```
 */
export class NetatmoAbortError extends NetatmoError {
  /** Always `'NetatmoAbortError'`, also across two copies of the package (ESM and CJS): check it, or use `isNetatmoError()`. */
  override name: string = 'NetatmoAbortError';
}

/**
 * The error an aborted call rejects with: a {@link NetatmoAbortError} whose `cause` is the
 * signal's reason.
 *
 * @internal
 */
export function abortError(signal: AbortSignal, what: string): NetatmoAbortError {
  return new NetatmoAbortError(`${what} was aborted by its AbortSignal`, { cause: signal.reason });
}


/**
 * A {@link NetatmoValidationError} for one bad option or parameter, thrown before any request.
 *
 * @internal
 */
export function invalidOption(path: string, message: string): NetatmoValidationError {
  return new NetatmoValidationError(`Invalid ${path}: ${message}`, [{ path, message }]);
}

/** Set on every error of every copy of the package: what tells its errors from look-alikes. */
const BRAND = Symbol.for('netatmo-connect.error');

/**
 * The public classes by their names (keys survive minification; class names may not). A subclass
 * outside it (yours, or one of the SDK's internal ones) matches its own instances only.
 */
const errorClasses: Readonly<Record<string, { prototype: object }>> = {
  NetatmoError,
  NetatmoApiError,
  NetatmoRateLimitError,
  NetatmoAuthError,
  NetatmoValidationError,
  NetatmoNetworkError,
  NetatmoTimeoutError,
  NetatmoAbortError,
};

/**
 * True for any error thrown by netatmo-connect, including one from a second copy of the package.
 * @example
 * ```ts
 * try {
 *   await client.station.getStationsData();
 * } catch (error) {
 *   // Also true for errors from a second copy of the package (its ESM and CJS builds side by side).
 *   if (isNetatmoError(error)) console.error(error.name, error.message);
 *   else throw error;
 * }
 * ```
 */
export function isNetatmoError(error: unknown): error is NetatmoError {
  return (
    error instanceof NetatmoError ||
    (error instanceof Error && Object.hasOwn(errorClasses, error.name))
  );
}
