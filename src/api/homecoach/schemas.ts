import { z } from 'zod';
import { epochSeconds, weatherUserSchema, wifiDeviceFields } from '../shared/schema-helpers.js';

/** Latest readings of a Home Coach. Units: °C, %, ppm, dB, mbar. */
export const homeCoachDashboardSchema = z.looseObject({
  time_utc: epochSeconds.optional(),
  Temperature: z.number().optional(),
  Humidity: z.number().optional(),
  CO2: z.number().optional(),
  Noise: z.number().optional(),
  /** Sea-level pressure, mbar. */
  Pressure: z.number().optional(),
  /** Pressure measured at the device's altitude, mbar. */
  AbsolutePressure: z.number().optional(),
  /** 0 healthy, 1 fine, 2 fair, 3 poor, 4 unhealthy. */
  health_idx: z.number().optional(),
  min_temp: z.number().optional(),
  max_temp: z.number().optional(),
  date_min_temp: epochSeconds.optional(),
  date_max_temp: epochSeconds.optional(),
  temp_trend: z.string().optional(),
  pressure_trend: z.string().optional(),
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
