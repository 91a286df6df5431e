// Types only: the modules themselves are imported on first use (see loadNodeModules).
import type * as Fs from 'node:fs/promises';
import type * as Os from 'node:os';
import type * as Path from 'node:path';
import { NetatmoError } from '../errors.js';
import { silentLogger, type Logger } from '../logger.js';

/** Options of {@link withFileLock}. */
export interface FileLockOptions {
  /** Give up waiting after this long, in milliseconds. */
  timeoutMs: number;
  /** A lock whose file was not touched for this long, in milliseconds, counts as abandoned. */
  staleMs: number;
  logger?: Logger | undefined;
}

/** What a holder writes into the lock file. */
interface LockRecord {
  pid: number;
  hostname: string;
  /** ISO 8601. */
  acquiredAt: string;
  /** Random: tells this holding apart from any other, even by the same pid. */
  nonce: string;
}

/** What a waiter saw in the lock file. */
interface Observed {
  record: LockRecord | undefined;
  mtimeMs: number;
}

type NodeModules = { fs: typeof Fs; path: typeof Path; os: typeof Os };

let nodeModules: Promise<NodeModules> | undefined;

/**
 * `node:fs`, `node:path` and `node:os`, imported on first use so the main entry still loads in
 * runtimes that lack them (browsers, edge workers) as long as no file store is used.
 *
 * @internal
 */
export function loadNodeModules(): Promise<NodeModules> {
  nodeModules ??= Promise.all([import('node:fs/promises'), import('node:path'), import('node:os')]).then(
    ([fs, path, os]) => ({ fs, path, os }),
  );
  return nodeModules;
}

/**
 * Nonces of the locks this process holds now: a record with our pid but another nonce is a
 * leftover. Kept on globalThis so the ESM and CJS copies of the package, loaded side by side,
 * share it and never take each other's live lock for a leftover.
 */
const heldNonces = ((globalThis as Record<symbol, unknown>)[Symbol.for('netatmo-connect.heldLockNonces')] ??=
  new Set<string>()) as Set<string>;

const FIRST_POLL_MS = 5;
const MAX_POLL_MS = 250;
/** A lock file that does not parse is a holder between `open` and `write`, or one killed there. */
const UNREADABLE_GRACE_MS = 2_000;

/**
 * Runs `fn` while holding `lockPath`, a lock shared by every process on every machine that sees
 * the same folder. The lock file is created with `O_EXCL` and holds `{pid, hostname, acquiredAt,
 * nonce}`; the holder touches its mtime every `staleMs / 3` so waiters can tell it is alive.
 *
 * A waiter polls with a growing backoff and breaks the lock at once when its holder's pid is dead
 * on this host (SIGKILL, OOM, power cut of a container), or when the file was not touched for
 * `staleMs` (a holder on another host that died). Release removes the file only if it still
 * holds our nonce.
 *
 * @throws {@link NetatmoError} after `timeoutMs` without the lock; the message names the lock file.
 * @internal
 */
export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>, options: FileLockOptions): Promise<T> {
  const { path } = await loadNodeModules();
  // Holders in one process poll the file like any other process: the wait stays bounded by
  // timeoutMs, which an in-process queue in front of the file could not promise.
  const held = await acquire(path.resolve(lockPath), Date.now() + options.timeoutMs, options);
  try {
    return await fn();
  } finally {
    await held.release();
  }
}

async function acquire(lockPath: string, deadline: number, options: FileLockOptions): Promise<{ release(): Promise<void> }> {
  const { fs, os, path } = await loadNodeModules();
  const logger = options.logger ?? silentLogger;
  const record: LockRecord = {
    pid: process.pid,
    hostname: os.hostname(),
    acquiredAt: '',
    nonce: globalThis.crypto.randomUUID(),
  };
  let delay = FIRST_POLL_MS;
  let madeFolder = false;
  for (;;) {
    record.acquiredAt = new Date().toISOString();
    heldNonces.add(record.nonce);
    try {
      await create(lockPath, record);
      break;
    } catch (error) {
      heldNonces.delete(record.nonce);
      if (errorCode(error) === 'ENOENT' && !madeFolder) {
        // The folder does not exist yet (first login): make it, private, and try again.
        madeFolder = true;
        await fs.mkdir(path.dirname(lockPath), { recursive: true, mode: 0o700 }).catch((mkdirError: unknown) => {
          throw lockError(lockPath, 'could not be created', mkdirError);
        });
        continue;
      }
      if (errorCode(error) !== 'EEXIST') throw lockError(lockPath, 'could not be created', error);
    }
    const last = await observe(lockPath);
    if (!last) continue; // released meanwhile
    const reason = abandonment(last, record.hostname, options.staleMs);
    if (reason) {
      if (await breakLock(lockPath, last)) {
        logger.warn(`netatmo-connect: broke the token file lock ${lockPath}: ${reason}`);
      }
      continue;
    }
    if (Date.now() >= deadline) throw timeoutError(lockPath, options.timeoutMs, last.record);
    // Jitter keeps several waiters from polling in step.
    await sleep(Math.min(delay * (0.75 + Math.random() / 2), deadline - Date.now()));
    delay = Math.min(delay * 2, MAX_POLL_MS, Math.max(FIRST_POLL_MS, options.staleMs / 4));
  }

  // Touching the file tells waiters on other hosts that the holder is alive.
  const heartbeat = setInterval(
    () => {
      const now = new Date();
      fs.utimes(lockPath, now, now).catch(() => {});
    },
    Math.max(10, Math.floor(options.staleMs / 3)),
  );
  heartbeat.unref();

  return {
    // Never throws: fn's outcome (tokens already saved) matters more than a lock left behind,
    // which the next waiter breaks since our pid or heartbeat is gone.
    async release() {
      clearInterval(heartbeat);
      // The nonce stays held until the file is gone: a waiter in this process that saw our record
      // with a nonce no longer held would break the lock as a leftover, and our unlink would then
      // remove the waiter's fresh lock, letting a third holder in.
      try {
        const current = await observe(lockPath).catch(() => undefined);
        if (current?.record?.nonce !== record.nonce) {
          logger.warn(`netatmo-connect: the token file lock ${lockPath} was taken over by another process while held (it looked abandoned); left it alone`);
          return;
        }
        // Residual race: a waiter that found our lock stale could break it between this check and
        // the unlink; only a holder that stopped touching the file for staleMs can lose it that way.
        await fs.rm(lockPath, { force: true }).catch((error: unknown) => {
          logger.warn(`netatmo-connect: could not remove the token file lock ${lockPath} (${errorCode(error) ?? String(error)})`);
        });
      } finally {
        heldNonces.delete(record.nonce);
      }
    },
  };
}

/** Creates the lock file exclusively, with the record in it, readable only by its owner. */
async function create(lockPath: string, record: LockRecord): Promise<void> {
  const { fs } = await loadNodeModules();
  const handle = await fs.open(lockPath, 'wx', 0o600);
  try {
    await handle.writeFile(JSON.stringify(record));
  } catch (error) {
    // An empty lock would make every waiter wait out the grace period for nothing.
    await fs.rm(lockPath, { force: true }).catch(() => {});
    throw error;
  } finally {
    await handle.close();
  }
}

/** The lock file's record and mtime, or undefined when there is no lock file. */
async function observe(lockPath: string): Promise<Observed | undefined> {
  const { fs } = await loadNodeModules();
  try {
    const [text, stat] = await Promise.all([fs.readFile(lockPath, 'utf8'), fs.stat(lockPath)]);
    return { record: parseRecord(text), mtimeMs: stat.mtimeMs };
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw lockError(lockPath, 'could not be read', error);
  }
}

function parseRecord(text: string): LockRecord | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockRecord> | null;
    if (typeof value?.pid === 'number' && typeof value.hostname === 'string' && typeof value.nonce === 'string') {
      return { pid: value.pid, hostname: value.hostname, nonce: value.nonce, acquiredAt: String(value.acquiredAt ?? '') };
    }
  } catch {
    // Unparseable: judged by age below.
  }
  return undefined;
}

/** Why the observed lock may be broken, or undefined while its holder may be alive. */
function abandonment(observed: Observed, hostname: string, staleMs: number): string | undefined {
  const age = Date.now() - observed.mtimeMs;
  const { record } = observed;
  if (!record) return age > Math.min(staleMs, UNREADABLE_GRACE_MS) ? `unreadable for ${Math.round(age)} ms` : undefined;
  if (record.hostname === hostname) {
    // Our own pid with a nonce we do not hold: left by an earlier run that had the same pid
    // (containers start every run as pid 1).
    if (record.pid === process.pid && !heldNonces.has(record.nonce)) return `left by an earlier run of pid ${record.pid}`;
    if (record.pid !== process.pid && !isAlive(record.pid)) return `its holder (pid ${record.pid}) is dead`;
  }
  return age > staleMs ? `not touched for ${Math.round(age)} ms (stale after ${staleMs} ms)` : undefined;
}

/** @internal Whether a pid on this host is running (or owned by another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, owned by another user.
    return errorCode(error) === 'EPERM';
  }
}

/**
 * Removes an abandoned lock if it is still the one we judged. Residual race: another waiter may
 * break it and create its own lock between our re-check and our unlink, and we would then remove
 * that fresh lock; the window is a few microseconds and needs two waiters breaking the same lock.
 */
async function breakLock(lockPath: string, judged: Observed): Promise<boolean> {
  const { fs } = await loadNodeModules();
  const again = await observe(lockPath);
  if (!again || again.record?.nonce !== judged.record?.nonce || again.mtimeMs !== judged.mtimeMs) return false;
  await fs.rm(lockPath, { force: true });
  return true;
}

function timeoutError(lockPath: string, timeoutMs: number, holder: LockRecord | undefined): NetatmoError {
  const by = holder ? ` (held by pid ${holder.pid} on ${holder.hostname} since ${holder.acquiredAt})` : '';
  return new NetatmoError(
    `Timed out after ${timeoutMs} ms waiting for the token file lock ${lockPath}${by}. Another netatmo-connect process is refreshing the tokens or is stuck; if none is running, delete the lock file.`,
  );
}

function lockError(lockPath: string, what: string, error: unknown): NetatmoError {
  return new NetatmoError(`The token file lock ${lockPath} ${what} (${errorCode(error) ?? String(error)}); check the folder's permissions.`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/** @internal */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
