import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import type { FakeNetatmo } from '../../src/testing/index.js';
import { fakeNetatmo } from '../helpers/setup.js';
import { ensureBuilt, runCliProcess, tempFolder } from './cli-harness.js';

beforeAll(ensureBuilt, 120_000);

async function loggedIn(fake: FakeNetatmo, scope?: string[]): Promise<{ args: string[]; env: Record<string, string> }> {
  const issued = fake.issueTokens(scope);
  const file = join(await tempFolder(), 'token.json');
  await writeFile(file, JSON.stringify({ access_token: issued.accessToken, refresh_token: issued.refreshToken, expiry: new Date(issued.expiresAt).toISOString() }));
  return { args: ['--token-file', file], env: { NETATMO_CLIENT_ID: fake.clientId, NETATMO_CLIENT_SECRET: fake.clientSecret, NETATMO_BASE_URL: fake.url } };
}

test('stations prints a table with every station and module, readings in units a person reads', async () => {
  const fake = await fakeNetatmo();
  const { args, env } = await loggedIn(fake);
  const run = await runCliProcess(['stations', ...args], { env });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const lines = run.stdout.trimEnd().split('\n');
  expect(lines[0]).toMatch(/^Station \/ module +Kind +Temp °C +Hum % +CO2 ppm +Press\. mbar +Noise dB +Wind km\/h +Rain mm 1h\/24h +Battery +Reachable +Last seen \(UTC\) +Id$/);
  expect(lines[1]).toMatch(/^-+( +-+){12}$/);
  // pyatmo's capture: 7 stations and 17 modules.
  expect(lines).toHaveLength(2 + 7 + 17);
  // Modules are indented under their station; the indent is checked by the lookup, then dropped for the split.
  const row = (name: string): string[] => lines.find((line) => line.startsWith(name))!.replace(/^ {2}└ /, '└ ').split(/ {2,}/);
  expect(row('MyStation · NetatmoIndoor')).toEqual(['MyStation · NetatmoIndoor', 'base', '24.6', '36', '749', '1017.3', '37', '–', '–', 'mains', 'yes', '2019-06-01 18:19', '12:34:56:37:11:ca']);
  expect(row('  └ NetatmoOutdoor')).toEqual(['└ NetatmoOutdoor', 'outdoor', '28.6', '24', '–', '–', '–', '–', '–', '87 %', 'yes', '2019-06-01 18:19', '12:34:56:36:fc:de']);
  expect(row('  └ Garden')).toEqual(['└ Garden', 'wind', '–', '–', '–', '–', '–', '4 SW, gust 9', '–', '85 %', 'yes', '2019-06-01 18:19', '12:34:56:03:1b:e5']);
  expect(row('  └ Yard')).toEqual(['└ Yard', 'rain', '–', '–', '–', '–', '–', '–', '0.0 / 0.0', '93 %', 'yes', '2019-06-01 18:19', '12:34:56:05:51:20']);
  // An unreachable module has no dashboard_data: dashes, "no".
  expect(row('  └ Module')).toEqual(['└ Module', 'outdoor', '–', '–', '–', '–', '–', '–', '–', '22 %', 'no', '2019-10-31 04:55', '12 :34: 56:36:e6:c0']);
  expect(fake.count('getstationsdata')).toBe(1);
});

test('stations --device shows that station only', async () => {
  const fake = await fakeNetatmo();
  const { args, env } = await loggedIn(fake);
  const run = await runCliProcess(['stations', '--device', '12:34:56:1c:68:2e', ...args], { env });
  expect(run.code).toBe(0);
  expect(run.stdout.trimEnd().split('\n')).toHaveLength(2 + 1 + 3);
  expect(fake.requests.at(-1)!.params['device_id']).toBe('12:34:56:1c:68:2e');
});

test('an expired access token is refreshed and the rotated token saved before the table prints', async () => {
  const fake = await fakeNetatmo();
  const { args, env } = await loggedIn(fake);
  fake.expireAccessTokens();
  const run = await runCliProcess(['stations', ...args], { env });
  expect(run.code).toBe(0);
  expect(fake.count('oauth2/token')).toBe(1);
  expect(fake.count('getstationsdata')).toBe(2);
});

test('a token without read_station exits 1 with Netatmo code 13 in the message', async () => {
  const fake = await fakeNetatmo();
  const { args, env } = await loggedIn(fake, ['read_thermostat']);
  const run = await runCliProcess(['stations', ...args], { env });
  expect(run.code).toBe(1);
  expect(run.stderr).toContain('netatmo-connect stations: Netatmo API error on getstationsdata: HTTP 403 (code 13, Application does not have the good scope rights)');
});

test('no token file exits 3 and says to run login', async () => {
  const fake = await fakeNetatmo();
  const run = await runCliProcess(['stations', '--token-file', join(await tempFolder(), 'none.json')], {
    env: { NETATMO_CLIENT_ID: fake.clientId, NETATMO_CLIENT_SECRET: fake.clientSecret, NETATMO_BASE_URL: fake.url },
  });
  expect(run.code).toBe(3);
  expect(run.stderr).toContain('Run `netatmo-connect login`');
  expect(fake.count()).toBe(0);
});
