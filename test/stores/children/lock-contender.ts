// Contends for the token file lock from several FileTokenStore instances in this process, and
// logs every entry and exit to a shared file (O_APPEND: one line per write, never interleaved).
// With DIE=1 it finally takes the lock once more and SIGKILLs itself while holding it.
import { appendFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { FileTokenStore } from '../../../src/index.js';

const id = process.env['ID']!;
const log = (line: string): void => appendFileSync(process.env['LOG_FILE']!, `${line}\n`);
const logger = { debug: () => {}, info: () => {}, error: () => {}, warn: (message: string) => log(`break ${id} ${message}`) };
const stores = Array.from({ length: Number(process.env['INSTANCES']) }, () => new FileTokenStore(process.env['TOKEN_FILE']!, { logger, lockTimeoutMs: 120_000 }));
const rounds = Number(process.env['ROUNDS']);

process.stdout.write('ready\n');
// Everyone starts together, once the parent says so.
for await (const line of createInterface({ input: process.stdin })) if (line === 'go') break;

await Promise.all(
  stores.map(async (store, instance) => {
    for (let round = 0; round < rounds; round++) {
      await store.withLock(async () => {
        log(`enter ${id}.${instance}`);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
        log(`exit ${id}.${instance}`);
      });
    }
  }),
);
if (process.env['DIE'] === '1') {
  await stores[0]!.withLock(async () => {
    log(`enter ${id}.0`);
    log(`die ${id}.0`);
    process.kill(process.pid, 'SIGKILL');
    await new Promise(() => {});
  });
}
process.stdout.write('done\n');
process.exit(0);
