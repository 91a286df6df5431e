import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OAuthStateGuard, authErrorFromRedirect, buildAuthorizeUrl, exchangeCode } from '../auth/oauth.js';
import { fingerprint, type TokenSet } from '../auth/token-set.js';
import type { TokenStore } from '../auth/token-store.js';
import { isNetatmoError } from '../errors.js';
import { CliError, UsageError } from './cli-error.js';
import { DEFAULT_PORT } from './connection.js';
import { ExitCode } from './exit-codes.js';
import { formatDuration, isoTime, relativeTime } from './format.js';
import { note, say, sayJson, type CliIo } from './io.js';

/** The only address `login` listens on: the callback never leaves this machine. */
export const LOOPBACK_HOST = '127.0.0.1';

/** What {@link runLoginFlow} needs. */
export interface LoginFlowOptions {
  io: CliIo;
  clientId: string;
  clientSecret: string;
  baseUrl: string;
  scopes: readonly string[];
  /** `--redirect-uri`; by default `http://localhost:<port>/callback`. */
  redirectUri: string | undefined;
  /** `--port`; by default the redirect URI's port, else 8787. `0` picks a free one (tests, demo). */
  port: number | undefined;
  store: TokenStore;
  /** Where the tokens go, for the messages. */
  tokenFile: string;
  timeoutMs: number;
  /** Open the browser (`false` with `--no-open`). */
  open: boolean;
  /** `--json`: the instructions go to stderr and stdout gets one JSON document, {@link tokenSummary}. */
  json?: boolean;
}

/** Where the loopback server listens and what Netatmo redirects to. */
interface Endpoint {
  port: number;
  path: string;
  /** Fixed by `--redirect-uri`, or built from the port once listening. */
  redirectUri: string | undefined;
}

/**
 * The browser login: a one-shot HTTP server on 127.0.0.1, the authorize URL with a fresh state,
 * then the callback. A callback whose state is missing or wrong gets HTTP 400 and the login keeps
 * waiting (it may be a forgery, or a stale tab); the right one is exchanged for tokens, which are
 * saved before the browser hears "done". Resolves to the saved tokens.
 *
 * @throws {@link NetatmoAuthError} when the user declined or the exchange was refused.
 * @throws {@link CliError} on timeout (exit 4), Ctrl-C (130) or a port that is taken (1).
 */
export async function runLoginFlow(options: LoginFlowOptions): Promise<TokenSet> {
  const { io } = options;
  // With --json, stdout carries the result only; the instructions are for the person at the terminal.
  const tell = options.json ? (line?: string) => note(io, line) : (line?: string) => say(io, line);
  const endpoint = resolveEndpoint(options.redirectUri, options.port);
  const guard = new OAuthStateGuard();
  let settle!: { resolve: (tokens: TokenSet) => void; reject: (error: unknown) => void };
  const outcome = new Promise<TokenSet>((resolve, reject) => {
    settle = { resolve, reject };
  });
  let finished = false;
  const finish = (result: { tokens: TokenSet } | { error: unknown }): void => {
    if (finished) return;
    finished = true;
    if ('tokens' in result) settle.resolve(result.tokens);
    else settle.reject(result.error);
  };

  let redirectUri = endpoint.redirectUri ?? '';
  const server = createServer((request, response) => {
    handleRequest(request, response).catch((error: unknown) => {
      respond(response, 500, 'Login failed', `<p>${escapeHtml(error instanceof Error ? error.message : String(error))}</p>`);
      finish({ error });
    });
  });

  async function handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', `http://${LOOPBACK_HOST}`);
    if (request.method !== 'GET' || url.pathname !== endpoint.path) {
      respond(response, 404, 'Not found', `<p>netatmo-connect waits for Netatmo's redirect on <code>${escapeHtml(endpoint.path)}</code>.</p>`);
      return;
    }
    if (finished) {
      respond(response, 409, 'Login already finished', '<p>This login has already finished. Run <code>netatmo-connect login</code> again if needed.</p>');
      return;
    }
    const verdict = guard.consume(url.searchParams.get('state'));
    if (!verdict.ok) {
      const why = verdict.reason === 'missing' ? 'it carries no state' : verdict.reason === 'expired' ? 'its state has expired' : 'its state does not match this login';
      note(io, `Refused a callback (HTTP 400): ${why}. Still waiting for Netatmo's redirect from the URL above.`);
      respond(
        response,
        400,
        'Callback refused',
        `<p>This callback was refused: ${escapeHtml(why)}. It may be forged, or come from an older login.</p><p>netatmo-connect is still waiting: open the URL it printed in the terminal.</p>`,
      );
      return;
    }

    const oauthError = url.searchParams.get('error');
    if (oauthError) {
      const error = authErrorFromRedirect(oauthError, url.searchParams.get('error_description'));
      respond(response, 200, 'Not authorized', `<p>${escapeHtml(error.message)}</p><p>You can close this tab.</p>`, () => finish({ error }));
      return;
    }
    const code = url.searchParams.get('code');
    if (!code) {
      const error = new CliError("Netatmo's redirect carried neither a code nor an error: run login again.", ExitCode.auth);
      respond(response, 400, 'No code', `<p>${escapeHtml(error.message)}</p>`, () => finish({ error }));
      return;
    }

    let tokens: TokenSet;
    try {
      tokens = await exchangeCode({ clientId: options.clientId, clientSecret: options.clientSecret, code, redirectUri, baseUrl: options.baseUrl });
      // Saved before the browser hears "done": a user who closes everything at once keeps the token.
      await options.store.save(tokens);
    } catch (error) {
      const message = isNetatmoError(error) ? error.message : String(error);
      respond(response, 502, 'Login failed', `<p>${escapeHtml(message)}</p><p>The terminal shows what to do next.</p>`, () => finish({ error }));
      return;
    }
    respond(
      response,
      200,
      'Logged in',
      `<p>netatmo-connect is authorized and the token is saved.</p><p><strong>You can close this tab. Login has finished, so the terminal can be closed too.</strong></p>`,
      () => finish({ tokens }),
    );
  }

  await listen(server, endpoint.port);
  const port = (server.address() as AddressInfo).port;
  if (!endpoint.redirectUri) redirectUri = `http://localhost:${port}${endpoint.path}`;

  const timer = setTimeout(() => {
    finish({
      error: new CliError(
        `login timed out after ${formatDuration(options.timeoutMs)} without Netatmo's redirect to ${redirectUri}. Run login again; if the browser showed an error page, check that this redirect URI is set for your app at dev.netatmo.com → My apps.`,
        ExitCode.timeout,
      ),
    });
  }, options.timeoutMs);
  const onAbort = (): void => finish({ error: new CliError('login interrupted; no token was written.', ExitCode.interrupted) });
  io.signal.addEventListener('abort', onAbort, { once: true });

  try {
    const { url } = buildAuthorizeUrl({ clientId: options.clientId, redirectUri, scopes: options.scopes, state: guard.issue(), baseUrl: options.baseUrl });
    tell(`Listening on http://${LOOPBACK_HOST}:${port}${endpoint.path} for Netatmo's redirect to ${redirectUri}`);
    tell('(this redirect URI must be set for your app at dev.netatmo.com → My apps, exactly)');
    tell();
    tell('Open this URL in a browser to authorize netatmo-connect:');
    tell();
    tell(`  ${url}`);
    tell();
    if (options.open) {
      const opened = await io.openBrowser(url);
      if (!opened) note(io, 'Could not start a browser here: open the URL above yourself (or use `auth-url` and `exchange` on a machine without one).');
    }
    tell(`Waiting up to ${formatDuration(options.timeoutMs)} for the browser…`);
    const tokens = await outcome;
    if (options.json) sayJson(io, tokenSummary(tokens, options.tokenFile));
    else reportTokens(io, tokens, options.tokenFile);
    return tokens;
  } finally {
    clearTimeout(timer);
    io.signal.removeEventListener('abort', onAbort);
    await close(server);
  }
}

/** Prints what a login or exchange produced: fingerprints and expiry, never a token. */
export function reportTokens(io: CliIo, tokens: TokenSet, tokenFile: string): void {
  const now = Date.now();
  say(io, `Authorized${tokens.scope?.length ? ` for ${tokens.scope.join(', ')}` : ''}.`);
  if (tokens.expiresAt !== undefined) say(io, `Access token valid until ${isoTime(tokens.expiresAt)} (${relativeTime(tokens.expiresAt, now)}).`);
  say(io, `Refresh token fingerprint: ${fingerprint(tokens.refreshToken)}`);
  say(io, `Token file written: ${tokenFile} (mode 0600)`);
}

/**
 * What `--json` prints after a login, exchange or import: where the tokens went, their scopes and
 * expiry, and fingerprints (never a token).
 */
export function tokenSummary(tokens: TokenSet, tokenFile: string): Record<string, unknown> {
  return {
    tokenFile,
    scope: tokens.scope ?? null,
    expiresAt: tokens.expiresAt === undefined ? null : new Date(tokens.expiresAt).toISOString(),
    accessTokenFingerprint: tokens.accessToken ? fingerprint(tokens.accessToken) : null,
    refreshTokenFingerprint: tokens.refreshToken ? fingerprint(tokens.refreshToken) : null,
  };
}

function resolveEndpoint(redirectUri: string | undefined, port: number | undefined): Endpoint {
  if (redirectUri === undefined) return { port: port ?? DEFAULT_PORT, path: '/callback', redirectUri: undefined };
  const url = new URL(redirectUri);
  if (url.protocol !== 'http:' || (url.hostname !== 'localhost' && url.hostname !== LOOPBACK_HOST)) {
    throw new UsageError(
      `login listens on ${LOOPBACK_HOST} only, so --redirect-uri must be http://localhost:<port>/<path> or http://${LOOPBACK_HOST}:<port>/<path>, got '${redirectUri}'. For another redirect URI, use \`auth-url\` and \`exchange\`.`,
    );
  }
  const uriPort = url.port === '' ? 80 : Number(url.port);
  if (port !== undefined && port !== uriPort) {
    throw new UsageError(`--port ${port} does not match the port of --redirect-uri ${redirectUri} (${uriPort}): give one of them, or the same port in both`);
  }
  return { port: uriPort, path: url.pathname, redirectUri };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(
          new CliError(
            `port ${port} on ${LOOPBACK_HOST} is in use (another login still running?): stop it, or pass --port <n> and set http://localhost:<n>/callback as a redirect URI of your app.`,
          ),
        );
      } else if (error.code === 'EACCES') {
        reject(new CliError(`not allowed to listen on port ${port} on ${LOOPBACK_HOST}: pick a port above 1024 with --port (and the matching redirect URI).`));
      } else {
        reject(new CliError(`cannot listen on ${LOOPBACK_HOST}:${port}: ${error.message}`));
      }
    });
    server.listen(port, LOOPBACK_HOST, () => resolve());
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Browsers keep connections alive; without this the process would linger for seconds.
    server.closeAllConnections();
  });
}

function respond(response: ServerResponse, status: number, title: string, body: string, then?: () => void): void {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · netatmo-connect</title></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', connection: 'close' });
  response.end(html, () => then?.());
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
