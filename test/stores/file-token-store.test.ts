import { chmod, mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, test } from 'vitest';
import { FileTokenStore, NetatmoAuthError, NetatmoError, NetatmoValidationError, type TokenSet } from '../../src/index.js';
import { clientFor, fakeNetatmo } from '../helpers/setup.js';
import { recordingLogger, spawnChild, tempDir } from './helpers.js';

const ACCESS = '5e0f1a2b3c4d5e6f7a8b9c0d|0123456789abcdef0123456789abcdef';
const REFRESH = '5e0f1a2b3c4d5e6f7a8b9c0d|fedcba9876543210fedcba9876543210';

async function tokenFile(content: unknown): Promise<string> {
  const path = join(await tempDir(), 'token.json');
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('reading netatmo-exporter token files', () => {
  test('a full exporter file (Go RFC 3339 with nanoseconds and an offset) loads as a TokenSet, without warnings', async () => {
    const logger = recordingLogger();
    const path = await tokenFile({ access_token: ACCESS, token_type: 'Bearer', refresh_token: REFRESH, expiry: '2026-03-01T13:04:05.123456789+01:00' });
    const tokens = await new FileTokenStore(path, { logger }).load();
    expect(tokens).toEqual({ accessToken: ACCESS, refreshToken: REFRESH, expiresAt: Date.UTC(2026, 2, 1, 12, 4, 5, 123) });
    expect(logger.lines.warn).toEqual([]);
  });

  test('a file without expiry loads with no expiresAt and warns once, naming the file', async () => {
    const logger = recordingLogger();
    const path = await tokenFile({ access_token: ACCESS, refresh_token: REFRESH });
    const store = new FileTokenStore(path, { logger });
    expect(await store.load()).toEqual({ accessToken: ACCESS, refreshToken: REFRESH });
    expect(await store.load()).toEqual({ accessToken: ACCESS, refreshToken: REFRESH });
    expect(logger.lines.warn).toHaveLength(1);
    expect(logger.lines.warn[0]).toContain(path);
    expect(logger.lines.warn[0]).toContain('no expiry');
  });

  test("Go's zero time 0001-01-01T00:00:00Z counts as no expiry, with the same warning", async () => {
    const logger = recordingLogger();
    const path = await tokenFile({ access_token: ACCESS, refresh_token: REFRESH, expiry: '0001-01-01T00:00:00Z' });
    expect(await new FileTokenStore(path, { logger }).load()).toEqual({ accessToken: ACCESS, refreshToken: REFRESH });
    expect(logger.lines.warn).toHaveLength(1);
    expect(logger.lines.warn[0]).toContain('no expiry');
  });

  test('a file without expiry makes the client refresh on its first call, then the file holds an expiry', async () => {
    const fake = await fakeNetatmo();
    const issued = fake.issueTokens();
    const path = await tokenFile({ access_token: issued.accessToken, refresh_token: issued.refreshToken });
    const client = clientFor(fake, { tokenStore: new FileTokenStore(path) });
    await client.station.getStationsData();
    expect(fake.count('oauth2/token')).toBe(1);
    const written = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    expect(written['refresh_token']).toBe(fake.liveRefreshTokens()[0]);
    expect(Date.parse(written['expiry'] as string)).toBeGreaterThan(Date.now());
  });

  test('a file without refresh_token warns that it cannot refresh, and its access token serves until expiry', async () => {
    const fake = await fakeNetatmo();
    const issued = fake.issueTokens();
    const logger = recordingLogger();
    const path = await tokenFile({ access_token: issued.accessToken, expiry: new Date(issued.expiresAt).toISOString() });
    const client = clientFor(fake, { tokenStore: new FileTokenStore(path, { logger }) });
    await client.station.getStationsData();
    expect(fake.count('oauth2/token')).toBe(0);
    expect(fake.count('getstationsdata')).toBe(1);
    expect(logger.lines.warn).toHaveLength(1);
    expect(logger.lines.warn[0]).toContain('no refresh_token');
    expect(logger.lines.warn[0]).toContain(new Date(issued.expiresAt).toISOString());
  });

  test('a file without refresh_token whose access token expired ends in reauthorizationRequired, with no token request', async () => {
    const fake = await fakeNetatmo();
    const issued = fake.issueTokens();
    const path = await tokenFile({ access_token: issued.accessToken, expiry: new Date(Date.now() - 1000).toISOString() });
    const client = clientFor(fake, { tokenStore: new FileTokenStore(path) });
    const error = await client.station.getStationsData().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NetatmoAuthError);
    expect((error as NetatmoAuthError).reauthorizationRequired).toBe(true);
    expect(fake.count('oauth2/token')).toBe(0);
  });

  test('a file with no expiry and no refresh_token warns that the access token cannot be used', async () => {
    const logger = recordingLogger();
    const path = await tokenFile({ access_token: ACCESS });
    expect(await new FileTokenStore(path, { logger }).load()).toEqual({ accessToken: ACCESS });
    expect(logger.lines.warn).toHaveLength(2);
    expect(logger.lines.warn[1]).toContain('it has no expiry, so it cannot be used');
  });

  test('a refresh-token-only file refreshes at once and is rewritten with the rotated pair', async () => {
    const fake = await fakeNetatmo();
    const issued = fake.issueTokens();
    const logger = recordingLogger();
    const path = await tokenFile({ refresh_token: issued.refreshToken });
    const store = new FileTokenStore(path, { logger });
    const client = clientFor(fake, { tokenStore: store });
    const events: string[] = [];
    client.on('reauthorizationRequired', () => {
      events.push('reauthorizationRequired');
    });
    await client.station.getStationsData();
    expect(fake.count('oauth2/token')).toBe(1);
    expect(logger.lines.warn).toEqual([]);
    expect(logger.lines.info[0]).toContain('only a refresh_token');
    const saved = await store.load();
    expect(saved?.refreshToken).toBe(fake.liveRefreshTokens()[0]);
    expect(saved?.refreshToken).not.toBe(issued.refreshToken);
    expect(events).toEqual([]);
  });

  test('scope given as a space-separated string loads as an array', async () => {
    const path = await tokenFile({ refresh_token: REFRESH, scope: 'read_station read_thermostat' });
    expect(await new FileTokenStore(path).load()).toEqual({ refreshToken: REFRESH, scope: ['read_station', 'read_thermostat'] });
  });

  test('a file holding no token at all is an empty store, with a warning', async () => {
    const logger = recordingLogger();
    const path = await tokenFile({ token_type: 'Bearer', access_token: '' });
    expect(await new FileTokenStore(path, { logger }).load()).toBeUndefined();
    expect(logger.lines.warn[0]).toContain('holds no access_token and no refresh_token');
  });

  test('a missing file is an empty store', async () => {
    const path = join(await tempDir(), 'absent.json');
    expect(await new FileTokenStore(path).load()).toBeUndefined();
  });
});

describe('corrupt or unreadable files', () => {
  test.each([
    ['not JSON', `{"access_token":"${ACCESS}", oops`, 'is not valid JSON'],
    ['empty', '', 'is not valid JSON'],
    ['an array', `["${ACCESS}"]`, 'is not a JSON object'],
    ['a number token', '{"access_token": 42}', 'has a access_token that is not a string'],
    ['a bad expiry', `{"refresh_token":"${REFRESH}","expiry":"next tuesday"}`, 'has an expiry that is not an RFC 3339 time'],
    ['an impossible expiry', `{"refresh_token":"${REFRESH}","expiry":"2026-13-45T99:00:00Z"}`, 'has an expiry that is not a valid date'],
    ['a bad scope', `{"refresh_token":"${REFRESH}","scope":[1]}`, 'has a scope that is neither'],
  ])('a file that is %s → a NetatmoError naming the path, with no token in it, and the bytes unchanged', async (_label, content, problem) => {
    const path = await tokenFile(content);
    const before = await readFile(path);
    const error = await new FileTokenStore(path).load().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NetatmoError);
    const { message, cause } = error as NetatmoError;
    expect(message).toContain(path);
    expect(message).toContain(problem);
    expect(message).toContain('left unchanged');
    expect(message).not.toContain(ACCESS.slice(25));
    expect(message).not.toContain(REFRESH.slice(25));
    expect(cause).toBeUndefined();
    expect((await readFile(path)).equals(before)).toBe(true);
  });

  test('a client on a corrupt file fails its call and never overwrites the file', async () => {
    const fake = await fakeNetatmo();
    const content = `{"access_token":"${ACCESS}","refresh_token":`;
    const path = await tokenFile(content);
    const client = clientFor(fake, { tokenStore: new FileTokenStore(path), refreshToken: fake.issueTokens().refreshToken });
    await expect(client.station.getStationsData()).rejects.toThrow(path);
    await expect(client.station.getStationsData()).rejects.toThrow(path);
    expect(await readFile(path, 'utf8')).toBe(content);
    expect(fake.count()).toBe(0);
  });

  test('a path that cannot be read as a file → a NetatmoError naming it and the error code', async () => {
    const path = join(await tempDir(), 'a-folder');
    await mkdir(path);
    await expect(new FileTokenStore(path).load()).rejects.toThrow(new NetatmoError(`Cannot read the token file ${path} (EISDIR); check that it is a file this process may read.`));
  });
});

describe('writing', () => {
  const tokens: TokenSet = { accessToken: ACCESS, refreshToken: REFRESH, expiresAt: Date.UTC(2026, 0, 1, 12), scope: ['read_station'] };

  test("save writes the exporter's format, and load reads back the same set", async () => {
    const path = join(await tempDir(), 'token.json');
    const store = new FileTokenStore(path);
    await store.save(tokens);
    expect(JSON.parse(await readFile(path, 'utf8'))).toStrictEqual({
      access_token: ACCESS,
      token_type: 'Bearer',
      refresh_token: REFRESH,
      expiry: '2026-01-01T12:00:00.000Z',
      scope: ['read_station'],
    });
    expect(await new FileTokenStore(path).load()).toEqual(tokens);
  });

  test('a set without expiry or access token is written without those fields', async () => {
    const path = join(await tempDir(), 'token.json');
    await new FileTokenStore(path).save({ refreshToken: REFRESH });
    expect(JSON.parse(await readFile(path, 'utf8'))).toStrictEqual({ token_type: 'Bearer', refresh_token: REFRESH });
  });

  test('fields the store does not know are dropped on rewrite (a stale expires_in would contradict expiry)', async () => {
    const path = await tokenFile({ access_token: 'old', refresh_token: 'old', expires_in: 10800, note: 'mine' });
    await new FileTokenStore(path).save(tokens);
    expect(Object.keys(JSON.parse(await readFile(path, 'utf8')) as object)).toEqual(['access_token', 'token_type', 'refresh_token', 'expiry', 'scope']);
  });

  test('the file is mode 0600 even under umask 000, and replaces a 0644 file', async () => {
    const path = await tokenFile({ refresh_token: 'old' });
    await chmod(path, 0o644);
    const previous = process.umask(0);
    try {
      await new FileTokenStore(path).save(tokens);
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      const fresh = join(path, '..', 'fresh.json');
      await new FileTokenStore(fresh).save(tokens);
      expect((await stat(fresh)).mode & 0o777).toBe(0o600);
    } finally {
      process.umask(previous);
    }
  });

  test('save creates a missing folder (mode 0700) and leaves no temp file behind', async () => {
    const dir = await tempDir();
    const path = join(dir, 'nested', 'deeper', 'token.json');
    await new FileTokenStore(path).save(tokens);
    expect(await readdir(join(dir, 'nested', 'deeper'))).toEqual(['token.json']);
    expect((await stat(join(dir, 'nested'))).mode & 0o777).toBe(0o700);
  });

  test('a failed save is a NetatmoError naming the path, leaves the old entry and removes its temp file', async () => {
    const dir = await tempDir();
    const path = join(dir, 'token.json');
    await mkdir(path); // a folder where the file should go: rename fails
    const error = await new FileTokenStore(path).save(tokens).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NetatmoError);
    expect((error as Error).message).toContain(`Cannot write the token file ${path} (EISDIR)`);
    expect((error as Error).message).not.toContain(ACCESS);
    expect(await readdir(dir)).toEqual(['token.json']);
    expect((await stat(path)).isDirectory()).toBe(true);
  });

  test('clear removes the file, and clearing a missing file is fine', async () => {
    const path = await tokenFile({ refresh_token: REFRESH });
    const store = new FileTokenStore(path);
    await store.clear();
    await expect(stat(path)).rejects.toMatchObject({ code: 'ENOENT' });
    await store.clear();
    expect(await store.load()).toBeUndefined();
  });

  test('clear of a path it cannot delete is a NetatmoError naming it', async () => {
    const dir = await tempDir();
    const path = join(dir, 'token.json');
    await mkdir(path);
    await writeFile(join(path, 'inside'), 'x');
    // rm without `recursive` refuses a non-empty folder.
    await expect(new FileTokenStore(path).clear()).rejects.toThrow(`Cannot delete the token file ${path}`);
  });
});

describe('secrets', () => {
  test('util.inspect and JSON.stringify show the path and fingerprints, never a token', async () => {
    const path = await tokenFile({ access_token: ACCESS, refresh_token: REFRESH, expiry: '2026-01-01T12:00:00Z' });
    const store = new FileTokenStore(path);
    await store.load();
    for (const printed of [inspect(store), JSON.stringify(store), inspect({ nested: store }, { depth: 5 })]) {
      expect(printed).toContain(path);
      expect(printed).toMatch(/<fingerprint [0-9a-f]{8}>/);
      expect(printed).not.toContain(ACCESS);
      expect(printed).not.toContain(REFRESH);
    }
    expect(inspect(new FileTokenStore(path))).toBe(`FileTokenStore {"type":"FileTokenStore","path":${JSON.stringify(path)},"tokens":"none"}`);
  });
});

describe('options', () => {
  test.each([
    ['lockTimeoutMs', { lockTimeoutMs: 0 }],
    ['staleLockMs', { staleLockMs: Number.NaN }],
  ])('an invalid %s is a NetatmoValidationError naming it', (name, options) => {
    expect(() => new FileTokenStore('token.json', options)).toThrow(NetatmoValidationError);
    expect(() => new FileTokenStore('token.json', options)).toThrow(name);
  });

  test('an empty path is a NetatmoValidationError', () => {
    expect(() => new FileTokenStore('')).toThrow('Invalid path');
  });
});

describe('runtimes without node:fs', () => {
  test('the main entry imports with node:fs, node:path and node:os unresolvable; only using a FileTokenStore needs them', { timeout: 30_000 }, async () => {
    const child = spawnChild('import-without-fs.ts', {}, ['block-node-builtins.mjs']);
    expect(await child.lines.next()).toBe('imported function');
    expect(await child.lines.next()).toMatch(/^blocked node:(fs\/promises|path|os)$/);
  });
});
