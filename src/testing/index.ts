/**
 * `netatmo-connect/testing`: a fake Netatmo server for your own tests, the same one the SDK's
 * suite runs against.
 *
 * @module
 */
export { startFakeNetatmo } from './fake-netatmo.js';
export type { FakeNetatmo, FakeNetatmoOptions, FakeRequestRecord, FakeTokens, QueuedResponse } from './fake-netatmo.js';
export { apiError, fixture, invalidArg, missingParams, ok } from './fake-response.js';
export type { FakeApiRequest, FakeApiRoute, FakeResponse } from './fake-response.js';

// Conformance suites for people who write their own TokenStore or RateLimiter.
export { runRateLimiterConformance, runTokenStoreConformance } from './conformance/index.js';
export type {
  ConformanceCheck,
  ConformanceReport,
  RateLimiterConformanceContext,
  RateLimiterConformanceOptions,
  TokenStoreConformanceOptions,
} from './conformance/index.js';

// Netatmo's rate limits in the fake (per user and per app).
export type { FakeLimitsOptions, FakeLimitViolations } from './limits.js';
