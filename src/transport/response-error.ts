import { NetatmoApiError, NetatmoAuthError, NetatmoRateLimitError, type NetatmoError } from '../errors.js';
import { parseRetryAfter } from './retry-policy.js';

/** What the transport read of a non-successful answer. */
export interface FailedResponse {
  status: number;
  statusText: string;
  headers: Headers;
  /** The parsed JSON body, or `undefined` when the body was not JSON. */
  json: unknown;
  /** Size of the raw body in bytes, for the message about a non-JSON body. */
  bodyBytes: number;
  contentType: string;
}

/** Codes after which Netatmo wants the caller to slow down: 26 usage limit, 11 concurrency limit. */
const rateLimitCodes = new Set([11, 26]);

/**
 * The one place an HTTP answer becomes an error class. The message names the endpoint, the
 * status and Netatmo's code and text, never a header or a token.
 */
export function errorFromResponse(
  endpoint: string,
  response: FailedResponse,
  now: number,
  redact: (text: string) => string = (text) => text,
): NetatmoError {
  const { status } = response;
  const error = (response.json as { error?: unknown } | undefined)?.error;

  if (typeof error === 'string') {
    // /oauth2/token speaks RFC 6749: {"error":"invalid_grant","error_description":"…"}.
    const oauthError = redact(error);
    const rawDescription = (response.json as { error_description?: unknown }).error_description;
    const description = typeof rawDescription === 'string' ? redact(rawDescription) : undefined;
    if (status === 429 || status >= 500 || oauthError === 'too_many_connections') {
      // Throttled or failed before any grant was decided: not an auth verdict, and safe to retry.
      const text = `${oauthError}${description ? `: ${description}` : ''}`;
      if (oauthError === 'too_many_connections') {
        const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now);
        return new NetatmoRateLimitError(`Netatmo API error on ${endpoint}: HTTP ${status} (${text})`, { status, endpoint, retryAfterMs });
      }
      return apiError(endpoint, response, undefined, text, now);
    }
    return new NetatmoAuthError(
      `Netatmo refused the token request to ${endpoint}: ${oauthError}${description ? ` (${description})` : ''} (HTTP ${status})`,
      { oauthError },
    );
  }

  if (error && typeof error === 'object') {
    const { code, message } = error as { code?: unknown; message?: unknown };
    return apiError(endpoint, response, typeof code === 'number' ? code : undefined, typeof message === 'string' ? redact(message) : undefined, now);
  }
  return apiError(endpoint, response, undefined, undefined, now);
}

function apiError(endpoint: string, response: FailedResponse, code: number | undefined, text: string | undefined, now: number): NetatmoError {
  const { status } = response;
  const what =
    text !== undefined
      ? `${code === undefined ? '' : `code ${code}, `}${text}`
      : response.json === undefined
        ? `${response.statusText || 'no status text'}; the body was not JSON (${response.contentType || 'no content type'}, ${response.bodyBytes} bytes)`
        : response.statusText || 'no error details';
  const message = `Netatmo API error on ${endpoint}: HTTP ${status} (${what})`;
  if (status === 429 || (code !== undefined && rateLimitCodes.has(code))) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now);
    return new NetatmoRateLimitError(message, { status, code, endpoint, retryAfterMs });
  }
  return new NetatmoApiError(message, { status, code, endpoint });
}
