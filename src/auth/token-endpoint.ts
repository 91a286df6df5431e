import { NetatmoAuthError, NetatmoValidationError } from '../errors.js';
import type { Transport } from '../transport/transport.js';
import type { TokenSet } from './token-set.js';

/** The app credentials sent with every `/oauth2/token` request (in the form body, never a URL). */
export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

/** The grants this SDK uses. `password` was removed by Netatmo in 2023. */
export type TokenGrant =
  | { grant_type: 'refresh_token'; refresh_token: string }
  | { grant_type: 'authorization_code'; code: string; redirect_uri: string; scope?: string };

/**
 * POSTs one grant to `/oauth2/token` and turns the answer into a {@link TokenSet}.
 *
 * `expiresAt` counts from `requestStartedAt`, not from when the answer arrived, so a slow answer
 * can only make the SDK refresh early, never late. A response without `refresh_token` keeps the
 * one that was sent (`keepRefreshToken`). The request is not replayed after a timeout: the server
 * may already have rotated the refresh token (see `isRetryable`).
 */
export async function requestTokens(
  transport: Transport,
  credentials: ClientCredentials,
  grant: TokenGrant,
  requestStartedAt: number,
  keepRefreshToken?: string,
  /** Other secrets the caller holds (the current access token), kept out of error messages. */
  alsoSecret: readonly (string | undefined)[] = [],
): Promise<TokenSet> {
  const answer = await transport.send({
    endpoint: 'oauth2/token',
    path: '/oauth2/token',
    method: 'POST',
    form: { ...grant, client_id: credentials.clientId, client_secret: credentials.clientSecret },
    response: 'json',
    secrets: [
      credentials.clientSecret,
      'refresh_token' in grant ? grant.refresh_token : grant.code,
      ...alsoSecret.filter((secret): secret is string => Boolean(secret)),
    ],
    replaySafe: false,
    budgeted: false,
  });
  return parseTokenResponse(answer, requestStartedAt, keepRefreshToken);
}

function parseTokenResponse(answer: unknown, requestStartedAt: number, keepRefreshToken: string | undefined): TokenSet {
  const body = (answer ?? {}) as Record<string, unknown>;
  const accessToken = body['access_token'];
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw new NetatmoAuthError('Netatmo answered the token request without an access_token', {
      cause: new NetatmoValidationError('unexpected /oauth2/token answer', [
        { path: 'access_token', message: 'missing or not a string' },
      ]),
    });
  }
  // Netatmo sends both `expires_in` and the legacy `expire_in` (seconds).
  const expiresIn = Number(body['expires_in'] ?? body['expire_in']);
  const refreshToken = typeof body['refresh_token'] === 'string' && body['refresh_token'] !== '' ? body['refresh_token'] : keepRefreshToken;
  const scope = parseScope(body['scope']);
  return {
    accessToken,
    ...(refreshToken !== undefined && { refreshToken }),
    // A missing lifetime counts as expired (design §2.3): the next call refreshes.
    ...(Number.isFinite(expiresIn) && expiresIn > 0 && { expiresAt: requestStartedAt + expiresIn * 1000 }),
    ...(scope && { scope }),
  };
}

/** Netatmo answers a JSON array; RFC 6749 servers a space-separated string. */
function parseScope(scope: unknown): string[] | undefined {
  if (Array.isArray(scope)) return scope.filter((item): item is string => typeof item === 'string');
  if (typeof scope === 'string') return scope.split(/[\s,]+/).filter(Boolean);
  return undefined;
}
