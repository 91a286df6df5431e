// Checks every bundled store passes, whatever keeps its data: used by the store test files.
import fc from 'fast-check';
import { expect } from 'vitest';
import { NetatmoValidationError, type TokenSet, type TokenStore } from '../../src/index.js';

const YEAR_MS = 365.25 * 24 * 3_600_000;
/** The latest expiry a bundled store keeps: the end of year 9999. */
export const LATEST_EXPIRY = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export const SET: TokenSet = {
  accessToken: 'contract-access|0123456789abcdef0123456789abcdef',
  refreshToken: 'contract-refresh|fedcba9876543210fedcba9876543210',
  expiresAt: Date.UTC(2026, 5, 1),
  issuedAt: Date.UTC(2026, 5, 1) - 10_800_000,
  scope: ['read_station'],
};

/**
 * Any whole-millisecond expiry from now to a year and a day ahead (the token manager's range,
 * plus margin), and the edges of what a store keeps, round-trips exactly.
 */
export async function expectEveryExpiryRoundTrips(store: TokenStore, runs: number): Promise<void> {
  const now = Date.now();
  for (const expiresAt of [0, now, Math.floor(now + YEAR_MS + 86_400_000), LATEST_EXPIRY]) {
    await store.save({ ...SET, expiresAt });
    expect((await store.load())?.expiresAt).toBe(expiresAt);
  }
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: now, max: Math.floor(now + YEAR_MS + 86_400_000) }),
      // The lifetime the token manager records with it: 60 s to a year.
      fc.integer({ min: 60_000, max: Math.floor(YEAR_MS) }),
      async (expiresAt, lifetimeMs) => {
        const issuedAt = Math.max(0, expiresAt - lifetimeMs);
        await store.save({ ...SET, expiresAt, issuedAt });
        expect(await store.load()).toEqual({ ...SET, expiresAt, issuedAt });
      },
    ),
    { numRuns: runs },
  );
}

/** Values of expiresAt (and issuedAt) that no store may keep, with the error class each must reject with. */
export const BAD_EXPIRIES: [label: string, value: unknown, error: typeof TypeError | typeof NetatmoValidationError][] = [
  ['NaN', Number.NaN, TypeError],
  ['Infinity', Number.POSITIVE_INFINITY, TypeError],
  ['-Infinity', Number.NEGATIVE_INFINITY, TypeError],
  ['a string', '2026-01-01', TypeError],
  ['expires_in 1e13 s from now', Date.now() + 1e16, NetatmoValidationError],
  ['past the Date range', 8.64e15 + 1, NetatmoValidationError],
  ['year 10000', LATEST_EXPIRY + 1, NetatmoValidationError],
  ['before 1970', -1, NetatmoValidationError],
  ['Number.MAX_VALUE', Number.MAX_VALUE, NetatmoValidationError],
];

/**
 * Each bad expiresAt and issuedAt is refused by a promise that rejects (never a synchronous throw)
 * with an error naming the field, and the store still holds the previous set, byte for byte.
 */
export async function expectBadExpiriesRefused(store: TokenStore, raw: () => Promise<unknown>): Promise<void> {
  await store.save(SET);
  const before = await raw();
  for (const field of ['expiresAt', 'issuedAt'] as const) {
    for (const [label, value, errorClass] of BAD_EXPIRIES) {
      let pending: Promise<void> | undefined;
      expect(() => (pending = store.save({ ...SET, [field]: value as number })), `${field} ${label}`).not.toThrow();
      const error = await pending!.then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error, `${field} ${label}`).toBeInstanceOf(errorClass);
      expect((error as Error).message, `${field} ${label}`).toContain(field);
      expect(await raw(), `${field} ${label}`).toEqual(before);
    }
  }
  expect(await store.load()).toEqual(SET);
}

/**
 * Hostile calls: every method returns a promise that rejects, none throws synchronously, and the
 * store works normally afterwards.
 */
export async function expectHostileCallsReject(store: TokenStore): Promise<void> {
  const calls: [string, () => unknown][] = [
    ['save(undefined)', () => store.save(undefined as unknown as TokenSet)],
    ['save(null)', () => store.save(null as unknown as TokenSet)],
    ['save(42)', () => store.save(42 as unknown as TokenSet)],
    ["save('tokens')", () => store.save('tokens' as unknown as TokenSet)],
    ['save({ accessToken: 5 })', () => store.save({ accessToken: 5 } as unknown as TokenSet)],
    ["save({ scope: 'x' })", () => store.save({ scope: 'x' } as unknown as TokenSet)],
    ['withLock(undefined)', () => store.withLock!(undefined as unknown as () => Promise<unknown>)],
    ['withLock(42)', () => store.withLock!(42 as unknown as () => Promise<unknown>)],
    [
      'withLock(fn that throws synchronously)',
      () =>
        store.withLock!(() => {
          throw new Error('sync throw inside');
        }),
    ],
    ['load with no this', () => Reflect.apply(store.load, undefined, [])],
    ['save with no this', () => Reflect.apply(store.save, undefined, [SET])],
    ['clear with no this', () => Reflect.apply(store.clear!, undefined, [])],
    ['withLock with no this', () => Reflect.apply(store.withLock!, undefined, [async () => 1])],
    ['load with a foreign this', () => Reflect.apply(store.load, {}, [])],
  ];
  await store.save(SET);
  for (const [label, call] of calls) {
    let result: unknown;
    expect(() => (result = call()), label).not.toThrow();
    expect(result, label).toBeInstanceOf(Promise);
    const error = await (result as Promise<unknown>).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error, label).toBeInstanceOf(Error);
  }
  // Nothing above changed the store or left its lock taken.
  expect(await store.load()).toEqual(SET);
  expect(await store.withLock!(async () => 'still works')).toBe('still works');
}
