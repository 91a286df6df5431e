/**
 * The first token from your own app: the authorization-code flow with `buildAuthorizeUrl` and
 * `exchangeCode`, saved with a FileTokenStore, then used by a client. This is what
 * `netatmo-connect login` does; do it yourself when your app has its own web server.
 *
 * Run against the fake (which approves at once): `npx tsx examples/login-and-store.ts`.
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildAuthorizeUrl, createNetatmoClient, exchangeCode, FileTokenStore, type NetatmoClient } from 'netatmo-connect';
import { startFakeNetatmo } from 'netatmo-connect/testing';

/** What {@link login} needs. */
export interface LoginOptions {
  clientId: string;
  clientSecret: string;
  tokenFile: string;
  /** Opens the authorize URL: a browser, or print it for the user. */
  openUrl: (url: string) => void;
  /** @default 'https://api.netatmo.com' */
  baseUrl?: string;
}

/**
 * Serves one callback on 127.0.0.1, sends the user to Netatmo, checks the state, exchanges the
 * code and saves the tokens. A callback with another state gets 400 and the wait goes on.
 */
export async function login(options: LoginOptions): Promise<void> {
  let settle!: { resolve: () => void; reject: (error: unknown) => void };
  const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  let redirectUri = '';
  let expectedState = '';
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    // The state proves the callback answers *our* authorize URL (CSRF): compare it first, in
    // constant time, so response timing tells a forger nothing.
    const given = Buffer.from(url.searchParams.get('state') ?? '');
    const expected = Buffer.from(expectedState);
    if (url.pathname !== '/callback' || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      response.writeHead(400).end('Unknown or missing state');
      return;
    }
    const code = url.searchParams.get('code');
    if (!code) {
      response.writeHead(400).end(`Not authorized: ${url.searchParams.get('error') ?? 'no code'}`);
      settle.reject(new Error(url.searchParams.get('error') ?? 'no code'));
      return;
    }
    exchangeCode({ clientId: options.clientId, clientSecret: options.clientSecret, code, redirectUri, ...(options.baseUrl && { baseUrl: options.baseUrl }) })
      // Save before telling the browser: the refresh token exists only here.
      .then((tokens) => new FileTokenStore(options.tokenFile).save(tokens))
      .then(() => {
        response.end('Logged in. You can close this tab.');
        settle.resolve();
      }, (error: unknown) => {
        response.writeHead(502).end(error instanceof Error ? error.message : String(error));
        settle.reject(error);
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  redirectUri = `http://localhost:${(server.address() as AddressInfo).port}/callback`;
  const { url, state } = buildAuthorizeUrl({
    clientId: options.clientId,
    redirectUri,
    scopes: ['read_station'],
    ...(options.baseUrl && { baseUrl: options.baseUrl }),
  });
  expectedState = state;
  options.openUrl(url);
  try {
    await done;
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

/** Uses the stored tokens through a client. */
export async function run(client: NetatmoClient, log: (line: string) => void = console.log): Promise<void> {
  const { devices } = await client.station.getStationsData();
  const status = await client.tokens.status();
  log(`${devices.length} stations; token ${status.state}, refresh token ${status.refreshTokenFingerprint}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const fake = await startFakeNetatmo({ autoApprove: true });
  const folder = await mkdtemp(join(tmpdir(), 'netatmo-example-'));
  const tokenFile = join(folder, 'netatmo-token.json');
  // Stands in for the user's browser: follows Netatmo's redirect back to the callback.
  const openUrl = (url: string): void => void fetch(url);
  await login({ clientId: fake.clientId, clientSecret: fake.clientSecret, tokenFile, openUrl, baseUrl: fake.url });
  const client = createNetatmoClient({ clientId: fake.clientId, clientSecret: fake.clientSecret, baseUrl: fake.url, tokenStore: new FileTokenStore(tokenFile) });
  await run(client);
  await fake.close();
  await rm(folder, { recursive: true, force: true });
}
