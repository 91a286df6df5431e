import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { FileTokenStore, MemoryTokenStore, type TokenSet } from '../../src/index.js';
import { tempDir } from './helpers.js';
import { expectBadExpiriesRefused, expectEveryExpiryRoundTrips, expectHostileCallsReject, SET } from './store-contract.js';

describe('MemoryTokenStore keeps the contract', () => {
  test('every expiresAt from now to a year and a day ahead (200 generated, and the edges) saves and loads exactly', async () => {
    await expectEveryExpiryRoundTrips(new MemoryTokenStore(), 200);
  });

  test('a non-finite, out-of-range or non-number expiresAt is refused (a rejected promise) and the previous set is kept', async () => {
    const store = new MemoryTokenStore();
    await expectBadExpiriesRefused(store, () => store.load());
  });

  test('hostile calls (bad sets, no function, no this) reject, none throws synchronously', async () => {
    await expectHostileCallsReject(new MemoryTokenStore());
  });
});

describe('FileTokenStore keeps the contract', () => {
  test('every expiresAt from now to a year and a day ahead (100 generated, and the edges) saves and loads exactly', async () => {
    await expectEveryExpiryRoundTrips(new FileTokenStore(join(await tempDir(), 'token.json')), 100);
  });

  test('a non-finite, out-of-range or non-number expiresAt is refused before the file is touched: same bytes, no temp file', async () => {
    const path = join(await tempDir(), 'token.json');
    const store = new FileTokenStore(path);
    await expectBadExpiriesRefused(store, async () => ({ bytes: await readFile(path, 'utf8'), files: await readdir(join(path, '..')) }));
  });

  test('a fractional expiresAt is kept to the whole millisecond (what the expiry field holds)', async () => {
    const store = new FileTokenStore(join(await tempDir(), 'token.json'));
    await store.save({ ...SET, expiresAt: 1_780_000_000_123.75 });
    expect((await store.load())?.expiresAt).toBe(1_780_000_000_123);
  });

  test('hostile calls (bad sets, no function, no this) reject, none throws synchronously; nothing is left in the folder but the file', async () => {
    const path = join(await tempDir(), 'token.json');
    await expectHostileCallsReject(new FileTokenStore(path));
    expect(await readdir(join(path, '..'))).toEqual(['token.json']);
  });

  test('bad paths: every method of a store on a path that cannot work rejects with an error naming the path', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'a-file'), '');
    const paths = [join(dir, 'a-file', 'token.json'), '/proc/nope/token.json', '/dev/null/token.json', `${dir}/\u0000nul.json`];
    for (const path of paths) {
      const store = new FileTokenStore(path, { lockTimeoutMs: 2_000 });
      for (const [label, call] of [
        ['save', () => store.save(SET)],
        ['withLock', () => store.withLock(async () => 'never')],
      ] as const) {
        let pending: Promise<unknown> | undefined;
        expect(() => (pending = call()), `${label} ${path}`).not.toThrow();
        const error = await pending!.then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(error, `${label} ${path}`).toBeInstanceOf(Error);
        expect((error as Error).message, `${label} ${path}`).toContain(path.includes('\u0000') ? 'nul.json' : path);
      }
      // Loading finds nothing there, or fails naming the file.
      await store.load().then(
        (loaded) => expect(loaded).toBeUndefined(),
        (error: unknown) => expect(error).toBeInstanceOf(Error),
      );
    }
  });

  test('odd but valid paths (spaces, unicode, a leading dash, a new folder two levels down) save, lock and load', async () => {
    const dir = await tempDir();
    for (const path of [join(dir, 'with space', 'tøken (1).json'), join(dir, '-dash.json'), join(dir, 'a', 'b', '.hidden.json')]) {
      const store = new FileTokenStore(path);
      await store.withLock(() => store.save(SET));
      expect(await new FileTokenStore(path).load()).toEqual(SET);
    }
  });

  test('50 concurrent saves outside the lock from 10 instances: the file holds one whole set, no temp file is left', async () => {
    const path = join(await tempDir(), 'token.json');
    const stores = Array.from({ length: 10 }, () => new FileTokenStore(path));
    const sets: TokenSet[] = Array.from({ length: 50 }, (_, index) => ({ ...SET, accessToken: `access-${index}|x`, refreshToken: `refresh-${index}|y` }));
    await Promise.all(sets.map((set, index) => stores[index % 10]!.save(set)));
    const loaded = await new FileTokenStore(path).load();
    const index = sets.findIndex((set) => set.accessToken === loaded?.accessToken);
    expect(loaded).toEqual(sets[index]);
    expect(await readdir(join(path, '..'))).toEqual(['token.json']);
  });

  test('50 saves under the lock from 10 instances: the file holds the last one, and each save used the room reserved for it', async () => {
    const path = join(await tempDir(), 'token.json');
    const stores = Array.from({ length: 10 }, () => new FileTokenStore(path));
    const sets: TokenSet[] = Array.from({ length: 50 }, (_, index) => ({ ...SET, refreshToken: `refresh-${index}|y` }));
    await Promise.all(sets.map((set, index) => stores[index % 10]!.withLock(() => stores[index % 10]!.save(set))));
    expect(await new FileTokenStore(path).load()).toEqual(sets[49]);
    expect(await readdir(join(path, '..'))).toEqual(['token.json']);
  });
});
