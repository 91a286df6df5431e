import { request } from 'node:http';
import type { FakeNetatmo } from '../../src/testing/index.js';

/** What came back, decoded: JSON when the answer says so, bytes otherwise. */
export interface Answer {
  status: number;
  contentType: string | null;
  /** The JSON body (`undefined` for a picture). */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- answers are read field by field in tests
  bytes: Uint8Array;
}

/** Sends a request with plain `fetch` (no SDK) and decodes the answer. */
export async function send(url: string, init: RequestInit): Promise<Answer> {
  const response = await fetch(url, init);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const contentType = response.headers.get('content-type');
  const body: unknown = contentType?.includes('json') ? JSON.parse(new TextDecoder().decode(bytes)) : undefined;
  return { status: response.status, contentType, body, bytes };
}

const absolute = (fake: FakeNetatmo, pathOrUrl: string): string => (/^https?:/.test(pathOrUrl) ? pathOrUrl : `${fake.url}${pathOrUrl}`);

/** A form body the way aiohttp writes `data={…}`: list values repeat their name (`urlencode(doseq=True)`). */
function aiohttpForm(params: Record<string, string | readonly string[]>): string {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) for (const item of typeof value === 'string' ? [value] : value) form.append(name, item);
  return form.toString();
}

/**
 * pyatmo (`auth.py async_post_request`): every call is a POST with the bearer token and
 * `data=params` as a form body (`application/x-www-form-urlencoded`, empty when there are no
 * params); `params["params"]` moves to the query string and `params["json"]` replaces the form
 * with a JSON body.
 */
export function pyatmoPost(
  fake: FakeNetatmo,
  token: string,
  pathOrUrl: string,
  params: Record<string, string | readonly string[]> = {},
  extra: { query?: Record<string, string>; json?: unknown } = {},
): Promise<Answer> {
  const url = new URL(absolute(fake, pathOrUrl));
  for (const [name, value] of Object.entries(extra.query ?? {})) url.searchParams.set(name, value);
  const headers = { authorization: `Bearer ${token}`, 'content-type': extra.json === undefined ? 'application/x-www-form-urlencoded' : 'application/json' };
  return send(url.href, { method: 'POST', headers, body: extra.json === undefined ? aiohttpForm(params) : JSON.stringify(extra.json) });
}

/**
 * pyatmo's `async_get_image`: a GET with the bearer token and `data=params` as a form body. fetch
 * refuses a body on GET, aiohttp does not, so this one goes through `node:http`.
 */
export function pyatmoGetImage(fake: FakeNetatmo, token: string, pathOrUrl: string, params: Record<string, string> = {}): Promise<Answer> {
  const body = aiohttpForm(params);
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body) Object.assign(headers, { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)) });
  return new Promise((resolve, reject) => {
    const sent = request(absolute(fake, pathOrUrl), { method: 'GET', headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const bytes = new Uint8Array(Buffer.concat(chunks));
        const contentType = response.headers['content-type'] ?? null;
        const json: unknown = contentType?.includes('json') ? JSON.parse(new TextDecoder().decode(bytes)) : undefined;
        resolve({ status: response.statusCode ?? 0, contentType, body: json, bytes });
      });
    });
    sent.on('error', reject);
    sent.end(body);
  });
}

/** openHAB (`RestManager.get`): a GET with every parameter in the query string. */
export function openhabGet(fake: FakeNetatmo, token: string, pathOrUrl: string, query: Record<string, string> = {}): Promise<Answer> {
  const url = new URL(absolute(fake, pathOrUrl));
  for (const [name, value] of Object.entries(query)) url.searchParams.append(name, value);
  return send(url.href, { method: 'GET', headers: { authorization: `Bearer ${token}` } });
}

/**
 * openHAB (`RestManager.post`): a POST with its parameters in the query string and either no body
 * (energy writes, webhooks) or a JSON payload sent as `application/json;charset=utf-8` (persons,
 * `setstate`).
 */
export function openhabPost(fake: FakeNetatmo, token: string, path: string, query: Record<string, string> = {}, payload?: unknown): Promise<Answer> {
  const url = new URL(absolute(fake, path));
  for (const [name, value] of Object.entries(query)) url.searchParams.append(name, value);
  return send(url.href, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, ...(payload !== undefined && { 'content-type': 'application/json;charset=utf-8', accept: 'application/json' }) },
    ...(payload !== undefined && { body: JSON.stringify(payload) }),
  });
}

/** Every absolute URL anywhere in a JSON value. */
export function urlsIn(value: unknown): string[] {
  if (typeof value === 'string') return /^[a-z]+:\/\//i.test(value) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(urlsIn);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(urlsIn);
  return [];
}
