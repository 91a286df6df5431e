import { expect, test } from 'vitest';
import { MemoryTokenStore, NetatmoError, type NetatmoEvents, type TokenSet } from '../../src/index.js';
import { clientFor, fakeNetatmo } from '../helpers/setup.js';

class FlakyStore extends MemoryTokenStore {
  failSaves = 0;
  failLoads = 0;
  saves = 0;
  override async save(tokens: TokenSet): Promise<void> {
    this.saves++;
    if (this.failSaves-- > 0) throw new Error('disk full');
    await super.save(tokens);
  }
  override async load(): Promise<TokenSet | undefined> {
    if (this.failLoads-- > 0) throw new Error('store offline');
    return super.load();
  }
}

test('a save that fails keeps the rotated tokens in memory, reports it, and saves them on the next call', async () => {
  const fake = await fakeNetatmo();
  const original = fake.issueTokens().refreshToken;
  const store = new FlakyStore({ refreshToken: original });
  store.failSaves = 1;
  const errors: string[] = [];
  const client = clientFor(fake, { tokenStore: store, logger: { debug() {}, info() {}, warn() {}, error: (line) => void errors.push(line) } });
  const failures: NetatmoEvents['refreshFailed'][] = [];
  client.on('refreshFailed', (event) => void failures.push(event));

  // Netatmo has rotated already: the call goes on with the new token rather than lose it.
  await client.station.getStationsData();
  expect(failures).toHaveLength(1);
  expect(failures[0]?.error).toBeInstanceOf(NetatmoError);
  expect(failures[0]?.error.message).toContain('could not be saved to the token store (disk full)');
  expect((await store.load())?.refreshToken).toBe(original);

  await client.station.getStationsData();

  const live = fake.liveRefreshTokens();
  expect((await store.load())?.refreshToken).toBe(live[0]);
  expect(store.saves).toBe(2);
  expect(fake.count('oauth2/token')).toBe(1);
  expect(errors).toEqual([
    'netatmo-connect: Refreshed tokens could not be saved to the token store (disk full). Netatmo has already rotated the refresh token: the new one is kept in memory and used, and saving is retried on every call; fix the store before this process stops, or a new login will be needed.',
  ]);
});

test('a save that throws instead of rejecting is a failed save: the rotated tokens are kept and used', async () => {
  const fake = await fakeNetatmo();
  const original = fake.issueTokens();
  const store = new MemoryTokenStore({ ...original, expiresAt: Date.now() - 1 });
  store.save = () => {
    throw new Error('read-only file system');
  };
  const client = clientFor(fake, { tokenStore: store });
  const failures: string[] = [];
  client.on('refreshFailed', ({ error }) => void failures.push(error.message));

  await client.station.getStationsData();

  expect(fake.count('oauth2/token')).toBe(1);
  expect(fake.requests.at(-1)?.accessToken).not.toBe(original.accessToken);
  expect(failures).toHaveLength(1);
  expect(failures[0]).toContain('could not be saved to the token store (read-only file system)');
  expect((await client.tokens.status()).unsaved).toBe(true);
});

test('a store that fails to load is retried on the next call, not cached', async () => {
  const fake = await fakeNetatmo();
  const store = new FlakyStore(fake.issueTokens());
  store.failLoads = 1;
  const client = clientFor(fake, { tokenStore: store });

  await expect(client.station.getStationsData()).rejects.toThrow('store offline');
  await client.station.getStationsData();

  expect(fake.count('getstationsdata')).toBe(1);
  expect(fake.count('oauth2/token')).toBe(0);
});

test('setTokens() refuses a set with neither access nor refresh token, and a malformed one', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: new MemoryTokenStore() });

  await expect(client.tokens.setTokens({})).rejects.toThrow('tokens.setTokens() needs an accessToken or a refreshToken');
  await expect(client.tokens.setTokens({ refreshToken: 'x', expiresAt: '2026' as never })).rejects.toThrow(
    'Invalid tokens: tokens: expiresAt must be epoch milliseconds (a finite number)',
  );
});

test('a custom store that returns garbage gets an error that names the store method', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: { load: async () => ({ refreshToken: 42 }) as never, save: async () => {} } });

  await expect(client.station.getStationsData()).rejects.toThrow('tokenStore.load(): refreshToken must be a string');
});

test.each<[string, unknown, string]>([
  ['an array', [{ refreshToken: 'x' }], 'an array'],
  ['a Map', new Map([['refreshToken', 'x']]), 'a Map'],
  ['a Date', new Date(0), 'a Date'],
])('a custom store whose load() returns %s is refused, not read as "no tokens"', async (_name, loaded, kind) => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: { load: async () => loaded as never, save: async () => {} } });

  await expect(client.station.getStationsData()).rejects.toThrow(`tokenStore.load(): expected a TokenSet object, got ${kind}`);
  expect(() => new MemoryTokenStore(loaded as never)).toThrow(`MemoryTokenStore: expected a TokenSet object, got ${kind}`);
  expect(fake.count()).toBe(0);
});

test('a manual refresh with no refresh token says how to get one', async () => {
  const fake = await fakeNetatmo();
  const { accessToken, expiresAt } = fake.issueTokens();
  const client = clientFor(fake, { tokenStore: new MemoryTokenStore({ accessToken, expiresAt }) });

  await expect(client.tokens.refresh()).rejects.toMatchObject({ name: 'NetatmoAuthError', reauthorizationRequired: true });
  expect(fake.count()).toBe(0);
});

test('a refresh that fails (here: the lock timed out) adopts fresh tokens another holder saved meanwhile', async () => {
  const fake = await fakeNetatmo();
  const stale = fake.issueTokens();
  const fresh = fake.issueTokens();
  // A store whose lock times out while another process refreshes and saves behind it.
  const store = new (class extends MemoryTokenStore {
    override async withLock<T>(): Promise<T> {
      await super.save(fresh);
      throw new Error('timed out waiting for the token lock');
    }
  })({ ...stale, expiresAt: Date.now() - 1 });
  const client = clientFor(fake, { tokenStore: store });
  const failures: unknown[] = [];
  client.on('refreshFailed', (event) => void failures.push(event));

  await client.station.getStationsData();

  expect(fake.requests.find((r) => r.endpoint === 'getstationsdata')?.accessToken).toBe(fresh.accessToken);
  expect(fake.count('oauth2/token')).toBe(0);
  expect(failures).toEqual([]);
});

// ── a store that does not answer ──────────────────────────────────────────────────────────────

/** A store whose saves wait until the test lets them through, one by one, in order. */
class HangingStore extends MemoryTokenStore {
  saves = 0;
  hold = true;
  /** The refresh tokens of the sets saved, in the order they landed. */
  readonly landed: (string | undefined)[] = [];
  readonly #waiting: (() => void)[] = [];
  override async save(tokens: TokenSet): Promise<void> {
    this.saves++;
    if (this.hold) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    await super.save(tokens);
    this.landed.push(tokens.refreshToken);
  }
  /** Lets the oldest held save land; resolves once it has. */
  async releaseOne(): Promise<void> {
    this.#waiting.shift()?.();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function newTokenEvents(client: ReturnType<typeof clientFor>): { failures: string[]; refreshed: string[] } {
  const failures: string[] = [];
  const refreshed: string[] = [];
  client.on('refreshFailed', ({ error }) => void failures.push(error.message));
  client.on('tokenRefreshed', ({ reason }) => void refreshed.push(reason));
  return { failures, refreshed };
}

test('a save that never settles holds no call past timeoutMs: waiting calls go on with the new token, and the owed events fire once it lands', async () => {
  const fake = await fakeNetatmo();
  const original = fake.issueTokens();
  const store = new HangingStore({ ...original, expiresAt: Date.now() - 1 });
  const client = clientFor(fake, { tokenStore: store, timeoutMs: 1_000 });
  const { failures, refreshed } = newTokenEvents(client);
  const started = performance.now();

  await Promise.all(Array.from({ length: 50 }, () => client.station.getStationsData()));

  expect(performance.now() - started).toBeLessThan(5_000);
  expect(fake.count('oauth2/token')).toBe(1);
  const used = new Set(fake.requests.filter((request) => request.endpoint === 'getstationsdata').map((request) => request.accessToken));
  expect(used.size).toBe(1);
  expect(used.has(original.accessToken)).toBe(false);
  expect(failures).toEqual([
    'The token store has not finished saving the refreshed tokens after 1000 ms. Netatmo has already rotated the refresh token: the new one is kept in memory and used meanwhile, and saved once the store answers; if this process stops first, a new login will be needed.',
  ]);
  expect((await client.tokens.status()).unsaved).toBe(true);
  // Behind the outstanding save, a call goes on without waiting out timeoutMs, and starts no second save.
  const again = performance.now();
  await client.station.getStationsData();
  expect(performance.now() - again).toBeLessThan(800);
  expect(store.saves).toBe(1);

  await store.releaseOne();

  expect(refreshed).toEqual(['expired']);
  expect((await client.tokens.status()).unsaved).toBe(false);
  expect((await store.load())?.refreshToken).toBe(fake.liveRefreshTokens()[0]);
  expect(store.saves).toBe(1);
});

test('behind a save that has not settled, a newer set is never saved before it: the older lands first, then the newest, with no further call', async () => {
  const fake = await fakeNetatmo();
  const store = new HangingStore({ ...fake.issueTokens(), expiresAt: Date.now() - 1 });
  const client = clientFor(fake, { tokenStore: store, timeoutMs: 300 });
  const { refreshed } = newTokenEvents(client);

  await client.station.getStationsData(); // refresh 1: its save hangs
  const older = fake.liveRefreshTokens()[0];
  await expect(client.tokens.refresh()).rejects.toThrow(
    'The token store has not finished saving the refreshed tokens after 300 ms (an earlier save is still outstanding).',
  );
  const newest = fake.liveRefreshTokens()[0];
  expect(newest).not.toBe(older);
  expect(fake.count('oauth2/token')).toBe(2);
  expect(store.saves).toBe(1);

  store.hold = false;
  await store.releaseOne(); // the older set lands; the newest is saved right after it, unasked

  expect(store.landed).toEqual([older, newest]);
  expect((await store.load())?.refreshToken).toBe(newest);
  expect(refreshed).toEqual(['expired']);
  expect((await client.tokens.status()).unsaved).toBe(false);
  expect(fake.count('getstationsdata')).toBe(1);
});

test('setTokens() with a store that never answers rejects after timeoutMs, keeps the tokens in use, and the set is picked up from the store once the save lands', async () => {
  const fake = await fakeNetatmo();
  const before = fake.issueTokens();
  const store = new HangingStore(before);
  const client = clientFor(fake, { tokenStore: store, timeoutMs: 300 });
  await client.station.getStationsData(); // loads the store; no save
  const login = fake.issueTokens();
  const started = performance.now();

  await expect(client.tokens.setTokens(login)).rejects.toThrow(
    'tokens.setTokens(): the token store has not finished saving after 300 ms. The tokens in use are unchanged; should the save still land, the client picks the new tokens up from the store at its next refresh.',
  );

  expect(performance.now() - started).toBeLessThan(2_000);
  expect(store.saves).toBe(1);
  await client.station.getStationsData();
  expect(fake.requests.at(-1)?.accessToken).toBe(before.accessToken);

  store.hold = false;
  await store.releaseOne();
  expect((await store.load())?.refreshToken).toBe(login.refreshToken);
  // A refresh reads the store first: it rotates the login's refresh token, not the one in use.
  const { accessToken } = await client.tokens.refresh();
  const tokenRequests = fake.requests.filter((request) => request.endpoint === 'oauth2/token');
  expect(tokenRequests.map((request) => request.params['refresh_token'])).toEqual([login.refreshToken]);
  await client.station.getStationsData();
  expect(fake.requests.at(-1)?.accessToken).toBe(accessToken);
});

test('setTokens() behind a refresh save that has not settled starts no save of its own and says to try again; once the store answers it succeeds', async () => {
  const fake = await fakeNetatmo();
  const store = new HangingStore({ ...fake.issueTokens(), expiresAt: Date.now() - 1 });
  const client = clientFor(fake, { tokenStore: store, timeoutMs: 300 });
  await client.station.getStationsData(); // the refresh: its save hangs
  const refreshed = fake.liveRefreshTokens()[0];
  const login = fake.issueTokens();

  await expect(client.tokens.setTokens(login)).rejects.toThrow(
    'tokens.setTokens(): the token store has not finished saving after 300 ms (an earlier save is still outstanding, so this one was not started). The tokens in use are unchanged; call setTokens() again once the store answers.',
  );
  expect(store.saves).toBe(1);

  store.hold = false;
  await store.releaseOne();
  expect(store.landed).toEqual([refreshed]);
  await client.tokens.setTokens(login);
  expect(store.landed).toEqual([refreshed, login.refreshToken]);
  await client.station.getStationsData();
  expect(fake.requests.at(-1)?.accessToken).toBe(login.accessToken);
});

test('setTokens() rejects with the store\'s own error when the save fails, and keeps the tokens in use', async () => {
  const fake = await fakeNetatmo();
  const before = fake.issueTokens();
  const store = new FlakyStore(before);
  const client = clientFor(fake, { tokenStore: store });
  await client.station.getStationsData();
  store.failSaves = 1;

  await expect(client.tokens.setTokens(fake.issueTokens())).rejects.toThrow('disk full');

  await client.station.getStationsData();
  expect(fake.requests.at(-1)?.accessToken).toBe(before.accessToken);
  expect((await store.load())?.refreshToken).toBe(before.refreshToken);
});

/** A store whose load() never settles while `hang` is set. */
class HangingLoadStore extends MemoryTokenStore {
  hang = true;
  loads = 0;
  override load(): Promise<TokenSet | undefined> {
    this.loads++;
    return this.hang ? new Promise(() => {}) : super.load();
  }
}

test('a store whose load() never answers fails the call after timeoutMs, sends nothing, and is read again on the next call', async () => {
  const fake = await fakeNetatmo();
  const store = new HangingLoadStore(fake.issueTokens());
  const client = clientFor(fake, { tokenStore: store, timeoutMs: 300 });
  const started = performance.now();

  const calls = await Promise.allSettled([client.station.getStationsData(), client.station.getStationsData()]);

  expect(performance.now() - started).toBeLessThan(2_000);
  for (const call of calls) {
    expect(call.status).toBe('rejected');
    expect((call as PromiseRejectedResult).reason).toBeInstanceOf(NetatmoError);
    expect((call as PromiseRejectedResult).reason.message).toBe(
      "tokenStore.load() has not answered within 300 ms (the client's timeoutMs), so no token could be read: check that the store is reachable (a Redis server, a database, a network file system). The next call reads it again.",
    );
  }
  expect(store.loads).toBe(1);
  expect(fake.requests).toHaveLength(0);

  store.hang = false;
  await client.station.getStationsData();
  expect(store.loads).toBe(2);
  expect(fake.count('getstationsdata')).toBe(1);
});

test('a store whose load() hangs during a refresh fails the waiting calls once, after timeoutMs, and rotates nothing', async () => {
  const fake = await fakeNetatmo();
  const store = new HangingLoadStore({ ...fake.issueTokens(), expiresAt: Date.now() - 1 });
  store.hang = false;
  const client = clientFor(fake, { tokenStore: store, timeoutMs: 300 });
  const { failures } = newTokenEvents(client);
  await client.tokens.status(); // the first read works; the one inside the refresh hangs
  store.hang = true;
  const started = performance.now();

  const calls = await Promise.allSettled(Array.from({ length: 5 }, () => client.station.getStationsData()));

  expect(performance.now() - started).toBeLessThan(2_000);
  expect(calls.map((call) => call.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'rejected']);
  // Two reads: the first, and the one inside the refresh. A store that did not answer is not read
  // again for step 6 (fresher tokens from another holder), so the calls wait one timeoutMs, not two.
  expect(store.loads).toBe(2);
  expect(failures).toEqual([expect.stringContaining('tokenStore.load() has not answered within 300 ms')]);
  expect(fake.requests).toHaveLength(0);
});

// ── a store whose lock does not answer ────────────────────────────────────────────────────────

/**
 * A store whose `withLock` misbehaves as the test says: it holds every caller (neither running its
 * function nor settling) until `grant()`, or runs the function and then never settles, or rejects
 * after running it, or settles without running it, or runs it twice.
 */
class LockStore extends MemoryTokenStore {
  mode: 'hold' | 'run' | 'runThenHang' | 'runThenFail' | 'skip' | 'runTwice' = 'run';
  readonly lockTimeoutMs = 200;
  locks = 0;
  readonly #held: (() => Promise<unknown>)[] = [];
  readonly late: PromiseSettledResult<unknown>[] = [];
  override withLock<T>(fn: () => Promise<T>): Promise<T> {
    this.locks++;
    switch (this.mode) {
      case 'hold':
        this.#held.push(fn);
        return new Promise<T>(() => {});
      case 'runThenHang':
        return fn().then(() => new Promise<T>(() => {}));
      case 'runThenFail':
        return fn().then(() => Promise.reject(new Error('lock release failed: connection reset')));
      case 'skip':
        return Promise.resolve(undefined as T);
      case 'runTwice':
        return fn().then(async (first) => {
          this.late.push(...(await Promise.allSettled([fn()])));
          return first;
        });
      default:
        return fn();
    }
  }
  /** Lets the held callers in at last; records what their functions did. */
  async grant(): Promise<void> {
    this.late.push(...(await Promise.allSettled(this.#held.splice(0).map((fn) => fn()))));
  }
}

function warnings(): { lines: string[]; logger: { debug(): void; info(): void; warn(line: string): void; error(): void } } {
  const lines: string[] = [];
  return { lines, logger: { debug() {}, info() {}, warn: (line: string) => void lines.push(line), error() {} } };
}

test('a lock that is never granted fails the waiting calls once, after lockTimeoutMs + timeoutMs, sends nothing, and does nothing when granted late', async () => {
  const fake = await fakeNetatmo();
  const store = new LockStore({ ...fake.issueTokens(), expiresAt: Date.now() - 1 });
  store.mode = 'hold';
  const client = clientFor(fake, { tokenStore: store, timeoutMs: 300 });
  const { failures } = newTokenEvents(client);
  const started = performance.now();

  const calls = await Promise.allSettled(Array.from({ length: 5 }, () => client.station.getStationsData()));

  const waited = performance.now() - started;
  expect(waited).toBeGreaterThanOrEqual(480);
  expect(waited).toBeLessThan(3_000);
  expect(calls.map((call) => call.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'rejected']);
  const message =
    'tokenStore.withLock() has not started the refresh within 500 ms: its lock may be held by a holder that is stuck or gone, or the store does not answer. Nothing was sent to Netatmo; the next call tries again.';
  for (const call of calls) {
    expect((call as PromiseRejectedResult).reason).toBeInstanceOf(NetatmoError);
    expect((call as PromiseRejectedResult).reason.message).toBe(message);
  }
  expect(store.locks).toBe(1);
  expect(failures).toEqual([message]);
  expect(fake.requests).toHaveLength(0);

  // Granted after the client gave up: the refresh does not run behind anyone's back.
  await store.grant();
  expect(store.late).toEqual([{ status: 'rejected', reason: new NetatmoError('not run: the client stopped waiting for this lock after 500 ms') }]);
  expect(fake.requests).toHaveLength(0);

  // The failure is not cached: once the store answers, the next call refreshes and goes through.
  store.mode = 'run';
  await client.station.getStationsData();
  expect(store.locks).toBe(2);
  expect(fake.count('oauth2/token')).toBe(1);
  expect(fake.count('getstationsdata')).toBe(1);
});

test('a withLock that never settles after the refresh ran holds no call: the new tokens are saved and used, and the release is waited for timeoutMs', async () => {
  const fake = await fakeNetatmo();
  const store = new LockStore({ ...fake.issueTokens(), expiresAt: Date.now() - 1 });
  store.mode = 'runThenHang';
  const { lines, logger } = warnings();
  const client = clientFor(fake, { tokenStore: store, timeoutMs: 300, logger });
  const { failures, refreshed } = newTokenEvents(client);

  await Promise.all([client.station.getStationsData(), client.station.getStationsData()]);

  expect(fake.count('oauth2/token')).toBe(1);
  expect(fake.count('getstationsdata')).toBe(2);
  expect((await store.load())?.refreshToken).toBe(fake.liveRefreshTokens()[0]);
  expect(refreshed).toEqual(['expired']);
  expect(failures).toEqual([]);
  expect(lines).toEqual(['netatmo-connect: tokenStore.withLock() has not released its lock 300 ms after the refresh ended; going on without waiting for it']);
});

test('a withLock that rejects after the refresh ran (the release failed) is logged, not a failed refresh', async () => {
  const fake = await fakeNetatmo();
  const store = new LockStore({ ...fake.issueTokens(), expiresAt: Date.now() - 1 });
  store.mode = 'runThenFail';
  const { lines, logger } = warnings();
  const client = clientFor(fake, { tokenStore: store, logger });
  const { failures, refreshed } = newTokenEvents(client);

  await client.station.getStationsData();

  expect(fake.count('oauth2/token')).toBe(1);
  expect((await store.load())?.refreshToken).toBe(fake.liveRefreshTokens()[0]);
  expect(refreshed).toEqual(['expired']);
  expect(failures).toEqual([]);
  expect(lines).toEqual(['netatmo-connect: tokenStore.withLock() failed after the refresh ended (lock release failed: connection reset); the refreshed tokens are kept']);
});

test('a withLock that resolves without running the refresh fails the call saying so, and sends nothing', async () => {
  const fake = await fakeNetatmo();
  const store = new LockStore({ ...fake.issueTokens(), expiresAt: Date.now() - 1 });
  store.mode = 'skip';
  const client = clientFor(fake, { tokenStore: store });

  await expect(client.station.getStationsData()).rejects.toThrow(
    'tokenStore.withLock() resolved without running the refresh: a withLock must run its function (see the TokenStore interface). Nothing was sent to Netatmo.',
  );
  expect(fake.requests).toHaveLength(0);
});

test('a withLock that runs its function twice refreshes once', async () => {
  const fake = await fakeNetatmo();
  const store = new LockStore({ ...fake.issueTokens(), expiresAt: Date.now() - 1 });
  store.mode = 'runTwice';
  const client = clientFor(fake, { tokenStore: store });

  await client.station.getStationsData();

  expect(fake.count('oauth2/token')).toBe(1);
  expect(store.late).toEqual([{ status: 'rejected', reason: new NetatmoError('not run: withLock() called its function twice') }]);
  expect((await store.load())?.refreshToken).toBe(fake.liveRefreshTokens()[0]);
});

test('a withLock that throws instead of rejecting fails the call with its error (a rejection, not a throw), and sends nothing', async () => {
  const fake = await fakeNetatmo();
  const store = new LockStore({ ...fake.issueTokens(), expiresAt: Date.now() - 1 });
  store.withLock = () => {
    throw new Error('lock table missing');
  };
  const client = clientFor(fake, { tokenStore: store });

  const call = client.station.getStationsData();

  await expect(call).rejects.toThrow('lock table missing');
  expect(fake.requests).toHaveLength(0);
});
