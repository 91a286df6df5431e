import { expect } from 'vitest';
import { createNetatmoClient, MemoryTokenStore, NetatmoApiError, NetatmoValidationError, type NetatmoClient } from '../../src/index.js';
import { startFakeNetatmo, type FakeNetatmo } from '../../src/testing/index.js';
import type { EndpointModel, ExpectedWire } from './endpoint-models.js';

/** A request as the client put it on the wire (recorded by a fetch that then calls the real fetch). */
export interface SentRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType: string | null;
  body: string;
}

/** One fake and one client for a whole property run, with every request the client sends recorded. */
export interface PropertyBench {
  fake: FakeNetatmo;
  client: NetatmoClient;
  sent: SentRequest[];
  close(): Promise<void>;
}

export async function startBench(): Promise<PropertyBench> {
  const fake = await startFakeNetatmo();
  const sent: SentRequest[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    sent.push({
      method: request.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      contentType: request.headers.get('content-type'),
      body: await request.clone().text(),
    });
    return globalThis.fetch(request);
  };
  const client = createNetatmoClient({
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    baseUrl: fake.url,
    tokenStore: new MemoryTokenStore(fake.issueTokens()),
    rateLimit: false,
    retry: 0,
    fetch,
  });
  return { fake, client, sent, close: () => fake.close() };
}

/** How a call ended: it resolved, or rejected with `error`. A synchronous throw is a failure of its own. */
export type Outcome = { ok: true } | { ok: false; error: unknown };

/**
 * Calls `model` the way a user would and settles it: a promise is awaited; an async iterator
 * (`iterateMeasures`) is asked for its first item and then closed, which sends at most one request.
 */
export async function settle(model: EndpointModel, client: NetatmoClient, params: unknown, options?: unknown): Promise<Outcome> {
  let result: unknown;
  try {
    result = options === undefined ? model.call(client, params) : model.call(client, params, options);
  } catch (error) {
    throw new Error(`${model.name} threw synchronously: ${String(error)}`, { cause: error });
  }
  try {
    if (result instanceof Promise) {
      await result;
    } else {
      expect(typeof (result as AsyncGenerator)[Symbol.asyncIterator], `${model.name} returns a promise or an async iterator`).toBe('function');
      const iterator = result as AsyncGenerator;
      await iterator.next();
      await iterator.return(undefined);
    }
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Unknown ids: the fake, like Netatmo, answers 400 code 21 naming the id. Any other refusal means a bad value got through. */
const unknownIdAnswer = /\(code 21, (Invalid (id|room_id|device_id|module_id|event_id|schedule_id|image)\b|device id is invalid|schedule <.*> is not therm schedule)/s;

/** True for the fake's (and Netatmo's) 400 code 21 about an id it does not have. */
export function isUnknownIdAnswer(error: unknown): boolean {
  return error instanceof NetatmoApiError && unknownIdAnswer.test(error.message);
}

/** Asserts the one request `sent` holds is `expected`, decoded the way Netatmo decodes it. */
export function expectWire(sent: readonly SentRequest[], expected: ExpectedWire, label: string): void {
  expect(sent, `${label}: one request`).toHaveLength(1);
  const request = sent[0]!;
  expect({ method: request.method, path: request.path, query: request.query }, label).toEqual({ method: expected.method, path: expected.path, query: expected.query });
  if (expected.form) {
    expect(request.contentType, label).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    expect(Object.fromEntries(new URLSearchParams(request.body)), label).toEqual(expected.form);
  } else if (expected.json !== undefined) {
    expect(request.contentType, label).toBe('application/json');
    expect(JSON.parse(request.body), label).toEqual(expected.json);
  } else {
    expect(request.body, label).toBe('');
  }
}

/**
 * The property every call must hold: refused with a {@link NetatmoValidationError} whose issues
 * name fields (`allowedPath`) and nothing sent, or sent exactly as `model.wire(params)` says and
 * then answered (a success, or Netatmo's "unknown id" for ids it does not have).
 */
export function expectRefusedOrExact(
  bench: PropertyBench,
  model: EndpointModel,
  params: unknown,
  outcome: Outcome,
  sentBefore: number,
  allowedPath: (path: string) => boolean,
): 'refused' | 'sent' {
  const label = `${model.name}(${show(params)})`;
  const sent = bench.sent.slice(sentBefore);
  if (!outcome.ok && outcome.error instanceof NetatmoValidationError && sent.length === 0) {
    const { issues, message } = outcome.error;
    expect(issues.length, label).toBeGreaterThan(0);
    for (const issue of issues) {
      expect(allowedPath(issue.path), `${label}: issue path '${issue.path}' names a field`).toBe(true);
      expect(issue.message.length, label).toBeGreaterThan(0);
    }
    // A message stays on one line and prints: control characters in values are escaped.
// eslint-disable-next-line no-control-regex -- control characters are what is looked for
    expect(/[\u0000-\u001f\u007f]/.test(message), `${label}: ${JSON.stringify(message)}`).toBe(false);
    return 'refused';
  }
  expectWire(sent, model.wire((params ?? {}) as Record<string, unknown>), label);
  if (!outcome.ok) {
    expect(outcome.error, label).toBeInstanceOf(NetatmoApiError);
    expect((outcome.error as Error).message, label).toMatch(unknownIdAnswer);
  }
  return 'sent';
}

/** A short rendering of generated parameters for failure messages. */
export function show(value: unknown): string {
  try {
    const text = JSON.stringify(value, (_key, field: unknown) => (typeof field === 'bigint' ? `${field}n` : typeof field === 'function' || typeof field === 'symbol' ? String(field) : field));
    return text === undefined ? String(value) : text.length > 300 ? `${text.slice(0, 300)}…` : text;
  } catch {
    return String(value);
  }
}
