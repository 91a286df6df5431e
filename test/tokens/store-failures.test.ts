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
