import type { IndoorReadings, WeatherUser, WifiDevice } from '../shared/weather-answers.js';

/** Latest readings of a Home Coach. Units: °C, %, ppm, dB, mbar. */
export interface HomeCoachDashboard extends IndoorReadings {
  /** Air quality: 0 healthy, 1 fine, 2 fair, 3 poor, 4 unhealthy. */
  health_idx?: number | undefined;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/** A Home Coach (NHC). */
export interface HomeCoach extends WifiDevice {
  /** Name the user gave the device (older answers use `station_name`). */
  name?: string | undefined;
  /** Latest readings; can be absent even when `reachable` is true. */
  dashboard_data?: HomeCoachDashboard | undefined;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/** Body of `/api/gethomecoachsdata`. */
export interface HomeCoachsData {
  /** Every Home Coach, empty when the account has none. */
  devices: HomeCoach[];
  /** The account and its display preferences. */
  user?: WeatherUser | undefined;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}
