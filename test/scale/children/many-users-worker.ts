/**
 * One of several processes serving many users through createNetatmoApp on Redis (token stores
 * and limiter). In round r it serves the users u with (u + r) % PROCESSES === INDEX, so each
 * user's tokens move from process to process. Rounds start ROUND_MS apart. Prints { ok, errors }.
 */
import { createNetatmoApp } from '../../../src/index.js';
import { RedisRateLimiter, RedisTokenStore } from '../../../src/redis/index.js';
import { connectRedis, countErrors, finish, readyThenGo, setting } from './worker-kit.js';

const redis = connectRedis();
const timeScale = Number(setting('TIME_SCALE'));
const app = createNetatmoApp({
  clientId: setting('CLIENT_ID'),
  clientSecret: setting('CLIENT_SECRET'),
  baseUrl: setting('FAKE_URL'),
  tokenStoreFor: (userId) => new RedisTokenStore({ redis, key: `many-users:tokens:${userId}` }),
  rateLimiter: new RedisRateLimiter({ redis, timeScale, marginMs: Number(setting('MARGIN_MS')) }),
  appRateLimit: { perTenSeconds: Number(setting('APP_PER_TEN_SECONDS')), perHour: 1_000_000 },
  refreshBufferMs: Number(setting('REFRESH_BUFFER_MS')),
  retry: 0,
});
const events: Record<string, number> = {};
for (const name of ['refreshFailed', 'reauthorizationRequired'] as const) app.on(name, () => void (events[name] = (events[name] ?? 0) + 1));

const users = Number(setting('USERS'));
const processes = Number(setting('PROCESSES'));
const index = Number(setting('INDEX'));
const rounds = Number(setting('ROUNDS'));
const roundMs = Number(setting('ROUND_MS'));
const concurrency = Number(setting('CONCURRENCY'));

await readyThenGo();
const started = Date.now();
let ok = 0;
const errors: unknown[] = [];
for (let round = 0; round < rounds; round++) {
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + round * roundMs - Date.now())));
  const mine = Array.from({ length: users }, (_, user) => user).filter((user) => (user + round) % processes === index);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < mine.length) {
        const user = mine[next++]!;
        await app.forUser(`user-${user}`).station.getStationsData().then(
          () => void ok++,
          (error: unknown) => void errors.push(error),
        );
      }
    }),
  );
}
finish({ ok, errors: countErrors(errors), events }, redis);
