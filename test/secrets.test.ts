import { inspect } from 'node:util';
import { expect, test } from 'vitest';
import { MemoryTokenStore, type NetatmoClient, type Logger } from '../src/index.js';
import type { FakeNetatmo } from '../src/testing/index.js';
import { clientFor, closedPort, fakeNetatmo } from './helpers/setup.js';

const CLIENT_SECRET = 'SENTINEL-client-secret-7f3a';

/** Every way an error can be looked at by a user, a logger or a crash reporter. */
function renderings(error: unknown): string[] {
  const err = error as Error;
  return [
    String(err.message),
    String(err.stack),
    inspect(err, { depth: Infinity, showHidden: true }),
    JSON.stringify(err),
    inspect(err.cause, { depth: Infinity, showHidden: true }),
  ];
}

interface Harness {
  fake: FakeNetatmo;
  client: NetatmoClient;
  secrets: string[];
  lines: string[];
}

async function harness(options: { expired?: boolean; baseUrl?: string; timeoutMs?: number } = {}): Promise<Harness> {
  const fake = await fakeNetatmo({ clientSecret: CLIENT_SECRET });
  const issued = fake.issueTokens();
  const lines: string[] = [];
  const record = (level: string) => (message: string, ...details: unknown[]) =>
    void lines.push(`${level} ${message} ${inspect(details, { depth: Infinity })}`);
  const logger: Logger = { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
  const client = clientFor(fake, {
    clientSecret: CLIENT_SECRET,
    tokenStore: new MemoryTokenStore(options.expired ? { ...issued, expiresAt: Date.now() - 1 } : issued),
    logger,
    retry: { retries: 1, minTimeoutMs: 1, maxTimeoutMs: 1 },
    ...(options.baseUrl && { baseUrl: options.baseUrl }),
    ...(options.timeoutMs && { timeoutMs: options.timeoutMs }),
  });
  const errors: unknown[] = [];
  client.on('refreshFailed', ({ error }) => void errors.push(error));
  client.on('retry', ({ error }) => void errors.push(error));
  return { fake, client, secrets: [CLIENT_SECRET, issued.accessToken, issued.refreshToken], lines };
}


const failurePaths: [string, (h: Harness) => Promise<unknown>, { expired?: boolean; closed?: boolean; timeoutMs?: number }?][] = [
  ['invalid_grant on refresh', async (h) => { h.fake.revokeRefreshTokens(); return h.client.station.getStationsData(); }, { expired: true }],
  ['invalid_client on refresh', async (h) => { h.fake.enqueue('oauth2/token', { status: 400, body: { error: 'invalid_client' } }); return h.client.station.getStationsData(); }, { expired: true }],
  ['token endpoint echoing the secrets back', async (h) => {
    h.fake.enqueue('oauth2/token', { status: 400, body: { error: 'invalid_request', error_description: `bad ${h.secrets.join(' ')}` } });
    return h.client.station.getStationsData();
  }, { expired: true }],
  ['token endpoint 500 with echo', async (h) => {
    h.fake.enqueue('oauth2/token', { status: 500, body: { error: 'server_error', error_description: h.secrets.join(',') } });
    return h.client.station.getStationsData();
  }, { expired: true }],
  ['token request timeout', async (h) => { h.fake.setDelay('oauth2/token', 3_000); return h.client.station.getStationsData(); }, { expired: true, timeoutMs: 400 }],
  ['API error echoing the bearer token', async (h) => {
    h.fake.failNext('getstationsdata', 1, { status: 400, code: 21, message: `Invalid token ${h.secrets[1]}` });
    return h.client.station.getStationsData();
  }],
  ['permanent 403 code 2', async (h) => { h.fake.invalidateAccessTokens(); h.fake.revokeRefreshTokens(); return h.client.station.getStationsData(); }],
  ['403 code 13', async (h) => { h.fake.failNext('getstationsdata', 1, { status: 403, code: 13, message: 'scope' }); return h.client.station.getStationsData(); }],
  ['HTML 502', async (h) => { h.fake.enqueue('getstationsdata', { status: 502, body: '<h1>bad gateway</h1>' }, { status: 502, body: '<h1>bad gateway</h1>' }); return h.client.station.getStationsData(); }],
  ['API timeout', async (h) => { h.fake.setDelay('getstationsdata', 3_000); return h.client.station.getStationsData(); }, { timeoutMs: 400 }],
  ['refused connection', async (h) => h.client.station.getStationsData(), { closed: true }],
  ['schema mismatch', async (h) => { h.fake.enqueue('getstationsdata', { body: { status: 'ok', body: { devices: [{ _id: null, type: 'NAMain' }] } } }); return h.client.station.getStationsData(); }],
  ['manual refresh failure', async (h) => { h.fake.revokeRefreshTokens(); return h.client.tokens.refresh(); }],
];

test.each(failurePaths)('no token or client secret leaks from the error, the logger or inspect: %s', async (_name, provoke, options = {}) => {
  const h = await harness({
    ...(options.expired && { expired: true }),
    ...(options.timeoutMs && { timeoutMs: options.timeoutMs }),
    ...(options.closed && { baseUrl: `http://127.0.0.1:${await closedPort()}` }),
  });
  const events: unknown[] = [];
  h.client.on('refreshFailed', ({ error }) => void events.push(error));
  h.client.on('retry', ({ error }) => void events.push(error));
  h.client.on('reauthorizationRequired', ({ error }) => void events.push(error));

  const error = await provoke(h).then(
    () => undefined,
    (caught: unknown) => caught,
  );

  expect(error).toBeInstanceOf(Error);
  const seen = [
    ...renderings(error),
    ...events.flatMap(renderings),
    ...h.lines,
    inspect(h.client, { depth: Infinity, showHidden: true }),
    inspect(h.client.tokens, { depth: Infinity, showHidden: true }),
    JSON.stringify(h.client),
    JSON.stringify(await h.client.tokens.status()),
  ].join('\n');
  for (const secret of h.secrets) expect(seen).not.toContain(secret);
  // The renderings are not empty: the test would catch a leak.
  expect(seen.length).toBeGreaterThan(500);
});

test('debug logging of a full refresh and call contains fingerprints, never tokens', async () => {
  const h = await harness({ expired: true });
  await h.client.station.getStationsData();
  const saved = await h.client.tokens.refresh();
  const log = h.lines.join('\n');
  expect(h.lines.some((line) => line.startsWith('debug netatmo-connect: GET /api/getstationsdata → 200'))).toBe(true);
  expect(h.lines.some((line) => line.includes('refresh token rotated'))).toBe(true);
  for (const secret of [...h.secrets, saved.accessToken!, saved.refreshToken!]) expect(log).not.toContain(secret);
});

test('util.inspect of the built-in MemoryTokenStore shows fingerprints only', () => {
  const store = new MemoryTokenStore({ accessToken: 'SENTINEL-at', refreshToken: 'SENTINEL-rt', expiresAt: 0 });
  const shown = inspect(store, { depth: Infinity, showHidden: true }) + JSON.stringify(store);
  expect(shown).not.toContain('SENTINEL');
  expect(shown).toContain('<fingerprint ');
});
