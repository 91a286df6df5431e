/**
 * `netatmo-connect/testing`: a fake Netatmo server for your own tests, the same one the SDK's
 * suite runs against.
 *
 * @module netatmo-connect/testing
 */
export { startFakeNetatmo } from './fake-netatmo.js';
export type { FakeNetatmo, FakeNetatmoOptions, FakeRequestRecord, FakeTokens, QueuedResponse } from './fake-netatmo.js';
export { apiError, fixture, invalidArg, missingParams, ok } from './fake-response.js';
export type { FakeApiRequest, FakeApiRoute, FakeResponse } from './fake-response.js';
// Push and polling: signed webhook delivery, uploads, event history, a clock for watcher tests.
export type { DeliverWebhookOptions, FakeWebhookUrl, WebhookDeliveryRecord } from './webhook-delivery.js';
export type { FakeCameraEvent } from './camera-event-log.js';
export { createVirtualClock } from './virtual-clock.js';
export type { VirtualClock, VirtualClockOptions } from './virtual-clock.js';
// Odd answers on demand (fake.answerWith): null fields, no body, body {}, mistyped values.
export { noBody, oddAnswers } from './odd-answers.js';
export type { AnswerChange, AnswerWithOptions } from './odd-answers.js';

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
