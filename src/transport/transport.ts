import ky, { type KyInstance, type Options } from 'ky';
import type * as z from 'zod';
import {
  NetatmoApiError,
  NetatmoNetworkError,
  NetatmoRateLimitError,
  NetatmoTimeoutError,
  abortError,
  isNetatmoError,
  type NetatmoError,
} from '../errors.js';
import { headersForHooks, runHooks, type HookRequest, type NetatmoHooks } from '../hooks/hooks.js';
import { userAgent } from '../hooks/user-agent.js';
import type { RateLimitBucket, RateLimiter } from '../limits/rate-limiter.js';
import type { Log } from '../logger.js';
import { abortableSleep } from '../abort.js';
import { AttemptDeadlines } from './attempt-deadlines.js';
import { validateAnswer, type AnswerIssue, type ValidationMode } from './answer-validation.js';
import { createRedactor } from './redact.js';
import { errorFromResponse } from './response-error.js';
import { isRetryable, notSentBeforeFailure, type RetryPolicy } from './retry-policy.js';
import { encodeWireParams, encodeWireQuery, type WireParams } from './wire-params.js';

/** How the transport reads a successful answer. */
export type ResponseKind =
  /** `/api/*`: `{"status":"ok","body":…}`; resolves to `body`. */
  | 'envelope'
  /** `/oauth2/token`: plain JSON; resolves to the whole object. */
  | 'json'
  /** Images: resolves to {@link BinaryResponse}. */
  | 'bytes';

/** A binary answer, e.g. a camera picture. */
export interface BinaryResponse {
  data: Uint8Array;
  contentType: string;
}

/**
 * What a transport tells its caller while it works: plain callbacks, so the transport needs no
 * event bus and one transport can serve many clients (each passes its own observer).
 */
export interface TransportObserver {
  /** Before a retry; `attempt` is the attempt that failed (1 = the first). */
  onRetry?(info: { endpoint: string; attempt: number; delayMs: number; error: NetatmoError }): void;
  /** The API or the local budget throttled the call. */
  onRateLimited?(info: { endpoint: string; retryAfterMs?: number }): void;
  /** A lenient answer had harmless mismatches. */
  onUnexpectedAnswer?(info: { endpoint: string; issues: readonly AnswerIssue[] }): void;
}

/** One logical call; the transport may make several attempts of it. */
export interface TransportRequest {
  /** Name for messages and events, e.g. `getstationsdata` or `oauth2/token`. */
  endpoint: string;
  /** Path below the base URL, e.g. `/api/getstationsdata`. */
  path: string;
  method: 'GET' | 'POST';
  /** Query-string parameters, by wire name. */
  query?: WireParams | undefined;
  /** Form-encoded body (`application/x-www-form-urlencoded`), by wire name. */
  form?: WireParams | undefined;
  /** JSON body. */
  json?: unknown;
  headers?: Readonly<Record<string, string>> | undefined;
  response: ResponseKind;
  /** Checks (and types) what the call resolves to, as `validation` says. */
  schema?: z.ZodType | undefined;
  /** @default the transport's `validation` */
  validation?: ValidationMode | undefined;
  /**
   * Values that must never appear in an error message (the client secret, the refresh token or
   * code being sent, the bearer token): a server that echoes one back, in any encoding, gets it
   * replaced by `[redacted]`.
   */
  secrets?: readonly (string | undefined)[] | undefined;
  /**
   * False for calls the server may have acted on although no answer came (the token refresh,
   * creating a schedule): they are retried only when they surely never left, and a timeout or a
   * dropped connection is reported with `outcomeUnknown: true`. @default true
   */
  replaySafe?: boolean | undefined;
  /**
   * The answer reaches the caller before any user code runs: `afterResponse` hooks hear of it on a
   * later turn instead of being awaited. For the token request, whose answer must be saved first.
   */
  answerFirst?: boolean | undefined;
  /** Budgets the call counts against (none: not budgeted, like the token refresh). */
  buckets?: readonly RateLimitBucket[] | undefined;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  retry?: RetryPolicy | undefined;
  observer?: TransportObserver | undefined;
  /** This call's hooks (the per-call `hooks` option); they run after the transport's own. */
  hooks?: NetatmoHooks | undefined;
}

/** What a transport is built from; every field already checked by the options module. */
export interface TransportConfig {
  baseUrl: string;
  fetch: typeof globalThis.fetch;
  timeoutMs: number;
  retry: RetryPolicy;
  /** Where the request budget is kept; `undefined` turns budgeting off. */
  limiter: RateLimiter | undefined;
  log: Log;
  now: () => number;
  validation: ValidationMode;
  /** Answers larger than this are refused while streaming. */
  maxResponseBytes: number;
  /** The client's hooks: they see every request, token refreshes included. */
  hooks?: NetatmoHooks | undefined;
  /** Sent as `User-Agent` on every request. @default `netatmo-connect/<version> (<runtime>/<version>)` */
  userAgent?: string | undefined;
}

/** Sends requests to Netatmo; see {@link createTransport}. */
export interface Transport {
  /** Sends `request`, retrying as its policy allows; resolves to what {@link ResponseKind} says. */
  send(request: TransportRequest): Promise<unknown>;
}

/** Why the attempt's deadline aborted a request (told apart from the caller's own signal). */
const TIMEOUT = Symbol('netatmo-connect timeout');

/** The hooks of an attempt that has none. */
const NO_HOOKS: readonly (NetatmoHooks | undefined)[] = [];

/** The ky option that carries an attempt's signal to the fetch wrapper. */
const ATTEMPT_SIGNAL = 'netatmoAttemptSignal';

/**
 * The only code that calls ky. It encodes parameters, applies the per-attempt timeout, the rate
 * budget and retries (p-retry, entered only after a first failure; ky's own retry is off), refuses
 * oversized answers while streaming, checks answers against their schema, and turns every failure
 * into a {@link NetatmoError}. It knows nothing of tokens: the caller passes the `Authorization`
 * header and the secrets to keep out of errors.
 */
export function createTransport(config: TransportConfig): Transport {
  return new KyTransport(config);
}

class KyTransport implements Transport {
  readonly #ky: KyInstance;
  readonly #config: TransportConfig;
  readonly #origin: string;
  readonly #userAgent: string;
  /** The last attempt of each hooked request as its hooks saw it, for `beforeRetry`. */
  readonly #hookRequests = new WeakMap<TransportRequest, HookRequest>();
  /** Every attempt's timeout, on one shared timer. */
  readonly #deadlines = new AttemptDeadlines();

  constructor(config: TransportConfig) {
    this.#config = config;
    this.#userAgent = config.userAgent ?? userAgent();
    const url = new URL(config.baseUrl);
    // Userinfo in a base URL would otherwise end up in error messages.
    url.username = '';
    url.password = '';
    this.#origin = url.toString().replace(/\/+$/, '');
    const fetchFunction = config.fetch;
    this.#ky = ky.create({
      prefix: config.baseUrl,
      retry: 0,
      timeout: false,
      throwHttpErrors: false,
      // The attempt's own signal (its deadline and the caller's abort) replaces ky's, so no signals
      // are ever combined per request. ky forwards options it does not know to fetch; the
      // attempt's signal is the only one of ours, so `init` is just that signal.
      fetch: (input, init) => {
        const signal = (init as { [ATTEMPT_SIGNAL]?: AbortSignal } | undefined)?.[ATTEMPT_SIGNAL];
        return fetchFunction(input, signal ? { signal } : init);
      },
    });
  }

  async send(request: TransportRequest): Promise<unknown> {
    try {
      return await this.#attempt(request, 1);
    } catch (firstError) {
      // The common case never gets here: p-retry is entered only once an attempt has failed.
      const policy = request.retry ?? this.#config.retry;
      if (policy.retries === 0 || !this.#shouldRetry(firstError, request, policy)) throw firstError;
      return this.#retry(request, policy, firstError);
    }
  }

  async #retry(request: TransportRequest, policy: RetryPolicy, firstError: unknown): Promise<unknown> {
    const { signal } = request;
    // Loaded on the first failure: a process whose calls all succeed never loads p-retry at all.
    const { default: pRetry } = await import('p-retry');
    return pRetry((attemptNumber) => (attemptNumber === 1 ? Promise.reject(firstError) : this.#attempt(request, attemptNumber)), {
      retries: policy.retries,
      minTimeout: policy.minTimeoutMs,
      maxTimeout: policy.maxTimeoutMs,
      factor: 2,
      randomize: true,
      ...(signal && { signal }),
      onFailedAttempt: async ({ error, attemptNumber, retriesLeft, retryDelay }) => {
        if (retriesLeft === 0 || !this.#shouldRetry(error, request, policy)) return;
        // p-retry waits retryDelay after this callback; a longer Retry-After is topped up here.
        const retryAfterMs = error instanceof NetatmoRateLimitError ? (error.retryAfterMs ?? 0) : 0;
        const extraMs = Math.max(0, retryAfterMs - retryDelay);
        this.#config.log.debug(
          () => `netatmo-connect: ${request.endpoint} attempt ${attemptNumber} failed (${error.message}); retrying in ${retryDelay + extraMs} ms`,
        );
        request.observer?.onRetry?.({ endpoint: request.endpoint, attempt: attemptNumber, delayMs: retryDelay + extraMs, error: error as NetatmoError });
        const failed = this.#hookRequests.get(request);
        if (failed) {
          await runHooks('beforeRetry', [this.#config.hooks, request.hooks], { request: failed, error: error as NetatmoError, delayMs: retryDelay + extraMs }, this.#config.log);
        }
        if (extraMs > 0) await abortableSleep(extraMs, signal);
      },
      shouldRetry: ({ error }) => this.#shouldRetry(error, request, policy),
    }).catch((error: unknown) => {
      // p-retry rejects with the signal's reason when the caller aborts during a delay.
      if (signal?.aborted && !isNetatmoError(error)) throw abortError(signal, `${request.endpoint}`);
      throw error;
    });
  }

  #shouldRetry(error: unknown, request: TransportRequest, policy: RetryPolicy): boolean {
    if (request.signal?.aborted) return false;
    return (
      isRetryable(error, request.replaySafe ?? true) &&
      !(error instanceof NetatmoRateLimitError && (error.retryAfterMs ?? 0) > policy.maxTimeoutMs)
    );
  }

  /**
   * The headers of an attempt before any hook added to them, as hooks are told of them. Built
   * whole per call rather than merged by ky from instance defaults: one object, no merge.
   */
  #headers(request: TransportRequest): Record<string, string> {
    return { accept: request.response === 'bytes' ? '*/*' : 'application/json', 'user-agent': this.#userAgent, ...request.headers };
  }

  /** What hooks are told about an attempt: no body, the bearer token redacted. */
  #hookRequest(request: TransportRequest, query: string, attempt: number, headers: Record<string, string>): HookRequest {
    return { endpoint: request.endpoint, method: request.method, url: `${this.#origin}${request.path}${query}`, attempt, headers: headersForHooks(headers) };
  }

  async #attempt(request: TransportRequest, attempt: number): Promise<unknown> {
    const { signal, buckets } = request;
    if (signal?.aborted) throw abortError(signal, request.endpoint);
    const limiter = this.#config.limiter;
    let release: unknown;
    if (limiter && buckets && buckets.length > 0) {
      try {
        release = await limiter.acquire({
          buckets,
          endpoint: request.endpoint,
          signal,
          onWait: (waitMs) => request.observer?.onRateLimited?.({ endpoint: request.endpoint, retryAfterMs: waitMs }),
        });
      } catch (error) {
        if (signal?.aborted) throw abortError(signal, `${request.endpoint}: the wait for the rate budget`);
        if (error instanceof NetatmoRateLimitError) {
          request.observer?.onRateLimited?.({ endpoint: request.endpoint, ...(error.retryAfterMs !== undefined && { retryAfterMs: error.retryAfterMs }) });
        }
        throw error;
      }
    }

    // A deadline per attempt on the transport's shared timer, cancelled when the attempt ends:
    // nothing outlives the call.
    const timeoutMs = request.timeoutMs ?? this.#config.timeoutMs;
    const controller = new AbortController();
    const deadline = this.#deadlines.start(timeoutMs, () => controller.abort(TIMEOUT));
    // Per-call closures only when they have work to do (a caller's signal, hooks, debug logging).
    const onCallerAbort = signal && ((): void => controller.abort(signal.reason));
    if (onCallerAbort) signal.addEventListener('abort', onCallerAbort, { once: true });
    const started = this.#config.log.debugEnabled ? this.#config.now() : 0;
    const hooked = Boolean(this.#config.hooks || request.hooks);
    const hooks = hooked ? [this.#config.hooks, request.hooks] : NO_HOOKS;
    let headers = this.#headers(request);
    // The query goes on the path as a string: ky's searchParams would parse the URL and build a second Request.
    const search = request.query ? encodeWireQuery(request.query) : '';
    const query = search ? `?${search}` : '';
    let about: HookRequest | undefined;
    if (hooked) {
      about = this.#hookRequest(request, query, attempt, headers);
      this.#hookRequests.set(request, about);
      let added: Record<string, string>;
      try {
        added = await runHooks('beforeRequest', hooks, about, this.#config.log);
      } catch (error) {
        this.#deadlines.cancel(deadline);
        if (onCallerAbort) signal.removeEventListener('abort', onCallerAbort);
        // Nothing was sent: the slot goes back at once.
        releaseSlot(release);
        throw error;
      }
      headers = { ...headers, ...added };
    }
    const sentAt = hooked ? performance.now() : 0;

    let response: Response;
    let body: Uint8Array | string;
    try {
      const options: Options & { [ATTEMPT_SIGNAL]?: AbortSignal } = { method: request.method, headers, [ATTEMPT_SIGNAL]: controller.signal };
      if (request.form) options.body = encodeWireParams(request.form);
      if (request.json !== undefined) options.json = request.json;
      response = await this.#ky(`${request.path.charCodeAt(0) === 47 ? request.path.slice(1) : request.path}${query}`, options);
      body = await this.#readBody(response, request, controller);
    } catch (error) {
      const failure = signal?.aborted ? abortError(signal, request.endpoint) : this.#failure(error, request, controller.signal.reason === TIMEOUT, timeoutMs);
      // No answer: afterResponse still hears how the attempt ended, so a span or a timer always closes.
      if (about) await runHooks('afterResponse', hooks, { request: about, status: 0, headers: new Headers(), durationMs: elapsed(sentAt), error: failure }, this.#config.log);
      throw failure;
    } finally {
      this.#deadlines.cancel(deadline);
      if (onCallerAbort) signal.removeEventListener('abort', onCallerAbort);
      releaseSlot(release);
    }

    if (this.#config.log.debugEnabled) this.#config.log.debug(() => `netatmo-connect: ${request.method} ${request.path} → ${response.status} in ${this.#config.now() - started} ms`);
    if (about) {
      const heard = { request: about, status: response.status, headers: new Headers(response.headers), durationMs: elapsed(sentAt) };
      if (request.answerFirst) {
        // A token answer goes to its caller (who saves it) before any user code runs: the hooks
        // hear of it on a later turn, and cannot hold it up or lose it.
        setTimeout(() => void runHooks('afterResponse', hooks, heard, this.#config.log), 0);
      } else {
        await runHooks('afterResponse', hooks, heard, this.#config.log);
      }
    }

    if (typeof body !== 'string') {
      return { data: body, contentType: response.headers.get('content-type') ?? '' } satisfies BinaryResponse;
    }
    const json = parseJson(body);
    if (!response.ok || (json as { error?: unknown } | undefined)?.error !== undefined) {
      throw await this.#errorFrom(response, request, json, body);
    }
    if (json === undefined) {
      const contentType = response.headers.get('content-type') ?? '';
      throw new NetatmoApiError(
        `Netatmo API error on ${request.endpoint}: HTTP ${response.status} but the body was not JSON (${contentType || 'no content type'}, ${byteLength(body)} bytes)`,
        { status: response.status, endpoint: request.endpoint },
      );
    }
    const result = request.response === 'envelope' ? (json as { body?: unknown }).body : json;
    if (!request.schema) return result;
    const { data, issues } = validateAnswer(request.schema, result, request.validation ?? this.#config.validation, request.endpoint);
    if (issues.length > 0) request.observer?.onUnexpectedAnswer?.({ endpoint: request.endpoint, issues });
    return data;
  }

  /**
   * Reads the body, refusing it once it passes `maxResponseBytes` (by `Content-Length` up front, or
   * while streaming): a hostile or broken server cannot make the client buffer without bound.
   * Resolves to bytes for a binary answer, to text otherwise.
   */
  async #readBody(response: Response, request: TransportRequest, controller: AbortController): Promise<Uint8Array | string> {
    const max = this.#config.maxResponseBytes;
    const binary = request.response === 'bytes' && response.ok && !(response.headers.get('content-type') ?? '').includes('json');
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (declared > max) {
      controller.abort();
      throw new TooLarge(declared, response.status);
    }
    if (!response.body) return binary ? new Uint8Array(0) : '';
    if (Number.isFinite(declared)) {
      // The length is declared and within bounds: the runtime stops reading there.
      return binary ? new Uint8Array(await response.arrayBuffer()) : response.text();
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > max) {
        await reader.cancel().catch(() => {});
        controller.abort();
        throw new TooLarge(total, response.status);
      }
      chunks.push(value);
    }
    const bytes = concat(chunks, total);
    return binary ? bytes : utf8Decoder.decode(bytes);
  }

  async #errorFrom(response: Response, request: TransportRequest, json: unknown, body: string): Promise<NetatmoError> {
    const error = errorFromResponse(
      request.endpoint,
      {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
        json,
        bodyBytes: byteLength(body),
        contentType: response.headers.get('content-type') ?? '',
      },
      this.#config.now(),
      createRedactor(request.secrets ?? []),
    );
    if (error instanceof NetatmoRateLimitError) {
      request.observer?.onRateLimited?.({ endpoint: request.endpoint, ...(error.retryAfterMs !== undefined && { retryAfterMs: error.retryAfterMs }) });
      // Netatmo said stop: everyone sharing these budgets holds off, not only this call.
      const { limiter } = this.#config;
      // Netatmo sends no Retry-After with code 26: its window is full, so everyone waits one out.
      const pauseMs = error.retryAfterMs ?? (error.code === 26 ? USAGE_LIMIT_PAUSE_MS : undefined);
      if (limiter && request.buckets?.length && pauseMs !== undefined) {
        await limiter.pause(request.buckets, pauseMs).catch((pauseError: unknown) => {
          this.#config.log.warn(`netatmo-connect: the rate limiter could not record Netatmo's pause (${messageOf(pauseError)})`);
        });
      }
    }
    return error;
  }

  #failure(error: unknown, request: TransportRequest, timedOut: boolean, timeoutMs: number): NetatmoError {
    const where = `${request.method} ${this.#origin}${request.path}`;
    if (error instanceof TooLarge) {
      return new NetatmoApiError(
        `Netatmo API error on ${request.endpoint}: the answer is larger than maxResponseBytes (${this.#config.maxResponseBytes} bytes; ${error.seen} bytes seen) and was not read: ${where}`,
        { status: error.status, endpoint: request.endpoint },
      );
    }
    if (isNetatmoError(error)) return error;
    const replaySafe = request.replaySafe ?? true;
    const unknownOutcome = `; ${request.endpoint} is not safe to send twice, so it was not retried: it may or may not have taken effect at Netatmo (check before trying again)`;
    if (timedOut) {
      return new NetatmoTimeoutError(`No answer within ${timeoutMs} ms: ${where}${replaySafe ? '' : unknownOutcome}`, { outcomeUnknown: !replaySafe });
    }
    const root = rootCause(error);
    const code = (root as { code?: unknown }).code;
    // A fresh Error with the root message and code only: ky's errors hold the request and its
    // Authorization header, so they never travel as `cause`.
    const redact = createRedactor(request.secrets ?? []);
    const cause = Object.assign(new Error(redact(root.message)), typeof code === 'string' ? { code } : {});
    const outcomeUnknown = !replaySafe && !notSentBeforeFailure(cause);
    return new NetatmoNetworkError(`Could not reach Netatmo: ${where} (${redact(root.message)})${outcomeUnknown ? unknownOutcome : ''}`, {
      cause,
      outcomeUnknown,
    });
  }
}

/** Thrown inside an attempt when the answer passes `maxResponseBytes`. */
class TooLarge extends Error {
  constructor(
    readonly seen: number,
    readonly status: number,
  ) {
    super('answer too large');
  }
}

/** Milliseconds since `start` (a `performance.now()` reading), to a tenth. */
function elapsed(start: number): number {
  return Math.round((performance.now() - start) * 10) / 10;
}

const utf8Decoder = new TextDecoder();
const utf8Encoder = new TextEncoder();

function parseJson(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function byteLength(text: string): number {
  return utf8Encoder.encode(text).byteLength;
}

function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function rootCause(error: unknown): Error {
  let current: unknown = error;
  for (let depth = 0; depth < 5; depth++) {
    const next = (current as { cause?: unknown } | undefined)?.cause;
    if (!(next instanceof Error)) break;
    current = next;
  }
  return current instanceof Error ? current : new Error(String(current));
}

/** How long everyone sharing the budgets holds off after a code 26 without `Retry-After`: one 10-second window. */
const USAGE_LIMIT_PAUSE_MS = 10_000;

/**
 * The answer (or the failure) is in, so Netatmo has seen the request by now: a limiter that
 * returned a release counts it from here, and no window opens before Netatmo's.
 */
function releaseSlot(release: unknown): void {
  if (typeof release !== 'function') return;
  try {
    (release as () => void)();
  } catch {
    // A custom limiter's release must not fail a request that Netatmo already answered.
  }
}
