import * as z from 'zod';
import type { DashboardData, PublicData, PublicMeasure, PublicStation, Station, StationModule, StationsData } from './station-answers.js';
import type { Equals, Expect } from '../shared/same-type.js';
import { idString } from '../../transport/identifying-fields.js';
import { indoorReadingFields, optionalBoolean, optionalEpochSeconds, optionalNumber, optionalString, optionalStrings, placeSchema, weatherUserSchema, wifiDeviceFields } from '../shared/schema-helpers.js';
import { built } from '../shared/schema-helpers.js';

/**
 * Latest readings of a station or module (`dashboard_data`). Which fields appear depends on the
 * module type: NAMain and NAModule4 indoor, NAModule1 outdoor, NAModule2 wind, NAModule3 rain.
 * Units are always metric: °C, %, ppm, dB, mbar, mm, km/h, degrees.
 */
export const dashboardDataSchema = z.lazy(() =>
  z.looseObject({
    ...indoorReadingFields,
    /** km/h */
    WindStrength: optionalNumber,
    /** degrees */
    WindAngle: optionalNumber,
    GustStrength: optionalNumber,
    GustAngle: optionalNumber,
    max_wind_str: optionalNumber,
    max_wind_angle: optionalNumber,
    date_max_wind_str: optionalEpochSeconds,
    /** mm in the last measure interval. */
    Rain: optionalNumber,
    /** mm in the last hour. */
    sum_rain_1: optionalNumber,
    /** mm today. */
    sum_rain_24: optionalNumber,
  }),
);

/** A module of a weather station (NAModule1–4, or a type Netatmo adds later). */
export const stationModuleSchema = z.lazy(() =>
  z.looseObject({
    _id: idString('module'),
    type: z.string(),
    module_name: optionalString,
    data_type: optionalStrings,
    last_setup: optionalEpochSeconds,
    reachable: optionalBoolean,
    firmware: optionalNumber,
    /** When the last measure arrived. */
    last_message: optionalEpochSeconds,
    /** When the module last reported its status. */
    last_seen: optionalEpochSeconds,
    /** Radio signal, lower is better (90 low … 60 full). */
    rf_status: optionalNumber,
    battery_vp: optionalNumber,
    battery_percent: optionalNumber,
    /** Absent when the module is unreachable. */
    dashboard_data: built(dashboardDataSchema).optional(),
  }),
);

/** A weather station (NAMain) with its modules. */
export const stationSchema = z.lazy(() =>
  z.looseObject({
    ...wifiDeviceFields,
    home_id: optionalString,
    home_name: optionalString,
    /** True for stations shared with or favourited by the user. */
    read_only: optionalBoolean,
    favorite: optionalBoolean,
    /** Absent when the station is unreachable. */
    dashboard_data: built(dashboardDataSchema).optional(),
    modules: z.array(built(stationModuleSchema)).optional(),
  }),
);

/** Body of `/api/getstationsdata`. */
export const stationsDataSchema = z.lazy(() =>
  z.looseObject({
    devices: z.array(built(stationSchema)),
    user: built(weatherUserSchema).optional(),
  }),
);


/**
 * What a public station reports for one of its devices: `res`/`type` for temperature, humidity and
 * pressure (lower-case type names), `rain_*` for a rain gauge, `wind_*`/`gust_*` for an anemometer.
 */
export const publicMeasureSchema = z.lazy(() =>
  z.looseObject({
    /** Values keyed by epoch seconds, one entry per name in `type`. */
    res: z.record(z.string(), z.array(z.number().nullable())).optional(),
    type: optionalStrings,
    /** mm */
    rain_60min: optionalNumber,
    rain_24h: optionalNumber,
    rain_live: optionalNumber,
    rain_timeutc: optionalEpochSeconds,
    /** km/h */
    wind_strength: optionalNumber,
    wind_angle: optionalNumber,
    gust_strength: optionalNumber,
    gust_angle: optionalNumber,
    wind_timeutc: optionalEpochSeconds,
  }),
);

/** A public weather station near the requested area. */
export const publicStationSchema = z.lazy(() =>
  z.looseObject({
    _id: idString('station'),
    place: built(placeSchema).optional(),
    mark: optionalNumber,
    /** Module ids of the station. */
    modules: optionalStrings,
    /** Module id → type (`NAModule1`, `NAModule2`, `NAModule3`). */
    module_types: z.record(z.string(), z.string()).optional(),
    /** Device or module id → its latest measures. */
    measures: z.record(z.string(), built(publicMeasureSchema)).optional(),
  }),
);

/** Body of `/api/getpublicdata`: an array of stations. */
export const publicDataSchema = z.lazy(() => z.array(built(publicStationSchema)));

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
