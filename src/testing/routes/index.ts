import type { FakeApiRoute } from '../fake-response.js';
import { stationRoutes } from './station-routes.js';

/** Every `/api/*` route the fake serves. */
export const allRoutes: readonly FakeApiRoute[] = [...stationRoutes];
