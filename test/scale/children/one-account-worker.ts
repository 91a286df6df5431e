/**
 * One of several processes on one Netatmo account: RedisTokenStore + RedisRateLimiter, CONCURRENCY
 * calls in flight, as fast as the limiter lets them, for DURATION_MS. Prints { ok, errors }.
 */
import { createNetatmoClient } from '../../../src/index.js';
import { RedisRateLimiter, RedisTokenStore } from '../../../src/redis/index.js';
import { connectRedis, countErrors, finish, readyThenGo, setting } from './worker-kit.js';

const redis = connectRedis();
const client = createNetatmoClient({
  clientId: setting('CLIENT_ID'),
  clientSecret: setting('CLIENT_SECRET'),
  baseUrl: setting('FAKE_URL'),
  tokenStore: new RedisTokenStore({ redis, key: 'one-account:tokens' }),
  rateLimiter: new RedisRateLimiter({ redis, timeScale: Number(setting('TIME_SCALE')), marginMs: Number(setting('MARGIN_MS')) }),
  retry: 0,
});

await readyThenGo();
const stop = AbortSignal.timeout(Number(setting('DURATION_MS')));
let ok = 0;
const errors: unknown[] = [];
async function loop(): Promise<void> {
  while (!stop.aborted) {
    await client.station.getStationsData({}, { signal: stop }).then(
      () => void ok++,
      (error: unknown) => {
        // Calls still waiting for a slot when the run ends are aborted: not failures.
        if (!stop.aborted) errors.push(error);
      },
    );
  }
}
await Promise.all(Array.from({ length: Number(setting('CONCURRENCY')) }, loop));
finish({ ok, errors: countErrors(errors) }, redis);
