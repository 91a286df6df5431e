import { expect, test } from 'vitest';
import { OAuthStateGuard, authErrorFromRedirect, constantTimeEqual, createOAuthState, oauthErrorHint } from '../../src/auth/oauth.js';
import { NetatmoAuthError, NetatmoNetworkError, NetatmoValidationError, buildAuthorizeUrl, exchangeCode } from '../../src/index.js';
import { fakeNetatmo } from '../helpers/setup.js';

test('createOAuthState returns 43 base64url characters (256 bits), different every time, never starting with a dash', () => {
  // 5000 draws: a leading '-' (1 in 64 before the redraw) would show up about 78 times.
  const states = new Set(Array.from({ length: 5000 }, () => createOAuthState()));
  expect(states.size).toBe(5000);
  for (const state of states) expect(state).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{42}$/);
});

test('buildAuthorizeUrl puts client id, redirect URI, space-separated scopes and the state in the URL, never a secret', () => {
  const { url, state } = buildAuthorizeUrl({ clientId: 'app', redirectUri: 'http://localhost:8787/callback', scopes: ['read_station', 'read_thermostat'] });
  const parsed = new URL(url);
  expect(`${parsed.origin}${parsed.pathname}`).toBe('https://api.netatmo.com/oauth2/authorize');
  expect(Object.fromEntries(parsed.searchParams)).toEqual({
    client_id: 'app',
    redirect_uri: 'http://localhost:8787/callback',
    scope: 'read_station read_thermostat',
    state,
    response_type: 'code',
  });
});

test('buildAuthorizeUrl keeps a given state, uses baseUrl, and refuses a state under 128 bits', () => {
  const state = 'a'.repeat(22);
  expect(buildAuthorizeUrl({ clientId: 'app', redirectUri: 'http://x/cb', scopes: ['read_station'], state, baseUrl: 'http://127.0.0.1:1' }).url).toBe(
    `http://127.0.0.1:1/oauth2/authorize?client_id=app&redirect_uri=http%3A%2F%2Fx%2Fcb&scope=read_station&state=${state}&response_type=code`,
  );
  expect(() => buildAuthorizeUrl({ clientId: 'app', redirectUri: 'http://x/cb', scopes: ['read_station'], state: 'short' })).toThrow(NetatmoValidationError);
});

test('buildAuthorizeUrl names the bad parameter', () => {
  expect(() => buildAuthorizeUrl({ clientId: '', redirectUri: 'http://x/cb', scopes: ['read_station'] })).toThrow('Invalid clientId: is required');
  expect(() => buildAuthorizeUrl({ clientId: 'a', redirectUri: '/cb', scopes: ['read_station'] })).toThrow("Invalid redirectUri: must be an absolute URL such as 'http://localhost:8787/callback', got '/cb'");
  expect(() => buildAuthorizeUrl({ clientId: 'a', redirectUri: 'http://x/cb', scopes: [] })).toThrow('Invalid scopes: needs at least one scope');
  expect(() => buildAuthorizeUrl({ clientId: 'a', redirectUri: 'http://x/cb', scopes: ['Read Station!'] })).toThrow("Invalid scopes: 'Read' is not a Netatmo scope");
});

test('the state guard accepts an issued state once, refuses unknown and missing ones, and expires after 10 minutes', () => {
  let now = 0;
  const guard = new OAuthStateGuard({ now: () => now });
  const first = guard.issue();
  const second = guard.issue();
  expect(guard.consume('x'.repeat(43))).toEqual({ ok: false, reason: 'unknown' });
  expect(guard.consume(undefined)).toEqual({ ok: false, reason: 'missing' });
  expect(guard.consume(first)).toEqual({ ok: true });
  expect(guard.consume(first)).toEqual({ ok: false, reason: 'unknown' });
  now += 10 * 60_000;
  expect(guard.consume(second)).toEqual({ ok: false, reason: 'expired' });
  const third = guard.issue();
  now += 10 * 60_000 - 1;
  expect(guard.consume(third)).toEqual({ ok: true });
});

test('constantTimeEqual compares whole strings, lengths included', () => {
  expect(constantTimeEqual('abc', 'abc')).toBe(true);
  expect(constantTimeEqual('abc', 'abd')).toBe(false);
  expect(constantTimeEqual('abc', 'abcd')).toBe(false);
  expect(constantTimeEqual('', '')).toBe(true);
});

test('exchangeCode trades a code for a TokenSet, sending the secret only in the POST body', async () => {
  const fake = await fakeNetatmo({ autoApprove: true });
  const { url } = buildAuthorizeUrl({ clientId: fake.clientId, redirectUri: 'http://localhost:8787/callback', scopes: ['read_station'], baseUrl: fake.url });
  const code = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!).searchParams.get('code')!;
  const before = Date.now();
  const tokens = await exchangeCode({ clientId: fake.clientId, clientSecret: fake.clientSecret, code, redirectUri: 'http://localhost:8787/callback', baseUrl: fake.url });
  expect(tokens.scope).toEqual(['read_station']);
  expect(fake.liveRefreshTokens()).toEqual([tokens.refreshToken]);
  expect(tokens.expiresAt).toBeGreaterThanOrEqual(before + 10_800_000);
  expect(tokens.expiresAt).toBeLessThanOrEqual(Date.now() + 10_800_000);
  const authorize = fake.requests.find((request) => request.endpoint === 'oauth2/authorize')!;
  expect(Object.values(authorize.params)).not.toContain(fake.clientSecret);
});

test.each([
  ['invalid_grant', 'Authorization codes are single-use and expire within about 10 minutes: run login again', true],
  ['redirect_uri_mismatch', 'must match the one set for your app at dev.netatmo.com → My apps exactly, trailing slash included', false],
  ['invalid_client', 'check both at dev.netatmo.com → My apps (copied whole, without spaces), or the app was deactivated', false],
])('exchangeCode maps %s to a NetatmoAuthError with a hint a person can act on', async (oauthError, hint, reauthorizationRequired) => {
  const fake = await fakeNetatmo();
  fake.enqueue('oauth2/token', { status: 400, body: { error: oauthError } });
  const error = await exchangeCode({ clientId: fake.clientId, clientSecret: fake.clientSecret, code: '0123456789abcdef0123456789abcdef', redirectUri: 'http://localhost:8787/callback', baseUrl: fake.url }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(NetatmoAuthError);
  expect((error as NetatmoAuthError).oauthError).toBe(oauthError);
  expect((error as NetatmoAuthError).reauthorizationRequired).toBe(reauthorizationRequired);
  expect((error as Error).message).toContain(hint);
  expect((error as Error).message).not.toContain(fake.clientSecret);
});

test('exchangeCode reports an unreachable Netatmo as a NetatmoNetworkError, not an auth error', async () => {
  const error = await exchangeCode({ clientId: 'a', clientSecret: 'b', code: 'c', redirectUri: 'http://x/cb', baseUrl: 'http://127.0.0.1:9' }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(NetatmoNetworkError);
});

test('access_denied from the redirect becomes a NetatmoAuthError saying the user declined', () => {
  const error = authErrorFromRedirect('access_denied');
  expect(error.oauthError).toBe('access_denied');
  expect(error.message).toBe('Netatmo did not authorize the app: access_denied. The user declined access on the Netatmo page: run login again and accept to grant it.');
  expect(oauthErrorHint('something_new')).toBeUndefined();
});
