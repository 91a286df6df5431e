/**
 * `netatmo-connect/redis`: a {@link RedisTokenStore} and a {@link RedisRateLimiter} on ioredis,
 * for services that run on several processes or machines. ioredis is an optional peer
 * dependency; only this entry refers to it.
 *
 * @module netatmo-connect/redis
 */
export { RedisTokenStore } from './redis-token-store.js';
export type { RedisTokenStoreOptions } from './redis-token-store.js';
export { RedisRateLimiter } from './redis-rate-limiter.js';
export type { RedisRateLimiterOptions } from './redis-rate-limiter.js';
