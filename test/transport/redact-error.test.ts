import { expect, test } from 'vitest';
import { NetatmoError } from '../../src/index.js';
import { createRedactor, redactError } from '../../src/transport/redact.js';

const SECRET = 'a1b2c3d4e5f6|0099887766';
const redact = createRedactor([SECRET]);

test('an error without a secret is passed on as it is: same object, class, fields and cause', () => {
  const cause = new Error('disk offline');
  const error = Object.assign(new NetatmoError('store failed', { cause }), { attempt: 3 });
  expect(redactError(error, redact)).toBe(error);
});

test('an error quoting a secret becomes a plain Error of the same name and code, redacted through its cause chain', () => {
  const inner = new Error(`inner ${SECRET}`);
  const middle = new Error('middle, no secret', { cause: inner });
  const error = Object.assign(new TypeError(`outer ${encodeURIComponent(SECRET)}`, { cause: middle }), { code: 'EWRITE', tokens: { refreshToken: SECRET } });

  const clean = redactError(error, redact) as Error & { code?: string; tokens?: unknown };

  expect(clean).not.toBe(error);
  expect(clean).toBeInstanceOf(Error);
  expect(clean.name).toBe('TypeError');
  expect(clean.code).toBe('EWRITE');
  expect(clean.tokens).toBeUndefined();
  expect(clean.message).toBe('outer [redacted]');
  expect(clean.stack).not.toContain(encodeURIComponent(SECRET));
  const cleanMiddle = clean.cause as Error;
  expect(cleanMiddle.message).toBe('middle, no secret');
  expect((cleanMiddle.cause as Error).message).toBe('inner [redacted]');
  // A clean message whose cause quoted a secret is copied too, so that the cause can be replaced.
  expect(cleanMiddle).not.toBe(middle);
});

test('a cause chain is followed 4 deep; a cause past that is dropped, and a cycle ends', () => {
  let deepest: Error = new Error(`deepest ${SECRET}`);
  for (let level = 5; level >= 0; level--) deepest = new Error(`level ${level}`, { cause: deepest });
  const clean = redactError(deepest, redact) as Error;
  const messages: string[] = [];
  for (let at: unknown = clean; at instanceof Error; at = at.cause) messages.push(at.message);
  expect(messages).toEqual(['level 0', 'level 1', 'level 2', 'level 3', 'level 4']);

  const cyclic = new Error('cyclic, no secret');
  cyclic.cause = cyclic;
  const cleanCycle = redactError(cyclic, redact) as Error;
  expect(cleanCycle.message).toBe('cyclic, no secret');
});

test('a thrown string is redacted; other values and unprintable errors do not throw', () => {
  expect(redactError(`thrown ${SECRET}`, redact)).toBe('thrown [redacted]');
  expect(redactError(42, redact)).toBe(42);
  const hostile = new Error('x');
  Object.defineProperty(hostile, 'message', {
    get() {
      throw new Error('no');
    },
  });
  expect((redactError(hostile, redact) as Error).message).toBe('an unprintable error');
  const throwingCode = Object.defineProperty(new Error(`x ${SECRET}`), 'code', {
    get() {
      throw new Error('no');
    },
  });
  expect((redactError(throwingCode, redact) as Error).message).toBe('an unprintable error');
  const trap = new Proxy(new Error('x'), {
    getPrototypeOf() {
      throw new Error('no');
    },
  });
  expect((redactError(trap, redact) as Error).message).toBe('an unprintable error');
});

test('a secret in the name or a string code is redacted too', () => {
  const error = Object.assign(new Error('plain'), { name: `StoreError ${SECRET}`, code: `E_${SECRET}` });
  const clean = redactError(error, redact) as Error & { code?: string };
  expect([clean.name, clean.code, clean.message]).toEqual(['StoreError [redacted]', 'E_[redacted]', 'plain']);
});
