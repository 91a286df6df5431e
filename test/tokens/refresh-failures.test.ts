import { expect, test } from 'vitest';
import { MemoryTokenStore, NetatmoApiError, NetatmoAuthError, type NetatmoEvents, type TokenSet } from '../../src/index.js';
import { clientFor, fakeNetatmo, manualClock } from '../helpers/setup.js';

test('a failed refresh is not cached: the next call refreshes again and succeeds', async () => {
  const fake = await fakeNetatmo();
  const store = new MemoryTokenStore({ refreshToken: fake.issueTokens().refreshToken });
  const client = clientFor(fake, { tokenStore: store, retry: 0 });
  fake.failNext('oauth2/token', 1, { status: 500, message: 'server_error' });

  await expect(client.station.getStationsData()).rejects.toBeInstanceOf(NetatmoApiError);
  const data = await client.station.getStationsData();

  expect(data.devices.length).toBeGreaterThan(0);
  expect(fake.count('oauth2/token')).toBe(2);
  expect(fake.count('getstationsdata')).toBe(1);
});

test('a refresh that fails while the old token is still valid lets the call succeed with the old token and fires refreshFailed', async () => {
  const clock = manualClock();
  const fake = await fakeNetatmo({ now: clock.now });
  const issued = fake.issueTokens();
  const client = clientFor(fake, { tokenStore: new MemoryTokenStore(issued), now: clock.now, retry: 0 });
  const failures: NetatmoEvents['refreshFailed'][] = [];
  client.on('refreshFailed', (event) => void failures.push(event));
  // 30 s before expiry: inside the 60 s buffer, still valid.
  clock.advance(10_800_000 - 30_000);
  fake.failNext('oauth2/token', 1, { status: 503, message: 'temporarily_unavailable' });

  await client.station.getStationsData();

  expect(fake.count('oauth2/token')).toBe(1);
  expect(fake.requests.find((r) => r.endpoint === 'getstationsdata')?.accessToken).toBe(issued.accessToken);
  expect(failures).toHaveLength(1);
  expect(failures[0]?.usingStillValidToken).toBe(true);
  expect(failures[0]?.error).toBeInstanceOf(NetatmoApiError);
});

test('invalid_grant adopts a newer refresh token found in the store instead of reporting it dead', async () => {
  const fake = await fakeNetatmo();
  const stale = fake.issueTokens();
  fake.revokeRefreshTokens();
  // Another process rotated the pair and saved the new one just after our lock-protected re-load:
  // the store serves the stale set twice (first load, re-load inside the lock), then the newer one.
  const newer = { ...fake.issueTokens(), expiresAt: Date.now() - 1 };
  const store = new (class extends MemoryTokenStore {
    loads = 0;
    override async load(): Promise<TokenSet | undefined> {
      this.loads++;
      return this.loads <= 2 ? { ...stale, expiresAt: Date.now() - 1 } : newer;
    }
  })();
  const client = clientFor(fake, { tokenStore: store });
  const dead: unknown[] = [];
  client.on('reauthorizationRequired', (event) => void dead.push(event));

  await client.station.getStationsData();

  expect(dead).toEqual([]);
  const sent = fake.requests.filter((r) => r.endpoint === 'oauth2/token').map((r) => r.params['refresh_token']);
  expect(sent).toEqual([stale.refreshToken, newer.refreshToken]);
  expect(store.loads).toBe(3);
  expect(fake.count('getstationsdata')).toBe(1);
});

test('invalid_grant with nothing newer in the store fires reauthorizationRequired once, then calls fail fast until setTokens()', async () => {
  const fake = await fakeNetatmo();
  const store = new MemoryTokenStore({ ...fake.issueTokens(), expiresAt: Date.now() - 1 });
  const client = clientFor(fake, { tokenStore: store });
  const dead: NetatmoEvents['reauthorizationRequired'][] = [];
  client.on('reauthorizationRequired', (event) => void dead.push(event));
  fake.revokeRefreshTokens();

  const first = await client.station.getStationsData().catch((error: unknown) => error);
  expect(first).toBeInstanceOf(NetatmoAuthError);
  expect((first as NetatmoAuthError).reauthorizationRequired).toBe(true);
  expect((first as NetatmoAuthError).oauthError).toBe('invalid_grant');
  expect(fake.count('oauth2/token')).toBe(1);

  for (let call = 0; call < 10; call++) {
    await expect(client.station.getStationsData()).rejects.toBeInstanceOf(NetatmoAuthError);
  }
  expect(fake.count('oauth2/token')).toBe(1);
  expect(fake.count('getstationsdata')).toBe(0);
  expect(dead).toHaveLength(1);
  expect((await client.tokens.status()).state).toBe('reauthorizationRequired');

  await client.tokens.setTokens(fake.issueTokens());
  await client.station.getStationsData();
  expect(fake.count('getstationsdata')).toBe(1);
  expect((await client.tokens.status()).state).toBe('valid');
});

test('a dead client resumes by itself when the store receives tokens from a new login', async () => {
  const fake = await fakeNetatmo();
  const store = new MemoryTokenStore({ ...fake.issueTokens(), expiresAt: Date.now() - 1 });
  const client = clientFor(fake, { tokenStore: store });
  fake.revokeRefreshTokens();
  await expect(client.station.getStationsData()).rejects.toBeInstanceOf(NetatmoAuthError);

  // `netatmo-connect login` in another terminal rewrites the shared store.
  await store.save(fake.issueTokens());
  await client.station.getStationsData();

  expect(fake.count('oauth2/token')).toBe(1);
  expect(fake.count('getstationsdata')).toBe(1);
});

test('invalid_client is an auth error that names the fix and does not kill the refresh token', async () => {
  const fake = await fakeNetatmo();
  const store = new MemoryTokenStore({ refreshToken: fake.issueTokens().refreshToken });
  const client = clientFor(fake, { tokenStore: store, clientSecret: 'wrong-secret' });

  const error = await client.station.getStationsData().catch((caught: unknown) => caught);

  expect(error).toBeInstanceOf(NetatmoAuthError);
  expect((error as NetatmoAuthError).oauthError).toBe('invalid_client');
  expect((error as NetatmoAuthError).reauthorizationRequired).toBe(false);
  expect((await client.tokens.status()).state).toBe('expired');
});

test('a store that holds nothing gives an auth error that says how to log in, with no request sent', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: new MemoryTokenStore() });

  const error = await client.station.getStationsData().catch((caught: unknown) => caught);

  expect(error).toBeInstanceOf(NetatmoAuthError);
  expect((error as Error).message).toContain('netatmo-connect login');
  expect(fake.count()).toBe(0);
  expect((await client.tokens.status()).state).toBe('reauthorizationRequired');
});

test('an access token without a refresh token is used until it expires, then reauthorization is required', async () => {
  const clock = manualClock();
  const fake = await fakeNetatmo({ now: clock.now });
  const { accessToken, expiresAt } = fake.issueTokens();
  const client = clientFor(fake, { tokenStore: new MemoryTokenStore({ accessToken, expiresAt }), now: clock.now });
  const dead: unknown[] = [];
  client.on('reauthorizationRequired', (event) => void dead.push(event));

  await client.station.getStationsData();
  clock.advance(10_800_000);
  await expect(client.station.getStationsData()).rejects.toMatchObject({ reauthorizationRequired: true });

  expect(fake.count('getstationsdata')).toBe(1);
  expect(fake.count('oauth2/token')).toBe(0);
  expect(dead).toHaveLength(1);
});
