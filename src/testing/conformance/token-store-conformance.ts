import { inspect } from 'node:util';
import type { TokenSet } from '../../auth/token-set.js';
import type { TokenStore } from '../../auth/token-store.js';
import { CheckSkipped, expectThat, runChecks, uniqueId, type CheckDefinition, type ConformanceReport } from './conformance-report.js';

/** A set with every field the checks compare. */
type FullSet = Required<Pick<TokenSet, 'accessToken' | 'refreshToken' | 'expiresAt' | 'scope'>>;

/** Options of {@link runTokenStoreConformance}. */
export interface TokenStoreConformanceOptions {
  /**
   * Writes something that is not a token set into the storage (a truncated file, a JSON value of
   * the wrong shape), to check that `load()` refuses it. Without it that check is skipped.
   */
  corrupt?: () => Promise<void>;
  /** How long one check may take, in milliseconds. @default 30000 */
  checkTimeoutMs?: number;
}

/**
 * Checks a {@link TokenStore} against the contract the SDK relies on, without any test framework,
 * and resolves to a report (it never rejects for a failed check). Run it in your own test suite
 * when you write a store.
 *
 * `createStore` is called several times; every store it returns must work on the same storage
 * (a new instance over the same file, row or key, as another process would open it). An
 * in-memory store may return the same object each time. The suite overwrites that storage.
 *
 * Checks: round trip; empty storage loads as nothing; a second instance reads what the first
 * saved; concurrent saves from two instances leave one whole set; `withLock` is exclusive between
 * instances, returns `fn`'s value, runs it once and releases after a failure; lock durations are
 * positive numbers; `clear()`; corrupt data is refused
 * by `load()` without quoting it; no token in `JSON.stringify` or `util.inspect` of the store.
 *
 * @example
 * ```ts
 * import { runTokenStoreConformance } from 'netatmo-connect/testing';
 *
 * test('MyStore meets the TokenStore contract', async () => {
 *   const report = await runTokenStoreConformance(() => new MyStore(db, 'netatmo:test'));
 *   expect(report.failed).toEqual([]);
 * });
 * ```
 */
export function runTokenStoreConformance(
  createStore: () => TokenStore | Promise<TokenStore>,
  options: TokenStoreConformanceOptions = {},
): Promise<ConformanceReport> {
  const create = async (): Promise<TokenStore> => {
    const store = await createStore();
    expectThat(Boolean(store) && typeof store.load === 'function' && typeof store.save === 'function', 'createStore() must return an object with load() and save()');
    return store;
  };
  const tokens = (label: string): FullSet => {
    const id = uniqueId();
    return {
      accessToken: `conformance-access-${label}-${id}|0123456789abcdef`,
      refreshToken: `conformance-refresh-${label}-${id}|fedcba9876543210`,
      expiresAt: Date.UTC(2030, 0, 1) + Math.floor(Math.random() * 1_000_000) * 1000,
      scope: ['read_station', 'read_thermostat'],
    };
  };
  const same = (loaded: TokenSet | null | undefined, saved: FullSet): boolean =>
    Boolean(loaded) &&
    loaded!.accessToken === saved.accessToken &&
    loaded!.refreshToken === saved.refreshToken &&
    loaded!.expiresAt === saved.expiresAt &&
    JSON.stringify(loaded!.scope) === JSON.stringify(saved.scope);
  const show = (value: TokenSet | null | undefined): string => (value ? `a set with expiresAt ${String(value.expiresAt)}` : String(value));

  const checks: CheckDefinition[] = [
    {
      name: 'round trip: load() returns every field save() stored',
      run: async () => {
        const store = await create();
        const saved = tokens('round-trip');
        await store.save(saved);
        const loaded = await store.load();
        expectThat(same(loaded, saved), `saved ${show(saved)} but load() returned ${show(loaded)} (accessToken, refreshToken, expiresAt and scope must come back unchanged)`);
      },
    },
    {
      name: 'empty storage: load() after clear() resolves to null or undefined',
      run: async () => {
        const store = await create();
        if (typeof store.clear !== 'function') throw new CheckSkipped('no clear(): optional');
        await store.save(tokens('clear'));
        await store.clear();
        const loaded = await store.load();
        expectThat(loaded === null || loaded === undefined, `load() after clear() returned ${show(loaded)}`);
      },
    },
    {
      name: 'shared storage: a second instance reads what the first saved',
      run: async () => {
        const [first, second] = [await create(), await create()];
        const saved = tokens('shared');
        await first.save(saved);
        const loaded = await second.load();
        expectThat(same(loaded, saved), `the first instance saved ${show(saved)}, the second loaded ${show(loaded)}: processes sharing a store must see each other's rotated refresh token`);
      },
    },
    {
      name: 'concurrent saves from two instances leave one whole set, never a mix',
      run: async () => {
        const [first, second] = [await create(), await create()];
        const sets = Array.from({ length: 20 }, (_, index) => tokens(`concurrent-${index}`));
        await Promise.all(sets.map((set, index) => (index % 2 === 0 ? first : second).save(set)));
        const loaded = await first.load();
        expectThat(sets.some((set) => same(loaded, set)), `after 20 concurrent saves load() returned ${show(loaded)}, which is none of the saved sets (fields mixed, or lost)`);
      },
    },
    {
      name: 'withLock is exclusive between instances',
      run: async () => {
        const stores = [await create(), await create()];
        if (stores.some((store) => typeof store.withLock !== 'function')) {
          throw new CheckSkipped('no withLock(): fine for one process, but processes sharing this store will refresh at once and lock each other out');
        }
        let inside = 0;
        let most = 0;
        await Promise.all(
          Array.from({ length: 12 }, (_, index) =>
            stores[index % 2]!.withLock!(async () => {
              inside++;
              most = Math.max(most, inside);
              await new Promise((resolve) => setTimeout(resolve, 5));
              inside--;
            }),
          ),
        );
        expectThat(most === 1, `${most} holders ran inside withLock at once`);
      },
    },
    {
      name: "withLock resolves to fn's value, passes fn's rejection on and releases the lock after it",
      run: async () => {
        const store = await create();
        if (typeof store.withLock !== 'function') throw new CheckSkipped('no withLock(): optional');
        const value = await store.withLock(async () => 42);
        expectThat(value === 42, `withLock(async () => 42) resolved to ${String(value)}`);
        const failure = new Error('conformance: fn failed');
        const caught = await store.withLock(async () => Promise.reject(failure)).then(
          () => undefined,
          (error: unknown) => error,
        );
        expectThat(caught === failure, `withLock passed on ${String(caught)} instead of fn's own rejection`);
        const other = await create();
        const after = await other.withLock!(async () => 'released');
        expectThat(after === 'released', 'the lock was not released after fn rejected');
      },
    },
    {
      name: 'withLock runs fn exactly once per call, and lockTtlMs / lockTimeoutMs, when present, are positive numbers',
      run: async () => {
        const store = await create();
        const { lockTtlMs, lockTimeoutMs } = store as { lockTtlMs?: unknown; lockTimeoutMs?: unknown };
        for (const [name, value] of [
          ['lockTtlMs', lockTtlMs],
          ['lockTimeoutMs', lockTimeoutMs],
        ] as const) {
          const fine = value === undefined || (typeof value === 'number' && Number.isFinite(value) && value > 0);
          expectThat(fine, `${name} is ${String(value)}: leave it out, or give a positive number of milliseconds (the client refuses the store otherwise)`);
        }
        if (typeof store.withLock !== 'function') throw new CheckSkipped('no withLock(): optional');
        let runs = 0;
        await store.withLock(async () => {
          runs++;
        });
        // The client refreshes inside withLock: a second run would ask Netatmo with a refresh token it has just rotated.
        expectThat(runs === 1, `withLock ran fn ${runs} times for one call; it must run it exactly once`);
      },
    },
    {
      name: 'corrupt data: load() rejects with an error that does not quote the data',
      run: async () => {
        if (!options.corrupt) throw new CheckSkipped('no corrupt() option given to the suite');
        const store = await create();
        await options.corrupt();
        const outcome = await store.load().then(
          (loaded) => ({ loaded }),
          (error: unknown) => ({ error }),
        );
        expectThat('error' in outcome, `load() resolved to ${show('loaded' in outcome ? outcome.loaded : undefined)} from corrupt data; it must reject so no one overwrites a good refresh token with nothing`);
        expectThat(outcome.error instanceof Error && outcome.error.message.length > 0, 'load() rejected without an Error message saying what is wrong');
        expectThat(!/conformance-(access|refresh)/.test(String((outcome.error as Error).message)), 'the error message quotes token data');
      },
    },
    {
      name: 'no token in JSON.stringify or util.inspect of the store',
      run: async () => {
        const store = await create();
        const saved = tokens('secret');
        await store.save(saved);
        await store.load();
        const printed = `${safeStringify(store)}\n${inspect(store, { depth: 5, showHidden: true })}`;
        expectThat(!printed.includes(saved.accessToken) && !printed.includes(saved.refreshToken), 'printing the store shows a token: loggers and crash reports would leak it');
      },
    },
  ];
  return runChecks('TokenStore', checks, options.checkTimeoutMs ?? 30_000);
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}
