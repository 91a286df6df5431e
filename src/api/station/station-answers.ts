import type { IndoorReadings, Place, WeatherUser, WifiDevice } from '../shared/weather-answers.js';

/**
 * Latest readings of a station or module (`dashboard_data`). Which fields appear depends on the
 * module type: NAMain and NAModule4 indoor, NAModule1 outdoor, NAModule2 wind, NAModule3 rain.
 * Units are always metric: °C, %, ppm, dB, mbar, mm, km/h, degrees.
 */
export interface DashboardData extends IndoorReadings {
  /** Average wind speed over the last 5 minutes, km/h (NAModule2). */
  WindStrength?: number | undefined;
  /** Wind direction, degrees from north (NAModule2). */
  WindAngle?: number | undefined;
  /** Strongest gust of the last 5 minutes, km/h (NAModule2). */
  GustStrength?: number | undefined;
  /** Direction of that gust, degrees from north (NAModule2). */
  GustAngle?: number | undefined;
  /** Strongest wind of the day, km/h (NAModule2). */
  max_wind_str?: number | undefined;
  /** Direction of the day's strongest wind, degrees (NAModule2). */
  max_wind_angle?: number | undefined;
  /** When the day's strongest wind blew, epoch seconds (NAModule2). */
  date_max_wind_str?: number | undefined;
  /** Rain in the last measure interval (about 5 minutes), mm (NAModule3). */
  Rain?: number | undefined;
  /** Rain in the last hour, mm (NAModule3). */
  sum_rain_1?: number | undefined;
  /** Rain today (since local midnight), mm (NAModule3). */
  sum_rain_24?: number | undefined;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/** A module of a weather station: NAModule1 outdoor, NAModule2 wind, NAModule3 rain, NAModule4 indoor, or a type added later. */
export interface StationModule {
  /** MAC address of the module: `moduleId` in `getMeasure()`. */
  _id: string;
  /** `NAModule1`, `NAModule2`, `NAModule3`, `NAModule4`, or a type Netatmo adds later. */
  type: string;
  /** Name the user gave the module. */
  module_name?: string | undefined;
  /** Measure types the module records, e.g. `["Temperature", "Humidity"]`. */
  data_type?: string[] | undefined;
  /** Last setup, epoch seconds. */
  last_setup?: number | undefined;
  /** Whether the station heard from the module recently; `dashboard_data` is absent when not. */
  reachable?: boolean | undefined;
  /** Firmware version (255 for a module that never connected). */
  firmware?: number | undefined;
  /** When the last measure arrived, epoch seconds (0 for a module that never connected). */
  last_message?: number | undefined;
  /** When the module last reported its status, epoch seconds. */
  last_seen?: number | undefined;
  /** Radio signal, lower is better (90 low … 60 full; 255 never connected). */
  rf_status?: number | undefined;
  /** Battery voltage, mV (indoor module full above 5640, outdoor above 5500; 65535 never connected). */
  battery_vp?: number | undefined;
  /** Battery charge, %. */
  battery_percent?: number | undefined;
  /** Latest readings; absent when the module is unreachable. */
  dashboard_data?: DashboardData | undefined;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/** A weather station: its main module (NAMain) with the modules paired to it. */
export interface Station extends WifiDevice {
  /** Id of the Netatmo home the station belongs to. */
  home_id?: string | undefined;
  /** Name of that home. */
  home_name?: string | undefined;
  /** True for stations shared with or favourited by the user (not owned). */
  read_only?: boolean | undefined;
  /** True for a favourite station the user does not own. */
  favorite?: boolean | undefined;
  /** Latest readings of the main module; absent when the station is unreachable. */
  dashboard_data?: DashboardData | undefined;
  /** The paired modules; absent when there are none. */
  modules?: StationModule[] | undefined;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/** Body of `/api/getstationsdata`: the user's stations (and favourites when asked for). */
export interface StationsData {
  /** Every station, empty when the account has none. */
  devices: Station[];
  /** The account and its display preferences. */
  user?: WeatherUser | undefined;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/**
 * What a public station reports for one of its devices: `res`/`type` for temperature, humidity and
 * pressure, `rain_*` for a rain gauge, `wind_*`/`gust_*` for an anemometer.
 */
export interface PublicMeasure {
  /** Values keyed by epoch seconds, one entry per name in `type`, in that order; `null` where nothing was measured. */
  res?: Record<string, (number | null)[]> | undefined;
  /** Lower-case names of the values in `res`: `temperature` (°C), `humidity` (%), `pressure` (mbar). */
  type?: string[] | undefined;
  /** Rain in the last hour, mm. */
  rain_60min?: number | undefined;
  /** Rain in the last 24 hours, mm. */
  rain_24h?: number | undefined;
  /** Rain in the last measure interval, mm. */
  rain_live?: number | undefined;
  /** When the rain values were measured, epoch seconds. */
  rain_timeutc?: number | undefined;
  /** Average wind speed, km/h. */
  wind_strength?: number | undefined;
  /** Wind direction, degrees from north. */
  wind_angle?: number | undefined;
  /** Strongest recent gust, km/h. */
  gust_strength?: number | undefined;
  /** Direction of that gust, degrees from north. */
  gust_angle?: number | undefined;
  /** When the wind values were measured, epoch seconds. */
  wind_timeutc?: number | undefined;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/** A public weather station in the requested area. */
export interface PublicStation {
  /** MAC address of the station. */
  _id: string;
  /** Where the station is. */
  place?: Place | undefined;
  /** Netatmo's quality mark of the station's data (higher is more trusted). */
  mark?: number | undefined;
  /** Module ids of the station. */
  modules?: string[] | undefined;
  /** Module id → type (`NAModule1`, `NAModule2`, `NAModule3`). */
  module_types?: Record<string, string> | undefined;
  /** Device or module id → its latest measures. */
  measures?: Record<string, PublicMeasure> | undefined;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/** Body of `/api/getpublicdata`: the public stations in the area, empty when there are none. */
export type PublicData = PublicStation[];
