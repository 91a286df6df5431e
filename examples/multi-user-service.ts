/**
 * A small multi-user service on one Netatmo app: each user clicks "Connect your Netatmo", logs in
 * at Netatmo, and from then on sees their own station readings. Tokens live in Redis, one key per
 * user; the rate limits (each user's and the app's) are shared in Redis too, so you can run as
 * many copies of this service as you like behind a load balancer: the callback may land on any of
 * them (the state is sealed with the client secret, not kept in a session).
 *
 * Run it: `NETATMO_CLIENT_ID=… NETATMO_CLIENT_SECRET=… REDIS_URL=redis://127.0.0.1:6379 PORT=8787 npx tsx examples/multi-user-service.ts`
 * and register `http://localhost:8787/callback` as a redirect URI of your app at dev.netatmo.com.
 * Scope: `read_station`. Who the user is comes from `?user=` here: put your own login in its place.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import { createNetatmoApp, isNetatmoError, NetatmoAuthError, type NetatmoApp } from 'netatmo-connect';
import { RedisRateLimiter, RedisTokenStore } from 'netatmo-connect/redis';
import { isMain } from './client-from-env.js';
import { describeReadings } from './station-readings.js';

/** Options of {@link startMultiUserService}. */
export interface MultiUserServiceOptions {
  clientId: string;
  clientSecret: string;
  /** A connected ioredis client, shared by every copy of the service. */
  redis: Redis;
  /** Where the service is reached from the browser; the callback is `<publicUrl>/callback`. @default its own address */
  publicUrl?: string;
  /** @default 8787; 0 picks a free port */
  port?: number;
  /** Netatmo's host; tests point it at the fake. @default 'https://api.netatmo.com' */
  baseUrl?: string;
}

/** A running service: its address and a way to stop it. */
export interface MultiUserService {
  url: string;
  app: NetatmoApp;
  close(): Promise<void>;
}

export async function startMultiUserService(options: MultiUserServiceOptions): Promise<MultiUserService> {
  const app = createNetatmoApp({
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    ...(options.baseUrl && { baseUrl: options.baseUrl }),
    tokenStoreFor: (userId) => new RedisTokenStore({ redis: options.redis, key: `netatmo:tokens:${encodeURIComponent(userId)}` }),
    rateLimiter: new RedisRateLimiter({ redis: options.redis }),
    logger: { debug: () => {}, info: () => {}, warn: (line) => console.warn(line), error: (line) => console.error(line) },
  });
  app.on('reauthorizationRequired', ({ userId }) => console.warn(`${userId} must connect their Netatmo account again`));

  let callbackUrl = '';
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      // The SDK's errors never carry a token or the client secret, so they are safe to show.
      const message = isNetatmoError(error) ? error.message : 'Something went wrong.';
      if (!isNetatmoError(error)) console.error(error);
      send(response, error instanceof NetatmoAuthError ? 400 : 502, 'Netatmo said no', `<p>${escapeHtml(message)}</p><p><a href="/">Start again</a></p>`);
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://service.invalid');
    const user = url.searchParams.get('user') ?? '';
    switch (url.pathname) {
      case '/':
        return send(response, 200, 'Netatmo readings', '<form action="/connect"><label>Your name <input name="user" required></label> <button>Connect your Netatmo</button></form>');
      case '/connect': {
        if (!user) return send(response, 400, 'Who are you?', '<p>Add <code>?user=yourname</code>.</p>');
        const { url: authorizeUrl } = app.authorizeUrl({ userId: user, redirectUri: callbackUrl, scopes: ['read_station'] });
        response.writeHead(302, { location: authorizeUrl }).end();
        return;
      }
      case '/callback': {
        const denied = url.searchParams.get('error');
        if (denied) return send(response, 400, 'Not connected', `<p>Netatmo answered ${escapeHtml(denied)}.</p><p><a href="/">Start again</a></p>`);
        const { userId } = await app.completeAuthorization({
          state: url.searchParams.get('state') ?? '',
          code: url.searchParams.get('code') ?? '',
          redirectUri: callbackUrl,
        });
        response.writeHead(302, { location: `/readings?user=${encodeURIComponent(userId)}` }).end();
        return;
      }
      case '/readings': {
        if (!user) return send(response, 400, 'Who are you?', '<p>Add <code>?user=yourname</code>.</p>');
        const { devices } = await app.forUser(user).station.getStationsData();
        const items = devices.flatMap((station) => [
          `<li>${escapeHtml(station.station_name ?? station._id)}: ${escapeHtml(describeReadings(station.dashboard_data))}</li>`,
          ...(station.modules ?? []).map((module) => `<li>${escapeHtml(module.module_name ?? module._id)}: ${escapeHtml(describeReadings(module.dashboard_data))}</li>`),
        ]);
        return send(response, 200, `Readings of ${user}`, `<ul>${items.join('')}</ul>`);
      }
      default:
        return send(response, 404, 'Not found', '');
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8787, '127.0.0.1', () => resolve());
  });
  const own = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  callbackUrl = `${options.publicUrl ?? own}/callback`;
  return { url: own, app, close: () => closeServer(server) };
}

function send(response: ServerResponse, status: number, title: string, body: string): void {
  response
    .writeHead(status, { 'content-type': 'text/html; charset=utf-8' })
    .end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

if (isMain(import.meta.url)) {
  const { NETATMO_CLIENT_ID, NETATMO_CLIENT_SECRET, REDIS_URL = 'redis://127.0.0.1:6379', PORT = '8787', PUBLIC_URL } = process.env;
  if (!NETATMO_CLIENT_ID || !NETATMO_CLIENT_SECRET) {
    console.error('Set NETATMO_CLIENT_ID and NETATMO_CLIENT_SECRET (and REDIS_URL, PORT, PUBLIC_URL if not the defaults).');
    process.exit(1);
  }
  const { Redis } = await import('ioredis');
  const service = await startMultiUserService({
    clientId: NETATMO_CLIENT_ID,
    clientSecret: NETATMO_CLIENT_SECRET,
    redis: new Redis(REDIS_URL),
    port: Number(PORT),
    ...(PUBLIC_URL && { publicUrl: PUBLIC_URL }),
  });
  console.log(`Open ${PUBLIC_URL ?? service.url.replace('127.0.0.1', 'localhost')}/`);
}
