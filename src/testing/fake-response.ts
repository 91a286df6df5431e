/** What a fake route answers. */
export interface FakeResponse {
  /** @default 200 */
  status?: number;
  /** A JSON value, sent as JSON; a string is sent as-is (e.g. an HTML error page). */
  body?: unknown;
  /** Raw bytes (a camera picture); takes precedence over `body`. */
  bytes?: Uint8Array;
  /** Extra response headers. */
  headers?: Record<string, string>;
  /** Wait this long before answering, in milliseconds (simulates a slow or hanging server). */
  delayMs?: number;
}

/** The parsed request a fake route handles. */
export interface FakeApiRequest {
  /** HTTP method: `GET` or `POST`. */
  method: string;
  /**
   * Parameters by wire name, whatever the encoding: query string, form body, and the top-level
   * fields of a JSON body (numbers and booleans as strings, arrays comma-joined), as Netatmo
   * reads them all.
   */
  params: Record<string, string>;
  /**
   * Every value of each parameter, in order, under its bare name: repeated names, `name[]`
   * keys (pyatmo's `person_ids[]=a&person_ids[]=b`), JSON arrays (`{"person_ids":["a"]}`).
   */
  lists: Record<string, string[]>;
  /** The JSON body, when the request sent one. */
  json: unknown;
  /** Scopes of the access token that made the call. */
  scope: readonly string[];
  /** The fake's clock, in epoch ms. */
  now: number;
}

/** A `/api/<endpoint>` the fake serves, with the checks Netatmo makes. */
export interface FakeApiRoute {
  /** Netatmo's method name, e.g. `getstationsdata`. */
  endpoint: string;
  /** HTTP methods the real API accepts for it. */
  methods: readonly ('GET' | 'POST')[];
  /** The token needs one of these scopes; empty means any valid token. */
  scopes: readonly string[];
  /** Answers one request that passed the token and scope checks. */
  handle(request: FakeApiRequest): FakeResponse | Promise<FakeResponse>;
}

/** `{"status":"ok","time_exec":…,"time_server":…,"body":…}`: Netatmo's success envelope. */
export function ok(body: unknown, now: number): FakeResponse {
  return {
    body: { status: 'ok', time_exec: 0.012, time_server: Math.floor(now / 1000), ...(body !== undefined && { body }) },
  };
}

/** Serves a captured fixture: its own envelope when it has one, else wrapped in one. */
export function fixture(captured: unknown, now: number): FakeResponse {
  const value = captured as { status?: unknown };
  if (value && typeof value === 'object' && value.status === 'ok') {
    return { body: { ...value, time_server: Math.floor(now / 1000) } };
  }
  return ok(captured, now);
}

/** `{"error":{"code","message"}}` with a status, as the data API answers errors. */
export function apiError(status: number, code: number, message: string): FakeResponse {
  return { status, body: { error: { code, message } } };
}

/** Code 10, HTTP 400: what Netatmo answers when a required parameter is missing. */
export function missingParams(params: Record<string, string>, required: readonly string[]): FakeResponse | undefined {
  const missing = required.find((name) => params[name] === undefined || params[name] === '');
  return missing === undefined ? undefined : apiError(400, 10, `Missing ${missing}`);
}

/** Code 21, HTTP 400: what Netatmo answers for a parameter with a value it does not accept. */
export function invalidArg(message: string): FakeResponse {
  return apiError(400, 21, message);
}
