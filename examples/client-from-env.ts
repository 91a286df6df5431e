/**
 * Shared by the examples when run as scripts against your real account: a client from
 * `NETATMO_CLIENT_ID`, `NETATMO_CLIENT_SECRET` and the token file `netatmo-connect login` wrote
 * (`NETATMO_TOKEN_FILE`, default `./netatmo-token.json`).
 */
import { pathToFileURL } from 'node:url';
import { createNetatmoClient, FileTokenStore, type NetatmoClient } from 'netatmo-connect';

/** True when `moduleUrl` (pass `import.meta.url`) is the script Node was started with. */
export function isMain(moduleUrl: string): boolean {
  return Boolean(process.argv[1]) && moduleUrl === pathToFileURL(process.argv[1]!).href;
}

/** The client, or an exit with a hint when the credentials are not set. */
export function clientFromEnv(): NetatmoClient {
  const { NETATMO_CLIENT_ID, NETATMO_CLIENT_SECRET, NETATMO_TOKEN_FILE = './netatmo-token.json' } = process.env;
  if (!NETATMO_CLIENT_ID || !NETATMO_CLIENT_SECRET) {
    console.error('Set NETATMO_CLIENT_ID and NETATMO_CLIENT_SECRET, and NETATMO_TOKEN_FILE (made by `netatmo-connect login`).');
    process.exit(1);
  }
  return createNetatmoClient({ clientId: NETATMO_CLIENT_ID, clientSecret: NETATMO_CLIENT_SECRET, tokenStore: new FileTokenStore(NETATMO_TOKEN_FILE) });
}
