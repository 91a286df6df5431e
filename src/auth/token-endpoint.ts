import { NetatmoAuthError, NetatmoValidationError } from '../errors.js';
import type { Transport } from '../transport/transport.js';
import { sanitizeExpiresIn } from './token-policy.js';
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

/** What one token request needs besides the grant. */
export interface TokenRequestContext {
  transport: Transport;
  credentials: ClientCredentials;
  /** The clock, in epoch ms: `expiresAt` counts from when the request started. */
  now: () => number;
  /** Other secrets the caller holds (the current access token), kept out of error messages. */
  alsoSecret?: readonly (string | undefined)[];
  signal?: AbortSignal | undefined;
}

/** A token answer turned into a set, with the lifetime it was given. */
export type IssuedTokens =
  | {
      ok: true;
      tokens: TokenSet & { accessToken: string; expiresAt: number };
      /** The access token's lifetime in ms (sanitised `expires_in`). */
      lifetimeMs: number;
    }
  | {
      /** The answer had no usable access token. */
      ok: false;
      error: NetatmoAuthError;
      /** A new refresh token that came anyway: Netatmo has killed the old one, so it must be saved. */
      rotated: TokenSet | undefined;
    };

/**
 * POSTs one grant to `/oauth2/token` and turns the answer into a {@link TokenSet}.
 *
 * `expiresAt` counts from when the request started, not from when the answer arrived, so a slow
 * answer can only make the SDK refresh early, never late; `expires_in` is sanitised (see
 * `sanitizeExpiresIn`). A response without `refresh_token` keeps the one that was sent. Nothing
 * here can throw on odd data once Netatmo has answered with tokens: the caller saves them next.
 * The request is not replayed after a timeout: the server may already have rotated the token.
 */
export async function requestTokens(context: TokenRequestContext, grant: TokenGrant): Promise<IssuedTokens> {
  const startedAt = context.now();
  const sentRefreshToken = grant.grant_type === 'refresh_token' ? grant.refresh_token : undefined;
  const answer = await context.transport.send({
    endpoint: 'oauth2/token',
    path: '/oauth2/token',
    method: 'POST',
    form: { ...grant, client_id: context.credentials.clientId, client_secret: context.credentials.clientSecret },
    response: 'json',
    secrets: [context.credentials.clientSecret, sentRefreshToken ?? (grant as { code?: string }).code, ...(context.alsoSecret ?? [])],
    replaySafe: false,
    // Netatmo rotates on this answer: nothing of the user's may run before the caller saves it.
    answerFirst: true,
    signal: context.signal,
  });
  return parseTokenAnswer(answer, startedAt, sentRefreshToken);
}

/** Turns Netatmo's token answer into an {@link IssuedTokens}; see {@link requestTokens}. */
export function parseTokenAnswer(answer: unknown, startedAt: number, sentRefreshToken: string | undefined): IssuedTokens {
  const body = (answer !== null && typeof answer === 'object' ? answer : {}) as Record<string, unknown>;
  const accessToken = nonEmptyString(body['access_token']);
  const refreshToken = nonEmptyString(body['refresh_token']) ?? sentRefreshToken;
  if (accessToken === undefined) {
    return {
      ok: false,
      error: new NetatmoAuthError('Netatmo answered the token request without an access_token', {
        cause: new NetatmoValidationError('unexpected /oauth2/token answer', [{ path: 'access_token', message: 'missing or not a string' }]),
      }),
      rotated: refreshToken !== undefined && refreshToken !== sentRefreshToken ? { refreshToken } : undefined,
    };
  }
  // Netatmo sends both `expires_in` and the legacy `expire_in` (seconds).
  const lifetimeMs = sanitizeExpiresIn(body['expires_in'] ?? body['expire_in']) * 1000;
  const scope = parseScope(body['scope']);
  return {
    ok: true,
    tokens: {
      accessToken,
      ...(refreshToken !== undefined && { refreshToken }),
      expiresAt: startedAt + lifetimeMs,
      issuedAt: startedAt,
      ...(scope && { scope }),
    },
    lifetimeMs,
  };
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Netatmo answers a JSON array; RFC 6749 servers a space-separated string. */
function parseScope(scope: unknown): string[] | undefined {
  if (Array.isArray(scope)) return scope.filter((item): item is string => typeof item === 'string');
  if (typeof scope === 'string') return scope.split(/[\s,]+/).filter(Boolean);
  return undefined;
}
