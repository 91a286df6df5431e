import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import type { FakeNetatmo } from '../../src/testing/index.js';
import { fakeNetatmo } from '../helpers/setup.js';
import { builtCli, ensureBuilt, runCliProcess, tempFolder } from './cli-harness.js';

beforeAll(ensureBuilt, 120_000);

/** The fake, a token file it accepts, and the environment that points the CLI at both. */
async function setup(): Promise<{ fake: FakeNetatmo; folder: string; tokenFile: string; env: Record<string, string> }> {
  const fake = await fakeNetatmo();
  const issued = fake.issueTokens(['read_station']);
  const folder = await tempFolder();
  const tokenFile = join(folder, 'token.json');
  await writeFile(tokenFile, JSON.stringify({ access_token: issued.accessToken, refresh_token: issued.refreshToken, expiry: new Date(issued.expiresAt).toISOString() }));
  return {
    fake,
    folder,
    tokenFile,
    env: { NETATMO_CLIENT_ID: fake.clientId, NETATMO_CLIENT_SECRET: fake.clientSecret, NETATMO_BASE_URL: fake.url, NETATMO_TOKEN_FILE: tokenFile },
  };
}

const station = ['--device', '12:34:56:37:11:ca', '--module', '12:34:56:36:fc:de'];
const threeHours = ['--from', '2026-01-01', '--to', '2026-01-01T03:00:00Z'];

/** Runs `netatmo-connect <args> | head -1` in bash; resolves to what head printed, the CLI's exit code and its stderr. */
function pipedToHead(args: readonly string[], env: Record<string, string>): Promise<{ head: string; cliCode: number; stderr: string }> {
  const quoted = args.map((arg) => `'${arg}'`).join(' ');
  const script = `"${process.execPath}" "${builtCli}" ${quoted} 2>"$ERR" | head -1; echo "cli-exit=\${PIPESTATUS[0]}"`;
  return new Promise((resolve, reject) => {
    void tempFolder().then((folder) => {
      const errFile = join(folder, 'stderr.txt');
      const child = spawn('bash', ['-c', script], { env: { ...process.env, ...env, ERR: errFile }, stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
      child.once('error', reject);
      child.once('close', () => {
        void readFile(errFile, 'utf8').then((stderr) => {
          const match = /cli-exit=(\d+)\n$/.exec(out);
          if (!match) return reject(new Error(`no exit code in ${JSON.stringify(out)}`));
          resolve({ head: out.slice(0, match.index), cliCode: Number(match[1]), stderr });
        }, reject);
      });
    }, reject);
  });
}

test('export into a pipe closed after one line (| head -1) ends quietly with exit 0', async () => {
  const { fake, env } = await setup();
  // Half-hour points over 2 months: 3 pages, so the CLI is still writing when head has gone.
  const run = await pipedToHead(['export', ...station, '--from', '2026-01-01', '--to', '2026-03-01'], env);
  expect(run.head).toBe('time,Temperature,Humidity\n');
  expect(run.cliCode).toBe(0);
  expect(run.stderr).toBe('');
  expect(fake.count('getmeasure')).toBeGreaterThanOrEqual(1);
});

test('stations --json | head -1 ends with exit 0 and no error', async () => {
  const { env } = await setup();
  const run = await pipedToHead(['stations', '--json'], env);
  expect(run.cliCode).toBe(0);
  expect(run.stderr).toBe('');
  expect(JSON.parse(run.head)).toMatchObject({ devices: expect.any(Array) });
});

test('stations --json prints the getstationsdata body as one JSON document', async () => {
  const { fake, env } = await setup();
  const run = await runCliProcess(['stations', '--json'], { env });
  expect(run.code).toBe(0);
  expect(run.stderr).toBe('');
  expect(run.stdout.endsWith('}\n')).toBe(true);
  expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
  const data = JSON.parse(run.stdout) as { devices: { _id: string; station_name?: string; modules?: unknown[] }[] };
  expect(data.devices.map((device) => device._id)).toEqual([
    '12:34:56:37:11:ca',
    '12 :34: 56:36:fd:3c',
    '12:34:56:32:a7:60',
    '12:34:56:1c:68:2e',
    '12:34:56:1d:68:2e',
    '12:34:56:80:bb:26',
    '00:11:22:2c:be:c8',
  ]);
  expect(data.devices[0]).toMatchObject({ station_name: 'MyStation', modules: expect.any(Array) });
  expect(fake.count('getstationsdata')).toBe(1);
});

test('export --json writes NDJSON: one object a line, as the points arrive', async () => {
  const { env } = await setup();
  const run = await runCliProcess(['export', ...station, ...threeHours, '--json'], { env });
  expect(run.code).toBe(0);
  const lines = run.stdout.trimEnd().split('\n');
  // The same 6 half-hour buckets as the CSV export (stamped at their middle by the fake, as by Netatmo).
  expect(lines).toHaveLength(6);
  expect(JSON.parse(lines[0]!)).toEqual({ time: '2026-01-01T00:15:00Z', Temperature: -2, Humidity: 85 });
  expect(JSON.parse(lines[5]!)).toEqual({ time: '2026-01-01T02:45:00Z', Temperature: -3.3, Humidity: 90 });
});

test('export --format json writes one JSON array; an empty span is []', async () => {
  const { fake, env } = await setup();
  const run = await runCliProcess(['export', ...station, ...threeHours, '--format', 'json'], { env });
  expect(run.code).toBe(0);
  const points = JSON.parse(run.stdout) as unknown[];
  expect(points).toHaveLength(6);
  expect(points[1]).toEqual({ time: '2026-01-01T00:45:00Z', Temperature: -2.4, Humidity: 86 });

  fake.enqueue('getmeasure', { body: { status: 'ok', body: [] } });
  const empty = await runCliProcess(['export', ...station, ...threeHours, '--format', 'json'], { env });
  expect(empty.code).toBe(0);
  expect(empty.stdout).toBe('[]\n');
});

test('export --json with another --format is a usage error', async () => {
  const { env } = await setup();
  const run = await runCliProcess(['export', ...station, '--json', '--format', 'csv'], { env });
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toContain('netatmo-connect export: --json means --format ndjson: drop one of --json and --format csv');
});

test('export whose first request fails writes nothing to stdout, one line to stderr, no usage, exit 1', async () => {
  const { fake, env } = await setup();
  fake.failNext('getmeasure', 1, { status: 400, code: 21, message: 'Invalid date' });
  const run = await runCliProcess(['export', ...station, ...threeHours], { env });
  expect(run.code).toBe(1);
  expect(run.stdout).toBe('');
  expect(run.stderr).toBe('netatmo-connect export: Netatmo API error on getmeasure: HTTP 400 (code 21, Invalid date)\n');
});

test('export --out leaves no file, not even a partial one, when the first request fails', async () => {
  const { fake, folder, env } = await setup();
  fake.failNext('getmeasure', 1, { status: 400, code: 21, message: 'Invalid date' });
  const run = await runCliProcess(['export', ...station, ...threeHours, '--out', join(folder, 'out.csv')], { env });
  expect(run.code).toBe(1);
  expect((await readdir(folder)).sort()).toEqual(['token.json']);
});

test('with no token the CLI says so once, without the usage, and exits 3', async () => {
  const { env, folder } = await setup();
  const run = await runCliProcess(['stations', '--token-file', join(folder, 'none.json')], { env });
  expect(run.code).toBe(3);
  expect(run.stdout).toBe('');
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^netatmo-connect stations: No usable Netatmo token: /);
});

test('a usage error prints the synopsis and the options, not the description', async () => {
  const run = await runCliProcess(['stations', '--jsn']);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/^netatmo-connect stations: unknown option '--jsn' for 'stations'\n\nUsage: netatmo-connect stations \[options\]\n\nOptions:\n/);
  expect(run.stderr).toContain('  --json ');
  expect(run.stderr).not.toContain('Calls getstationsdata');
  expect(run.stderr).not.toContain('Exit codes:');
});

test('a mistyped command gets a suggestion and the command list, not the whole help', async () => {
  const run = await runCliProcess(['stat1ons']);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/^netatmo-connect: unknown command 'stat1ons': did you mean 'stations'\?\n\nUsage: netatmo-connect <command> \[options\]\n\nCommands:\n/);
  expect(run.stderr).not.toContain('Environment:');
  expect(run.stderr.trimEnd().endsWith('Run `netatmo-connect --help` for more.')).toBe(true);
});

test('auth-url --json prints the URL and its state as one JSON object', async () => {
  const run = await runCliProcess(['auth-url', '--json', '--client-id', 'abc']);
  expect(run.code).toBe(0);
  expect(run.stderr).toBe('');
  const { url, state } = JSON.parse(run.stdout) as { url: string; state: string };
  expect(new URL(url).searchParams.get('state')).toBe(state);
  expect(new URL(url).searchParams.get('client_id')).toBe('abc');
});

test('exchange --json prints where the tokens went, their expiry and fingerprints, never a token', async () => {
  const fake = await fakeNetatmo({ autoApprove: true });
  const folder = await tempFolder();
  const authorize = await runCliProcess(['auth-url', '--json', '--client-id', fake.clientId, '--base-url', fake.url]);
  const consent = await fetch((JSON.parse(authorize.stdout) as { url: string }).url, { redirect: 'manual' });
  const tokenFile = join(folder, 'new.json');
  const run = await runCliProcess(['exchange', consent.headers.get('location')!, '--json', '--token-file', tokenFile, '--client-id', fake.clientId, '--base-url', fake.url], {
    env: { NETATMO_CLIENT_SECRET: fake.clientSecret },
  });
  expect(run.code).toBe(0);
  expect(run.stderr).toBe('');
  const summary = JSON.parse(run.stdout) as Record<string, unknown>;
  expect(Object.keys(summary)).toEqual(['tokenFile', 'scope', 'expiresAt', 'accessTokenFingerprint', 'refreshTokenFingerprint']);
  expect(summary).toMatchObject({ tokenFile, scope: ['read_station'], refreshTokenFingerprint: expect.stringMatching(/^[0-9a-f]{8}$/) });
  const saved = JSON.parse(await readFile(tokenFile, 'utf8')) as { refresh_token: string; access_token: string };
  expect(run.stdout).not.toContain(saved.refresh_token);
  expect(run.stdout).not.toContain(saved.access_token);
});

test('token refresh --json prints the new expiry and both refresh-token fingerprints', async () => {
  const { env, tokenFile } = await setup();
  const before = JSON.parse(await readFile(tokenFile, 'utf8')) as { refresh_token: string };
  const run = await runCliProcess(['token', 'refresh', '--json'], { env });
  expect(run.code).toBe(0);
  expect(run.stderr).toBe('');
  const summary = JSON.parse(run.stdout) as Record<string, unknown>;
  const after = JSON.parse(await readFile(tokenFile, 'utf8')) as { refresh_token: string };
  expect(after.refresh_token).not.toBe(before.refresh_token);
  expect(summary).toMatchObject({ tokenFile, refreshTokenFingerprint: expect.stringMatching(/^[0-9a-f]{8}$/), previousRefreshTokenFingerprint: expect.stringMatching(/^[0-9a-f]{8}$/) });
  expect(summary['refreshTokenFingerprint']).not.toBe(summary['previousRefreshTokenFingerprint']);
  expect(run.stdout).not.toContain(after.refresh_token);
});

test('token import --json prints where the tokens came from and went', async () => {
  const folder = await tempFolder();
  const tokenFile = join(folder, 'imported.json');
  const run = await runCliProcess(['token', 'import', '--refresh-token', '-', '--json', '--token-file', tokenFile], { stdin: 'dev-portal-refresh-token\n' });
  expect(run.code).toBe(0);
  expect(JSON.parse(run.stdout)).toEqual({
    imported: true,
    tokenFile,
    scope: null,
    expiresAt: null,
    accessTokenFingerprint: null,
    refreshTokenFingerprint: expect.stringMatching(/^[0-9a-f]{8}$/),
    from: 'stdin',
  });
  // Nothing to import is still one JSON object on stdout, and exit 0.
  const same = await runCliProcess(['token', 'import', '--from-exporter', tokenFile, '--token-file', tokenFile, '--json']);
  expect(same.code).toBe(0);
  expect(JSON.parse(same.stdout)).toEqual({ imported: false, reason: 'the source is the token file already', tokenFile, from: tokenFile });
});
