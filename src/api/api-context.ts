import type { AuthorizedRequest } from '../auth/authorized-request.js';
import { resolveRetryPolicy } from '../transport/retry-policy.js';
import type { ResponseKind } from '../transport/transport.js';
import type { WireParams } from '../transport/wire-params.js';
import type { z } from 'zod';
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
  options?: RequestOptions | undefined;
}

/** What an endpoint call resolves to: the schema's output, or `unknown` without a schema. */
export type EndpointResult<Schema extends z.ZodType | undefined> = Schema extends z.ZodType ? z.output<Schema> : unknown;

/** Sends endpoint calls through the authorized request. Endpoint classes hold one. */
export class ApiContext {
  readonly #request: AuthorizedRequest;

  constructor(request: AuthorizedRequest) {
    this.#request = request;
  }

  async call<Schema extends z.ZodType | undefined>(call: EndpointCall<Schema>): Promise<EndpointResult<Schema>> {
    const { options } = call;
    const result = await this.#request({
      endpoint: call.endpoint,
      path: `/api/${call.endpoint}`,
      method: call.method,
      query: call.query,
      form: call.form,
      json: call.json,
      response: call.response ?? 'envelope',
      schema: call.schema,
      signal: options?.signal,
      timeoutMs: options?.timeoutMs,
      retry: options?.retry === undefined ? undefined : resolveRetryPolicy(options.retry, 'options.retry'),
    });
    return result as EndpointResult<Schema>;
  }
}
