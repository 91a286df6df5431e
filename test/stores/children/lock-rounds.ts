// Takes the token file lock once per 'go' line on stdin, logging entry, exit and any lock it
// broke to a shared file (O_APPEND), and answers 'done' each time.
import { appendFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { FileTokenStore } from '../../../src/index.js';

const id = process.env['ID']!;
const log = (line: string): void => appendFileSync(process.env['LOG_FILE']!, `${line}\n`);
const logger = { debug: () => {}, info: () => {}, error: () => {}, warn: (message: string) => log(`break ${id} ${message}`) };
const store = new FileTokenStore(process.env['TOKEN_FILE']!, { logger, lockTimeoutMs: 60_000 });

process.stdout.write('ready\n');
for await (const line of createInterface({ input: process.stdin })) {
  if (line !== 'go') continue;
  await store.withLock(async () => {
    log(`enter ${id}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
    log(`exit ${id}`);
  });
  process.stdout.write('done\n');
}
