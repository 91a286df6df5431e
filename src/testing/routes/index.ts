import type { FakeApiRoute } from '../fake-response.js';
import { cameraRoutes } from './camera-routes.js';
import { homeCoachRoutes } from './homecoach-routes.js';
import { homesRoutes } from './homes-routes.js';
import { stationRoutes } from './station-routes.js';
import { thermostatRoutes } from './thermostat-routes.js';

/** Every `/api/*` route the fake serves. */
export const allRoutes: readonly FakeApiRoute[] = [...stationRoutes, ...homeCoachRoutes, ...homesRoutes, ...thermostatRoutes, ...cameraRoutes];
