/**
 * Your own TokenStore: keep Netatmo tokens wherever your app keeps secrets. Two methods are
 * enough; `withLock` makes processes that share the store refresh once between them.
 *
 * Here the backing service is a tiny async key-value interface (swap in your database, Vault,
 * AWS Secrets Manager, …). Run against the fake: `npx tsx examples/custom-token-store.ts`.
 */
import { pathToFileURL } from 'node:url';
import { createNetatmoClient, type NetatmoClient, type TokenSet, type TokenStore } from 'netatmo-connect';
import { startFakeNetatmo } from 'netatmo-connect/testing';

/** What the store needs from your backend. */
export interface KeyValue {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** A TokenStore on any key-value backend. */
export class KeyValueTokenStore implements TokenStore {
  readonly #kv: KeyValue;
  readonly #key: string;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(kv: KeyValue, key = 'netatmo-tokens') {
    this.#kv = kv;
    this.#key = key;
  }

  async load(): Promise<TokenSet | undefined> {
    const raw = await this.#kv.get(this.#key);
    return raw === undefined ? undefined : (JSON.parse(raw) as TokenSet);
  }

  // Resolve only once the backend has the tokens: the SDK uses a rotated refresh token only after
  // save() resolved, because Netatmo has already killed the previous one.
  async save(tokens: TokenSet): Promise<void> {
    await this.#kv.set(this.#key, JSON.stringify(tokens));
  }

  async clear(): Promise<void> {
    await this.#kv.delete(this.#key);
  }

  // In-process only. For several processes use your backend's lock (a row lock, SET NX in Redis —
  // see RedisTokenStore — or a lease), so one of them refreshes and the others adopt its tokens.
  withLock<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(fn);
    this.#queue = result.catch(() => undefined);
    return result;
  }
}

/** An in-memory KeyValue standing in for a real backend. */
export function memoryKeyValue(): KeyValue & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    get: async (key) => data.get(key),
    set: async (key, value) => void data.set(key, value),
    delete: async (key) => void data.delete(key),
  };
}

/** Uses the client (whose store is a KeyValueTokenStore) and shows what the store holds. */
export async function run(client: NetatmoClient, log: (line: string) => void = console.log): Promise<void> {
  client.on('refreshTokenRotated', ({ previousFingerprint }) => log(`refresh token rotated (was ${previousFingerprint}) and saved to the store`));
  await client.tokens.refresh();
  const { devices } = await client.station.getStationsData();
  const status = await client.tokens.status();
  log(`${devices.length} stations; token ${status.state}, refresh token ${status.refreshTokenFingerprint}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const fake = await startFakeNetatmo();
  const kv = memoryKeyValue();
  const store = new KeyValueTokenStore(kv);
  await store.save(fake.issueTokens());
  const client = createNetatmoClient({ clientId: fake.clientId, clientSecret: fake.clientSecret, baseUrl: fake.url, tokenStore: store });
  await run(client);
  await fake.close();
}
