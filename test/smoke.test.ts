import { expect, test } from 'vitest';
import { clientFor, fakeNetatmo, storeWithTokens } from './helpers/setup.js';

test('getStationsData returns the captured stations through the fake', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake) });
  const data = await client.station.getStationsData();
  expect(data.devices[0]?._id).toBe('12:34:56:37:11:ca');
  expect(fake.count('getstationsdata')).toBe(1);
  expect(fake.count('oauth2/token')).toBe(0);
});
