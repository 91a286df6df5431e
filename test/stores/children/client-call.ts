// A client on a token file, against the fake Netatmo the parent started. Says 'ready', waits for
// 'go' on stdin, calls getStationsData once, and prints what happened as one JSON line.
import { createInterface } from 'node:readline';
import { createNetatmoClient, FileTokenStore } from '../../../src/index.js';

const env = (name: string): string => process.env[name] ?? '';
const client = createNetatmoClient({
  clientId: env('NETATMO_CLIENT_ID'),
  clientSecret: env('NETATMO_CLIENT_SECRET'),
  baseUrl: env('NETATMO_BASE_URL'),
  tokenStore: new FileTokenStore(env('NETATMO_TOKEN_FILE')),
  rateLimit: false,
  retry: { retries: 2, minTimeoutMs: 1, maxTimeoutMs: 5 },
});
const events: string[] = [];
for (const name of ['tokenRefreshed', 'refreshFailed', 'reauthorizationRequired'] as const) {
  client.on(name, () => {
    events.push(name);
  });
}

const lines = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
for await (const line of lines) {
  if (line !== 'go') continue;
  let error: string | undefined;
  try {
    await client.station.getStationsData();
  } catch (caught) {
    error = String(caught);
  }
  const status = await client.tokens.status();
  process.stdout.write(
    `${JSON.stringify({ error, events, state: status.state, access: status.accessTokenFingerprint, refresh: status.refreshTokenFingerprint })}\n`,
  );
  break;
}
lines.close();
