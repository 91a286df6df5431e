import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import {
  FileTokenStore,
  MemoryTokenStore,
  NetatmoAuthError,
  NetatmoError,
  type Logger,
  type NetatmoEvents,
  type TokenSet,
} from '../../src/index.js';
import { clientFor, fakeNetatmo, manualClock } from '../helpers/setup.js';

/** A memory store whose saves fail the next `failSaves` times. */
class FlakySaveStore extends MemoryTokenStore {
  failSaves = 0;
  saves = 0;
  override async save(tokens: TokenSet): Promise<void> {
    this.saves++;
    if (this.failSaves > 0) {
      this.failSaves--;
      throw new Error('disk full');
    }
    return super.save(tokens);
  }
}

const folders: string[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

// ── 1. a manual refresh whose save fails ──────────────────────────────────────────────────────

test('a manual refresh whose save fails rejects saying so, keeps the newest tokens and saves them on the next call', async () => {
  const fake = await fakeNetatmo();
  const issued = fake.issueTokens();
  const store = new FlakySaveStore(issued);
  const client = clientFor(fake, { tokenStore: store });
  await client.station.getStationsData(); // loads the still-valid set
  store.failSaves = 1;

  const error = await client.tokens.refresh().catch((caught: unknown) => caught);

  expect(error).toBeInstanceOf(NetatmoError);
  expect((error as Error).message).toContain('Refreshed tokens could not be saved to the token store (disk full)');
  const [live] = fake.liveRefreshTokens();
  expect(fake.liveRefreshTokens()).toHaveLength(1);
  expect(live).not.toBe(issued.refreshToken);
  expect((await client.tokens.status()).unsaved).toBe(true);
  // The store still holds the old (dead) set; memory holds the live one and is never replaced by it.
  expect((await store.load())?.refreshToken).toBe(issued.refreshToken);

  await client.station.getStationsData();

  expect((await store.load())?.refreshToken).toBe(live);
  expect((await client.tokens.status()).unsaved).toBe(false);
  const next = await client.tokens.refresh();
  expect(next.refreshToken).toBe(fake.liveRefreshTokens()[0]);
  expect(fake.count('oauth2/token')).toBe(2);
  expect(fake.liveRefreshTokens()).toEqual([next.refreshToken]);
});

test('events owed by a refresh whose save failed fire once the retried save succeeds', async () => {
  const fake = await fakeNetatmo();
  const store = new FlakySaveStore(fake.issueTokens());
  const client = clientFor(fake, { tokenStore: store });
  const refreshed: NetatmoEvents['tokenRefreshed'][] = [];
  const failed: NetatmoEvents['refreshFailed'][] = [];
  client.on('tokenRefreshed', (event) => refreshed.push(event));
  client.on('refreshFailed', (event) => failed.push(event));
  store.failSaves = 1;

  await client.tokens.refresh().catch(() => undefined);
  expect(refreshed).toHaveLength(0);
  expect(failed).toHaveLength(1);
  await client.tokens.getAccessToken();

  expect(refreshed.map((event) => [event.reason, event.tokens.refreshToken])).toEqual([['manual', fake.liveRefreshTokens()[0]]]);
});

// ── 2. user code between Netatmo's answer and the save ────────────────────────────────────────

test.each<[string, unknown]>([
  ['a logger without debug()', { info() {}, warn() {}, error() {} }],
  ['a logger whose methods throw', { debug: () => { throw new Error('boom'); }, info: () => { throw new Error('boom'); }, warn: () => { throw new Error('boom'); }, error: () => { throw new Error('boom'); } }],
])('%s never costs a rotated token: 3 calls, 1 token request, 0 invalid_grant', async (_, logger) => {
  const fake = await fakeNetatmo();
  const store = new MemoryTokenStore({ ...fake.issueTokens(), expiresAt: Date.now() - 1 });
  const client = clientFor(fake, { tokenStore: store, logger: logger as Logger });
  client.on('tokenRefreshed', () => {
    throw new Error('handler boom');
  });

  for (let call = 0; call < 3; call++) await client.station.getStationsData();

  expect(fake.count('oauth2/token')).toBe(1);
  expect(fake.liveRefreshTokens()).toHaveLength(1);
  expect((await store.load())?.refreshToken).toBe(fake.liveRefreshTokens()[0]);
});

test('a logger method that is not a function is refused at creation, naming it', async () => {
  const fake = await fakeNetatmo();
  expect(() => clientFor(fake, { logger: { debug: 'yes' } as never })).toThrow('Invalid options.logger.debug: must be a function or left out, got string');
  expect(() => clientFor(fake, { logger: 42 as never })).toThrow('Invalid options.logger: must be an object');
});

// ── 3. odd expires_in ─────────────────────────────────────────────────────────────────────────

test.each<[string, unknown[], number]>([
  ['0', [0], 10_800],
  ['negative', [-5], 10_800],
  ["'abc'", ['abc'], 10_800],
  ['null', [null], 10_800],
  ['missing', [undefined], 10_800],
  ['1e13 (past the Date range)', [1e13], 365 * 24 * 3600],
  ['1 second', [1], 2],
  ["'3600' as a string", ['3600'], 3_600],
])('expires_in %s is sanitised: 10 calls make 1 rotation, and the file store saves and loads it', async (_, announced, expectedSeconds) => {
  const clock = manualClock();
  const fake = await fakeNetatmo({ now: clock.now });
  const folder = await mkdtemp(join(tmpdir(), 'netatmo-expires-'));
  folders.push(folder);
  const path = join(folder, 'token.json');
  const store = new FileTokenStore(path);
  await store.save({ refreshToken: fake.issueTokens().refreshToken });
  fake.announceExpiresIn(...announced);
  const client = clientFor(fake, { tokenStore: store, now: clock.now });

  for (let call = 0; call < 10; call++) await client.station.getStationsData();

  expect(fake.count('oauth2/token')).toBe(1);
  const saved = await new FileTokenStore(path).load();
  expect(saved?.expiresAt).toBe(clock.now() + expectedSeconds * 1000);
  expect(saved?.refreshToken).toBe(fake.liveRefreshTokens()[0]);
  expect(JSON.parse(await readFile(path, 'utf8')).expiry).toBe(new Date(clock.now() + expectedSeconds * 1000).toISOString());
});

// ── 4. revoked but unexpired access token after invalid_grant ─────────────────────────────────

test('after invalid_grant, a revoked but unexpired access token ends in the documented NetatmoAuthError, then no more API requests', async () => {
  const clock = manualClock();
  const fake = await fakeNetatmo({ now: clock.now });
  const client = clientFor(fake, { tokenStore: new MemoryTokenStore(fake.issueTokens()), now: clock.now });
  // The refresh token dies (another app used it), then the access token is revoked too.
  fake.revokeRefreshTokens();
  clock.advance(10_800_000 - 30_000); // inside the buffer: the manager tries a refresh and learns it is dead
  await client.station.getStationsData();
  fake.invalidateAccessTokens();

  const first = await client.station.getStationsData().catch((caught: unknown) => caught);
  const apiCallsAfterFirst = fake.count('getstationsdata');
  const second = await client.station.getStationsData().catch((caught: unknown) => caught);

  for (const error of [first, second]) {
    expect(error).toBeInstanceOf(NetatmoAuthError);
    expect((error as NetatmoAuthError).reauthorizationRequired).toBe(true);
    expect((error as NetatmoAuthError).oauthError).toBe('invalid_grant');
  }
  expect(fake.count('getstationsdata')).toBe(apiCallsAfterFirst);
  expect(fake.count('oauth2/token')).toBe(1);
  expect((await client.tokens.status()).state).toBe('reauthorizationRequired');
});

test('a 403 whose forced refresh meets invalid_grant fails with NetatmoAuthError, not the 403', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: new MemoryTokenStore(fake.issueTokens()) });
  fake.revokeRefreshTokens();
  fake.invalidateAccessTokens();

  const error = await client.station.getStationsData().catch((caught: unknown) => caught);

  expect(error).toBeInstanceOf(NetatmoAuthError);
  expect((error as NetatmoAuthError).reauthorizationRequired).toBe(true);
  await expect(client.station.getStationsData()).rejects.toBeInstanceOf(NetatmoAuthError);
  expect(fake.count('getstationsdata')).toBe(1);
  expect(fake.count('oauth2/token')).toBe(1);
});

// ── 5. the ½-lifetime clamp holds for tokens adopted from a shared store ──────────────────────

test('8 clients sharing a store with 8 s tokens and the default 60 s buffer: at most one token request per half lifetime, +1', async () => {
  const clock = manualClock();
  const fake = await fakeNetatmo({ now: clock.now, accessTokenLifetimeSeconds: 8 });
  const store = new MemoryTokenStore({ refreshToken: fake.issueTokens().refreshToken });
  const clients = Array.from({ length: 8 }, () => clientFor(fake, { tokenStore: store, now: clock.now }));
  const lifetimes = 5.3;
  const stepMs = 500;

  for (let elapsed = 0; elapsed < lifetimes * 8_000; elapsed += stepMs) {
    await Promise.all(clients.map((client) => client.station.getStationsData()));
    clock.advance(stepMs);
  }

  const halfLifetimes = Math.ceil((lifetimes * 8_000) / 4_000);
  expect(fake.count('oauth2/token')).toBeLessThanOrEqual(halfLifetimes + 1);
  expect(fake.count('oauth2/token')).toBeGreaterThanOrEqual(Math.floor(halfLifetimes / 2));
  expect(fake.liveRefreshTokens()).toEqual([(await store.load())?.refreshToken]);
}, 60_000);

test('tokens adopted from a store are clamped by the lifetime they were issued with', async () => {
  const clock = manualClock();
  const fake = await fakeNetatmo({ now: clock.now, accessTokenLifetimeSeconds: 8 });
  const store = new MemoryTokenStore({ refreshToken: fake.issueTokens().refreshToken });
  const first = clientFor(fake, { tokenStore: store, now: clock.now });
  await first.station.getStationsData();
  const second = clientFor(fake, { tokenStore: store, now: clock.now });

  clock.advance(3_000);
  await second.station.getStationsData(); // 5 s left of 8: more than half, fresh
  expect(fake.count('oauth2/token')).toBe(1);
  clock.advance(1_500);
  await second.station.getStationsData(); // 3.5 s left: inside the clamped 4 s buffer
  expect(fake.count('oauth2/token')).toBe(2);
});
