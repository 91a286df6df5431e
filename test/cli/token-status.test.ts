import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { fingerprint } from '../../src/index.js';
import { ensureBuilt, runCliProcess, tempFolder } from './cli-harness.js';

beforeAll(ensureBuilt, 120_000);

const accessToken = '5f0000000000000000000001|aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const refreshToken = '5f0000000000000000000001|bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';

async function tokenFile(content: Record<string, unknown>): Promise<string> {
  const file = join(await tempFolder(), 'netatmo-token.json');
  await writeFile(file, JSON.stringify(content), { mode: 0o600 });
  return file;
}

test('token status shows state, expiry with time left, scopes and fingerprints, never a token (exit 0)', async () => {
  const expiry = new Date(Date.now() + 2 * 3_600_000 + 30 * 60_000);
  const file = await tokenFile({ access_token: accessToken, refresh_token: refreshToken, expiry: expiry.toISOString(), scope: ['read_station', 'read_thermostat'] });
  const run = await runCliProcess(['token', 'status', '--token-file', file]);
  expect(run.code).toBe(0);
  expect(run.stdout.split('\n')).toEqual([
    `Token file:    ${file}`,
    'State:         valid',
    `Access token:  present (fingerprint ${fingerprint(accessToken)})`,
    expect.stringMatching(new RegExp(`^Expires:       ${expiry.toISOString().slice(0, 19)}Z \\(2 h (29|30) min left\\)$`)),
    'Scopes:        read_station, read_thermostat',
    `Refresh token: present (fingerprint ${fingerprint(refreshToken)})`,
    '',
  ]);
  expect(run.stdout + run.stderr).not.toContain(accessToken);
  expect(run.stdout + run.stderr).not.toContain(refreshToken);
});

test('token status reads NETATMO_TOKEN_FILE and prints JSON with --json', async () => {
  const file = await tokenFile({ access_token: accessToken, refresh_token: refreshToken, expiry: '2020-01-01T00:00:00Z' });
  const run = await runCliProcess(['token', 'status', '--json'], { env: { NETATMO_TOKEN_FILE: file } });
  expect(run.code).toBe(0);
  expect(JSON.parse(run.stdout)).toEqual({
    tokenFile: file,
    present: true,
    state: 'expired',
    hasAccessToken: true,
    hasRefreshToken: true,
    expiresAt: '2020-01-01T00:00:00.000Z',
    expiresInSeconds: expect.any(Number),
    scope: null,
    accessTokenFingerprint: fingerprint(accessToken),
    refreshTokenFingerprint: fingerprint(refreshToken),
  });
});

test('an expired token with a refresh token is usable (exit 0): it says the refresh token renews it', async () => {
  const file = await tokenFile({ access_token: accessToken, refresh_token: refreshToken, expiry: '2020-01-01T00:00:00Z' });
  const run = await runCliProcess(['token', 'status', '--token-file', file]);
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('State:         access token expired or absent; the refresh token gets a new one on next use');
  expect(run.stdout).toMatch(/Expires: {7}2020-01-01T00:00:00Z \(expired \d+ d \d+ h ago\)/);
});

test('no token file means state missing and exit 3, pointing at login', async () => {
  const file = join(await tempFolder(), 'none.json');
  const run = await runCliProcess(['token', 'status', '--token-file', file]);
  expect(run.code).toBe(3);
  expect(run.stdout).toBe(`Token file:    ${file}\nState:         missing: no token in this file; run \`netatmo-connect login\` (or \`token import\`)\n`);
});

test('an expired access token without a refresh token needs a login: state reauthorizationRequired, exit 3', async () => {
  const file = await tokenFile({ access_token: accessToken, expiry: '2020-01-01T00:00:00Z' });
  const run = await runCliProcess(['token', 'status', '--token-file', file]);
  expect(run.code).toBe(3);
  expect(run.stdout).toContain('State:         reauthorization required: the access token expired and there is no refresh token; run `netatmo-connect login`');
  expect(run.stdout).toContain('Refresh token: none');
  const json = await runCliProcess(['token', 'status', '--json', '--token-file', file]);
  expect(json.code).toBe(3);
  expect((JSON.parse(json.stdout) as { state: string }).state).toBe('reauthorizationRequired');
});

test("the state is the SDK's policy: inside the 60 s refresh buffer it is expiring (exit 0); the buffer is clamped to half the lifetime the file records", async () => {
  const now = Date.now();
  const expiry = new Date(now + 40_000).toISOString();
  // No issued_at: Netatmo's 3 hours are assumed, the buffer is 60 s, and 40 s left is inside it.
  const plain = await tokenFile({ access_token: accessToken, refresh_token: refreshToken, expiry });
  const expiring = await runCliProcess(['token', 'status', '--json', '--token-file', plain]);
  expect(expiring.code).toBe(0);
  expect((JSON.parse(expiring.stdout) as { state: string }).state).toBe('expiring');
  const text = await runCliProcess(['token', 'status', '--token-file', plain]);
  expect(text.stdout).toContain('State:         expiring: within the refresh buffer; the next call refreshes it first (it works until it expires)');
  // Issued 10 s before: a 50 s token, whose buffer is 25 s; 40 s left is outside it.
  const short = await tokenFile({ access_token: accessToken, refresh_token: refreshToken, expiry, issued_at: new Date(now - 10_000).toISOString() });
  const valid = await runCliProcess(['token', 'status', '--json', '--token-file', short]);
  expect((JSON.parse(valid.stdout) as { state: string }).state).toBe('valid');
});

test('a corrupt token file exits 1 naming the file, and leaves it unchanged', async () => {
  const file = join(await tempFolder(), 'bad.json');
  await writeFile(file, '{"access_token": ');
  const run = await runCliProcess(['token', 'status', '--token-file', file]);
  expect(run.code).toBe(1);
  expect(run.stderr).toContain(`netatmo-connect token status: The token file ${file} is not valid JSON.`);
});
