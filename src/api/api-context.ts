import type * as z from 'zod';
import type { AuthorizedRequest } from '../auth/authorized-request.js';
import type { RateLimitBucket } from '../limits/rate-limiter.js';
import { resolveCallOptions } from '../options/call-options.js';
import type { ResponseKind, TransportObserver } from '../transport/transport.js';
import type { WireParams } from '../transport/wire-params.js';
import { isReplaySafe } from './replay-safety.js';
import type { RequestOptions } from './request-options.js';

/** One endpoint call as an endpoint method describes it: wire names, no tokens. */
export interface EndpointCall<Schema extends z.ZodType | undefined> {
  /** Netatmo's method name, e.g. `getstationsdata`; the path is `/api/<endpoint>`. */
  endpoint: string;
  method: 'GET' | 'POST';
  query?: WireParams;
  form?: WireParams;
  json?: unknown;
  response?: ResponseKind;
  schema?: Schema;
  /** The caller's per-call options, unchecked: they are checked here, once. */
  options?: RequestOptions | undefined;
}

/** What an endpoint call resolves to: the schema's output, or `unknown` without a schema. */
export type EndpointResult<Schema extends z.ZodType | undefined> = Schema extends z.ZodType ? z.output<Schema> : unknown;

/** What every call of one client carries: its budgets and where its events go. */
export interface CallScope {
  buckets: readonly RateLimitBucket[];
  observer: TransportObserver;
}

/** Sends endpoint calls through the authorized request. Endpoint classes hold one. */
export class ApiContext {
  readonly #request: AuthorizedRequest;
  readonly #scope: CallScope;

  constructor(request: AuthorizedRequest, scope: CallScope) {
    this.#request = request;
    this.#scope = scope;
  }

  /**
   * Checks the per-call options, then sends; rejects (never throws) on bad options. Not `async`:
   * the request's own promise is handed back, with no extra turn of the event loop per call.
   */
  call<Schema extends z.ZodType | undefined>(call: EndpointCall<Schema>): Promise<EndpointResult<Schema>> {
    let options: ReturnType<typeof resolveCallOptions>;
    try {
      options = resolveCallOptions(call.options);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return this.#request({
      endpoint: call.endpoint,
      path: `/api/${call.endpoint}`,
      method: call.method,
      query: call.query,
      form: call.form,
      json: call.json,
      response: call.response ?? 'envelope',
      schema: call.schema,
      replaySafe: isReplaySafe(call.endpoint, call.method),
      buckets: this.#scope.buckets,
      observer: this.#scope.observer,
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      retry: options.retry,
      validation: options.validation,
      hooks: options.hooks,
    }) as Promise<EndpointResult<Schema>>;
  }
}
