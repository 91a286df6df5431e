/**
 * netatmo-connect: a typed client for the Netatmo Connect API with tokens that take care of
 * themselves.
 *
 * Left out on purpose: the fake server (`netatmo-connect/testing`), the Redis store
 * (`netatmo-connect/redis`) and the CLI live in their own entries, so this one never loads
 * `node:http`, ioredis or the CLI.
 *
 * @module
 */
export { createNetatmoClient } from './client.js';
export type { NetatmoClient, NetatmoClientOptions, RawRequestOptions } from './client.js';

export { MemoryTokenStore } from './auth/memory-token-store.js';
export { fingerprint } from './auth/token-set.js';
export type { TokenSet } from './auth/token-set.js';
export type { TokenStore } from './auth/token-store.js';
export type { TokenManager, TokenStatus } from './auth/token-manager.js';

export {
  NetatmoError,
  NetatmoApiError,
  NetatmoRateLimitError,
  NetatmoAuthError,
  NetatmoValidationError,
  NetatmoNetworkError,
  NetatmoTimeoutError,
  isNetatmoError,
} from './errors.js';
export type {
  NetatmoErrorOptions,
  NetatmoApiErrorDetails,
  NetatmoRateLimitErrorDetails,
  NetatmoAuthErrorDetails,
  ValidationIssue,
} from './errors.js';

export type { NetatmoEvents, NetatmoEventName, NetatmoEventHandler, RefreshReason } from './events.js';
export type { Logger } from './logger.js';
export type { RetryOptions } from './transport/retry-policy.js';
export type { RateLimitOptions } from './transport/rate-budget.js';
export type { WireParams, WireValue } from './transport/wire-params.js';
export type { RequestOptions } from './api/request-options.js';

export { StationApi } from './api/station/station-api.js';
export type { GetStationsDataParams } from './api/station/station-api.js';
export type { DashboardData, Station, StationModule, StationsData } from './api/station/schemas.js';
