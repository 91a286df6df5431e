import { apiError, type FakeResponse } from './fake-response.js';

/** A request's parameters, read the way Netatmo reads them whatever encoding the client chose. */
export interface ParsedRequest {
  /** Query-string and form parameters (a repeated name keeps its last value), as recorded. */
  params: Record<string, string>;
  /**
   * What a route reads: `params` (a repeated name comma-joined), plus the top-level fields of a
   * JSON body (numbers and booleans as their strings, arrays comma-joined, objects as JSON text).
   * The body wins over the query.
   */
  fields: Record<string, string>;
  /**
   * Every value of each parameter, in order, under its bare name: repeated names, PHP-style
   * `name[]` / `name[0]` keys (pyatmo's `person_ids[]`), JSON arrays in the body, and a form value
   * that is itself a JSON array (Netatmo's PHP SDK JSON-encodes array parameters).
   */
  lists: Record<string, string[]>;
  /** The JSON body, when the request sent one. */
  json: unknown;
}

/**
 * Reads a request the way the real API does, which is lenient (REFERENCE §1.3): parameters may
 * come in the query string (openHAB posts its writes with an empty body), a form body (pyatmo,
 * even on GET), or a JSON body (openHAB's and Riges' writes, pyatmo's `setstate`). Only a body
 * that claims to be JSON and is not is refused, with code 21.
 */
export function parseRequest(url: URL, contentType: string, raw: string): ParsedRequest | FakeResponse {
  const entries: [string, string][] = [...url.searchParams];
  let json: unknown;
  const type = contentType.toLowerCase();
  const looksJson = /^\s*[[{]/.test(raw);
  if (raw.trim().length > 0 && (type.includes('json') || (type === '' && looksJson))) {
    try {
      json = JSON.parse(raw);
    } catch {
      return apiError(400, 21, 'Invalid JSON body');
    }
  } else if (raw.length > 0 && (type.includes('application/x-www-form-urlencoded') || type === '')) {
    entries.push(...new URLSearchParams(raw));
  }

  const params = Object.fromEntries(entries);
  const lists: Record<string, string[]> = {};
  for (const [name, value] of entries) {
    const bare = name.replace(/\[\d*\]$/, '');
    const list = (lists[bare] ??= []);
    if (bare === name && /^\s*\[/.test(value)) list.push(...jsonArrayOr(value, [value]));
    else list.push(value);
  }
  const fields: Record<string, string> = { ...params };
  // `person_ids[]=a&person_ids[]=b` also reads as `person_ids`, and a repeated name
  // (`device_types=NAPlug&device_types=NRV`) as all its values, so a route checks one name.
  for (const [bare, values] of Object.entries(lists)) if (!(bare in fields) || values.length > 1) fields[bare] = values.join(',');
  if (json !== null && typeof json === 'object' && !Array.isArray(json)) {
    for (const [name, value] of Object.entries(json)) {
      if (value === null || value === undefined) continue;
      if (Array.isArray(value)) {
        lists[name] = value.map(wireText);
        fields[name] = lists[name].join(',');
      } else {
        fields[name] = wireText(value);
      }
    }
  }
  return { params, fields, lists, json };
}

/** A JSON value as the string a form would carry. */
function wireText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function jsonArrayOr(text: string, fallback: string[]): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.map(wireText) : fallback;
  } catch {
    return fallback;
  }
}

/** Is `answer` a parse failure rather than a parsed request? */
export function isParseFailure(answer: ParsedRequest | FakeResponse): answer is FakeResponse {
  return !('fields' in answer);
}
