import { expect, test } from 'vitest';
import type { HomeCoachsSnapshot } from '../../src/index.js';
import { createVirtualClock } from '../../src/testing/index.js';
import { clientFor, fakeNetatmo, storeWithTokens } from '../helpers/setup.js';

test('homecoach.watch yields on each upload with the ids of the Home Coaches that have new readings', async () => {
  const clock = createVirtualClock();
  const fake = await fakeNetatmo({ now: clock.now });
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake), now: clock.now });
  const stop = new AbortController();
  fake.uploadReadingsEvery(1000);
  const snapshots: HomeCoachsSnapshot[] = [];
  for await (const snapshot of client.homecoach.watch({ clock, signal: stop.signal, uploadIntervalMs: 1000, marginMs: 100, retryIntervalMs: 100, minIntervalMs: 50 })) {
    snapshots.push(snapshot);
    if (snapshots.length === 11) stop.abort();
  }
  // pyatmo's capture: 5 Home Coaches, 2 of them with readings (the others have no dashboard_data).
  expect(snapshots[0]!.changed).toHaveLength(5);
  const withReadings = snapshots[0]!.data.devices.filter((coach) => coach.dashboard_data && coach.reachable !== false).map((coach) => coach._id);
  expect(withReadings).toHaveLength(2);
  for (const snapshot of snapshots.slice(1)) expect(snapshot.changed.sort()).toEqual([...withReadings].sort());
  const times = snapshots.slice(1).map((snapshot) => snapshot.newestReadingAt!.getTime());
  expect(times.map((time, index) => time - times[0]! - index * 1000)).toEqual(Array.from({ length: 10 }, () => 0));
  expect(fake.readingUploads()).toBe(10);
  expect(fake.count('gethomecoachsdata')).toBeLessThanOrEqual(12 + 4);
});
