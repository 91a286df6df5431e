import { AsyncMutex } from './async-mutex.js';
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

  async save(tokens: TokenSet): Promise<void> {
    this.#tokens = copy(normalizeTokenSet(tokens, 'MemoryTokenStore.save'));
  }

  async clear(): Promise<void> {
    this.#tokens = undefined;
  }

  withLock<T>(fn: () => Promise<T>): Promise<T> {
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
