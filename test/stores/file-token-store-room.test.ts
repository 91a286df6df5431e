import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { FileTokenStore, NetatmoError, type TokenSet } from '../../src/index.js';
import { clientFor, fakeNetatmo } from '../helpers/setup.js';
import { canMountTmpfs, fullDisk } from './full-disk.js';

const LIVE: TokenSet = {
  accessToken: 'room-access|0123456789abcdef0123456789abcdef',
  refreshToken: 'room-refresh|fedcba9876543210fedcba9876543210',
  expiresAt: Date.UTC(2026, 5, 1),
  scope: ['read_station'],
};
const NEXT: TokenSet = { ...LIVE, accessToken: 'room-access|next', refreshToken: 'room-refresh|next', scope: ['read_station', 'read_thermostat', 'write_thermostat'] };

/** The token file as FileTokenStore writes it. */
async function fileFor(tokens: TokenSet): Promise<string> {
  const { mkdtemp, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const dir = await mkdtemp(join(tmpdir(), 'netatmo-room-'));
  try {
    await new FileTokenStore(join(dir, 'token.json')).save(tokens);
    return await readFile(join(dir, 'token.json'), 'utf8');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!canMountTmpfs())('FileTokenStore on a real full file system (tmpfs)', () => {
  /** Runs withLock on the full disk; returns how often fn ran and what withLock rejected with. */
  async function lockOn(path: string): Promise<{ ran: number; error: unknown }> {
    let ran = 0;
    const error = await new FileTokenStore(path)
      .withLock(async () => {
        ran++;
      })
      .catch((caught: unknown) => caught);
    return { ran, error };
  }

  test('no page left: withLock rejects before fn runs (the lock file itself has no room), naming the lock file; the token file keeps its bytes', async () => {
    const content = await fileFor(LIVE);
    const disk = await fullDisk({ 'token.json': content });
    const path = join(disk.dir, 'token.json');
    const { ran, error } = await lockOn(path);
    expect(ran).toBe(0);
    expect(error).toEqual(
      new NetatmoError(`The token file lock ${path}.lock could not be created (ENOSPC); the disk (or your quota) has no room for it; free some space and try again.`),
    );
    expect(await readFile(path, 'utf8')).toBe(content);
    expect((await readdir(disk.dir)).filter((name) => !name.startsWith('.filler-'))).toEqual(['token.json']);
  });

  test('one page left (room for the lock, not for the next file): withLock rejects before fn runs, naming the token file; no temp file, no lock is left', async () => {
    const content = await fileFor(LIVE);
    const disk = await fullDisk({ 'token.json': content });
    await disk.free(1);
    const path = join(disk.dir, 'token.json');
    const { ran, error } = await lockOn(path);
    expect(ran).toBe(0);
    expect(error).toEqual(
      new NetatmoError(
        `Cannot write the token file ${path} (ENOSPC): the disk (or your quota) has no room for it; free some space and try again. Nothing was refreshed; the file was left as it was.`,
      ),
    );
    expect(await readFile(path, 'utf8')).toBe(content);
    expect((await readdir(disk.dir)).filter((name) => !name.startsWith('.filler-'))).toEqual(['token.json']);
  });

  test('two pages left: withLock reserves the room, and a save inside (a larger set) fits in it and replaces the file', async () => {
    const disk = await fullDisk({ 'token.json': await fileFor(LIVE) });
    await disk.free(2);
    const path = join(disk.dir, 'token.json');
    const store = new FileTokenStore(path);
    await store.withLock(() => store.save(NEXT));
    expect(await new FileTokenStore(path).load()).toEqual(NEXT);
    expect((await readdir(disk.dir)).filter((name) => !name.startsWith('.filler-'))).toEqual(['token.json']);
  });

  test('no page left: a save outside the lock fails naming the file, and the old file is intact', async () => {
    const content = await fileFor(LIVE);
    const disk = await fullDisk({ 'token.json': content });
    const path = join(disk.dir, 'token.json');
    await expect(new FileTokenStore(path).save(NEXT)).rejects.toThrow(`Cannot write the token file ${path} (ENOSPC)`);
    expect(await readFile(path, 'utf8')).toBe(content);
  });

  test('a client on the full disk: neither refresh() nor an API call at expiry asks Netatmo (0 token requests); the live refresh token stays in the file', async () => {
    const fake = await fakeNetatmo();
    const issued = fake.issueTokens();
    const live: TokenSet = { accessToken: issued.accessToken, refreshToken: issued.refreshToken, expiresAt: issued.expiresAt };
    const content = await fileFor(live);
    const disk = await fullDisk({ 'token.json': content });
    await disk.free(1);
    const path = join(disk.dir, 'token.json');
    const client = clientFor(fake, { tokenStore: new FileTokenStore(path) });
    await expect(client.tokens.refresh()).rejects.toThrow(`Cannot write the token file ${path} (ENOSPC)`);
    fake.expireAccessTokens();
    const expired = clientFor(fake, { tokenStore: new FileTokenStore(path) });
    await expect(expired.station.getStationsData()).rejects.toThrow(`Cannot write the token file ${path} (ENOSPC)`);
    expect(fake.count('oauth2/token')).toBe(0);
    expect(await readFile(path, 'utf8')).toBe(content);
    expect(fake.liveRefreshTokens()).toEqual([issued.refreshToken]);
  });
});

