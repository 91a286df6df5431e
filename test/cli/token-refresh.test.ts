import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { fingerprint } from '../../src/index.js';
import { fakeNetatmo } from '../helpers/setup.js';
import { ensureBuilt, runCliProcess, tempFolder } from './cli-harness.js';

beforeAll(ensureBuilt, 120_000);

test('token refresh refreshes now, saves the rotated pair and prints old → new fingerprints', async () => {
  const fake = await fakeNetatmo();
  const issued = fake.issueTokens(['read_station']);
  const file = join(await tempFolder(), 'token.json');
  await writeFile(file, JSON.stringify({ access_token: issued.accessToken, refresh_token: issued.refreshToken, expiry: new Date(issued.expiresAt).toISOString() }));
  const run = await runCliProcess(['token', 'refresh', '--client-id', fake.clientId, '--base-url', fake.url, '--token-file', file], {
    env: { NETATMO_CLIENT_SECRET: fake.clientSecret },
  });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const saved = JSON.parse(await readFile(file, 'utf8')) as { refresh_token: string; access_token: string };
  expect(saved.refresh_token).not.toBe(issued.refreshToken);
  expect(fake.liveRefreshTokens()).toEqual([saved.refresh_token]);
  expect(fake.count('oauth2/token')).toBe(1);
  expect(run.stdout).toContain(`Refreshed; saved to ${file}.`);
  expect(run.stdout).toContain(`Refresh token rotated: ${fingerprint(issued.refreshToken)} → ${fingerprint(saved.refresh_token)}.`);
  expect(run.stdout).not.toContain(saved.refresh_token);
});

test('a dead refresh token exits 3 and says to run login', async () => {
  const fake = await fakeNetatmo();
  const issued = fake.issueTokens();
  fake.revokeRefreshTokens();
  const file = join(await tempFolder(), 'token.json');
  await writeFile(file, JSON.stringify({ refresh_token: issued.refreshToken }));
  const run = await runCliProcess(['token', 'refresh', '--client-id', fake.clientId, '--base-url', fake.url, '--token-file', file], {
    env: { NETATMO_CLIENT_SECRET: fake.clientSecret },
  });
  expect(run.code).toBe(3);
  expect(run.stderr).toContain('invalid_grant');
  expect(run.stderr).toContain('Run `netatmo-connect login`');
});

test('no token at all exits 3', async () => {
  const fake = await fakeNetatmo();
  const file = join(await tempFolder(), 'token.json');
  const run = await runCliProcess(['token', 'refresh', '--client-id', fake.clientId, '--base-url', fake.url, '--token-file', file], {
    env: { NETATMO_CLIENT_SECRET: fake.clientSecret },
  });
  expect(run.code).toBe(3);
  expect(run.stderr).toContain('netatmo-connect token refresh: No usable Netatmo token');
  expect(fake.count('oauth2/token')).toBe(0);
});

test('Netatmo unreachable exits 1 (a runtime failure, not an auth problem)', async () => {
  const file = join(await tempFolder(), 'token.json');
  await writeFile(file, JSON.stringify({ refresh_token: 'x|y' }));
  const run = await runCliProcess(['token', 'refresh', '--client-id', 'a', '--client-secret', 'b', '--base-url', 'http://127.0.0.1:9', '--token-file', file]);
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/^netatmo-connect token refresh: /m);
});
