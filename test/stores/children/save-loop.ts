// Saves two token sets in turn, as fast as it can, each under the lock, until it is killed.
import { FileTokenStore, type TokenSet } from '../../../src/index.js';

const path = process.env['TOKEN_FILE']!;
const sets = JSON.parse(process.env['TOKEN_SETS']!) as [TokenSet, TokenSet];
const store = new FileTokenStore(path, { staleLockMs: 60_000, lockTimeoutMs: 60_000 });

let turn = 0;
for (;;) {
  await store.withLock(() => store.save(sets[turn % 2]!));
  if (turn === 0) process.stdout.write('ready\n');
  turn++;
}
