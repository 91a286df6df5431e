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
 *   store first, so processes sharing one store refresh once between them.
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
}
