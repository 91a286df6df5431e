/**
 * The fake Netatmo in its own process for `npm run bench`, so its work (JSON, the request log,
 * garbage) lands on another core and another heap than the client being measured. It prints its
 * address as one JSON line, then answers one JSON command per stdin line.
 */
import { createInterface } from 'node:readline';
import { startFakeNetatmo } from '../../src/testing/index.js';

const fake = await startFakeNetatmo();
process.stdout.write(`${JSON.stringify({ url: fake.url, clientId: fake.clientId, clientSecret: fake.clientSecret })}\n`);

for await (const line of createInterface({ input: process.stdin })) {
  const { id, op, arg } = JSON.parse(line) as { id: number; op: 'issueTokens' | 'count' | 'clearRequests' | 'close'; arg?: string };
  let result: unknown = null;
  if (op === 'issueTokens') result = fake.issueTokens();
  else if (op === 'count') result = fake.count(arg);
  else if (op === 'clearRequests') fake.clearRequests();
  else await fake.close();
  process.stdout.write(`${JSON.stringify({ id, result })}\n`);
  if (op === 'close') break;
}
