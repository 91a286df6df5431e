/**
 * Soak worker: one client on a shared store (file or Redis) making CALLS calls spread over
 * DURATION_MS, through several token lifetimes. Prints { ok, errors, events }.
 */
import { createNetatmoClient, FileTokenStore, type TokenStore } from '../../../src/index.js';
import { RedisTokenStore } from '../../../src/redis/index.js';
import { connectRedis, countErrors, finish, readyThenGo, setting } from './worker-kit.js';

const redis = setting('STORE') === 'redis' ? connectRedis() : undefined;
const store: TokenStore = redis ? new RedisTokenStore({ redis, key: setting('REDIS_KEY') }) : new FileTokenStore(setting('TOKEN_FILE'));
const client = createNetatmoClient({
  clientId: setting('CLIENT_ID'),
  clientSecret: setting('CLIENT_SECRET'),
  baseUrl: setting('FAKE_URL'),
  tokenStore: store,
  refreshBufferMs: Number(setting('REFRESH_BUFFER_MS')),
  rateLimit: false,
  retry: { retries: 2, minTimeoutMs: 5, maxTimeoutMs: 50 },
});
const events: Record<string, number> = {};
for (const name of ['tokenRefreshed', 'refreshFailed', 'reauthorizationRequired'] as const) {
  client.on(name, () => void (events[name] = (events[name] ?? 0) + 1));
}

await readyThenGo();
const calls = Number(setting('CALLS'));
const spacingMs = Number(setting('DURATION_MS')) / calls;
const started = Date.now();
let ok = 0;
const errors: unknown[] = [];
for (let index = 0; index < calls; index++) {
  await client.station.getStationsData().then(
    () => void ok++,
    (error: unknown) => void errors.push(error),
  );
  const next = started + (index + 1) * spacingMs;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
}
finish({ ok, errors: countErrors(errors), events }, redis);
