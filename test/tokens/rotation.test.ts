import { expect, test } from 'vitest';
import { MemoryTokenStore, fingerprint, type TokenSet, type TokenStore } from '../../src/index.js';
import { clientFor, fakeNetatmo } from '../helpers/setup.js';

/** A store that records what it held at each moment, to prove save-before-events. */
class RecordingStore extends MemoryTokenStore {
  readonly saves: TokenSet[] = [];
  override async save(tokens: TokenSet): Promise<void> {
    this.saves.push(tokens);
    await super.save(tokens);
  }
}

test('a rotated refresh token is in the store before tokenRefreshed and refreshTokenRotated fire', async () => {
  const fake = await fakeNetatmo();
  const rt1 = fake.issueTokens();
  const store = new RecordingStore({ refreshToken: rt1.refreshToken });
  const client = clientFor(fake, { tokenStore: store });
  const seen: { event: string; stored: string | undefined; emitted: string | undefined; previous?: string }[] = [];
  // Handlers only record: an assertion inside one would be swallowed by the event bus.
  client.on('tokenRefreshed', async ({ tokens }) => {
    seen.push({ event: 'tokenRefreshed', stored: (await store.load())?.refreshToken, emitted: tokens.refreshToken });
  });
  client.on('refreshTokenRotated', async ({ tokens, previousFingerprint }) => {
    seen.push({ event: 'refreshTokenRotated', stored: (await store.load())?.refreshToken, emitted: tokens.refreshToken, previous: previousFingerprint });
  });

  await client.station.getStationsData();

  const rt2 = store.saves[0]?.refreshToken;
  expect(store.saves).toHaveLength(1);
  expect(rt2).toBeDefined();
  expect(rt2).not.toBe(rt1.refreshToken);
  expect(seen).toEqual([
    { event: 'tokenRefreshed', stored: rt2, emitted: rt2 },
    { event: 'refreshTokenRotated', stored: rt2, emitted: rt2, previous: fingerprint(rt1.refreshToken) },
  ]);
  // Netatmo's strict rotation: only RT2 is alive now.
  expect(fake.liveRefreshTokens()).toEqual([rt2]);
});

test('the next refresh sends the rotated refresh token', async () => {
  const fake = await fakeNetatmo();
  const store = new MemoryTokenStore({ refreshToken: fake.issueTokens().refreshToken });
  const client = clientFor(fake, { tokenStore: store });

  await client.tokens.refresh();
  const rt2 = (await store.load())?.refreshToken;
  await client.tokens.refresh();

  const sent = fake.requests.filter((r) => r.endpoint === 'oauth2/token').map((r) => r.params['refresh_token']);
  expect(sent).toHaveLength(2);
  expect(sent[1]).toBe(rt2);
  expect(fake.count('oauth2/token')).toBe(2);
});

test('a token response without refresh_token keeps the refresh token that was sent', async () => {
  const fake = await fakeNetatmo();
  const rt1 = fake.issueTokens().refreshToken;
  const store = new MemoryTokenStore({ refreshToken: rt1 });
  const client = clientFor(fake, { tokenStore: store });
  fake.enqueue('oauth2/token', { body: { access_token: 'at-without-rotation', expires_in: 10800, scope: ['read_station'] } });
  const rotations: unknown[] = [];
  client.on('refreshTokenRotated', (event) => void rotations.push(event));

  const tokens = await client.tokens.refresh();

  expect(tokens.refreshToken).toBe(rt1);
  expect((await store.load())?.refreshToken).toBe(rt1);
  expect(tokens.accessToken).toBe('at-without-rotation');
  expect(rotations).toEqual([]);
});

test('tokens from the refreshToken option bootstrap an empty store and the rotated one is saved', async () => {
  const fake = await fakeNetatmo();
  const store: TokenStore = new MemoryTokenStore();
  const bootstrap = fake.issueTokens().refreshToken;
  const client = clientFor(fake, { tokenStore: store, refreshToken: bootstrap });

  await client.station.getStationsData();

  const saved = await store.load();
  expect(fake.count('oauth2/token')).toBe(1);
  expect(saved?.refreshToken).toBeDefined();
  expect(saved?.refreshToken).not.toBe(bootstrap);
});
