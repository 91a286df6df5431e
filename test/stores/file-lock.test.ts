import { spawnSync } from 'node:child_process';
import { constants } from 'node:fs';
import { mkdir, open, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { FileTokenStore, NetatmoError } from '../../src/index.js';
import { recordingLogger, sleep, tempDir } from './helpers.js';

/** The pid of a process that has exited (and been reaped): surely dead on this host. */
function deadPid(): number {
  const result = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(result.stdout);
}

async function lockFor(staleAgoMs: number, record: Record<string, unknown> | string): Promise<{ path: string; lock: string }> {
  const path = join(await tempDir(), 'token.json');
  const lock = `${path}.lock`;
  await writeFile(lock, typeof record === 'string' ? record : JSON.stringify(record));
  const when = new Date(Date.now() - staleAgoMs);
  await utimes(lock, when, when);
  return { path, lock };
}

describe('FileTokenStore.withLock', () => {
  test('two stores on one path never run their critical sections at the same time', async () => {
    const path = join(await tempDir(), 'token.json');
    const log: string[] = [];
    let inside = 0;
    let most = 0;
    const section = (name: string) => async () => {
      inside++;
      most = Math.max(most, inside);
      log.push(`${name} in`);
      await sleep(50);
      log.push(`${name} out`);
      inside--;
      return name;
    };
    const [a, b] = [new FileTokenStore(path), new FileTokenStore(path)];
    const results = await Promise.all([a.withLock(section('a1')), b.withLock(section('b1')), a.withLock(section('a2')), b.withLock(section('b2'))]);
    expect(results).toEqual(['a1', 'b1', 'a2', 'b2']);
    expect(most).toBe(1);
    expect(log).toHaveLength(8);
    for (let index = 0; index < 8; index += 2) expect(log[index + 1]).toBe(log[index]!.replace(' in', ' out'));
  });

  test('while held, the lock file is 0600 and holds {pid, hostname, acquiredAt, nonce}; it is removed after release', async () => {
    const path = join(await tempDir(), 'token.json');
    const lock = `${path}.lock`;
    const seen = await new FileTokenStore(path).withLock(async () => ({
      record: JSON.parse(await readFile(lock, 'utf8')) as Record<string, unknown>,
      mode: (await stat(lock)).mode & 0o777,
    }));
    expect(Object.keys(seen.record).sort()).toEqual(['acquiredAt', 'hostname', 'nonce', 'pid']);
    expect(seen.record['pid']).toBe(process.pid);
    expect(seen.record['hostname']).toBe(hostname());
    expect(Math.abs(Date.parse(seen.record['acquiredAt'] as string) - Date.now())).toBeLessThan(5_000);
    expect(seen.record['nonce']).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen.mode).toBe(0o600);
    await expect(stat(lock)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  test('a failing section releases the lock and passes its error on', async () => {
    const path = join(await tempDir(), 'token.json');
    const store = new FileTokenStore(path);
    await expect(store.withLock(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(stat(`${path}.lock`)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await store.withLock(async () => 'again')).toBe('again');
  });

  test('the lock folder is created when missing', async () => {
    const path = join(await tempDir(), 'new-folder', 'token.json');
    expect(await new FileTokenStore(path).withLock(async () => 'ok')).toBe('ok');
  });

  test('a lock whose holder pid is dead on this host is broken at once, with a warning', async () => {
    const pid = deadPid();
    const { path, lock } = await lockFor(0, { pid, hostname: hostname(), acquiredAt: new Date().toISOString(), nonce: 'dead-holder' });
    const logger = recordingLogger();
    const started = Date.now();
    await new FileTokenStore(path, { logger, staleLockMs: 60_000 }).withLock(async () => {});
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(logger.lines.warn).toEqual([`netatmo-connect: broke the token file lock ${lock}: its holder (pid ${pid}) is dead`]);
  });

  test('a lock with our own pid but a nonce we do not hold (an earlier run, e.g. pid 1 in a container) is broken at once', async () => {
    const { path } = await lockFor(0, { pid: process.pid, hostname: hostname(), acquiredAt: new Date().toISOString(), nonce: 'earlier-run' });
    const logger = recordingLogger();
    await new FileTokenStore(path, { logger, staleLockMs: 60_000 }).withLock(async () => {});
    expect(logger.lines.warn[0]).toContain(`left by an earlier run of pid ${process.pid}`);
  });

  test('a live holder is waited for, and the wait ends after lockTimeoutMs with an error naming the lock file and holder', async () => {
    // The parent of this worker is alive on this host.
    const { path, lock } = await lockFor(0, { pid: process.ppid, hostname: hostname(), acquiredAt: '2026-01-01T00:00:00.000Z', nonce: 'alive' });
    const started = Date.now();
    const error = await new FileTokenStore(path, { lockTimeoutMs: 300 })
      .withLock(async () => 'never')
      .catch((caught: unknown) => caught);
    const waited = Date.now() - started;
    expect(error).toBeInstanceOf(NetatmoError);
    expect((error as Error).message).toBe(
      `Timed out after 300 ms waiting for the token file lock ${lock} (held by pid ${process.ppid} on ${hostname()} since 2026-01-01T00:00:00.000Z). Another netatmo-connect process is refreshing the tokens or is stuck; if none is running, delete the lock file.`,
    );
    expect(waited).toBeGreaterThanOrEqual(290);
    expect(waited).toBeLessThan(2_000);
    expect(JSON.parse(await readFile(lock, 'utf8'))).toMatchObject({ nonce: 'alive' });
  });

  test('a lock from another host is broken only once it is untouched for staleLockMs', async () => {
    const record = { pid: 1, hostname: 'another-machine', acquiredAt: new Date().toISOString(), nonce: 'remote' };
    const fresh = await lockFor(0, record);
    await expect(new FileTokenStore(fresh.path, { lockTimeoutMs: 200, staleLockMs: 10_000 }).withLock(async () => {})).rejects.toThrow('Timed out');
    const stale = await lockFor(20_000, record);
    const logger = recordingLogger();
    await new FileTokenStore(stale.path, { logger, lockTimeoutMs: 2_000, staleLockMs: 10_000 }).withLock(async () => {});
    expect(logger.lines.warn[0]).toMatch(/not touched for \d+ ms \(stale after 10000 ms\)/);
  });

  test('a holder touches its lock while it holds it, so a waiter with a short staleLockMs does not break it', async () => {
    const path = join(await tempDir(), 'token.json');
    const options = { staleLockMs: 300, lockTimeoutMs: 5_000 };
    const log: string[] = [];
    await Promise.all([
      new FileTokenStore(path, options).withLock(async () => {
        log.push('a in');
        await sleep(1_000);
        log.push('a out');
      }),
      sleep(20).then(() =>
        new FileTokenStore(path, options).withLock(async () => {
          log.push('b in');
        }),
      ),
    ]);
    expect(log).toEqual(['a in', 'a out', 'b in']);
  });

  test('an unreadable lock file is waited for briefly (a holder mid-write), then broken', async () => {
    const fresh = await lockFor(0, '');
    await expect(new FileTokenStore(fresh.path, { lockTimeoutMs: 200 }).withLock(async () => {})).rejects.toThrow(
      `waiting for the token file lock ${fresh.lock}. Another`,
    );
    const old = await lockFor(5_000, '{"pid":');
    const logger = recordingLogger();
    await new FileTokenStore(old.path, { logger }).withLock(async () => {});
    expect(logger.lines.warn[0]).toMatch(/unreadable for \d+ ms/);
  });

  test('release leaves alone a lock that another process took over meanwhile', async () => {
    const path = join(await tempDir(), 'token.json');
    const lock = `${path}.lock`;
    const logger = recordingLogger();
    const other = JSON.stringify({ pid: 1, hostname: 'another-machine', acquiredAt: new Date().toISOString(), nonce: 'usurper' });
    await new FileTokenStore(path, { logger }).withLock(async () => {
      await writeFile(lock, other);
    });
    expect(await readFile(lock, 'utf8')).toBe(other);
    expect(logger.lines.warn).toEqual([
      `netatmo-connect: the token file lock ${lock} was taken over by another process while held (it looked abandoned); left it alone`,
    ]);
  });

  test('a lock path that cannot be read (a folder) is a NetatmoError naming it', async () => {
    const path = join(await tempDir(), 'token.json');
    await mkdir(`${path}.lock`);
    await expect(new FileTokenStore(path).withLock(async () => {})).rejects.toThrow(
      new NetatmoError(`The token file lock ${path}.lock could not be read (EISDIR); check the token file path and its folder's permissions.`),
    );
  });

  test('a lock that cannot be created for another reason than EEXIST is a NetatmoError naming it', async () => {
    const dir = await tempDir();
    const file = join(dir, 'a-file');
    await writeFile(file, '');
    // A token path below a regular file: creating the lock fails with ENOTDIR.
    await expect(new FileTokenStore(join(file, 'token.json')).withLock(async () => {})).rejects.toThrow(
      `The token file lock ${join(file, 'token.json.lock')} could not be created (ENOTDIR)`,
    );
  });

  test('a token path under /proc fails at once with an error naming the lock file and its folder (recursive mkdir loops forever there)', async () => {
    // A lockTimeoutMs longer than the test's own timeout: only failing at once passes.
    await expect(new FileTokenStore('/proc/nope/token.json', { lockTimeoutMs: 600_000 }).withLock(async () => 'never')).rejects.toThrow(
      new NetatmoError(
        "The token file lock /proc/nope/token.json.lock could not be created: its folder /proc/nope cannot be created (ENOENT); check the token file path and its folder's permissions.",
      ),
    );
  });

  test('a file system step that never answers (the lock is a FIFO: reading it blocks) ends at lockTimeoutMs with an error naming the lock file', async () => {
    const path = join(await tempDir(), 'token.json');
    const lock = `${path}.lock`;
    expect(spawnSync('mkfifo', [lock]).status).toBe(0);
    try {
      await expect(new FileTokenStore(path, { lockTimeoutMs: 300 }).withLock(async () => 'never')).rejects.toThrow(
        new NetatmoError(
          `Timed out after 300 ms reading the token file lock ${lock}: the file system did not answer. Check that the token file's folder is on a working file system.`,
        ),
      );
    } finally {
      // Lets the blocked read end (EOF), so it does not hold a thread of the pool.
      const writer = await open(lock, constants.O_WRONLY | constants.O_NONBLOCK).catch(() => undefined);
      await writer?.close();
    }
  });
});
