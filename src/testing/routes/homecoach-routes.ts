import homeCoachsData from '../fixtures/pyatmo/gethomecoachsdata.json' with { type: 'json' };
import { fixture, invalidArg, type FakeApiRoute } from '../fake-response.js';

/** `/api/gethomecoachsdata`, served from pyatmo's captured answer (some devices lack `dashboard_data`). */
export const getHomeCoachsDataRoute: FakeApiRoute = {
  endpoint: 'gethomecoachsdata',
  methods: ['GET', 'POST'],
  scopes: ['read_homecoach'],
  handle({ params, now }) {
    const deviceId = params['device_id'];
    if (deviceId === undefined) return fixture(homeCoachsData, now);
    const devices = homeCoachsData.body.devices.filter((device) => device._id === deviceId);
    if (devices.length === 0) return invalidArg('device id is invalid');
    return fixture({ ...homeCoachsData, body: { ...homeCoachsData.body, devices } }, now);
  },
};

export const homeCoachRoutes: readonly FakeApiRoute[] = [getHomeCoachsDataRoute];
