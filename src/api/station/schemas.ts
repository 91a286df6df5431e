import { z } from 'zod';
import type { DashboardData, PublicData, PublicMeasure, PublicStation, Station, StationModule, StationsData } from './station-answers.js';
import type { Equals, Expect } from '../shared/same-type.js';
import { idString } from '../../transport/identifying-fields.js';
import { epochSeconds, indoorReadingFields, placeSchema, weatherUserSchema, wifiDeviceFields } from '../shared/schema-helpers.js';

/**
 * Latest readings of a station or module (`dashboard_data`). Which fields appear depends on the
 * module type: NAMain and NAModule4 indoor, NAModule1 outdoor, NAModule2 wind, NAModule3 rain.
 * Units are always metric: °C, %, ppm, dB, mbar, mm, km/h, degrees.
 */
export const dashboardDataSchema = z.looseObject({
  ...indoorReadingFields,
  /** km/h */
  WindStrength: z.number().optional(),
  /** degrees */
  WindAngle: z.number().optional(),
  GustStrength: z.number().optional(),
  GustAngle: z.number().optional(),
  max_wind_str: z.number().optional(),
  max_wind_angle: z.number().optional(),
  date_max_wind_str: epochSeconds.optional(),
  /** mm in the last measure interval. */
  Rain: z.number().optional(),
  /** mm in the last hour. */
  sum_rain_1: z.number().optional(),
  /** mm today. */
  sum_rain_24: z.number().optional(),
});

/** A module of a weather station (NAModule1–4, or a type Netatmo adds later). */
export const stationModuleSchema = z.looseObject({
  _id: idString('module'),
  type: z.string(),
  module_name: z.string().optional(),
  data_type: z.array(z.string()).optional(),
  last_setup: epochSeconds.optional(),
  reachable: z.boolean().optional(),
  firmware: z.number().optional(),
  /** When the last measure arrived. */
  last_message: epochSeconds.optional(),
  /** When the module last reported its status. */
  last_seen: epochSeconds.optional(),
  /** Radio signal, lower is better (90 low … 60 full). */
  rf_status: z.number().optional(),
  battery_vp: z.number().optional(),
  battery_percent: z.number().optional(),
  /** Absent when the module is unreachable. */
  dashboard_data: dashboardDataSchema.optional(),
});

/** A weather station (NAMain) with its modules. */
export const stationSchema = z.looseObject({
  ...wifiDeviceFields,
  home_id: z.string().optional(),
  home_name: z.string().optional(),
  /** True for stations shared with or favourited by the user. */
  read_only: z.boolean().optional(),
  favorite: z.boolean().optional(),
  /** Absent when the station is unreachable. */
  dashboard_data: dashboardDataSchema.optional(),
  modules: z.array(stationModuleSchema).optional(),
});

/** Body of `/api/getstationsdata`. */
export const stationsDataSchema = z.looseObject({
  devices: z.array(stationSchema),
  user: weatherUserSchema.optional(),
});


/**
 * What a public station reports for one of its devices: `res`/`type` for temperature, humidity and
 * pressure (lower-case type names), `rain_*` for a rain gauge, `wind_*`/`gust_*` for an anemometer.
 */
export const publicMeasureSchema = z.looseObject({
  /** Values keyed by epoch seconds, one entry per name in `type`. */
  res: z.record(z.string(), z.array(z.number().nullable())).optional(),
  type: z.array(z.string()).optional(),
  /** mm */
  rain_60min: z.number().optional(),
  rain_24h: z.number().optional(),
  rain_live: z.number().optional(),
  rain_timeutc: epochSeconds.optional(),
  /** km/h */
  wind_strength: z.number().optional(),
  wind_angle: z.number().optional(),
  gust_strength: z.number().optional(),
  gust_angle: z.number().optional(),
  wind_timeutc: epochSeconds.optional(),
});

/** A public weather station near the requested area. */
export const publicStationSchema = z.looseObject({
  _id: idString('station'),
  place: placeSchema.optional(),
  mark: z.number().optional(),
  /** Module ids of the station. */
  modules: z.array(z.string()).optional(),
  /** Module id → type (`NAModule1`, `NAModule2`, `NAModule3`). */
  module_types: z.record(z.string(), z.string()).optional(),
  /** Device or module id → its latest measures. */
  measures: z.record(z.string(), publicMeasureSchema).optional(),
});

/** Body of `/api/getpublicdata`: an array of stations. */
export const publicDataSchema = z.array(publicStationSchema);

// The documented interfaces are the answer types; these fail to compile when a schema and its interface drift apart.
export type { DashboardData, StationModule, Station, StationsData, PublicMeasure, PublicStation, PublicData } from './station-answers.js';
type _SchemasMatchTheirTypes = [
  Expect<Equals<z.output<typeof dashboardDataSchema>, DashboardData>>,
  Expect<Equals<z.output<typeof stationModuleSchema>, StationModule>>,
  Expect<Equals<z.output<typeof stationSchema>, Station>>,
  Expect<Equals<z.output<typeof stationsDataSchema>, StationsData>>,
  Expect<Equals<z.output<typeof publicMeasureSchema>, PublicMeasure>>,
  Expect<Equals<z.output<typeof publicStationSchema>, PublicStation>>,
  Expect<Equals<z.output<typeof publicDataSchema>, PublicData>>,
];
