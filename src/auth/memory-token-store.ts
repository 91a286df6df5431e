import { AsyncMutex } from './async-mutex.js';
import { storableTokens } from './storable-tokens.js';
import { describeTokens, normalizeTokenSet, type TokenSet } from './token-set.js';
import type { TokenStore } from './token-store.js';

/**
 * Keeps tokens in memory: the default store. Tokens are lost when the process ends, so a rotated
 * refresh token is lost too; use {@link FileTokenStore} or your own store for anything that
 * restarts. Clients that share one instance share one lock, and refresh once between them.
 *
 * @example
 * ```ts
 * const store = new MemoryTokenStore({ refreshToken: process.env.NETATMO_REFRESH_TOKEN });
 * ```
 */
export class MemoryTokenStore implements TokenStore {
  #tokens: TokenSet | undefined;
  readonly #mutex = new AsyncMutex();

  /** @param initial - tokens to start with, e.g. a refresh token from the dev portal. */
  constructor(initial?: TokenSet) {
    this.#tokens = copy(normalizeTokenSet(initial, 'MemoryTokenStore'));
  }

  async load(): Promise<TokenSet | undefined> {
    return copy(this.#tokens);
  }

  /**
   * Keeps a copy of `tokens`.
   *
   * @throws `TypeError` or {@link NetatmoValidationError} when `tokens` is not a set every bundled
   *   store can keep (e.g. `expiresAt` past year 9999), so a set that works here also works in a
   *   {@link FileTokenStore}; the previous set is kept then.
   */
  async save(tokens: TokenSet): Promise<void> {
    this.#tokens = copy(storableTokens(tokens, 'MemoryTokenStore.save()'));
  }

  async clear(): Promise<void> {
    this.#tokens = undefined;
  }

  /** Runs `fn` once every earlier `withLock` of this instance is done, in arrival order. */
  async withLock<T>(fn: () => Promise<T>): Promise<T> {
    if (typeof fn !== 'function') throw new TypeError(`MemoryTokenStore.withLock(fn): expected a function, got ${typeof fn}`);
    return this.#mutex.run(fn);
  }

  /** @internal */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `MemoryTokenStore ${JSON.stringify(describeTokens(this.#tokens))}`;
  }

  /** @internal */
  toJSON(): Record<string, unknown> {
    return { type: 'MemoryTokenStore', ...describeTokens(this.#tokens) };
  }
}

function copy(tokens: TokenSet | undefined): TokenSet | undefined {
  return tokens && { ...tokens, ...(tokens.scope && { scope: [...tokens.scope] }) };
}
