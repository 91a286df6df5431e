import { invalidOption } from '../errors.js';
import { normalizeTokenSet, type TokenSet } from './token-set.js';

/**
 * The latest `expiresAt` a bundled store keeps: 9999-12-31T23:59:59.999Z, the last instant an
 * RFC 3339 time (the token file's `expiry`, Go's format) can write with a four-digit year.
 */
export const LATEST_STORABLE_EXPIRY_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * Checks a set handed to a bundled store's `save()`, before anything is written: the same checks
 * as on load, plus an `expiresAt` and an `issuedAt` every bundled store can write and read back
 * (epoch milliseconds from 0, 1970, to {@link LATEST_STORABLE_EXPIRY_MS}). A time past the Date range would otherwise
 * fail halfway through a write (`toISOString()` throws), and one past year 9999 would be written
 * but refused on the next load, locking the user out.
 *
 * @throws TypeError when `tokens` is not a TokenSet; {@link NetatmoValidationError} naming
 *   `expiresAt` or `issuedAt` when it is out of range.
 * @internal
 */
export function storableTokens(tokens: unknown, where: string): TokenSet {
  if (tokens === null || tokens === undefined) {
    throw new TypeError(`${where}: expected a TokenSet object, got ${String(tokens)}; use clear() to forget the tokens`);
  }
  const normalized = normalizeTokenSet(tokens, where) ?? {};
  for (const field of ['expiresAt', 'issuedAt'] as const) {
    const time = normalized[field];
    if (time !== undefined && !(time >= 0 && time <= LATEST_STORABLE_EXPIRY_MS)) {
      throw invalidOption(
        `${where} ${field}`,
        `${String(time)} is not a time a token store can keep: expected epoch milliseconds from 0 (1970) to ${LATEST_STORABLE_EXPIRY_MS} (9999-12-31). Nothing was written.`,
      );
    }
  }
  return normalized;
}
