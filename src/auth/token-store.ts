import type { TokenSet } from './token-set.js';

/**
 * Where tokens live between calls and between runs. Implement it to keep tokens in your own
 * database, secret manager or key-value store.
 *
 * Contract:
 * - `load()` returns the last saved set, or `null`/`undefined` when there is none.
 * - `save()` resolves only once the set is durable: the SDK uses a new refresh token only after
 *   `save()` resolved, because Netatmo has already killed the previous one.
 * - `withLock(fn)`, when present, runs `fn` while no other holder of the same store (in this
 *   process or any other) runs its own `fn`. The TokenManager refreshes inside it and re-loads the
 *   store first, so processes sharing one store refresh once between them. A store that can find
 *   out before `fn` runs that it cannot save (no room, read-only) should reject there: nothing has
 *   been rotated yet.
 * - `lockTtlMs`, when present, is how long the store's lock can be held before others may take it
 *   (a lock that expires by itself, as in Redis). The client refuses a store whose `lockTtlMs` is
 *   shorter than its worst-case refresh. Leave it out when the lock lasts as long as its holder.
 * - `lockTimeoutMs`, when present, is how long `withLock` waits for the lock before it rejects. The
 *   client stops waiting for a `withLock` that has neither started `fn` nor rejected after
 *   `lockTimeoutMs` plus its own `timeoutMs` (without `lockTimeoutMs`: after its worst-case refresh
 *   plus `timeoutMs`), so a lock that is never granted fails the refresh instead of holding every
 *   call forever.
 * - Every method returns a promise that rejects on failure, never throws synchronously.
 *
 * @example
 * ```ts
 * const store: TokenStore = {
 *   async load() { return JSON.parse(await db.get('netatmo') ?? 'null'); },
 *   async save(tokens) { await db.set('netatmo', JSON.stringify(tokens)); },
 * };
 * ```
 */
export interface TokenStore {
  /** The saved tokens, or `null`/`undefined` when nothing is saved yet. */
  load(): Promise<TokenSet | null | undefined>;
  /** Saves durably; resolves once the tokens survive a crash. */
  save(tokens: TokenSet): Promise<void>;
  /** Forgets the saved tokens. */
  clear?(): Promise<void>;
  /** Runs `fn` exclusively across every process sharing this store. */
  withLock?<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * How long the store's lock can be held before others may take it, in milliseconds. Absent:
   * the lock lasts as long as its holder (MemoryTokenStore; FileTokenStore, whose holder keeps
   * its lock file fresh).
   */
  readonly lockTtlMs?: number;
  /**
   * How long `withLock` waits for the lock before it rejects, in milliseconds. The client gives up
   * on the lock this long plus its `timeoutMs` after asking for it. Absent: the client allows what
   * another holder's refresh can take at the most (its worst-case refresh), plus `timeoutMs`.
   */
  readonly lockTimeoutMs?: number;
}
