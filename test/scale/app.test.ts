import { expect, test } from 'vitest';
import {
  createNetatmoApp,
  MemoryTokenStore,
  NetatmoAuthError,
  NetatmoRateLimitError,
  NetatmoValidationError,
  type NetatmoAppOptions,
  type RateLimiter,
  type TokenStore,
} from '../../src/index.js';
import type { FakeNetatmo } from '../../src/testing/index.js';
import { fakeNetatmo } from '../helpers/setup.js';

const REDIRECT = 'https://svc.example/netatmo/callback';

/** One store per user, shared by every "process" (app instance) of a test. */
function storesByUser(): { tokenStoreFor: (userId: string) => TokenStore; stores: Map<string, MemoryTokenStore> } {
  const stores = new Map<string, MemoryTokenStore>();
  return {
    stores,
    tokenStoreFor: (userId) => {
      let store = stores.get(userId);
      if (!store) stores.set(userId, (store = new MemoryTokenStore()));
      return store;
    },
  };
}

function appFor(fake: FakeNetatmo, options: Partial<NetatmoAppOptions> & Pick<NetatmoAppOptions, 'tokenStoreFor'>) {
  return createNetatmoApp({
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    baseUrl: fake.url,
    retry: { retries: 2, minTimeoutMs: 1, maxTimeoutMs: 5 },
    ...options,
  });
}

/** Follows the authorize URL through the fake (auto-approve) and returns the callback's query. */
async function approve(url: string): Promise<{ code: string; state: string }> {
  const response = await fetch(url, { redirect: 'manual' });
  const location = new URL(response.headers.get('location')!);
  return { code: location.searchParams.get('code')!, state: location.searchParams.get('state')! };
}

test('a user connects through one process and is served by another: state checked, tokens saved before it resolves', async () => {
  const fake = await fakeNetatmo({ autoApprove: true });
  const { tokenStoreFor, stores } = storesByUser();
  const [web, worker] = [appFor(fake, { tokenStoreFor }), appFor(fake, { tokenStoreFor })];

  const { url, state } = web.authorizeUrl({ userId: 'alice', redirectUri: REDIRECT, scopes: ['read_station'] });
  expect(new URL(url).searchParams.get('state')).toBe(state);
  expect(url).not.toContain('alice');
  expect(url).not.toContain(fake.clientSecret);
  const callback = await approve(url);

  const completed = await worker.completeAuthorization({ ...callback, redirectUri: REDIRECT });

  expect(completed.userId).toBe('alice');
  expect((await stores.get('alice')!.load())?.refreshToken).toBe(completed.tokens.refreshToken);
  await web.forUser('alice').station.getStationsData();
  expect(fake.requests.at(-1)?.accessToken).toBe(completed.tokens.accessToken);
});

test('a forged or altered state, or another redirect URI, is refused before any token request', async () => {
  const fake = await fakeNetatmo({ autoApprove: true });
  const app = appFor(fake, storesByUser());
  const { url } = app.authorizeUrl({ userId: 'mallory', redirectUri: REDIRECT, scopes: ['read_station'] });
  const callback = await approve(url);
  const altered = callback.state.slice(0, -2) + (callback.state.endsWith('AA') ? 'BB' : 'AA');
  const stranger = appFor(fake, { ...storesByUser(), clientSecret: 'another-apps-secret' }).authorizeUrl({ userId: 'mallory', redirectUri: REDIRECT, scopes: ['read_station'] });

  for (const state of [altered, new URL(stranger.url).searchParams.get('state')!, 'x'.repeat(40)]) {
    await expect(app.completeAuthorization({ code: callback.code, state, redirectUri: REDIRECT })).rejects.toMatchObject({ name: 'NetatmoAuthError', oauthError: 'invalid_state' });
  }
  const error = await app.completeAuthorization({ ...callback, redirectUri: 'https://svc.example/other' }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(NetatmoAuthError);
  expect((error as Error).message).toBe(
    "The callback's redirect URI (https://svc.example/other) is not the one the authorize URL was built with (https://svc.example/netatmo/callback): pass the same redirectUri to app.completeAuthorization().",
  );
  expect(fake.count('oauth2/token')).toBe(0);
});

test('each user is served with their own tokens; forUser returns the same client for the same user', async () => {
  const fake = await fakeNetatmo();
  const { tokenStoreFor, stores } = storesByUser();
  const app = appFor(fake, { tokenStoreFor });
  for (const user of ['alice', 'bob']) await tokenStoreFor(user).save(fake.issueTokens(undefined, `${user}-netatmo`));

  expect(app.forUser('alice')).toBe(app.forUser('alice'));
  await app.forUser('alice').station.getStationsData();
  await app.forUser('bob').station.getStationsData();

  expect(fake.requests.map((record) => fake.userOf(record.accessToken!))).toEqual(['alice-netatmo', 'bob-netatmo']);
  expect(stores.size).toBe(2);
});

test('app.on gets every user’s events with their userId', async () => {
  const fake = await fakeNetatmo();
  const { tokenStoreFor } = storesByUser();
  const app = appFor(fake, { tokenStoreFor });
  for (const user of ['alice', 'bob']) await tokenStoreFor(user).save({ refreshToken: fake.issueTokens(undefined, `${user}-netatmo`).refreshToken });
  const refreshed: string[] = [];
  const unsubscribe = app.on('tokenRefreshed', ({ userId, reason }) => void refreshed.push(`${userId}:${reason}`));
  const own: string[] = [];
  app.forUser('bob').on('tokenRefreshed', ({ reason }) => void own.push(reason));

  await app.forUser('alice').station.getStationsData();
  await app.forUser('bob').station.getStationsData();
  unsubscribe();
  await app.forUser('alice').tokens.refresh();

  expect(refreshed).toEqual(['alice:expired', 'bob:expired']);
  expect(own).toEqual(['expired']);
});

test("a user's hourly budget is theirs alone; the app budget is everyone's", async () => {
  const fake = await fakeNetatmo();
  const { tokenStoreFor } = storesByUser();
  const app = appFor(fake, { tokenStoreFor, rateLimit: { perTenSeconds: 50, perHour: 2 }, appRateLimit: { perTenSeconds: 50, perHour: 5 } });
  for (const user of ['alice', 'bob', 'carol']) await tokenStoreFor(user).save(fake.issueTokens(undefined, `${user}-netatmo`));

  await app.forUser('alice').station.getStationsData();
  await app.forUser('alice').station.getStationsData();
  const alice = await app.forUser('alice').station.getStationsData().catch((caught: unknown) => caught);
  await app.forUser('bob').station.getStationsData();
  await app.forUser('bob').station.getStationsData();
  await app.forUser('carol').station.getStationsData();
  const carol = await app.forUser('carol').station.getStationsData().catch((caught: unknown) => caught);

  expect(alice).toBeInstanceOf(NetatmoRateLimitError);
  expect((alice as Error).message).toMatch(new RegExp(`^Rate limit of 2 requests per hour for user:${fake.clientId}:alice is used up`));
  expect(carol).toBeInstanceOf(NetatmoRateLimitError);
  expect((carol as Error).message).toMatch(new RegExp(`^Rate limit of 5 requests per hour for app:${fake.clientId} is used up`));
  expect(fake.count('getstationsdata')).toBe(5);
});

test("the app budget follows Netatmo's rule from a users function, asked on every call", async () => {
  const fake = await fakeNetatmo();
  const { tokenStoreFor } = storesByUser();
  const seen: string[] = [];
  const recording: RateLimiter = {
    acquire: async ({ buckets }) => void seen.push(buckets.map((bucket) => `${bucket.key.replace(fake.clientId, 'ID')} ${bucket.perTenSeconds}/${bucket.perHour}`).join(' + ')),
    pause: async () => {},
  };
  let users = 40;
  const app = appFor(fake, { tokenStoreFor, users: () => users, rateLimiter: recording });
  await tokenStoreFor('alice').save(fake.issueTokens());

  await app.forUser('alice').station.getStationsData();
  users = 1000;
  await app.forUser('alice').station.getStationsData();

  expect(seen).toEqual(['user:ID:alice 50/500 + app:ID 200/2000', 'user:ID:alice 50/500 + app:ID 2000/20000']);
});

test('completing an authorization revives a live client whose refresh token had died', async () => {
  const fake = await fakeNetatmo({ autoApprove: true });
  const { tokenStoreFor } = storesByUser();
  const app = appFor(fake, { tokenStoreFor });
  await tokenStoreFor('dave').save({ refreshToken: 'dave|dead' });
  const client = app.forUser('dave');
  const required: string[] = [];
  app.on('reauthorizationRequired', ({ userId }) => void required.push(userId));
  await expect(client.station.getStationsData()).rejects.toMatchObject({ name: 'NetatmoAuthError', reauthorizationRequired: true });

  const { url } = app.authorizeUrl({ userId: 'dave', redirectUri: REDIRECT, scopes: ['read_station'] });
  await app.completeAuthorization({ ...(await approve(url)), redirectUri: REDIRECT });

  await client.station.getStationsData();
  expect(required).toEqual(['dave']);
  expect(fake.count('getstationsdata')).toBe(1);
});

test('idle clients are released, bounded by maxClients; a client still held stays the same instance', async () => {
  const fake = await fakeNetatmo();
  let created = 0;
  const app = appFor(fake, { tokenStoreFor: () => (created++, new MemoryTokenStore()), maxClients: 2 });
  const held = app.forUser('u1');
  app.forUser('u2');
  app.forUser('u3');
  expect(app.forUser('u1')).toBe(held);
  expect(created).toBe(3);
});

test('bad options and parameters are refused with what and where; promise methods reject', async () => {
  const fake = await fakeNetatmo();
  const app = appFor(fake, storesByUser());
  expect(() => createNetatmoApp({ clientId: 'id', clientSecret: 'secret' } as never)).toThrow('Invalid options.tokenStoreFor: must be a function (userId) => TokenStore, got undefined');
  expect(() => appFor(fake, { ...storesByUser(), maxClients: 0 })).toThrow('Invalid options.maxClients: must be a whole number ≥ 1, got 0');
  expect(() => appFor(fake, { ...storesByUser(), users: -1 })).toThrow('Invalid options.users');
  expect(() => appFor(fake, { ...storesByUser(), appRateLimit: { perTenSeconds: 0, perHour: 1 } })).toThrow('Invalid options.appRateLimit.perTenSeconds');
  expect(() => app.forUser('')).toThrow(NetatmoValidationError);
  expect(() => appFor(fake, { tokenStoreFor: () => ({}) as never }).forUser('x')).toThrow("Invalid options.tokenStoreFor: returned object for a user; it must return a TokenStore with load() and save()");
  // Every user's store is checked, not only the first one.
  const lockless = appFor(fake, { tokenStoreFor: (userId) => Object.assign(new MemoryTokenStore(), userId === 'bob' ? { withLock: 'yes' } : {}) });
  expect(() => lockless.forUser('alice')).not.toThrow();
  expect(() => lockless.forUser('bob')).toThrow('Invalid options.tokenStoreFor("bob").withLock: must be a function when present (see the TokenStore interface), got \'yes\'');

  // authorizeUrl answers synchronously, like buildAuthorizeUrl: bad input throws at once.
  expect(() => app.authorizeUrl({ userId: 'alice', redirectUri: 'not a url', scopes: ['read_station'] })).toThrow(NetatmoValidationError);
  expect(() => app.authorizeUrl(undefined as never)).toThrow('Invalid params: app.authorizeUrl() needs { userId, redirectUri, scopes }');
  await expect(app.completeAuthorization({ state: '', code: 'c', redirectUri: REDIRECT })).rejects.toBeInstanceOf(NetatmoAuthError);
});

test('an app handler that throws or rejects is logged and breaks nothing; off() removes a handler', async () => {
  const fake = await fakeNetatmo();
  const { tokenStoreFor } = storesByUser();
  const errors: string[] = [];
  const app = appFor(fake, { tokenStoreFor, rateLimit: { perTenSeconds: 50, perHour: 1 }, logger: { debug: () => {}, info: () => {}, warn: () => {}, error: (line) => void errors.push(line) } });
  await tokenStoreFor('erin').save(fake.issueTokens());
  const seen: string[] = [];
  const counted = ({ userId }: { userId: string }): void => void seen.push(userId);
  app.on('rateLimited', () => {
    throw new Error('handler bug');
  });
  app.on('rateLimited', async () => Promise.reject(new Error('async handler bug')));
  app.on('rateLimited', counted);
  app.off('rateLimited', counted);
  expect(() => app.on('noSuchEvent' as never, () => {})).toThrow(NetatmoValidationError);

  await app.forUser('erin').station.getStationsData();
  await expect(app.forUser('erin').station.getStationsData()).rejects.toBeInstanceOf(NetatmoRateLimitError);
  await new Promise((resolve) => setTimeout(resolve, 0));

  expect(errors).toEqual(["netatmo-connect: an app 'rateLimited' event handler failed: handler bug", "netatmo-connect: an app 'rateLimited' event handler failed: async handler bug"]);
  expect(seen).toEqual([]);
});

test("a user's store whose lock is never granted fails that user's calls after its lockTimeoutMs + timeoutMs, and no one else's", async () => {
  const fake = await fakeNetatmo();
  const stores = new Map<string, MemoryTokenStore>();
  const app = appFor(fake, {
    timeoutMs: 300,
    tokenStoreFor: (userId) => {
      let store = stores.get(userId);
      if (!store) {
        store = new MemoryTokenStore({ ...fake.issueTokens(['read_station'], userId), expiresAt: Date.now() - 1 });
        // Alice's store declares a 200 ms lock timeout, but its lock is never granted and never refused.
        if (userId === 'alice') Object.assign(store, { lockTimeoutMs: 200, withLock: () => new Promise(() => {}) });
        stores.set(userId, store);
      }
      return store;
    },
  });
  const started = performance.now();

  const [alice, bob] = await Promise.allSettled([app.forUser('alice').station.getStationsData(), app.forUser('bob').station.getStationsData()]);

  expect(performance.now() - started).toBeLessThan(3_000);
  expect(alice.status).toBe('rejected');
  expect((alice as PromiseRejectedResult).reason.message).toContain('tokenStore.withLock() has not started the refresh within 500 ms');
  expect(bob.status).toBe('fulfilled');
  expect(fake.count('oauth2/token')).toBe(1);
});

test('a store that fails to save the new user tokens, quoting them, is reported with the tokens redacted, with or without a live client', async () => {
  const fake = await fakeNetatmo({ autoApprove: true });
  class QuotingStore extends MemoryTokenStore {
    override save(tokens: Parameters<MemoryTokenStore['save']>[0]): Promise<void> {
      return Promise.reject(Object.assign(new Error(`cannot write ${JSON.stringify(tokens)} for ${fake.clientSecret}`), { code: 'EQUOTA' }));
    }
  }
  const app = appFor(fake, { tokenStoreFor: () => new QuotingStore() });
  for (const live of [false, true]) {
    if (live) app.forUser('bob');
    const { url } = app.authorizeUrl({ userId: 'bob', redirectUri: REDIRECT, scopes: ['read_station'] });
    const error = (await app.completeAuthorization({ ...(await approve(url)), redirectUri: REDIRECT }).catch((caught: unknown) => caught)) as Error;

    const issued = fake.liveRefreshTokens().at(-1)!;
    expect(error.message, `live client: ${live}`).toContain('cannot write {"accessToken":"[redacted]","refreshToken":"[redacted]"');
    expect(error.message).toContain(`for [redacted]`);
    for (const secret of [issued, fake.clientSecret]) expect(JSON.stringify({ message: error.message, stack: error.stack, cause: String(error.cause) })).not.toContain(secret);
  }
});
