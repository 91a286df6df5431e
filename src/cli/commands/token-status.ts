import { FileTokenStore } from '../../auth/file-token-store.js';
import { DEFAULT_TOKEN_LIFETIME_S, tokenState, type TokenState } from '../../auth/token-policy.js';
import { fingerprint, type TokenSet } from '../../auth/token-set.js';
import { DEFAULT_REFRESH_BUFFER_MS } from '../../options/defaults.js';
import type { CommandSpec } from '../command.js';
import { sharedOptions, stderrLogger, tokenFileOf } from '../connection.js';
import { ExitCode } from '../exit-codes.js';
import { isoTime, relativeTime } from '../format.js';
import { say } from '../io.js';

export const tokenStatusCommand: CommandSpec = {
  name: 'token status',
  summary: 'show the token file: expiry, time left, scopes, fingerprints',
  description:
    "Reads the token file without refreshing or calling Netatmo, and shows the SDK's view of it (valid, expiring, expired, missing or reauthorizationRequired, as client.tokens.status() says), when the access token expires and how long it has left, the scopes, and fingerprints of the tokens (8 hex digits that tell tokens apart; never the tokens). Exits 0 when the tokens are usable (a valid access token or a refresh token), 3 when a login is needed.",
  options: {
    'token-file': sharedOptions['token-file'],
    json: { type: 'boolean', description: 'print one JSON object instead of text' },
  },
  examples: ['netatmo-connect token status', 'netatmo-connect token status --json --token-file /etc/netatmo/token.json'],
  async run(context) {
    const { io } = context;
    const tokenFile = tokenFileOf(context);
    const tokens = await new FileTokenStore(tokenFile, { logger: stderrLogger(context) }).load();
    const now = Date.now();
    // The SDK's own policy, with its default refresh buffer: the state a client would act on.
    const state: TokenState = tokenState(tokens, { now, bufferMs: DEFAULT_REFRESH_BUFFER_MS, lifetimeMs: lifetimeOf(tokens) });
    const usable = state === 'valid' || state === 'expiring' || state === 'expired';
    if (context.values['json']) {
      say(
        io,
        JSON.stringify({
          tokenFile,
          present: Boolean(tokens),
          state,
          hasAccessToken: Boolean(tokens?.accessToken),
          hasRefreshToken: Boolean(tokens?.refreshToken),
          expiresAt: tokens?.expiresAt === undefined ? null : new Date(tokens.expiresAt).toISOString(),
          expiresInSeconds: tokens?.expiresAt === undefined ? null : Math.round((tokens.expiresAt - now) / 1000),
          scope: tokens?.scope ?? null,
          accessTokenFingerprint: tokens?.accessToken ? fingerprint(tokens.accessToken) : null,
          refreshTokenFingerprint: tokens?.refreshToken ? fingerprint(tokens.refreshToken) : null,
        }),
      );
      return usable ? ExitCode.ok : ExitCode.auth;
    }
    const row = (label: string, value: string): void => say(io, `${`${label}:`.padEnd(15)}${value}`);
    row('Token file', tokenFile);
    if (!tokens) {
      row('State', STATE_TEXT.missing);
      return ExitCode.auth;
    }
    row('State', STATE_TEXT[state]);
    row('Access token', tokens.accessToken ? `present (fingerprint ${fingerprint(tokens.accessToken)})` : 'none');
    row(
      'Expires',
      tokens.expiresAt === undefined
        ? 'unknown (counts as expired)'
        : `${isoTime(tokens.expiresAt)} (${tokens.expiresAt > now ? `${relativeTime(tokens.expiresAt, now).replace(/^in /, '')} left` : `expired ${relativeTime(tokens.expiresAt, now)}`})`,
    );
    row('Scopes', tokens.scope?.length ? tokens.scope.join(', ') : 'unknown');
    row('Refresh token', tokens.refreshToken ? `present (fingerprint ${fingerprint(tokens.refreshToken)})` : 'none');
    return usable ? ExitCode.ok : ExitCode.auth;
  },
};

/** What each state means to the user, and what to do. */
const STATE_TEXT: Record<TokenState, string> = {
  valid: 'valid',
  expiring: 'expiring: within the refresh buffer; the next call refreshes it first (it works until it expires)',
  expired: 'access token expired or absent; the refresh token gets a new one on next use',
  missing: 'missing: no token in this file; run `netatmo-connect login` (or `token import`)',
  reauthorizationRequired: 'reauthorization required: the access token expired and there is no refresh token; run `netatmo-connect login`',
};

/** The access token's lifetime as a client would judge it: what the file says (`issued_at`), else Netatmo's 3 hours. */
function lifetimeOf(tokens: TokenSet | undefined): number | undefined {
  if (!tokens?.accessToken) return undefined;
  if (tokens.issuedAt !== undefined && tokens.expiresAt !== undefined && tokens.expiresAt > tokens.issuedAt) return tokens.expiresAt - tokens.issuedAt;
  return DEFAULT_TOKEN_LIFETIME_S * 1000;
}
