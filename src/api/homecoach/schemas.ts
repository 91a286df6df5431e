import * as z from 'zod';
import type { HomeCoach, HomeCoachDashboard, HomeCoachsData } from './homecoach-answers.js';
import type { Equals, Expect } from '../shared/same-type.js';
import { indoorReadingFields, optionalNumber, optionalString, weatherUserSchema, wifiDeviceFields } from '../shared/schema-helpers.js';
import { built } from '../shared/schema-helpers.js';

/** Latest readings of a Home Coach. Units: °C, %, ppm, dB, mbar. */
export const homeCoachDashboardSchema = z.lazy(() =>
  z.looseObject({
    ...indoorReadingFields,
    /** 0 healthy, 1 fine, 2 fair, 3 poor, 4 unhealthy. */
    health_idx: optionalNumber,
  }),
);

/** A Home Coach (NHC). `dashboard_data` can be missing even when `reachable` is true. */
export const homeCoachSchema = z.lazy(() =>
  z.looseObject({
    ...wifiDeviceFields,
    name: optionalString,
    dashboard_data: built(homeCoachDashboardSchema).optional(),
  }),
);

/** Body of `/api/gethomecoachsdata`. */
export const homeCoachsDataSchema = z.lazy(() =>
  z.looseObject({
    devices: z.array(built(homeCoachSchema)),
    user: built(weatherUserSchema).optional(),
  }),
);

// The documented interfaces are the answer types; these fail to compile when a schema and its interface drift apart.
export type { HomeCoachDashboard, HomeCoach, HomeCoachsData } from './homecoach-answers.js';
type _SchemasMatchTheirTypes = [
  Expect<Equals<z.output<typeof homeCoachDashboardSchema>, HomeCoachDashboard>>,
  Expect<Equals<z.output<typeof homeCoachSchema>, HomeCoach>>,
  Expect<Equals<z.output<typeof homeCoachsDataSchema>, HomeCoachsData>>,
];
