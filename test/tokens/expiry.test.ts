import { expect, test } from 'vitest';
import { MemoryTokenStore } from '../../src/index.js';
import { clientFor, fakeNetatmo, manualClock } from '../helpers/setup.js';

async function clientWithLifetime(lifetimeSeconds: number) {
  const clock = manualClock();
  const fake = await fakeNetatmo({ now: clock.now, accessTokenLifetimeSeconds: lifetimeSeconds });
  const store = new MemoryTokenStore({ refreshToken: fake.issueTokens().refreshToken });
  const client = clientFor(fake, { tokenStore: store, now: clock.now });
  // The first call refreshes (refresh-token-only set), so the manager knows the lifetime.
  await client.tokens.getAccessToken();
  expect(fake.count('oauth2/token')).toBe(1);
  return { clock, fake, client, store };
}

test('expires_in 3600: no refresh at 3539 s, a refresh at 3541 s', async () => {
  const { clock, fake, client } = await clientWithLifetime(3600);

  clock.advance(3_539_000);
  await client.tokens.getAccessToken();
  expect(fake.count('oauth2/token')).toBe(1);
  expect((await client.tokens.status()).state).toBe('valid');

  clock.advance(2_000);
  expect((await client.tokens.status()).state).toBe('expiring');
  await client.tokens.getAccessToken();
  expect(fake.count('oauth2/token')).toBe(2);
});

test('expires_in 60: the buffer is clamped to half the lifetime, so the refresh point is 30 s', async () => {
  const { clock, fake, client } = await clientWithLifetime(60);

  clock.advance(29_999);
  await client.tokens.getAccessToken();
  expect(fake.count('oauth2/token')).toBe(1);

  clock.advance(1);
  await client.tokens.getAccessToken();
  expect(fake.count('oauth2/token')).toBe(2);
});

test('expiresAt counts from when the token request started, not from when the answer arrived', async () => {
  const clock = manualClock();
  const fake = await fakeNetatmo({ now: clock.now, accessTokenLifetimeSeconds: 3600 });
  const store = new MemoryTokenStore({ refreshToken: fake.issueTokens().refreshToken });
  const started = clock.now();
  // The clock moves 5 s while the answer is on its way.
  const slowFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    clock.advance(5_000);
    return response;
  };
  const client = clientFor(fake, { tokenStore: store, now: clock.now, fetch: slowFetch });

  await client.tokens.refresh();

  expect((await store.load())?.expiresAt).toBe(started + 3_600_000);
});

test('a set without expiresAt counts as expired and is refreshed before use', async () => {
  const fake = await fakeNetatmo();
  const { accessToken, refreshToken } = fake.issueTokens();
  const client = clientFor(fake, { tokenStore: new MemoryTokenStore({ accessToken, refreshToken }) });

  expect((await client.tokens.status()).state).toBe('expired');
  await client.station.getStationsData();

  expect(fake.count('oauth2/token')).toBe(1);
  expect(fake.requests.find((r) => r.endpoint === 'getstationsdata')?.accessToken).not.toBe(accessToken);
});

test('refreshBufferMs moves the refresh point', async () => {
  const clock = manualClock();
  const fake = await fakeNetatmo({ now: clock.now });
  const client = clientFor(fake, { tokenStore: new MemoryTokenStore(fake.issueTokens()), now: clock.now, refreshBufferMs: 600_000 });

  clock.advance(10_800_000 - 600_001);
  await client.tokens.getAccessToken();
  expect(fake.count('oauth2/token')).toBe(0);
  clock.advance(2);
  await client.tokens.getAccessToken();
  expect(fake.count('oauth2/token')).toBe(1);
});
