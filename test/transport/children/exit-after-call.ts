/**
 * Makes one call with a long `timeoutMs` and then has nothing left to do: the process must exit at
 * once, not hold on for the deadline the shared timer still has armed.
 */
import { createNetatmoClient, MemoryTokenStore, type TokenSet } from '../../../src/index.js';

const target = JSON.parse(process.env['TARGET']!) as { url: string; clientId: string; clientSecret: string; tokens: TokenSet };
const client = createNetatmoClient({
  clientId: target.clientId,
  clientSecret: target.clientSecret,
  baseUrl: target.url,
  rateLimit: false,
  timeoutMs: 120_000,
  tokenStore: new MemoryTokenStore(target.tokens),
});
const { devices } = await client.station.getStationsData();
process.stdout.write(`${devices.length}\n`);
