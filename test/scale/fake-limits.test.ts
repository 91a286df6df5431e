import { expect, test } from 'vitest';
import { NetatmoRateLimitError } from '../../src/index.js';
import { netatmoAppLimits } from '../../src/limits/netatmo-limits.js';
import type { FakeNetatmo } from '../../src/testing/index.js';
import { clientFor, fakeNetatmo, manualClock, storeWithTokens } from '../helpers/setup.js';

/** One raw API call: the HTTP status and Netatmo's error code, if any. */
async function call(fake: FakeNetatmo, accessToken: string): Promise<string> {
  const response = await fetch(`${fake.url}/api/getstationsdata`, { headers: { authorization: `Bearer ${accessToken}` } });
  const body = (await response.json()) as { error?: { code: number; message: string } };
  return body.error ? `${response.status} ${body.error.code} ${body.error.message}` : String(response.status);
}

async function calls(fake: FakeNetatmo, accessToken: string, count: number): Promise<string[]> {
  const answers: string[] = [];
  for (let index = 0; index < count; index++) answers.push(await call(fake, accessToken));
  return answers;
}

test("Netatmo's app rule: 200 / 2000 below 100 users, then 2 × users / 20 × users", () => {
  expect(netatmoAppLimits(0)).toEqual({ perTenSeconds: 200, perHour: 2000 });
  expect(netatmoAppLimits(99)).toEqual({ perTenSeconds: 200, perHour: 2000 });
  expect(netatmoAppLimits(100)).toEqual({ perTenSeconds: 200, perHour: 2000 });
  expect(netatmoAppLimits(101)).toEqual({ perTenSeconds: 202, perHour: 2020 });
  expect(netatmoAppLimits(1000)).toEqual({ perTenSeconds: 2000, perHour: 20_000 });
});

test("a user's 4th call in a scaled 10-second window of 3 gets 429 code 26 and counts as a violation; the next window is open again", async () => {
  const clock = manualClock();
  const fake = await fakeNetatmo({ now: clock.now, limits: { perUser: { perTenSeconds: 3, perHour: 100 }, timeScale: 0.01 } });
  const { accessToken } = fake.issueTokens();

  expect(await calls(fake, accessToken, 4)).toEqual(['200', '200', '200', '429 26 User usage reached']);
  expect(fake.limitViolations()).toEqual({ user: 1, app: 0, byUser: { [fake.userOf(accessToken)]: 1 } });

  clock.advance(99); // the window is 100 ms: still inside it
  expect(await call(fake, accessToken)).toBe('429 26 User usage reached');
  clock.advance(1);
  expect(await calls(fake, accessToken, 4)).toEqual(['200', '200', '200', '429 26 User usage reached']);
  expect(fake.limitViolations().user).toBe(3);
});

test("the hourly window is per user too, and one user's calls leave another's budget alone", async () => {
  const clock = manualClock();
  const fake = await fakeNetatmo({ now: clock.now, limits: { perUser: { perTenSeconds: 50, perHour: 2 }, timeScale: 0.01 } });
  const alice = fake.issueTokens(undefined, 'a11ce0000000000000000000');
  const bob = fake.issueTokens(undefined, 'b0b000000000000000000000');

  expect(await calls(fake, alice.accessToken, 3)).toEqual(['200', '200', '429 26 User usage reached']);
  expect(await calls(fake, bob.accessToken, 2)).toEqual(['200', '200']);
  clock.advance(35_999); // the hour is 36 s at this scale
  expect(await call(fake, alice.accessToken)).toBe('429 26 User usage reached');
  clock.advance(1);
  expect(await call(fake, alice.accessToken)).toBe('200');
  expect(fake.limitViolations()).toEqual({ user: 2, app: 0, byUser: { a11ce0000000000000000000: 2 } });
});

test('the app limit counts every user together: the 6th call of three users in a window of 5 is refused', async () => {
  const clock = manualClock();
  const fake = await fakeNetatmo({ now: clock.now, limits: { perApp: { perTenSeconds: 5, perHour: 100 }, timeScale: 0.01 } });
  const users = ['u1', 'u2', 'u3'].map((user) => fake.issueTokens(undefined, user).accessToken);

  const answers = [];
  for (const token of users) answers.push(...(await calls(fake, token, 2)));

  expect(answers).toEqual(['200', '200', '200', '200', '200', '429 26 Maximum api usage reached']);
  expect(fake.limitViolations()).toEqual({ user: 0, app: 1, byUser: {} });
});

test("by default the app limit follows Netatmo's rule from the number of users the fake has issued tokens to", async () => {
  const clock = manualClock();
  const fake = await fakeNetatmo({ now: clock.now, limits: { perUser: { perTenSeconds: 1000, perHour: 10_000 }, timeScale: 0.01 } });
  const token = fake.issueTokens().accessToken;
  const answers = await calls(fake, token, 201);
  expect(answers.slice(0, 200).every((answer) => answer === '200')).toBe(true);
  expect(answers[200]).toBe('429 26 Maximum api usage reached');
});

test('the SDK sees the fake code 26 as a NetatmoRateLimitError', async () => {
  const fake = await fakeNetatmo({ limits: { perUser: { perTenSeconds: 1, perHour: 100 } } });
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake), retry: 0 });
  await client.station.getStationsData();
  const error = await client.station.getStationsData().catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(NetatmoRateLimitError);
  expect((error as NetatmoRateLimitError).code).toBe(26);
  expect((error as NetatmoRateLimitError).status).toBe(429);
});

test('rotation is strict per user: refreshing one user kills only that user’s previous pair', async () => {
  const fake = await fakeNetatmo();
  const alice = fake.issueTokens(undefined, 'a11ce0000000000000000000');
  const bob = fake.issueTokens(undefined, 'b0b000000000000000000000');
  const refresh = async (refreshToken: string): Promise<{ status: number; body: Record<string, string> }> => {
    const response = await fetch(`${fake.url}/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: fake.clientId, client_secret: fake.clientSecret }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, string> };
  };

  const rotated = await refresh(alice.refreshToken);
  expect(fake.userOf(rotated.body['refresh_token']!)).toBe('a11ce0000000000000000000');
  expect((await refresh(alice.refreshToken)).body).toEqual({ error: 'invalid_grant' });
  expect(await call(fake, alice.accessToken)).toBe('403 2 Invalid access token');
  expect(await call(fake, bob.accessToken)).toBe('200');
  expect(fake.liveRefreshTokens().sort()).toEqual([rotated.body['refresh_token'], bob.refreshToken].sort());
});

test('each approval on the authorize page is a Netatmo account of its own unless the page names one', async () => {
  const fake = await fakeNetatmo({ autoApprove: true });
  const authorize = async (extra: Record<string, string> = {}): Promise<string> => {
    const query = new URLSearchParams({ client_id: fake.clientId, redirect_uri: 'http://127.0.0.1:1/cb', scope: 'read_station', state: 's', ...extra });
    const response = await fetch(`${fake.url}/oauth2/authorize?${query}`, { redirect: 'manual' });
    const code = new URL(response.headers.get('location')!).searchParams.get('code')!;
    const token = await fetch(`${fake.url}/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: 'http://127.0.0.1:1/cb', client_id: fake.clientId, client_secret: fake.clientSecret }),
    });
    return fake.userOf(((await token.json()) as { access_token: string }).access_token);
  };
  const [first, second, named] = [await authorize(), await authorize(), await authorize({ user: 'c4r01000000000000000000' })];
  expect(first).toMatch(/^[0-9a-f]{24}$/);
  expect(second).not.toBe(first);
  expect(named).toBe('c4r01000000000000000000');
});
