import { NetatmoApiError } from '../errors.js';
import type { Transport, TransportRequest } from '../transport/transport.js';
import type { TokenSource } from './token-manager.js';

/** A transport request minus the `Authorization` header and secrets, which this layer adds. */
export type UnauthorizedRequest = Omit<TransportRequest, 'headers' | 'secrets'>;

/** Sends a request with the bearer token; what endpoint classes and `client.request()` call. */
export type AuthorizedRequest = (request: UnauthorizedRequest) => Promise<unknown>;

/** 403 (or 401) with code 2 "invalid access token" or 3 "access token expired". */
function isTokenRejection(error: unknown): error is NetatmoApiError {
  return error instanceof NetatmoApiError && (error.status === 403 || error.status === 401) && (error.code === 2 || error.code === 3);
}

/**
 * Adds `Authorization: Bearer …` and handles the one token failure the API reports: a 403 with
 * code 2 or 3. The request is then retried once with the token the manager hands back (a new one
 * from a forced refresh, or one another caller obtained meanwhile); never twice, and never for
 * code 13 (scope) or 26 (rate limit). With a dead refresh token the manager rejects instead, and
 * the call fails with its `NetatmoAuthError`.
 */
export function createAuthorizedRequest(transport: Transport, tokens: TokenSource): AuthorizedRequest {
  const send = (request: UnauthorizedRequest, accessToken: string): Promise<unknown> =>
    transport.send({ ...request, headers: { authorization: `Bearer ${accessToken}` }, secrets: [accessToken] });

  return async (request) => {
    // A fresh token in hand is used without waiting a turn; else the manager's (shared) wait.
    const accessToken = (request.signal?.aborted ? undefined : tokens.usableNow()) ?? (await tokens.accessToken(request.signal));
    try {
      return await send(request, accessToken);
    } catch (error) {
      if (!isTokenRejection(error)) throw error;
      const retryWith = await tokens.rejected(accessToken, request.signal);
      if (retryWith === undefined) throw error;
      return send(request, retryWith);
    }
  };
}
