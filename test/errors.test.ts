import { inspect } from 'node:util';
import { expect, test, vi } from 'vitest';
import type * as errors from '../src/errors.js';
import { NetatmoApiError, NetatmoAuthError, NetatmoError, NetatmoRateLimitError, NetatmoValidationError, isNetatmoError } from '../src/errors.js';
import { isRetryable } from '../src/transport/retry-policy.js';

/** A second copy of the error classes, as a subpath entry or the other module format carries. */
async function secondCopy(): Promise<typeof errors> {
  vi.resetModules();
  const copy = await import('../src/errors.js');
  expect(copy.NetatmoError).not.toBe(NetatmoError);
  return copy;
}

test("an error from another copy of the package is an instance of this copy's class and of the classes it extends, and of no other", async () => {
  const copy = await secondCopy();
  const limited = new copy.NetatmoRateLimitError('limit', { status: 429, endpoint: 'getstationsdata', retryAfterMs: 1000 });

  expect(limited instanceof NetatmoRateLimitError).toBe(true);
  expect(limited instanceof NetatmoApiError).toBe(true);
  expect(limited instanceof NetatmoError).toBe(true);
  expect(limited instanceof NetatmoAuthError).toBe(false);
  expect(limited instanceof NetatmoValidationError).toBe(false);
  expect(new copy.NetatmoError('base') instanceof NetatmoApiError).toBe(false);
  // The transport's own checks see it as what it is: a rate limit, retried after its wait.
  expect(isRetryable(limited, true)).toBe(true);
});

test('a look-alike (an Error that only borrowed the name) is no instance; the name-based guard still accepts it', () => {
  const lookAlike = Object.assign(new Error('not ours'), { name: 'NetatmoApiError' });
  expect(lookAlike instanceof NetatmoApiError).toBe(false);
  expect(lookAlike instanceof NetatmoError).toBe(false);
  expect(isNetatmoError(lookAlike)).toBe(true);
  expect(isNetatmoError(Object.assign(new Error('x'), { name: 'toString' }))).toBe(false);
  for (const value of [undefined, null, 'NetatmoError', { name: 'NetatmoError' }]) expect(value instanceof NetatmoError).toBe(false);
});

test("a subclass of the user's own matches its own instances only; the brand neither shows in JSON nor in inspect", async () => {
  class QuotaError extends NetatmoError {}
  const copy = await secondCopy();
  expect(new QuotaError('mine') instanceof QuotaError).toBe(true);
  expect(new QuotaError('mine') instanceof NetatmoError).toBe(true);
  expect(new copy.NetatmoError('theirs') instanceof QuotaError).toBe(false);
  const error = new NetatmoApiError('boom', { status: 500, endpoint: 'getstationsdata' });
  expect(JSON.stringify(error)).toBe('{"name":"NetatmoApiError","message":"boom","status":500,"endpoint":"getstationsdata"}');
  expect(Object.getOwnPropertyDescriptor(error, Symbol.for('netatmo-connect.error'))).toMatchObject({ value: true, enumerable: false });
  expect(inspect(error)).not.toContain('netatmo-connect.error');
});
