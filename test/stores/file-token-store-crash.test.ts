import { readFile, readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { expect, test } from 'vitest';
import { FileTokenStore, type TokenSet } from '../../src/index.js';
import { exited, recordingLogger, sleep, spawnChild, tempDir } from './helpers.js';

const OLD: TokenSet = { accessToken: 'old-access|' + 'a'.repeat(32), refreshToken: 'old-refresh|' + 'b'.repeat(32), expiresAt: Date.UTC(2026, 0, 1), scope: ['read_station'] };
// Longer than OLD, so a torn write could not pass for either set.
const NEW: TokenSet = { accessToken: 'new-access|' + 'c'.repeat(64), refreshToken: 'new-refresh|' + 'd'.repeat(64), expiresAt: Date.UTC(2026, 0, 2), scope: ['read_station', 'read_thermostat'] };

test('a writer killed with SIGKILL at random moments, 50 times, always leaves a file that parses and holds the old or the new tokens', { timeout: 240_000 }, async () => {
  const path = join(await tempDir(), 'token.json');
  await new FileTokenStore(path).save(OLD);
  const seen = { old: 0, new: 0 };
  for (let round = 0; round < 50; round++) {
    const child = spawnChild('save-loop.ts', { TOKEN_FILE: path, TOKEN_SETS: JSON.stringify(round % 2 ? [OLD, NEW] : [NEW, OLD]) });
    // 'ready' comes after its first save; each child must get the lock its killed predecessor left.
    expect(await child.lines.next()).toBe('ready');
    await sleep(Math.random() * 30);
    child.kill('SIGKILL');
    await exited(child);
    expect(child.signalCode).toBe('SIGKILL');

    const raw = await readFile(path, 'utf8');
    expect(() => JSON.parse(raw)).not.toThrow();
    const loaded = await new FileTokenStore(path).load();
    expect([OLD, NEW]).toContainEqual(loaded);
    seen[loaded?.accessToken === OLD.accessToken ? 'old' : 'new']++;
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  }
  expect(seen.old + seen.new).toBe(50);
  // The next locked save breaks the last child's lock and sweeps away the temp files killed
  // writers left (they hold tokens).
  const store = new FileTokenStore(path);
  await store.withLock(() => store.save(NEW));
  expect(await readdir(dirname(path))).toEqual(['token.json']);
});

test('a lock left by a holder killed with SIGKILL is taken over at once, not after staleLockMs', { timeout: 30_000 }, async () => {
  const path = join(await tempDir(), 'token.json');
  const child = spawnChild('hold-lock.ts', { TOKEN_FILE: path });
  expect(await child.lines.next()).toBe('locked');
  const record = JSON.parse(await readFile(`${path}.lock`, 'utf8')) as { pid: number };
  expect(record.pid).toBe(child.pid);
  child.kill('SIGKILL');
  await exited(child);

  const logger = recordingLogger();
  const started = Date.now();
  const result = await new FileTokenStore(path, { logger, staleLockMs: 60_000, lockTimeoutMs: 60_000 }).withLock(async () => 'taken');
  expect(result).toBe('taken');
  expect(Date.now() - started).toBeLessThan(1_000);
  expect(logger.lines.warn).toEqual([`netatmo-connect: broke the token file lock ${path}.lock: its holder (pid ${child.pid}) is dead`]);
});
