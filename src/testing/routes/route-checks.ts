import { invalidArg, missingParams, type FakeApiRequest, type FakeResponse } from '../fake-response.js';

/**
 * Netatmo's checks of parameters, as the fake routes apply them: each returns the error answer
 * Netatmo would give (code 10 missing, code 21 invalid), or `undefined` when the value is fine.
 */

/** Scopes that read any product family: what `homesdata` and friends accept. */
export const anyReadScope = [
  'read_station', 'read_thermostat', 'read_camera', 'read_presence', 'read_doorbell', 'read_smokedetector',
  'read_carbonmonoxidedetector', 'read_homecoach', 'read_magellan', 'read_bubendorff', 'read_smarther', 'read_mx', 'read_bfi', 'read_mhs1',
] as const;

/** Security read scopes (cameras, doorbell, alarms). */
export const securityReadScopes = ['read_camera', 'read_presence', 'read_doorbell', 'read_smokedetector', 'read_carbonmonoxidedetector'] as const;

/** `"true"` or `"false"`, as Netatmo reads booleans. */
export function checkBoolean(params: Record<string, string>, name: string): FakeResponse | undefined {
  const value = params[name];
  return value === undefined || value === 'true' || value === 'false' ? undefined : invalidArg(`Invalid ${name}: expected true or false, got ${value}`);
}

/** Whole epoch seconds, up to the end of year 9999. */
export function checkEpoch(params: Record<string, string>, name: string, allowed: readonly string[] = []): FakeResponse | undefined {
  const value = params[name];
  if (value === undefined || allowed.includes(value)) return undefined;
  return /^\d{1,12}$/.test(value) && Number(value) <= 253_402_300_799 ? undefined : invalidArg(`Invalid ${name}: expected epoch seconds, got ${value}`);
}

/** A decimal number, optionally within a range. */
export function checkNumber(params: Record<string, string>, name: string, min = -Infinity, max = Infinity): FakeResponse | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  const number = Number(value);
  return value.trim() !== '' && Number.isFinite(number) && number >= min && number <= max ? undefined : invalidArg(`Invalid ${name}: ${value}`);
}

/** One of a fixed set of values. */
export function checkEnum(params: Record<string, string>, name: string, allowed: readonly string[], message = `Invalid ${name}`): FakeResponse | undefined {
  const value = params[name];
  return value === undefined || allowed.includes(value) ? undefined : invalidArg(message);
}

/** The first failing check, if any: a route's checks read as one list. */
export function firstFailure(...checks: (FakeResponse | undefined)[]): FakeResponse | undefined {
  return checks.find((check) => check !== undefined);
}

/** Requires `required` among query/form params (code 10 `Missing <name>`). */
export function requireParams(request: FakeApiRequest, required: readonly string[]): FakeResponse | undefined {
  return missingParams(request.params, required);
}

/**
 * The object a JSON endpoint (`setstate`, `synchomeschedule`, `createnewhomeschedule`) reads: the
 * JSON body over the query-string parameters (pyatmo puts the ids of `synchomeschedule` in the
 * query and the schedule in the body), or, with no JSON body, the form parameters with their
 * JSON-text values parsed (Netatmo's PHP SDK form-encodes nested values as JSON). A JSON body
 * that is not an object is code 21; missing fields are left to the route (code 10).
 */
export function bodyObject(request: FakeApiRequest): { object: Record<string, unknown> } | { failure: FakeResponse } {
  const { json } = request;
  if (json !== undefined && (json === null || typeof json !== 'object' || Array.isArray(json))) {
    return { failure: invalidArg('Invalid JSON body: expected an object') };
  }
  const fromParams: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(request.params)) fromParams[name] = /^\s*[[{]/.test(value) ? parseOr(value) : value;
  return { object: { ...fromParams, ...(json as Record<string, unknown> | undefined) } };
}

function parseOr(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** A number, or a string holding one (form bodies carry numbers as text). */
export function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}
