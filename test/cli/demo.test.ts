import { beforeAll, expect, test } from 'vitest';
import { ensureBuilt, runCliProcess } from './cli-harness.js';

beforeAll(ensureBuilt, 120_000);

test('demo runs login, token status, stations, export and a forced expiry against the built-in fake, and exits 0', async () => {
  // No NETATMO_* from the runner's environment (the harness strips them): no account is needed.
  const run = await runCliProcess(['demo']);
  // 6 hours of 30-minute buckets stamped mid-bucket: 11 or 12 end by now, depending on the minute.
  expect(run.stderr).toMatch(/^export: 1[12] points from \S+ to \S+\n$/);
  expect(run.code).toBe(0);
  const out = run.stdout;
  const steps = [
    '── 1. login (the fake approves at once)',
    '$ netatmo-connect login --port 0 --scope read_station',
    'Authorized for read_station.',
    '── 2. token status',
    'State:         valid',
    '── 3. stations',
    'MyStation · NetatmoIndoor',
    '── 4. export: 6 hours of NetatmoOutdoor at 30min scale',
    'time,Temperature,Humidity',
    '── 5. forced expiry: the refresh and the rotation it causes',
    "event tokenRefreshed: reason 'rejected'",
    'event refreshTokenRotated: ',
    'the old one still accepted by Netatmo: no.',
    '── 6. token refresh (rotates again)',
    'Refresh token rotated: ',
    'Demo finished.',
  ];
  let from = 0;
  for (const step of steps) {
    const at = out.indexOf(step, from);
    expect(at, `'${step}' after position ${from}`).toBeGreaterThanOrEqual(0);
    from = at;
  }
  const rotated = /event refreshTokenRotated: ([0-9a-f]{8}) → ([0-9a-f]{8})/.exec(out)!;
  expect(rotated[1]).not.toBe(rotated[2]);
  expect(out).toContain(`Token file refresh token: ${rotated[1]} → ${rotated[2]};`);
  // The fake's secret travels in the environment and never shows.
  expect(out).not.toContain('fake-client-secret');
  // Tokens never show either: the fake's tokens look like <24 hex>|<32 hex>.
  expect(out).not.toMatch(/[0-9a-f]{24}\|[0-9a-f]{32}/);
});
