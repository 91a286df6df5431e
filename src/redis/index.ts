/**
 * `netatmo-connect/redis`: a {@link RedisTokenStore} on ioredis, for services that run on several
 * machines. ioredis is an optional peer dependency; only this entry refers to it.
 *
 * @module netatmo-connect/redis
 */
export { RedisTokenStore } from './redis-token-store.js';
export type { RedisTokenStoreOptions } from './redis-token-store.js';
