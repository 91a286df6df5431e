import { z } from 'zod';
import { indoorReadingFields, weatherUserSchema, wifiDeviceFields } from '../shared/schema-helpers.js';

/** Latest readings of a Home Coach. Units: °C, %, ppm, dB, mbar. */
export const homeCoachDashboardSchema = z.looseObject({
  ...indoorReadingFields,
  /** 0 healthy, 1 fine, 2 fair, 3 poor, 4 unhealthy. */
  health_idx: z.number().optional(),
});

/** A Home Coach (NHC). `dashboard_data` can be missing even when `reachable` is true. */
export const homeCoachSchema = z.looseObject({
  ...wifiDeviceFields,
  name: z.string().optional(),
  dashboard_data: homeCoachDashboardSchema.optional(),
});

/** Body of `/api/gethomecoachsdata`. */
export const homeCoachsDataSchema = z.looseObject({
  devices: z.array(homeCoachSchema),
  user: weatherUserSchema.optional(),
});

export type HomeCoachDashboard = z.output<typeof homeCoachDashboardSchema>;
export type HomeCoach = z.output<typeof homeCoachSchema>;
export type HomeCoachsData = z.output<typeof homeCoachsDataSchema>;
