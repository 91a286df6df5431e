export { runTokenStoreConformance } from './token-store-conformance.js';
export type { TokenStoreConformanceOptions } from './token-store-conformance.js';
export { runRateLimiterConformance } from './rate-limiter-conformance.js';
export type { RateLimiterConformanceContext, RateLimiterConformanceOptions } from './rate-limiter-conformance.js';
export type { ConformanceCheck, ConformanceReport } from './conformance-report.js';
