import type { FileHandle } from 'node:fs/promises';
import { NetatmoError, invalidOption } from '../errors.js';
import { silentLogger, type Logger } from '../logger.js';
import { errorCode, isAlive, loadNodeModules, makeFolder, withFileLock } from './file-lock.js';
import { storableTokens } from './storable-tokens.js';
import { describeTokens, fingerprint, type TokenSet } from './token-set.js';
import type { TokenStore } from './token-store.js';

/** Options of {@link FileTokenStore}. */
export interface FileTokenStoreOptions {
  /**
   * Receives a warning when the file lacks an `expiry` or a `refresh_token` (as netatmo-exporter
   * warns), and a note when a lock left by a dead process is broken. Never receives a token.
   * @default silent
   */
  logger?: Logger;
  /**
   * How long `withLock` waits for another process's lock on the file before it throws, in
   * milliseconds. Keep it above `staleLockMs`, so a lock left by a dead holder on another host
   * can be broken before waiters give up.
   * @default 60000
   */
  lockTimeoutMs?: number;
  /**
   * A lock file untouched for this long, in milliseconds, is broken. Holders touch it every third
   * of this while they hold it; a holder on this host that died is detected at once by its pid.
   * @default 30000
   */
  staleLockMs?: number;
}

/** netatmo-exporter's token file (Go's `oauth2.Token` as JSON), plus `scope`. */
interface TokenFile {
  access_token?: string;
  token_type?: string;
  refresh_token?: string;
  /** RFC 3339; Go writes `0001-01-01T00:00:00Z` for "unknown". */
  expiry?: string;
  /** When the access token was issued (RFC 3339); netatmo-connect's extension, ignored by the exporter. */
  issued_at?: string;
  scope?: string[];
}

const DEFAULT_LOCK_TIMEOUT_MS = 60_000;
const DEFAULT_STALE_LOCK_MS = 30_000;
/** The least room `withLock` reserves for the next save: one block on most file systems. */
const MIN_RESERVED_BYTES = 4096;
/** The most it reserves, whatever the current file holds: a token file is well under 1 KiB. */
const MAX_RESERVED_BYTES = 65_536;
const RFC_3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Keeps tokens in a JSON file in netatmo-exporter's format, so moving from the exporter is a
 * matter of pointing at its file:
 *
 * ```json
 * { "access_token": "…", "token_type": "Bearer", "refresh_token": "…",
 *   "expiry": "2026-01-01T12:00:00Z", "scope": ["read_station"] }
 * ```
 *
 * - **Reading** accepts the exporter's variants: no `expiry` (or Go's zero time): the access token
 *   counts as expired and is refreshed on first use, with a warning; no `refresh_token`: the
 *   access token is used until it expires, with a warning that it cannot be refreshed; only a
 *   `refresh_token`: refreshed on first use. A missing file is an empty store.
 * - **An unreadable or corrupt file** is a {@link NetatmoError} naming the file; the file is left
 *   exactly as it was (nothing is ever written on load).
 * - **Writing** is atomic: a temp file in the same folder, created `0600` (and `fchmod`ed, so a
 *   umask of 000 cannot widen it), written, fsynced, renamed over the file, then the folder is
 *   fsynced. A crash at any moment leaves either the old or the new tokens. Fields this store does
 *   not know are dropped: the file mirrors one token set, and a stale field such as Go's
 *   `expires_in` would contradict the new `expiry`.
 * - **Locking**: `withLock` takes `<path>.lock` (created exclusively), shared by every process on
 *   every machine that sees the folder, so they refresh once between them; several instances on
 *   one file in one process take turns too. A lock left by a process that died on this host is
 *   broken at once; one untouched for `staleLockMs` is broken too. Every step of taking the lock
 *   is bounded by `lockTimeoutMs`.
 * - **Room before the refresh**: right after taking the lock, `withLock` writes the next temp
 *   file (twice the current file's size, 4 KiB to 64 KiB), so a full disk or a read-only folder
 *   fails `withLock` *before* Netatmo is asked to rotate the refresh token; a `save()` inside the
 *   lock then rewrites that reserved file and renames it.
 * - **`expiresAt`** must be epoch milliseconds from 1970 to the end of year 9999 (what the
 *   `expiry` field can hold); `save()` refuses anything else before touching the file. The file
 *   keeps whole milliseconds.
 *
 * `node:fs` is imported on first use, so importing `netatmo-connect` works where it is missing.
 * In Docker, mount the token file's folder, not the file: a rename cannot replace a bind-mounted
 * file.
 *
 * @example
 * ```ts
 * import { createNetatmoClient, FileTokenStore } from 'netatmo-connect';
 *
 * const client = createNetatmoClient({
 *   clientId: process.env.NETATMO_CLIENT_ID!,
 *   clientSecret: process.env.NETATMO_CLIENT_SECRET!,
 *   tokenStore: new FileTokenStore('./netatmo-token.json', { logger: console }),
 * });
 * ```
 */
export class FileTokenStore implements TokenStore {
  /** The token file, as given. */
  readonly path: string;
  /** How long `withLock` waits for another process's lock before it rejects (the `lockTimeoutMs` option). */
  readonly lockTimeoutMs: number;
  readonly #logger: Logger;
  readonly #staleLockMs: number;
  /** The last set read or written, for fingerprints in `util.inspect`. */
  #last: TokenSet | undefined;
  /** The set last warned about, so a file that is re-read on every refresh warns once. */
  #warnedFor: string | undefined;
  /** The temp file `withLock` wrote for the next save, while the lock is held. */
  #reserved: Reservation | undefined;

  /**
   * @param path - the token file, e.g. `./netatmo-token.json` or netatmo-exporter's token file.
   *   Its folder is created (mode 0700) on the first save if missing.
   * @throws {@link NetatmoValidationError} when an option is not a positive number.
   */
  constructor(path: string, options: FileTokenStoreOptions = {}) {
    if (typeof path !== 'string' || path === '') throw invalidOption('path', 'expected the token file path, a non-empty string');
    this.path = path;
    this.#logger = options.logger ?? silentLogger;
    this.lockTimeoutMs = positive(options.lockTimeoutMs, DEFAULT_LOCK_TIMEOUT_MS, 'lockTimeoutMs');
    this.#staleLockMs = positive(options.staleLockMs, DEFAULT_STALE_LOCK_MS, 'staleLockMs');
  }

  /**
   * Reads the file. Never writes it.
   *
   * @returns the tokens, or `undefined` when the file does not exist or holds no token.
   * @throws {@link NetatmoError} naming the file when it cannot be read or is not a token file.
   */
  async load(): Promise<TokenSet | undefined> {
    const { fs } = await loadNodeModules();
    let text: string;
    try {
      text = await fs.readFile(this.path, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') {
        this.#last = undefined;
        return undefined;
      }
      throw new NetatmoError(
        `Cannot read the token file ${this.path} (${errorCode(error) ?? String(error)}); check that it is a file this process may read.`,
        { cause: error },
      );
    }
    const tokens = this.#parse(text);
    this.#last = tokens;
    if (tokens) this.#warnAboutGaps(tokens);
    return tokens;
  }

  /**
   * Writes the tokens atomically with mode 0600 and resolves once they are on disk.
   *
   * @throws {@link NetatmoError} naming the file when it cannot be written; the old file is then
   *   left as it was. `TypeError` or {@link NetatmoValidationError} when `tokens` is not a set this
   *   store can keep (e.g. `expiresAt` past year 9999); nothing is written then.
   */
  async save(tokens: TokenSet): Promise<void> {
    const normalized = storableTokens(tokens, 'FileTokenStore.save()');
    const file: TokenFile = {
      ...(normalized.accessToken && { access_token: normalized.accessToken }),
      token_type: 'Bearer',
      ...(normalized.refreshToken && { refresh_token: normalized.refreshToken }),
      ...(normalized.expiresAt !== undefined && { expiry: new Date(normalized.expiresAt).toISOString() }),
      ...(normalized.issuedAt !== undefined && { issued_at: new Date(normalized.issuedAt).toISOString() }),
      ...(normalized.scope && { scope: normalized.scope }),
    };
    await this.#writeAtomically(`${JSON.stringify(file, null, 2)}\n`);
    this.#last = normalized;
  }

  /** Deletes the token file; a missing file is fine. */
  async clear(): Promise<void> {
    const { fs } = await loadNodeModules();
    try {
      await fs.rm(this.path, { force: true });
    } catch (error) {
      throw new NetatmoError(`Cannot delete the token file ${this.path} (${errorCode(error) ?? String(error)}).`, { cause: error });
    }
    this.#last = undefined;
  }

  /**
   * Runs `fn` while holding `<path>.lock`, exclusive across every instance and every process
   * sharing the file. Before `fn` runs, the temp file of the next save is written (see the class
   * notes), so a disk that cannot take the token file fails here, before a refresh.
   *
   * @throws {@link NetatmoError} naming the lock file after `lockTimeoutMs` without the lock, or
   *   naming the token file when there is no room to write it.
   */
  async withLock<T>(fn: () => Promise<T>): Promise<T> {
    if (typeof fn !== 'function') throw new TypeError(`FileTokenStore.withLock(fn): expected a function, got ${typeof fn}`);
    return withFileLock(
      `${this.path}.lock`,
      async () => {
        const reservation = await this.#reserve();
        this.#reserved = reservation;
        try {
          return await fn();
        } finally {
          if (this.#reserved === reservation) this.#reserved = undefined;
          await reservation.discard();
        }
      },
      { timeoutMs: this.lockTimeoutMs, staleMs: this.#staleLockMs, logger: this.#logger },
    );
  }

  /** @internal */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `FileTokenStore ${JSON.stringify(this.toJSON())}`;
  }

  /** @internal The path and fingerprints, never a token. */
  toJSON(): Record<string, unknown> {
    return { type: 'FileTokenStore', path: this.path, ...describeTokens(this.#last) };
  }

  #parse(text: string): TokenSet | undefined {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      // The parser's message quotes the file's text, which may hold a token: not passed on.
      throw this.#corrupt('is not valid JSON');
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw this.#corrupt('is not a JSON object');
    const file = value as Record<string, unknown>;
    const tokens: TokenSet = {};
    for (const [field, key] of [
      ['access_token', 'accessToken'],
      ['refresh_token', 'refreshToken'],
    ] as const) {
      const token = file[field];
      if (token === undefined || token === null || token === '') continue;
      if (typeof token !== 'string') throw this.#corrupt(`has a ${field} that is not a string`);
      tokens[key] = token;
    }
    const expiresAt = this.#parseExpiry(file['expiry']);
    if (expiresAt !== undefined) tokens.expiresAt = expiresAt;
    // Our own extension (lets processes sharing the file know the token's lifetime); optional.
    const issuedAt = typeof file['issued_at'] === 'string' ? Date.parse(file['issued_at']) : Number.NaN;
    if (Number.isFinite(issuedAt)) tokens.issuedAt = issuedAt;
    const scope = this.#parseScope(file['scope']);
    if (scope) tokens.scope = scope;
    if (!tokens.accessToken && !tokens.refreshToken) {
      this.#logger.warn(`netatmo-connect: the token file ${this.path} holds no access_token and no refresh_token; treating it as empty`);
      return undefined;
    }
    return tokens;
  }

  #parseExpiry(expiry: unknown): number | undefined {
    if (expiry === undefined || expiry === null || expiry === '') return undefined;
    if (typeof expiry !== 'string' || !RFC_3339.test(expiry)) {
      throw this.#corrupt('has an expiry that is not an RFC 3339 time such as "2026-01-01T12:00:00Z"');
    }
    // Go's zero time: the exporter's way of saying "unknown".
    if (expiry.startsWith('0001-01-01')) return undefined;
    const ms = Date.parse(expiry);
    if (!Number.isFinite(ms)) throw this.#corrupt('has an expiry that is not a valid date');
    return ms;
  }

  #parseScope(scope: unknown): string[] | undefined {
    if (scope === undefined || scope === null) return undefined;
    if (typeof scope === 'string') return scope.split(/[\s,]+/).filter(Boolean);
    if (Array.isArray(scope) && scope.every((item) => typeof item === 'string')) return [...scope];
    throw this.#corrupt('has a scope that is neither an array of strings nor a string');
  }

  #corrupt(problem: string): NetatmoError {
    return new NetatmoError(
      `The token file ${this.path} ${problem}. It was left unchanged: fix it, or delete it and run \`netatmo-connect login\` to write a new one.`,
    );
  }

  /** The exporter's warnings, once per token set rather than on every re-read. */
  #warnAboutGaps(tokens: TokenSet): void {
    const key = `${fingerprint(tokens.accessToken)}:${fingerprint(tokens.refreshToken)}:${tokens.expiresAt ?? ''}`;
    if (key === this.#warnedFor) return;
    this.#warnedFor = key;
    if (!tokens.accessToken) {
      this.#logger.info(`netatmo-connect: the token file ${this.path} holds only a refresh_token; it is refreshed on first use`);
      return;
    }
    if (tokens.expiresAt === undefined) {
      this.#logger.warn(
        `netatmo-connect: the token file ${this.path} has no expiry; the access token counts as expired, so it is refreshed as early as possible (on first use)`,
      );
    }
    if (!tokens.refreshToken) {
      const until = tokens.expiresAt === undefined ? 'it has no expiry, so it cannot be used' : `it works until ${new Date(tokens.expiresAt).toISOString()}`;
      this.#logger.warn(
        `netatmo-connect: the token file ${this.path} has no refresh_token, so the access token cannot be refreshed automatically; ${until}, then run \`netatmo-connect login\``,
      );
    }
  }

  /** Where the next temp file goes: same folder (a rename is atomic only within one file system). */
  async #tempPath(): Promise<{ target: string; folder: string; host: string; temp: string }> {
    const { os, path } = await loadNodeModules();
    const target = path.resolve(this.path);
    const folder = path.dirname(target);
    const host = safeHostname(os.hostname());
    const temp = path.join(folder, `.${path.basename(target)}.${host}.${process.pid}.${globalThis.crypto.randomUUID().slice(0, 8)}.tmp`);
    return { target, folder, host, temp };
  }

  /**
   * Writes and fsyncs the temp file of the next save, filled with spaces: twice the current file,
   * at least 4 KiB and at most 64 KiB, so the save that follows fits in blocks already allocated.
   */
  async #reserve(): Promise<Reservation> {
    const { fs } = await loadNodeModules();
    const { target, folder, temp } = await this.#tempPath();
    const current = await fs.stat(target).then(
      (stat) => stat.size,
      () => 0,
    );
    const size = Math.min(MAX_RESERVED_BYTES, Math.max(MIN_RESERVED_BYTES, 2 * current));
    let handle: Awaited<ReturnType<typeof fs.open>> | undefined;
    try {
      await makeFolder(folder);
      handle = await fs.open(temp, 'wx', 0o600);
      // open's mode passes through the umask; chmod makes 0600 exact whatever the umask.
      await handle.chmod(0o600);
      await handle.writeFile(' '.repeat(size), 'utf8');
      await handle.sync();
    } catch (error) {
      await handle?.close().catch(() => {});
      await fs.rm(temp, { force: true }).catch(() => {});
      throw new NetatmoError(
        `Cannot write the token file ${this.path} (${errorCode(error) ?? String(error)}): ${writeHint(error)}. Nothing was refreshed; the file was left as it was.`,
        { cause: error },
      );
    }
    const open = handle;
    let state: 'reserved' | 'taken' | 'discarded' = 'reserved';
    return {
      take() {
        if (state !== 'reserved') return undefined;
        state = 'taken';
        return { handle: open, temp };
      },
      async discard() {
        if (state !== 'reserved') return;
        state = 'discarded';
        await open.close().catch(() => {});
        await fs.rm(temp, { force: true }).catch(() => {});
      },
    };
  }

  async #writeAtomically(content: string): Promise<void> {
    const { fs, path } = await loadNodeModules();
    const { target, folder, host, temp: freshTemp } = await this.#tempPath();
    // Inside withLock, the reserved file already holds the room: rewrite it in place.
    const reserved = this.#reserved?.take();
    const temp = reserved?.temp ?? freshTemp;
    try {
      let handle = reserved?.handle;
      if (!handle) {
        await makeFolder(folder);
        handle = await fs.open(temp, 'wx', 0o600);
      }
      try {
        // open's mode passes through the umask; chmod makes 0600 exact whatever the umask.
        await handle.chmod(0o600);
        const bytes = Buffer.from(content, 'utf8');
        await handle.write(bytes, 0, bytes.length, 0);
        await handle.truncate(bytes.length);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(temp, target);
    } catch (error) {
      await fs.rm(temp, { force: true }).catch(() => {});
      throw new NetatmoError(`Cannot write the token file ${this.path} (${errorCode(error) ?? String(error)}): ${writeHint(error)}. The previous file was left as it was.`, {
        cause: error,
      });
    }
    await syncFolder(folder);
    await removeLeftovers(folder, path.basename(target), host);
  }
}

/** The temp file `withLock` wrote for the next save. */
interface Reservation {
  /** Hands the open temp file to one save; undefined once taken or discarded. */
  take(): { handle: FileHandle; temp: string } | undefined;
  /** Closes and deletes it unless a save took it. */
  discard(): Promise<void>;
}

/** What to do about a failed write, by error code. */
function writeHint(error: unknown): string {
  switch (errorCode(error)) {
    case 'ENOSPC':
    case 'EDQUOT':
      return 'the disk (or your quota) has no room for it; free some space and try again';
    case 'EFBIG':
      return 'it would be larger than this process may write (a file size limit such as `ulimit -f`); raise the limit';
    case 'EROFS':
      return 'its folder is on a read-only file system';
    case 'EBUSY':
    case 'EXDEV':
      return 'the file cannot be replaced by a rename; if it is bind-mounted (Docker), mount its folder instead';
    default:
      return 'check that its folder exists and is writable';
  }
}

/**
 * Deletes temp files of writers on this host that died mid-save (SIGKILL, OOM): they hold tokens.
 * Another host's temp files are left alone, since their pids mean nothing here.
 */
async function removeLeftovers(folder: string, base: string, host: string): Promise<void> {
  const { fs, path } = await loadNodeModules();
  const prefix = `.${base}.${host}.`;
  const names = await fs.readdir(folder).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number(name.slice(prefix.length).split('.')[0]);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !isAlive(pid)) {
      await fs.rm(path.join(folder, name), { force: true }).catch(() => {});
    }
  }
}

function safeHostname(hostname: string): string {
  return hostname.replace(/[^A-Za-z0-9-]/g, '_') || 'host';
}

/** Makes the rename itself durable. Some platforms (Windows) cannot open a folder: best effort. */
async function syncFolder(folder: string): Promise<void> {
  const { fs } = await loadNodeModules();
  let handle: Awaited<ReturnType<typeof fs.open>> | undefined;
  try {
    handle = await fs.open(folder, 'r');
    await handle.sync();
  } catch (error) {
    const code = errorCode(error);
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EACCES') {
      throw new NetatmoError(`The token file's folder ${folder} could not be synced to disk (${code ?? String(error)})`, { cause: error });
    }
  } finally {
    await handle?.close();
  }
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw invalidOption(name, `expected a positive number of milliseconds, got ${String(value)}`);
  }
  return value;
}
