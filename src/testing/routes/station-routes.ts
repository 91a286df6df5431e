import stationsData from '../fixtures/pyatmo/getstationsdata.json' with { type: 'json' };
import { fixture, invalidArg, type FakeApiRoute } from '../fake-response.js';

/** `/api/getstationsdata`, served from pyatmo's captured answer. */
export const getStationsDataRoute: FakeApiRoute = {
  endpoint: 'getstationsdata',
  methods: ['GET', 'POST'],
  scopes: ['read_station'],
  handle({ params, now }) {
    const deviceId = params['device_id'];
    if (deviceId === undefined) return fixture(stationsData, now);
    const devices = stationsData.body.devices.filter((device) => device._id === deviceId);
    if (devices.length === 0) return invalidArg('device id is invalid');
    return fixture({ ...stationsData, body: { ...stationsData.body, devices } }, now);
  },
};

export const stationRoutes: readonly FakeApiRoute[] = [getStationsDataRoute];
