import ky, { type KyInstance } from 'ky';
import pRetry from 'p-retry';
import type { z } from 'zod';
import type {
  NetatmoError} from '../errors.js';
import {
  NetatmoApiError,
  NetatmoNetworkError,
  NetatmoRateLimitError,
  NetatmoTimeoutError,
  NetatmoValidationError,
} from '../errors.js';
import type { EventBus } from '../events.js';
import type { Logger } from '../logger.js';
import { RateBudget, type RateLimitOptions } from './rate-budget.js';
import { errorFromResponse } from './response-error.js';
import { isRetryable, type RetryPolicy } from './retry-policy.js';
import { encodeWireParams, type WireParams } from './wire-params.js';

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
  /** Checks (and types) what the call resolves to; a mismatch is a {@link NetatmoValidationError}. */
  schema?: z.ZodType | undefined;
  /**
   * Values that must never appear in an error message (the client secret, the refresh token or
   * code being sent, the bearer token): a server that echoes one back gets it replaced by `[redacted]`.
   */
  secrets?: readonly string[] | undefined;
  /** False for requests the server may have acted on although no answer came (the token refresh). @default true */
  replaySafe?: boolean;
  /** Whether the call counts against the client's rate budget. @default true */
  budgeted?: boolean;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  retry?: RetryPolicy | undefined;
}

/** What a transport is built from; every field already resolved by the client. */
export interface TransportConfig {
  baseUrl: string;
  fetch: typeof globalThis.fetch;
  timeoutMs: number;
  retry: RetryPolicy;
  rateLimit: RateLimitOptions | false;
  logger: Logger;
  events: EventBus;
  now: () => number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The only code that calls ky. It encodes parameters, applies the per-attempt timeout, the rate
 * budget and retries (p-retry; ky's own retry is off), and turns every failure into a
 * {@link NetatmoError}. It knows nothing of tokens: the caller passes the `Authorization` header.
 */
export class Transport {
  readonly #ky: KyInstance;
  readonly #config: TransportConfig;
  readonly #budget: RateBudget | undefined;
  readonly #origin: string;

  constructor(config: TransportConfig) {
    this.#config = config;
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
      fetch: (input, init) => fetchFunction(input, init),
    });
    this.#budget =
      config.rateLimit === false
        ? undefined
        : new RateBudget(config.rateLimit, {
            now: config.now,
            sleep,
            onThrottled: (endpoint, retryAfterMs) => config.events.emit('rateLimited', { endpoint, retryAfterMs }),
          });
  }

  /** Sends `request`, retrying as its policy allows; resolves to what {@link ResponseKind} says. */
  send(request: TransportRequest): Promise<unknown> {
    const policy = request.retry ?? this.#config.retry;
    const replaySafe = request.replaySafe ?? true;
    const shouldRetry = (error: unknown): boolean =>
      isRetryable(error, replaySafe) &&
      !(error instanceof NetatmoRateLimitError && (error.retryAfterMs ?? 0) > policy.maxTimeoutMs);

    return pRetry(() => this.#attempt(request), {
      retries: policy.retries,
      minTimeout: policy.minTimeoutMs,
      maxTimeout: policy.maxTimeoutMs,
      factor: 2,
      randomize: true,
      ...(request.signal && { signal: request.signal }),
      onFailedAttempt: async ({ error, attemptNumber, retriesLeft, retryDelay }) => {
        if (retriesLeft === 0 || !shouldRetry(error)) return;
        // p-retry waits retryDelay after this callback; a longer Retry-After is topped up here.
        const retryAfterMs = error instanceof NetatmoRateLimitError ? (error.retryAfterMs ?? 0) : 0;
        const extraMs = Math.max(0, retryAfterMs - retryDelay);
        this.#config.logger.debug(
          `netatmo-connect: ${request.endpoint} attempt ${attemptNumber} failed (${error.message}); retrying in ${retryDelay + extraMs} ms`,
        );
        this.#config.events.emit('retry', {
          endpoint: request.endpoint,
          attempt: attemptNumber,
          delayMs: retryDelay + extraMs,
          error: error as NetatmoError,
        });
        if (extraMs > 0) await sleep(extraMs);
      },
      shouldRetry: ({ error }) => shouldRetry(error),
    });
  }

  async #attempt(request: TransportRequest): Promise<unknown> {
    if (request.budgeted ?? true) await this.#budget?.take(request.endpoint);
    const timeoutMs = request.timeoutMs ?? this.#config.timeoutMs;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    const started = this.#config.now();

    let response: Response;
    let raw: Uint8Array;
    try {
      response = await this.#ky(request.path.replace(/^\/+/, ''), {
        method: request.method,
        searchParams: encodeWireParams(request.query),
        ...(request.form && { body: encodeWireParams(request.form) }),
        ...(request.json !== undefined && { json: request.json }),
        headers: { accept: request.response === 'bytes' ? '*/*' : 'application/json', ...request.headers },
        signal,
      });
      raw = new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      if (request.signal?.aborted) throw request.signal.reason;
      throw this.#failure(error, request, timeout.aborted, timeoutMs);
    }

    const contentType = response.headers.get('content-type') ?? '';
    this.#config.logger.debug(
      `netatmo-connect: ${request.method} ${request.path} → ${response.status} in ${this.#config.now() - started} ms`,
    );

    if (response.ok && request.response === 'bytes' && !contentType.includes('json')) {
      return { data: raw, contentType } satisfies BinaryResponse;
    }
    const json = parseJson(raw);
    const failed = !response.ok || (json as { error?: unknown } | undefined)?.error !== undefined;
    if (failed) {
      const error = errorFromResponse(
        request.endpoint,
        { status: response.status, statusText: response.statusText, headers: response.headers, json, bodyBytes: raw.byteLength, contentType },
        this.#config.now(),
        (text) => redact(text, request.secrets),
      );
      if (error instanceof NetatmoRateLimitError) {
        this.#config.events.emit('rateLimited', {
          endpoint: request.endpoint,
          ...(error.retryAfterMs !== undefined && { retryAfterMs: error.retryAfterMs }),
        });
      }
      throw error;
    }
    if (json === undefined) {
      throw new NetatmoApiError(
        `Netatmo API error on ${request.endpoint}: HTTP ${response.status} but the body was not JSON (${contentType || 'no content type'}, ${raw.byteLength} bytes)`,
        { status: response.status, endpoint: request.endpoint },
      );
    }
    const result = request.response === 'envelope' ? (json as { body?: unknown }).body : json;
    return request.schema ? parseWith(request.schema, result, request.endpoint) : result;
  }

  #failure(error: unknown, request: TransportRequest, timedOut: boolean, timeoutMs: number): NetatmoError {
    const where = `${request.method} ${this.#origin}${request.path}`;
    if (timedOut) return new NetatmoTimeoutError(`No answer within ${timeoutMs} ms: ${where}`);
    const root = rootCause(error);
    const code = (root as { code?: unknown }).code;
    // A fresh Error with the root message and code only: ky's errors hold the request and its
    // Authorization header, so they never travel as `cause`.
    const cause = Object.assign(new Error(root.message), typeof code === 'string' ? { code } : {});
    return new NetatmoNetworkError(`Could not reach Netatmo: ${where} (${root.message})`, { cause });
  }
}

function parseWith(schema: z.ZodType, value: unknown, endpoint: string): unknown {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({
    path: ['body', ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  throw new NetatmoValidationError(
    `The answer of ${endpoint} does not have the expected shape: ${issues
      .slice(0, 3)
      .map((issue) => `${issue.path}: ${issue.message}`)
      .join('; ')}${issues.length > 3 ? ` (+${issues.length - 3} more)` : ''}. Please report it with the endpoint name; client.request('${endpoint}') returns the raw body meanwhile.`,
    issues,
  );
}

function redact(text: string, secrets: readonly string[] | undefined): string {
  let clean = text;
  for (const secret of secrets ?? []) {
    if (secret) clean = clean.split(secret).join('[redacted]');
  }
  return clean;
}

function parseJson(raw: Uint8Array): unknown {
  if (raw.byteLength === 0) return undefined;
  try {
    return JSON.parse(new TextDecoder().decode(raw)) as unknown;
  } catch {
    return undefined;
  }
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
