/** Every default of the client, in one place. */

/** Host of both `/oauth2/*` and `/api/*`. */
export const DEFAULT_BASE_URL = 'https://api.netatmo.com';

/** Timeout of each attempt, in ms. */
export const DEFAULT_TIMEOUT_MS = 15_000;

/** Refresh this long before the access token expires, in ms (clamped to half its lifetime). */
export const DEFAULT_REFRESH_BUFFER_MS = 60_000;

/**
 * Largest answer read, in bytes: far above Netatmo's largest JSON answers (a few hundred kB for a
 * big `homesdata`) and a camera picture (well under 2 MB).
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** Longest timer a JavaScript runtime can set (2^31 − 1 ms, about 24.8 days). */
export const MAX_TIMER_MS = 2_147_483_647;
