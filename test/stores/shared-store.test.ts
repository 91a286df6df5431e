import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { FileTokenStore, fingerprint, MemoryTokenStore, type NetatmoClient, type TokenStore } from '../../src/index.js';
import type { FakeNetatmo } from '../../src/testing/index.js';
import { clientFor, fakeNetatmo } from '../helpers/setup.js';
import { spawnChild, tempDir } from './helpers.js';

/** A fake whose only tokens are expired, both for the API and for the clients. */
async function fakeAtExpiry(): Promise<{ fake: FakeNetatmo; expired: ReturnType<FakeNetatmo['issueTokens']> }> {
  const fake = await fakeNetatmo();
  const issued = fake.issueTokens();
  fake.expireAccessTokens();
  // A slow token endpoint keeps the winner inside the lock while the others queue on it.
  fake.setDelay('oauth2/token', 150);
  return { fake, expired: { ...issued, expiresAt: Date.now() - 1_000 } };
}

function watch(client: NetatmoClient): string[] {
  const events: string[] = [];
  for (const name of ['tokenRefreshed', 'refreshFailed', 'reauthorizationRequired'] as const) {
    client.on(name, () => {
      events.push(name);
    });
  }
  return events;
}

async function expectOneRefreshBetween(fake: FakeNetatmo, stores: [TokenStore, TokenStore]): Promise<void> {
  const clients = stores.map((tokenStore) => clientFor(fake, { tokenStore }));
  const events = clients.map(watch);
  await Promise.all(clients.flatMap((client) => [client.station.getStationsData(), client.station.getStationsData()]));
  expect(fake.count('oauth2/token')).toBe(1);
  expect(fake.count('getstationsdata')).toBe(4);
  const live = fake.liveRefreshTokens();
  expect(live).toHaveLength(1);
  const statuses = await Promise.all(clients.map((client) => client.tokens.status()));
  for (const status of statuses) {
    expect(status.state).toBe('valid');
    expect(status.refreshTokenFingerprint).toBe(fingerprint(live[0]));
  }
  expect(statuses[0]?.accessTokenFingerprint).toBe(statuses[1]?.accessTokenFingerprint);
  // One client refreshed; the other adopted its tokens from the store. Nobody saw a dead token.
  expect(events.flat().sort()).toEqual(['tokenRefreshed']);
  expect((await stores[1].load())?.refreshToken).toBe(live[0]);
}

describe('two clients sharing one store', () => {
  test('on one MemoryTokenStore, 4 calls from both at expiry make 1 token request between them', async () => {
    const { fake, expired } = await fakeAtExpiry();
    const store = new MemoryTokenStore(expired);
    await expectOneRefreshBetween(fake, [store, store]);
  });

  test('on one token file (two FileTokenStores, one path), 4 calls from both at expiry make 1 token request', async () => {
    const { fake, expired } = await fakeAtExpiry();
    const path = join(await tempDir(), 'token.json');
    await new FileTokenStore(path).save(expired);
    await expectOneRefreshBetween(fake, [new FileTokenStore(path), new FileTokenStore(path)]);
  });

  test('a refresh token rotated by one client is adopted by the other, which is never told it is dead', async () => {
    const fake = await fakeNetatmo();
    const path = join(await tempDir(), 'token.json');
    await new FileTokenStore(path).save(fake.issueTokens());
    const [a, b] = [clientFor(fake, { tokenStore: new FileTokenStore(path) }), clientFor(fake, { tokenStore: new FileTokenStore(path) })];
    const events = [watch(a), watch(b)];
    await Promise.all([a.station.getStationsData(), b.station.getStationsData()]);
    const before = (await b.tokens.status()).refreshTokenFingerprint;

    // a rotates: the pair b holds in memory dies at the fake (403 for its access token).
    await a.tokens.refresh();
    expect(fake.count('oauth2/token')).toBe(1);
    await b.station.getStationsData();
    expect(fake.count('oauth2/token')).toBe(1);

    const live = fake.liveRefreshTokens();
    expect(live).toHaveLength(1);
    const status = await b.tokens.status();
    expect(status.state).toBe('valid');
    expect(status.refreshTokenFingerprint).toBe(fingerprint(live[0]));
    expect(status.refreshTokenFingerprint).not.toBe(before);
    expect(events).toEqual([['tokenRefreshed'], []]);
  });

  test('a client holding a rotated-away refresh token at expiry uses the newer one from the store, not reauthorizationRequired', async () => {
    const { fake, expired } = await fakeAtExpiry();
    const path = join(await tempDir(), 'token.json');
    await new FileTokenStore(path).save(expired);
    const [a, b] = [clientFor(fake, { tokenStore: new FileTokenStore(path) }), clientFor(fake, { tokenStore: new FileTokenStore(path) })];
    const events = [watch(a), watch(b)];
    await b.tokens.status(); // b loads the pair that is about to be rotated away
    await a.station.getStationsData();
    // The pair a got also expires; b must refresh with a's refresh token, found in the file.
    fake.expireAccessTokens();
    const file = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    await writeFile(path, JSON.stringify({ ...file, expiry: new Date(Date.now() - 1_000).toISOString() }));
    await b.station.getStationsData();
    expect(fake.count('oauth2/token')).toBe(2);
    expect(events).toEqual([['tokenRefreshed'], ['tokenRefreshed']]);
    expect((await new FileTokenStore(path).load())?.refreshToken).toBe(fake.liveRefreshTokens()[0]);
  });
});

describe('two processes sharing one token file', () => {
  test('calls from 2 processes at expiry make 1 token request between them; the loser adopts the winner’s tokens', { timeout: 60_000 }, async () => {
    const { fake, expired } = await fakeAtExpiry();
    const path = join(await tempDir(), 'token.json');
    await new FileTokenStore(path).save(expired);
    const env = {
      NETATMO_BASE_URL: fake.url,
      NETATMO_CLIENT_ID: fake.clientId,
      NETATMO_CLIENT_SECRET: fake.clientSecret,
      NETATMO_TOKEN_FILE: path,
    };
    const children = [spawnChild('client-call.ts', env), spawnChild('client-call.ts', env)];
    for (const child of children) expect(await child.lines.next()).toBe('ready');
    for (const child of children) child.stdin.write('go\n');
    const reports = await Promise.all(
      children.map(async (child) => JSON.parse(await child.lines.next()) as { error?: string; events: string[]; state: string; access: string; refresh: string }),
    );

    expect(fake.count('oauth2/token')).toBe(1);
    expect(fake.count('getstationsdata')).toBe(2);
    const live = fake.liveRefreshTokens();
    expect(live).toHaveLength(1);
    for (const report of reports) {
      expect(report.error).toBeUndefined();
      expect(report.state).toBe('valid');
      expect(report.refresh).toBe(fingerprint(live[0]));
      expect(report.events).not.toContain('reauthorizationRequired');
      expect(report.events).not.toContain('refreshFailed');
    }
    expect(reports[0]?.access).toBe(reports[1]?.access);
    expect(reports.flatMap((report) => report.events).sort()).toEqual(['tokenRefreshed']);
    const saved = await new FileTokenStore(path).load();
    expect(saved?.refreshToken).toBe(live[0]);
    expect(fingerprint(saved?.accessToken)).toBe(reports[0]?.access);
  });
});
