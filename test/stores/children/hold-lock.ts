// Takes the token file lock, says so, and holds it until it is killed.
import { FileTokenStore } from '../../../src/index.js';

const store = new FileTokenStore(process.env['TOKEN_FILE']!);
await store.withLock(async () => {
  process.stdout.write('locked\n');
  await new Promise(() => {});
});
