import { describeValue } from '../options/checks.js';
import type { FakeNetatmoOptions } from './fake-netatmo.js';

/** What {@link checkFakeOptions} accepts for each option, as its message says it. */
const rules: { [Name in keyof Required<FakeNetatmoOptions>]: [test: (value: unknown) => boolean, expected: string] } = {
  clientId: [nonEmptyString, 'a non-empty string'],
  clientSecret: [nonEmptyString, 'a non-empty string'],
  host: [nonEmptyString, 'a host name or address, e.g. 127.0.0.1'],
  port: [(value) => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 65_535, 'a port from 0 (any free one) to 65535'],
  accessTokenLifetimeSeconds: [positiveNumber, 'a positive number of seconds'],
  autoApprove: [(value) => typeof value === 'boolean', 'true or false'],
  redirectUris: [stringArray, 'an array of strings'],
  defaultScopes: [stringArray, 'an array of strings'],
  now: [(value) => typeof value === 'function', 'a function returning epoch milliseconds'],
  routes: [(value) => Array.isArray(value), 'an array of routes'],
  limits: [(value) => typeof value === 'boolean' || (typeof value === 'object' && value !== null && !Array.isArray(value)), 'true, false or an object of limits'],
  webhookTimeoutMs: [positiveNumber, 'a positive number of milliseconds'],
  recordRequests: [(value) => value === Number.POSITIVE_INFINITY || (Number.isInteger(value) && (value as number) >= 0), 'a whole number ≥ 0 or Infinity'],
};

/**
 * Checks `startFakeNetatmo`'s options once, before anything starts: a mistyped option fails
 * there, naming it, rather than as a puzzling answer later in a test.
 */
export function checkFakeOptions(options: unknown): FakeNetatmoOptions {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`startFakeNetatmo(): options must be an object, got ${describeValue(options)}`);
  }
  for (const [name, value] of Object.entries(options)) {
    const rule = (rules as Record<string, [(value: unknown) => boolean, string]>)[name];
    if (!Object.hasOwn(rules, name) || !rule) {
      throw new TypeError(`startFakeNetatmo(): ${name} is not an option; the options are ${Object.keys(rules).join(', ')}`);
    }
    if (value !== undefined && !rule[0](value)) throw new TypeError(`startFakeNetatmo(): ${name} must be ${rule[1]}, got ${describeValue(value)}`);
  }
  return options as FakeNetatmoOptions;
}

function nonEmptyString(value: unknown): boolean {
  return typeof value === 'string' && value !== '';
}

function positiveNumber(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

function stringArray(value: unknown): boolean {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
