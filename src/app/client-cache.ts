/** Options of {@link ClientCache}. */
export interface ClientCacheOptions {
  /** Clients kept in memory at most; the least recently used beyond it are released. */
  maxClients: number;
  /** A client not asked for during this long is released, in milliseconds. */
  idleMs: number;
  now: () => number;
}

interface Entry<T> {
  value: T;
  lastUsed: number;
}

/**
 * The clients of `createNetatmoApp`, one per user, bounded in count and idle time.
 *
 * "Released" means the cache stops holding the client; a caller that still holds it keeps a
 * working client, and asking for that user again returns the same instance as long as it is
 * alive (a `WeakRef`), so one process never runs two token managers for one user, which could
 * refresh at once and kill each other's refresh token. Once nobody holds it, the garbage
 * collector takes it and its entry. Every call costs O(1) amortised: entries are kept in
 * least-recently-used order and only the oldest are looked at.
 */
export class ClientCache<T extends object> {
  /** Insertion order is use order: the first entry is the least recently used. */
  readonly #live = new Map<string, Entry<T>>();
  readonly #released = new Map<string, WeakRef<T>>();
  readonly #collected = new FinalizationRegistry<string>((key) => {
    if (this.#released.get(key)?.deref() === undefined) this.#released.delete(key);
  });
  readonly #options: ClientCacheOptions;

  constructor(options: ClientCacheOptions) {
    this.#options = options;
  }

  /** Clients held now (released ones not counted). */
  get size(): number {
    return this.#live.size;
  }

  /** The client of `key` if one is alive (cached, or released but still held), without touching it. */
  peek(key: string): T | undefined {
    return this.#live.get(key)?.value ?? this.#released.get(key)?.deref();
  }

  /** The client of `key`, made by `create` when there is none alive. */
  get(key: string, create: () => T): T {
    const now = this.#options.now();
    const entry = this.#live.get(key);
    let value = entry?.value;
    if (entry) this.#live.delete(key);
    else {
      value = this.#released.get(key)?.deref();
      if (value) this.#released.delete(key);
      else value = create();
    }
    this.#live.set(key, { value: value!, lastUsed: now });
    this.#releaseIdle(now);
    return value!;
  }

  /** Releases every client not used for `idleMs`, and the oldest beyond `maxClients`. */
  #releaseIdle(now: number): void {
    for (const [key, entry] of this.#live) {
      const idle = now - entry.lastUsed >= this.#options.idleMs;
      if (!idle && this.#live.size <= this.#options.maxClients) return;
      this.#live.delete(key);
      this.#released.set(key, new WeakRef(entry.value));
      this.#collected.register(entry.value, key);
    }
  }
}
