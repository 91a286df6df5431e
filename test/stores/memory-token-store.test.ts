import { inspect } from 'node:util';
import { expect, test } from 'vitest';
import { fingerprint, MemoryTokenStore } from '../../src/index.js';

const ACCESS = 'memory-access|0123456789abcdef0123456789abcdef';
const REFRESH = 'memory-refresh|fedcba9876543210fedcba9876543210';

test('MemoryTokenStore: util.inspect and JSON.stringify show fingerprints, never a token', () => {
  const store = new MemoryTokenStore({ accessToken: ACCESS, refreshToken: REFRESH, expiresAt: Date.UTC(2026, 0, 1), scope: ['read_station'] });
  for (const printed of [inspect(store), JSON.stringify(store), inspect({ nested: { store } }, { depth: 5 })]) {
    expect(printed).toContain(fingerprint(ACCESS));
    expect(printed).toContain(fingerprint(REFRESH));
    expect(printed).not.toContain(ACCESS);
    expect(printed).not.toContain(REFRESH);
  }
});

test('MemoryTokenStore: load returns a copy, and clear empties the store', async () => {
  const store = new MemoryTokenStore({ refreshToken: REFRESH, scope: ['read_station'] });
  const loaded = await store.load();
  loaded!.scope!.push('write_thermostat');
  expect(await store.load()).toEqual({ refreshToken: REFRESH, scope: ['read_station'] });
  await store.clear();
  expect(await store.load()).toBeUndefined();
  expect(inspect(store)).toBe('MemoryTokenStore {"tokens":"none"}');
});
