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
/** The least time a file system step may take, even when it starts at the deadline. */
const STEP_GRACE_MS = 1_000;

/**
 * Runs `fn` while holding `lockPath`, a lock shared by every process on every machine that sees
 * the same folder. The lock file is created with `O_EXCL` and holds `{pid, hostname, acquiredAt,
 * nonce}`; the holder touches its mtime every `staleMs / 3` so waiters can tell it is alive.
 *
 * Inside one process, holders of the same path take turns in a queue first (shared by every copy
 * of the package, ESM and CJS), so only one of them at a time ever competes for the file: a waiter
 * in this process never sees a lock of this process at all, let alone takes it for a leftover.
 *
 * A waiter polls with a growing backoff and breaks the lock when its holder's pid is dead on this
 * host (SIGKILL, OOM, power cut of a container), or when the file was not touched for `staleMs`
 * (a holder on another host that died). Breakers take turns through `<lock>.breaking`, so two
 * waiters that judged the same dead lock never remove each other's fresh one. Release removes the
 * file only if it still holds our nonce, and forgets the nonce only after the file is gone.
 *
 * Every step (the in-process turn, each file system call) is bounded by `timeoutMs`: a folder that
 * cannot be created (`/proc/…`) fails at once, a file system that does not answer (a dead network
 * mount) fails at the deadline.
 *
 * @throws {@link NetatmoError} after `timeoutMs` without the lock, or when the lock file cannot be
 *   created; the message names the lock file.
 * @internal
 */
export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>, options: FileLockOptions): Promise<T> {
  const { path } = await loadNodeModules();
  const resolved = path.resolve(lockPath);
  const deadline = Date.now() + options.timeoutMs;
  const endTurn = await takeTurn(resolved, deadline, () =>
    new NetatmoError(
      `Timed out after ${options.timeoutMs} ms waiting for the token file lock ${resolved}, held in this process (pid ${process.pid}) by another FileTokenStore on the same file. A refresh is taking longer than lockTimeoutMs; raise it, or share one store.`,
    ),
  );
  try {
    const held = await acquire(resolved, deadline, options);
    try {
      return await fn();
    } finally {
      await held.release();
    }
  } finally {
    endTurn();
  }
}

/** One lock path's in-process queue. */
interface Turns {
  /** Wakes each waiter in arrival order; empty while nobody waits. */
  waiters: (() => void)[];
}

/** Queues per resolved lock path, on globalThis so the ESM and CJS copies of the package share them. */
const turnsByPath = ((globalThis as Record<symbol, unknown>)[Symbol.for('netatmo-connect.fileLockTurns')] ??= new Map<
  string,
  Turns
>()) as Map<string, Turns>;

/**
 * Waits until no other holder in this process has `key`, in arrival order, at most until
 * `deadline`. Resolves with the function that ends the turn (idempotent).
 */
function takeTurn(key: string, deadline: number, timeout: () => NetatmoError): Promise<() => void> {
  let turns = turnsByPath.get(key);
  const wasFree = !turns;
  if (!turns) {
    turns = { waiters: [] };
    turnsByPath.set(key, turns);
  }
  const queue = turns;
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    const next = queue.waiters.shift();
    if (next) next();
    else turnsByPath.delete(key);
  };
  if (wasFree) return Promise.resolve(end);
  return new Promise((resolve, reject) => {
    const wake = (): void => {
      clearTimeout(timer);
      resolve(end);
    };
    const timer = setTimeout(
      () => {
        const index = queue.waiters.indexOf(wake);
        if (index >= 0) queue.waiters.splice(index, 1);
        reject(timeout());
      },
      Math.max(0, deadline - Date.now()),
    );
    queue.waiters.push(wake);
  });
}

async function acquire(lockPath: string, deadline: number, options: FileLockOptions): Promise<{ release(): Promise<void> }> {
  const { fs, os, path } = await loadNodeModules();
  const logger = options.logger ?? silentLogger;
  const step = stepBounds(lockPath, deadline, options.timeoutMs);
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
    // Known as ours before the file exists, so no copy of the package in this process ever takes
    // it for an earlier run's leftover.
    heldNonces.add(record.nonce);
    try {
      await step('creating', createLate(lockPath, record));
      break;
    } catch (error) {
      heldNonces.delete(record.nonce);
      if (error instanceof NetatmoError) throw error;
      if (errorCode(error) === 'ENOENT' && !madeFolder) {
        // The folder does not exist yet (first login): make it, private, and try again.
        madeFolder = true;
        await step('creating the folder of', makeFolder(path.dirname(lockPath))).catch((mkdirError: unknown) => {
          if (mkdirError instanceof NetatmoError) throw mkdirError;
          throw lockError(lockPath, `could not be created: its folder ${path.dirname(lockPath)} cannot be created`, mkdirError);
        });
        continue;
      }
      if (errorCode(error) !== 'EEXIST') throw lockError(lockPath, 'could not be created', error);
    }
    const last = await step('reading', observe(lockPath));
    if (!last) continue; // released meanwhile
    const reason = abandonment(last, record.hostname, options.staleMs);
    if (reason && (await step('breaking', breakLock(lockPath, last, record)))) {
      logger.warn(`netatmo-connect: broke the token file lock ${lockPath}: ${reason}`);
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
      const releaseStep = stepBounds(lockPath, Date.now() + options.timeoutMs, options.timeoutMs);
      try {
        const current = await releaseStep('reading', observe(lockPath)).catch(() => undefined);
        if (current?.record?.nonce !== record.nonce) {
          logger.warn(`netatmo-connect: the token file lock ${lockPath} was taken over by another process while held (it looked abandoned); left it alone`);
          return;
        }
        // Residual race: a waiter on another host that found our lock stale could break it
        // between this check and the unlink; only a holder that stopped touching the file for
        // staleMs can lose it that way.
        await releaseStep('removing', fs.rm(lockPath, { force: true })).catch((error: unknown) => {
          logger.warn(`netatmo-connect: could not remove the token file lock ${lockPath} (${errorCode(error) ?? messageOf(error)})`);
        });
      } finally {
        // Only now: until the file is gone, the nonce tells every copy of the package in this
        // process that the lock is live, not a leftover to break.
        heldNonces.delete(record.nonce);
      }
    },
  };
}

/**
 * Creates the lock file; should the caller stop waiting (the file system answered after the
 * deadline), a lock created late is removed again rather than left for staleMs.
 */
function createLate(lockPath: string, record: LockRecord): Promise<void> {
  const creating = create(lockPath, record);
  creating.then(
    () => {
      if (heldNonces.has(record.nonce)) return;
      void loadNodeModules()
        .then(({ fs }) => fs.rm(lockPath, { force: true }))
        .catch(() => {});
    },
    () => {},
  );
  return creating;
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

/**
 * Creates `folder` and its missing parents, mode 0700, one level at a time. Not
 * `mkdir({ recursive: true })`: under `/proc` that loops forever (ENOENT ↔ EEXIST), and a token
 * path there must fail at once with a clear error.
 *
 * @internal
 */
export async function makeFolder(folder: string): Promise<void> {
  const { fs, path } = await loadNodeModules();
  const missing: string[] = [];
  for (let current = folder; ; ) {
    try {
      await fs.mkdir(current, { mode: 0o700 });
      break;
    } catch (error) {
      const code = errorCode(error);
      if (code === 'EEXIST') break;
      const parent = path.dirname(current);
      if (code !== 'ENOENT' || parent === current) throw error;
      missing.push(current);
      current = parent;
    }
  }
  for (const folder of missing.reverse()) {
    await fs.mkdir(folder, { mode: 0o700 }).catch((error: unknown) => {
      if (errorCode(error) !== 'EEXIST') throw error;
    });
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
    // Our own pid with a nonce no copy of the package in this process holds: left by an earlier
    // run that had the same pid (containers start every run as pid 1).
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
 * Removes an abandoned lock if it is still the one we judged. Breakers take turns through
 * `<lock>.breaking` (created with O_EXCL, removed right after): without it, two waiters that judged
 * the same dead lock could both remove "it", the second one removing the fresh lock the first one
 * took meanwhile. A `.breaking` file left by a breaker that died is itself broken once its pid is
 * dead or after UNREADABLE_GRACE_MS (breaking takes microseconds).
 *
 * @returns whether the judged lock is gone, by our hand.
 */
async function breakLock(lockPath: string, judged: Observed, breaker: LockRecord): Promise<boolean> {
  const { fs } = await loadNodeModules();
  const turnPath = `${lockPath}.breaking`;
  // Ours while it exists, as for the lock itself.
  heldNonces.add(breaker.nonce);
  try {
    await create(turnPath, breaker);
  } catch (error) {
    heldNonces.delete(breaker.nonce);
    if (errorCode(error) !== 'EEXIST') throw lockError(turnPath, 'could not be created', error);
    const other = await observe(turnPath);
    if (other && abandonment(other, breaker.hostname, UNREADABLE_GRACE_MS)) await fs.rm(turnPath, { force: true });
    return false;
  }
  try {
    const again = await observe(lockPath);
    if (!again || again.record?.nonce !== judged.record?.nonce || again.mtimeMs !== judged.mtimeMs) return false;
    await fs.rm(lockPath, { force: true });
    return true;
  } finally {
    await fs.rm(turnPath, { force: true });
    heldNonces.delete(breaker.nonce);
  }
}

/**
 * Bounds each file system step by the deadline: the call itself cannot be cancelled, but the
 * caller stops waiting for it and gets an error naming the lock file.
 */
function stepBounds(lockPath: string, deadline: number, timeoutMs: number): <T>(what: string, step: Promise<T>) => Promise<T> {
  return <T>(what: string, step: Promise<T>): Promise<T> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new NetatmoError(
              `Timed out after ${timeoutMs} ms ${what} the token file lock ${lockPath}: the file system did not answer. Check that the token file's folder is on a working file system.`,
            ),
          ),
        // A step that starts just before the deadline still gets a moment: a healthy file
        // system answers in microseconds, and the caller's own deadline check then reports the
        // wait (with the holder) rather than a file system that "did not answer".
        Math.max(deadline - Date.now(), Math.min(timeoutMs, STEP_GRACE_MS)),
      );
    });
    return Promise.race([step, late]).finally(() => clearTimeout(timer));
  };
}

function timeoutError(lockPath: string, timeoutMs: number, holder: LockRecord | undefined): NetatmoError {
  const by = holder ? ` (held by pid ${holder.pid} on ${holder.hostname} since ${holder.acquiredAt})` : '';
  return new NetatmoError(
    `Timed out after ${timeoutMs} ms waiting for the token file lock ${lockPath}${by}. Another netatmo-connect process is refreshing the tokens or is stuck; if none is running, delete the lock file.`,
  );
}

function lockError(lockPath: string, what: string, error: unknown): NetatmoError {
  const code = errorCode(error);
  const hint =
    code === 'ENOSPC' || code === 'EDQUOT'
      ? 'the disk (or your quota) has no room for it; free some space and try again'
      : code === 'EROFS'
        ? 'its folder is on a read-only file system'
        : "check the token file path and its folder's permissions";
  return new NetatmoError(`The token file lock ${lockPath} ${what} (${code ?? messageOf(error)}); ${hint}.`, { cause: error });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/** @internal */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
