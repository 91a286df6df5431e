import { expect, test } from 'vitest';
import { startFakeNetatmo, type FakeNetatmoOptions } from '../../src/testing/index.js';

const refused: [Partial<Record<keyof FakeNetatmoOptions, unknown>>, string][] = [
  [{ clientId: '' }, "clientId must be a non-empty string, got ''"],
  [{ clientSecret: 42 }, 'clientSecret must be a non-empty string, got 42'],
  [{ host: null }, 'host must be a host name or address, e.g. 127.0.0.1, got null'],
  [{ port: 70_000 }, 'port must be a port from 0 (any free one) to 65535, got 70000'],
  [{ port: '8080' }, "port must be a port from 0 (any free one) to 65535, got '8080'"],
  [{ accessTokenLifetimeSeconds: 0 }, 'accessTokenLifetimeSeconds must be a positive number of seconds, got 0'],
  [{ autoApprove: 'yes' }, "autoApprove must be true or false, got 'yes'"],
  [{ redirectUris: 'http://localhost/cb' }, "redirectUris must be an array of strings, got 'http://localhost/cb'"],
  [{ defaultScopes: ['read_station', 1] }, 'defaultScopes must be an array of strings, got an array of 2'],
  [{ now: 1_700_000_000_000 }, 'now must be a function returning epoch milliseconds, got 1700000000000'],
  [{ routes: {} }, 'routes must be an array of routes, got object'],
  [{ limits: 'on' }, "limits must be true, false or an object of limits, got 'on'"],
  [{ webhookTimeoutMs: Number.POSITIVE_INFINITY }, 'webhookTimeoutMs must be a positive number of milliseconds, got Infinity'],
];

test.each(refused)('startFakeNetatmo(%o) is refused before it listens, naming the option and what it takes', async (options, message) => {
  await expect(startFakeNetatmo(options as FakeNetatmoOptions)).rejects.toThrow(`startFakeNetatmo(): ${message}`);
});

test('an unknown option or options that are no object are refused, listing the options', async () => {
  await expect(startFakeNetatmo({ clientSecrets: 'x' } as FakeNetatmoOptions)).rejects.toThrow(
    'startFakeNetatmo(): clientSecrets is not an option; the options are clientId, clientSecret, host, port, accessTokenLifetimeSeconds, autoApprove, redirectUris, defaultScopes, now, routes, limits, webhookTimeoutMs, recordRequests',
  );
  await expect(startFakeNetatmo('fast' as FakeNetatmoOptions)).rejects.toThrow("startFakeNetatmo(): options must be an object, got 'fast'");
});

test('options left undefined take their defaults', async () => {
  // As JavaScript (or a spread of optional settings) may pass them.
  const fake = await startFakeNetatmo({ clientId: undefined, port: undefined } as unknown as FakeNetatmoOptions);
  expect(fake.clientId).toBe('fake-client-id');
  await fake.close();
});
