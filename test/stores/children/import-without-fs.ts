// Run with block-node-builtins.mjs preloaded: the main entry must import, and only using the
// FileTokenStore may reach for node:fs.
const sdk = await import('../../../src/index.js');
const store = new sdk.FileTokenStore('token.json');
sdk.createNetatmoClient({ clientId: 'id', clientSecret: 'secret', tokenStore: new sdk.MemoryTokenStore() });
process.stdout.write(`imported ${typeof sdk.FileTokenStore}\n`);
const outcome = await store.load().then(
  () => 'loaded',
  (error: unknown) => (error instanceof Error ? error.message : String(error)),
);
process.stdout.write(`${outcome}\n`);
