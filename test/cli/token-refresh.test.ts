import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { fingerprint } from '../../src/index.js';
import type { FakeNetatmo } from '../../src/testing/index.js';
import { fakeNetatmo } from '../helpers/setup.js';
import { canMountTmpfs, fullDisk } from '../stores/full-disk.js';
import { builtCli, ensureBuilt, runCliProcess, tempFolder, type CliRun } from './cli-harness.js';

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

/** A token file holding a live pair issued by `fake`, as netatmo-exporter writes it. */
function liveFile(fake: FakeNetatmo): { content: string; refreshToken: string } {
  const issued = fake.issueTokens(['read_station']);
  const content = `${JSON.stringify({ access_token: issued.accessToken, token_type: 'Bearer', refresh_token: issued.refreshToken, expiry: new Date(issued.expiresAt).toISOString() })}\n`;
  return { content, refreshToken: issued.refreshToken };
}

function refreshArgs(fake: FakeNetatmo, file: string): string[] {
  return ['token', 'refresh', '--client-id', fake.clientId, '--base-url', fake.url, '--token-file', file];
}

/** Expects a refresh that failed before asking Netatmo, with the file and the live token untouched. */
async function expectRefusedBeforeNetatmo(run: CliRun, fake: FakeNetatmo, file: string, content: string, refreshToken: string, code: string): Promise<void> {
  expect(run.code).toBe(1);
  expect(run.stdout).toBe('');
  expect(run.stderr).toContain(`(${code})`);
  expect(run.stderr).toContain(file);
  expect(run.stderr).not.toContain(refreshToken);
  expect(fake.count('oauth2/token')).toBe(0);
  expect(await readFile(file, 'utf8')).toBe(content);
  expect(fake.liveRefreshTokens()).toEqual([refreshToken]);
}

describe.skipIf(!canMountTmpfs())('token refresh on a real full disk (a tmpfs filled to the last page)', () => {
  test('no room for the token file: exits 1 before asking Netatmo (0 token requests), the file still holds the live refresh token; with room again it refreshes', async () => {
    const fake = await fakeNetatmo();
    const { content, refreshToken } = liveFile(fake);
    // One page left: the lock file fits, the next token file does not.
    const disk = await fullDisk({ 'token.json': content });
    await disk.free(1);
    const file = join(disk.dir, 'token.json');
    const run = await runCliProcess(refreshArgs(fake, file), { env: { NETATMO_CLIENT_SECRET: fake.clientSecret } });
    await expectRefusedBeforeNetatmo(run, fake, file, content, refreshToken, 'ENOSPC');
    expect(run.stderr).toContain('no room');
    expect(run.stderr).toContain('Nothing was refreshed');

    await disk.free(1);
    const again = await runCliProcess(refreshArgs(fake, file), { env: { NETATMO_CLIENT_SECRET: fake.clientSecret } });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`Refreshed; saved to ${file}.`);
    expect(fake.count('oauth2/token')).toBe(1);
    const saved = JSON.parse(await readFile(file, 'utf8')) as { refresh_token: string };
    expect(fake.liveRefreshTokens()).toEqual([saved.refresh_token]);
    expect((await readdir(disk.dir)).filter((name) => !name.startsWith('.filler-'))).toEqual(['token.json']);
  });
});

test('a file size limit (RLIMIT_FSIZE, 2 KiB: the file fits, the next one does not) also fails before asking Netatmo, exit 1, live token kept', async () => {
  // Runs without root too: the kernel refuses writes past the limit with EFBIG, as a full disk
  // refuses them with ENOSPC, so the room check is exercised wherever mounting is not allowed.
  const fake = await fakeNetatmo();
  const { content, refreshToken } = liveFile(fake);
  const file = join(await tempFolder(), 'token.json');
  await writeFile(file, content);
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !key.startsWith('NETATMO_')) env[key] = value;
  const child = spawn('bash', ['-c', 'ulimit -f 2 && exec "$@"', 'bash', process.execPath, builtCli, ...refreshArgs(fake, file)], {
    env: { ...env, NETATMO_CLIENT_SECRET: fake.clientSecret },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  await expectRefusedBeforeNetatmo({ code, stdout, stderr }, fake, file, content, refreshToken, 'EFBIG');
});

test('a save that fails after Netatmo answered (the new file outgrows the room reserved and a 70 KiB file size limit) never prints "saved": exit 1', async () => {
  // 3000 scopes make an ~85 KB token file: the 64 KiB reserved before the refresh fits under the
  // limit, the rewritten file does not, so the save fails after the refresh (EFBIG).
  const fake = await fakeNetatmo();
  const scope = Array.from({ length: 3000 }, (_, index) => `read_station_${String(index).padStart(6, '0')}_x`);
  const issued = fake.issueTokens(['read_station', ...scope]);
  const file = join(await tempFolder(), 'token.json');
  await writeFile(file, JSON.stringify({ access_token: issued.accessToken, refresh_token: issued.refreshToken, expiry: new Date(issued.expiresAt).toISOString(), scope: issued.scope }));
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !key.startsWith('NETATMO_')) env[key] = value;
  const child = spawn('bash', ['-c', 'ulimit -f 70 && exec "$@"', 'bash', process.execPath, builtCli, ...refreshArgs(fake, file)], {
    env: { ...env, NETATMO_CLIENT_SECRET: fake.clientSecret },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  expect(fake.count('oauth2/token')).toBe(1);
  expect(code).toBe(1);
  expect(stdout).not.toContain('Refreshed; saved');
  expect(stderr).toContain('EFBIG');
  expect(stderr).not.toContain(fake.liveRefreshTokens()[0]);
});

test('token refresh on a path under /proc exits non-zero at once, naming the file, without asking Netatmo', async () => {
  const fake = await fakeNetatmo();
  fake.issueTokens();
  const run = await runCliProcess(refreshArgs(fake, '/proc/nope/token.json'), { env: { NETATMO_CLIENT_SECRET: fake.clientSecret } });
  expect(run.code).not.toBe(0);
  expect(run.stderr).toContain('/proc/nope/token.json');
  expect(run.stdout).toBe('');
  expect(fake.count('oauth2/token')).toBe(0);
});

