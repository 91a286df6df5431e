import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import type { FakeNetatmo } from '../../src/testing/index.js';
import { fakeNetatmo } from '../helpers/setup.js';
import { ensureBuilt, runCliProcess, tempFolder } from './cli-harness.js';

beforeAll(ensureBuilt, 120_000);

/** The fake (its getmeasure serves a deterministic daily wave), and a token file for it. */
async function setup(): Promise<{ fake: FakeNetatmo; folder: string; args: string[]; env: Record<string, string> }> {
  const fake = await fakeNetatmo();
  const issued = fake.issueTokens(['read_station']);
  const folder = await tempFolder();
  const file = join(folder, 'token.json');
  await writeFile(file, JSON.stringify({ access_token: issued.accessToken, refresh_token: issued.refreshToken, expiry: new Date(issued.expiresAt).toISOString() }));
  return {
    fake,
    folder,
    args: ['--device', '12:34:56:37:11:ca', '--module', '12:34:56:36:fc:de', '--token-file', file],
    env: { NETATMO_CLIENT_ID: fake.clientId, NETATMO_CLIENT_SECRET: fake.clientSecret, NETATMO_BASE_URL: fake.url },
  };
}

const window = ['--from', '2026-01-01', '--to', '2026-01-01T03:00:00Z'];

test('export writes CSV to stdout: a header, one UTC line per point, and the summary on stderr', async () => {
  const { fake, args, env } = await setup();
  const run = await runCliProcess(['export', ...args, ...window], { env });
  expect(run.code).toBe(0);
  expect(run.stdout).toBe(
    [
      // Netatmo stamps 30-minute buckets at their middle; the outdoor module reads a January night.
      'time,Temperature,Humidity',
      '2026-01-01T00:15:00Z,-2,85',
      '2026-01-01T00:45:00Z,-2.4,86',
      '2026-01-01T01:15:00Z,-2.8,87',
      '2026-01-01T01:45:00Z,-3.1,88',
      '2026-01-01T02:15:00Z,-3.1,89',
      '2026-01-01T02:45:00Z,-3.3,90',
      '',
    ].join('\n'),
  );
  expect(run.stderr).toBe('export: 6 points from 2026-01-01T00:00:00Z to 2026-01-01T03:00:00Z\n');
  const request = fake.requests.find((record) => record.endpoint === 'getmeasure')!;
  expect(request.params).toMatchObject({
    device_id: '12:34:56:37:11:ca',
    module_id: '12:34:56:36:fc:de',
    scale: '30min',
    type: 'Temperature,Humidity',
    date_begin: '1767225600',
    date_end: '1767236400',
  });
});

test('export --format ndjson --out writes one JSON object per point to the file, nulls for missing values', async () => {
  const { fake, folder, args, env } = await setup();
  // Netatmo answers null where a bucket has no value.
  fake.enqueue('getmeasure', {
    body: { status: 'ok', body: [{ beg_time: 1_767_225_600, step_time: 1800, value: [[12, null], [12.8, null]] }] },
  });
  const out = join(folder, 'history.ndjson');
  const run = await runCliProcess(['export', ...args, '--from', '2026-01-01', '--to', '2026-01-01T00:30:00Z', '--types', 'Temperature', '--types', 'min_temp', '--format', 'ndjson', '--out', out], { env });
  expect(run.code).toBe(0);
  expect(run.stdout).toBe('');
  expect(await readFile(out, 'utf8')).toBe('{"time":"2026-01-01T00:00:00Z","Temperature":12,"min_temp":null}\n{"time":"2026-01-01T00:30:00Z","Temperature":12.8,"min_temp":null}\n');
  expect(run.stderr).toBe(`export: 2 points from 2026-01-01T00:00:00Z to 2026-01-01T00:30:00Z written to ${out}\n`);
  // No temporary file is left next to it.
  expect(await readdir(folder)).toEqual(['history.ndjson', 'token.json']);
});

test('an --out ending in .ndjson picks NDJSON without --format', async () => {
  const { folder, args, env } = await setup();
  const out = join(folder, 'h.ndjson');
  expect((await runCliProcess(['export', ...args, '--from', '2026-01-01', '--to', '2026-01-01T00:15:00Z', '--out', out], { env })).code).toBe(0);
  expect(await readFile(out, 'utf8')).toBe('{"time":"2026-01-01T00:15:00Z","Temperature":-2,"Humidity":85}\n');
});

test('a long span pages through getmeasure 1024 points at a time and prints plain progress lines off a terminal', async () => {
  const { fake, args, env } = await setup();
  // 4 days at 5-minute resolution: 4 × 288 + 1 points, two requests.
  const run = await runCliProcess(['export', ...args, '--scale', 'max', '--types', 'Temperature', '--from', '2026-01-01', '--to', '2026-01-05'], { env });
  expect(run.code).toBe(0);
  expect(run.stdout.trimEnd().split('\n')).toHaveLength(1 + 1153);
  expect(fake.count('getmeasure')).toBe(2);
  expect(run.stderr).toBe(
    'export: 88% 1024 points, up to 2026-01-04T13:15:00Z\nexport: 1153 points from 2026-01-01T00:00:00Z to 2026-01-05T00:00:00Z\n',
  );
  expect(new Set(run.stdout.split('\n').slice(1, -1)).size).toBe(1153);
});

test('a rate-limited page is waited for and retried, and the wait is reported', async () => {
  const { fake, args, env } = await setup();
  fake.failNext('getmeasure', 1, { status: 429, code: 26, message: 'Maximum api usage reached', headers: { 'retry-after': '1' } });
  const run = await runCliProcess(['export', ...args, ...window], { env });
  expect(run.code).toBe(0);
  expect(run.stdout.trimEnd().split('\n')).toHaveLength(7);
  // The refused page, its retry, and an empty page after 02:45 (the last mid-bucket stamp before --to).
  expect(fake.count('getmeasure')).toBe(3);
  expect(run.stderr).toContain('export: waiting for the rate budget');
});

test('a failed export leaves no half-written --out file and exits 1', async () => {
  const { fake, folder, args, env } = await setup();
  fake.failNext('getmeasure', 5, { status: 500, code: 0, message: 'boom' });
  const out = join(folder, 'h.csv');
  const run = await runCliProcess(['export', ...args, ...window, '--out', out], { env });
  expect(run.code).toBe(1);
  expect(run.stderr).toContain('Netatmo API error on getmeasure: HTTP 500 (code 0, boom)');
  expect(await readdir(folder)).toEqual(['token.json']);
});

test('bad export options are usage errors (exit 2) that say what is allowed', async () => {
  const { args, env } = await setup();
  const cases: [string[], string][] = [
    [['--types', 'Temprature'], "--types: 'Temprature' is not a measure type at scale 30min; use Temperature, CO2"],
    [['--types', 'sum_rain', '--scale', 'max'], "--types: 'sum_rain' is not a measure type at scale max"],
    [['--scale', '2hours'], "--scale must be one of max, 30min, 1hour, 3hours, 1day, 1week, 1month, got '2hours'"],
    [['--from', 'yesterday'], "--from 'yesterday' is not a time: use 2026-01-01, 2026-01-01T06:00:00Z, epoch seconds, now, or 7d / 12h (ago)"],
    [['--from', '2026-01-02', '--to', '2026-01-01'], '--from (2026-01-02T00:00:00Z) must not be after --to (2026-01-01T00:00:00Z)'],
    [['--format', 'xml'], "--format must be csv or ndjson, got 'xml'"],
  ];
  for (const [extra, message] of cases) {
    const run = await runCliProcess(['export', ...args, ...extra], { env });
    expect(run.code, extra.join(' ')).toBe(2);
    expect(run.stderr).toContain(message);
  }
  const noDevice = await runCliProcess(['export'], { env });
  expect(noDevice.code).toBe(2);
  expect(noDevice.stderr).toContain("missing --device: the station's id (its base, NAMain): run `netatmo-connect stations` to see it");
});
