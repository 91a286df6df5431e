/**
 * What each failure looks like and what to do about it. Run against the fake:
 * `npx tsx examples/error-handling.ts`.
 */
import { pathToFileURL } from 'node:url';
import {
  createNetatmoClient,
  MemoryTokenStore,
  NetatmoApiError,
  NetatmoAuthError,
  NetatmoNetworkError,
  NetatmoRateLimitError,
  NetatmoTimeoutError,
  NetatmoValidationError,
  type NetatmoClient,
} from 'netatmo-connect';
import { startFakeNetatmo } from 'netatmo-connect/testing';

/** Turns any failure of a call into one line a person can act on. */
export function explain(error: unknown): string {
  if (error instanceof NetatmoAuthError) {
    return error.reauthorizationRequired
      ? `log in again (netatmo-connect login): ${error.message}`
      : `check the app credentials: ${error.message}`;
  }
  // Before NetatmoApiError: a rate-limit error is an API error too.
  if (error instanceof NetatmoRateLimitError) return `slow down, retry in ${Math.ceil((error.retryAfterMs ?? 60_000) / 1000)} s`;
  if (error instanceof NetatmoApiError) {
    return error.code === 13 ? 'the token lacks a scope: log in with it' : `Netatmo said no (HTTP ${error.status}, code ${error.code ?? '-'})`;
  }
  if (error instanceof NetatmoValidationError) return `fix the call: ${error.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`;
  if (error instanceof NetatmoTimeoutError || error instanceof NetatmoNetworkError) return `network trouble, try later: ${error.message}`;
  throw error;
}

/** Provokes a few failures on the fake and logs what `explain` makes of them. */
export async function run(client: NetatmoClient, log: (line: string) => void = console.log, fake?: Awaited<ReturnType<typeof startFakeNetatmo>>): Promise<void> {
  const attempt = async (label: string, call: () => Promise<unknown>): Promise<void> => {
    try {
      await call();
      log(`${label}: ok`);
    } catch (error) {
      log(`${label}: ${explain(error)}`);
    }
  };
  fake?.failNext('getstationsdata', 1, { status: 403, code: 13, message: 'Application does not have the good scope rights' });
  await attempt('missing scope', () => client.station.getStationsData({}, { retry: 0 }));
  fake?.failNext('getstationsdata', 1, { status: 429, code: 26, message: 'Maximum api usage reached', headers: { 'retry-after': '120' } });
  await attempt('rate limited', () => client.station.getStationsData({}, { retry: 0 }));
  await attempt('unknown station', () => client.station.getStationsData({ deviceId: '00:00:00:00:00:00' }, { retry: 0 }));
  fake?.revokeRefreshTokens();
  fake?.expireAccessTokens();
  await attempt('dead refresh token', () => client.station.getStationsData());
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const fake = await startFakeNetatmo();
  const client = createNetatmoClient({
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    baseUrl: fake.url,
    tokenStore: new MemoryTokenStore(fake.issueTokens()),
  });
  await run(client, console.log, fake);
  await fake.close();
}
