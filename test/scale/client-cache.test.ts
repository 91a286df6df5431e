import { expect, test } from 'vitest';
import { ClientCache } from '../../src/app/client-cache.js';
import { manualClock } from '../helpers/setup.js';

test('the same user gets the same client while it is cached', () => {
  const clock = manualClock();
  const cache = new ClientCache<{ user: string }>({ maxClients: 10, idleMs: 60_000, now: clock.now });
  let created = 0;
  const make = (user: string) => () => (created++, { user });
  const first = cache.get('alice', make('alice'));
  expect(cache.get('alice', make('alice'))).toBe(first);
  expect(cache.get('bob', make('bob'))).not.toBe(first);
  expect(created).toBe(2);
});

test('idle clients are released; one still held by a caller comes back as the same instance', () => {
  const clock = manualClock();
  const cache = new ClientCache<{ user: string }>({ maxClients: 10, idleMs: 60_000, now: clock.now });
  const held = cache.get('alice', () => ({ user: 'alice' }));
  cache.get('bob', () => ({ user: 'bob' }));
  clock.advance(60_000);
  cache.get('carol', () => ({ user: 'carol' }));
  expect(cache.size).toBe(1);

  // Two token managers for one user in one process could refresh at once: never.
  expect(cache.get('alice', () => ({ user: 'a second alice' }))).toBe(held);
  expect(cache.size).toBe(2);
});

test('beyond maxClients the least recently used are released, so the cache stays bounded', () => {
  const clock = manualClock();
  const cache = new ClientCache<{ user: number }>({ maxClients: 100, idleMs: 3_600_000, now: clock.now });
  for (let user = 0; user < 1000; user++) {
    cache.get(String(user), () => ({ user }));
    clock.advance(1);
  }
  expect(cache.size).toBe(100);
});
