import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { fakeNetatmo } from '../helpers/setup.js';
import { ensureBuilt, runCliProcess, tempFolder } from './cli-harness.js';

beforeAll(ensureBuilt, 120_000);

test('watch prints the current readings, then each upload’s, as NDJSON when piped', async () => {
  const fake = await fakeNetatmo();
  const issued = fake.issueTokens();
  const file = join(await tempFolder(), 'token.json');
  await writeFile(file, JSON.stringify({ access_token: issued.accessToken, refresh_token: issued.refreshToken, expiry: new Date(issued.expiresAt).toISOString() }));
  fake.uploadReadingsEvery(300);
  const run = await runCliProcess(
    ['watch', '--device', '12:34:56:37:11:ca', '--upload-interval', '300ms', '--min-interval', '20ms', '--count', '3', '--token-file', file],
    { env: { NETATMO_CLIENT_ID: fake.clientId, NETATMO_CLIENT_SECRET: fake.clientSecret, NETATMO_BASE_URL: fake.url } },
  );
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const lines = run.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as { time: string; stationId: string; id: string; name: string; type: string; readings: { time_utc: number } });
  // The station 12:34:56:37:11:ca has a base and 5 modules with readings: 3 updates of 6 lines.
  expect(lines).toHaveLength(18);
  expect(lines[0]).toMatchObject({ stationId: '12:34:56:37:11:ca', id: '12:34:56:37:11:ca', name: 'MyStation · NetatmoIndoor', type: 'NAMain' });
  expect(lines[0]!.time).toBe(new Date(lines[0]!.readings.time_utc * 1000).toISOString().replace('.000Z', 'Z'));
  const times = [0, 6, 12].map((index) => lines[index]!.readings.time_utc);
  expect(times[1]).toBeGreaterThan(times[0]!);
  expect(times[2]).toBeGreaterThan(times[1]!);
  // Per update after the first, at most: the planned poll, its 3 quick retries, and one more after a
  // full upload interval (polling at --min-interval instead would be 50 a second). Readings are stamped
  // in whole seconds while the fake uploads every 300 ms, so where a planned poll lands depends on
  // the phase between the CLI's first call and the uploads (an endpoint's first call also builds its
  // schema): the exact count varies with it. The watcher's efficiency is pinned on a virtual clock
  // elsewhere (test/watch, and the bench's day of uploads: 148 polls for 144 uploads).
  expect(fake.count('getstationsdata')).toBeGreaterThanOrEqual(3);
  expect(fake.count('getstationsdata')).toBeLessThanOrEqual(1 + 2 * (1 + 3 + 1));
});

test('watch rejects a bad duration or count before any request', async () => {
  const fake = await fakeNetatmo();
  const env = { NETATMO_CLIENT_ID: fake.clientId, NETATMO_CLIENT_SECRET: fake.clientSecret, NETATMO_BASE_URL: fake.url };
  const badDuration = await runCliProcess(['watch', '--upload-interval', 'soon'], { env });
  expect(badDuration.code).toBe(2);
  expect(badDuration.stderr).toContain("--upload-interval must be a duration such as 600, 90s, 10m or 500ms, got 'soon'");
  const badCount = await runCliProcess(['watch', '--count', '0'], { env });
  expect(badCount.code).toBe(2);
  expect(fake.count()).toBe(0);
});

test('on a terminal, watch prints a table per update with the modules that changed', async () => {
  const { runCli } = await import('../../src/cli/run-cli.js');
  const fake = await fakeNetatmo();
  const issued = fake.issueTokens();
  const file = join(await tempFolder(), 'token.json');
  await writeFile(file, JSON.stringify({ access_token: issued.accessToken, refresh_token: issued.refreshToken, expiry: new Date(issued.expiresAt).toISOString() }));
  fake.uploadReadingsEvery(300);
  let stdout = '';
  let stderr = '';
  const code = await runCli(['watch', '--device', '12:34:56:37:11:ca', '--upload-interval', '300ms', '--min-interval', '20ms', '--count', '2', '--token-file', file], {
    stdout: { write: (chunk: string) => ((stdout += chunk), true), isTTY: true, columns: 200 },
    stderr: { write: (chunk: string) => ((stderr += chunk), true) },
    env: { NETATMO_CLIENT_ID: fake.clientId, NETATMO_CLIENT_SECRET: fake.clientSecret, NETATMO_BASE_URL: fake.url },
    cwd: process.cwd(),
    readStdin: async () => '',
    openBrowser: async () => false,
    signal: new AbortController().signal,
  });
  expect(stderr).toBe('');
  expect(code).toBe(0);
  const tables = stdout.trimEnd().split('\n\n');
  expect(tables).toHaveLength(2);
  for (const table of tables) {
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^Reading \(UTC\) +Station \/ module +Temp °C +Hum % +CO2 ppm +Press\. mbar +Noise dB +Wind km\/h +Rain mm +Id$/);
    expect(lines).toHaveLength(2 + 6);
    expect(lines[2]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +MyStation · NetatmoIndoor +2\d\.\d +\d+ +\d+ +\d+\.\d +\d+ +– +– +12:34:56:37:11:ca$/);
  }
});
