import { expect, test } from 'vitest';
import { MemoryTokenStore } from '../../src/index.js';
import { clientFor, fakeNetatmo } from '../helpers/setup.js';

test('1000 concurrent calls with an expired token make exactly 1 token request and all use the new token', async () => {
  const fake = await fakeNetatmo();
  const issued = fake.issueTokens();
  const store = new MemoryTokenStore({ ...issued, expiresAt: Date.now() - 1_000 });
  const client = clientFor(fake, { tokenStore: store });

  const results = await Promise.all(Array.from({ length: 1000 }, () => client.station.getStationsData()));

  expect(results).toHaveLength(1000);
  expect(results.every((result) => result.devices.length === results[0]!.devices.length)).toBe(true);
  expect(fake.count('oauth2/token')).toBe(1);
  expect(fake.count('getstationsdata')).toBe(1000);
  const saved = await store.load();
  const tokensUsed = new Set(fake.requests.filter((r) => r.endpoint === 'getstationsdata').map((r) => r.accessToken));
  expect([...tokensUsed]).toEqual([saved?.accessToken]);
  expect(saved?.accessToken).not.toBe(issued.accessToken);
}, 60_000);

test('10 in-flight calls rejected with 403 code 2 for the same token make 1 refresh and 20 API calls, and all succeed', async () => {
  const fake = await fakeNetatmo();
  const store = new MemoryTokenStore(fake.issueTokens());
  const client = clientFor(fake, { tokenStore: store });
  // Netatmo invalidates the token server-side (e.g. another app refreshed it): every call sees code 2.
  fake.invalidateAccessTokens();
  const refreshed: string[] = [];
  client.on('tokenRefreshed', ({ reason }) => void refreshed.push(reason));

  const results = await Promise.allSettled(Array.from({ length: 10 }, () => client.station.getStationsData()));

  expect(results.map((result) => result.status)).toEqual(Array(10).fill('fulfilled'));
  expect(fake.count('oauth2/token')).toBe(1);
  expect(fake.count('getstationsdata')).toBe(20);
  expect(refreshed).toEqual(['rejected']);
});

test('two clients sharing one MemoryTokenStore make 1 token request between them at expiry', async () => {
  const fake = await fakeNetatmo();
  const store = new MemoryTokenStore({ ...fake.issueTokens(), expiresAt: Date.now() - 1 });
  const first = clientFor(fake, { tokenStore: store });
  const second = clientFor(fake, { tokenStore: store });
  const dead: unknown[] = [];
  for (const client of [first, second]) client.on('reauthorizationRequired', (event) => void dead.push(event));

  await Promise.all([
    ...Array.from({ length: 5 }, () => first.station.getStationsData()),
    ...Array.from({ length: 5 }, () => second.station.getStationsData()),
  ]);

  expect(fake.count('oauth2/token')).toBe(1);
  expect(dead).toEqual([]);
  const [a, b] = await Promise.all([first.tokens.status(), second.tokens.status()]);
  expect(a.refreshTokenFingerprint).toBe(b.refreshTokenFingerprint);
  expect(a.state).toBe('valid');
});
