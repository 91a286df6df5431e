import { NetatmoValidationError, type NetatmoError } from '../errors.js';
import type { Log } from '../logger.js';

/**
 * What every hook is told about the request: enough to name a span or label a metric, never a
 * token or a secret (the `Authorization` header reads `Bearer [redacted]`, and no body is shown).
 */
export interface HookRequest {
  /** Netatmo's name for the call: `getstationsdata`, `homestatus`, or `oauth2/token` for a refresh. */
  endpoint: string;
  /** The HTTP method: `GET` for reads, `POST` for writes and the token endpoint. */
  method: 'GET' | 'POST';
  /** The URL requested, query included (API parameters only: tokens travel in headers and bodies). */
  url: string;
  /** 1 for the first attempt, 2 for the first retry, … */
  attempt: number;
  /** The request headers as sent, lower-case names; `authorization` redacted. */
  headers: Readonly<Record<string, string>>;
}

/**
 * What `afterResponse` is told after each attempt: its {@link HookRequest} (the very object
 * `beforeRequest` got, so a span or a timer started there can be found again), and how it ended.
 */
export interface HookResponse {
  /** The attempt, as `beforeRequest` saw it (the same object). */
  request: HookRequest;
  /** The HTTP status, e.g. 200, 403, 503; `0` when no answer came (see `error`). */
  status: number;
  /** The response headers (a copy: changing it changes nothing); empty when no answer came. */
  headers: Headers;
  /** Milliseconds from sending the attempt to its body being read, or to its failure. */
  durationMs: number;
  /**
   * Set when no answer came: a network error, a timeout, an abort, an answer over
   * `maxResponseBytes`. An error answer (4xx, 5xx) has its status here and no `error`.
   */
  error?: NetatmoError;
}

/** What `beforeRetry` is told: the attempt that failed, why, and how long the SDK waits. */
export interface HookRetry {
  /** The failed attempt, as `beforeRequest` saw it. */
  request: HookRequest;
  /** Why the attempt failed (a network error, a timeout, a 5xx, a 429…). */
  error: NetatmoError;
  /** How long the SDK waits before the next attempt, in milliseconds. */
  delayMs: number;
}

/**
 * Functions called around every HTTP attempt, for tracing, metrics and extra headers: the client's
 * `hooks` see every request (token refreshes included), a call's `hooks` (per-call option) only
 * that call's. Client hooks run first. A hook that throws or rejects is logged (`warn`) and the
 * request goes on: observability never breaks a call. Each hook is awaited, so keep them quick.
 *
 * @example
 * ```ts
 * const client = createNetatmoClient({
 *   clientId, clientSecret,
 *   hooks: {
 *     beforeRequest: ({ endpoint }) => ({ 'x-request-id': `${endpoint}-${crypto.randomUUID()}` }),
 *     afterResponse: ({ request, status, durationMs }) => console.log(request.endpoint, status, `${durationMs} ms`, `attempt ${request.attempt}`),
 *     beforeRetry: ({ request, error, delayMs }) => console.warn(`${request.endpoint} failed (${error.message}); retrying in ${delayMs} ms`),
 *   },
 * });
 * ```
 */
export interface NetatmoHooks {
  /**
   * Before each attempt is sent. Return headers to add to it (e.g. a trace context); the
   * `Authorization` header is the SDK's and cannot be set here.
   *
   * @example
   * ```ts
   * beforeRequest: ({ endpoint, attempt }) => ({ 'x-request-id': `${endpoint}-${attempt}-${crypto.randomUUID()}` })
   * ```
   */
  beforeRequest?(request: HookRequest): void | Record<string, string> | Promise<void | Record<string, string>>;
  /**
   * After each attempt: once its answer's body is read (any status), or once it failed without one.
   *
   * @example
   * ```ts
   * afterResponse: ({ request, status, durationMs }) => histogram.observe({ endpoint: request.endpoint, status }, durationMs / 1000)
   * ```
   */
  afterResponse?(response: HookResponse): void | Promise<void>;
  /**
   * Before each retry, after the delay is chosen.
   *
   * @example
   * ```ts
   * beforeRetry: ({ request, error, delayMs }) => console.warn(`${request.endpoint} attempt ${request.attempt}: ${error.message}; again in ${delayMs} ms`)
   * ```
   */
  beforeRetry?(retry: HookRetry): void | Promise<void>;
}

type HookName = keyof NetatmoHooks;

/** Calls `name` on each hooks object in order; a hook's failure is logged, never thrown. */
export async function runHooks<Name extends HookName>(
  name: Name,
  hooks: readonly (NetatmoHooks | undefined)[],
  argument: Parameters<NonNullable<NetatmoHooks[Name]>>[0],
  log: Log,
): Promise<Record<string, string>> {
  const added: Record<string, string> = {};
  for (const set of hooks) {
    const hook = set?.[name] as ((value: typeof argument) => unknown) | undefined;
    if (!hook) continue;
    let result: unknown;
    try {
      result = await hook.call(set, argument);
    } catch (error) {
      log.warn(`netatmo-connect: hooks.${name} failed on ${endpointOf(argument)} (${error instanceof Error ? error.message : String(error)}); the request went on`);
      continue;
    }
    if (name === 'beforeRequest' && result !== undefined) Object.assign(added, checkAddedHeaders(result, endpointOf(argument)));
  }
  return added;
}

function endpointOf(argument: HookRequest | HookResponse | HookRetry): string {
  return 'request' in argument ? argument.request.endpoint : argument.endpoint;
}

/** Headers a `beforeRequest` hook returned: string values, lower-cased names, never `authorization`. */
function checkAddedHeaders(value: unknown, endpoint: string): Record<string, string> {
  const where = `hooks.beforeRequest (on ${endpoint})`;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new NetatmoValidationError(`Invalid ${where}: must return nothing or an object of headers, got ${value === null ? 'null' : typeof value}`, [
      { path: 'hooks.beforeRequest', message: 'must return nothing or an object of headers' },
    ]);
  }
  const headers: Record<string, string> = {};
  for (const [name, header] of Object.entries(value)) {
    const lower = name.toLowerCase();
    if (lower === 'authorization') {
      throw new NetatmoValidationError(`Invalid ${where}: returned an Authorization header; the SDK sets it from the token store`, [
        { path: 'hooks.beforeRequest', message: 'may not set the Authorization header' },
      ]);
    }
    if (typeof header !== 'string') {
      throw new NetatmoValidationError(`Invalid ${where}: header '${name}' must be a string, got ${typeof header}`, [
        { path: 'hooks.beforeRequest', message: `header '${name}' must be a string` },
      ]);
    }
    headers[lower] = header;
  }
  return headers;
}

/** The request headers as hooks see them: the bearer token replaced. */
export function headersForHooks(headers: Readonly<Record<string, string>>): Record<string, string> {
  const copy: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    copy[name.toLowerCase()] = name.toLowerCase() === 'authorization' ? value.replace(/^(\w+)\s.*$/s, '$1 [redacted]') : value;
  }
  return copy;
}
