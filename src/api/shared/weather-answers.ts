/**
 * Answer types the weather family shares (getstationsdata, gethomecoachsdata): the account's
 * `user`, a device's `place`, the fields of every Wi-Fi device and the indoor readings. Every
 * object keeps the fields Netatmo adds later, as sent (the index signature).
 */

/** Display preferences of a weather account. Values in answers are always metric, whatever these say. */
export interface WeatherUnits {
  /** Language of the account, e.g. `de-DE`. */
  lang?: string | undefined;
  /** Regional locale, e.g. `de-DE`. */
  reg_locale?: string | undefined;
  /** Country code, e.g. `DE`. */
  country?: string | undefined;
  /** 0 metric, 1 imperial (display preference only). */
  unit?: number | undefined;
  /** 0 km/h, 1 mph, 2 m/s, 3 Beaufort, 4 knots (display preference only). */
  windunit?: number | undefined;
  /** 0 mbar, 1 inHg, 2 mmHg (display preference only). */
  pressureunit?: number | undefined;
  /** "Feels like" formula: 0 humidex, 1 heat index. */
  feel_like_algo?: number | undefined;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/** The `user` block of getstationsdata and gethomecoachsdata. */
export interface WeatherUser {
  /** E-mail address of the account. */
  mail?: string | undefined;
  /** Language, locale and display units of the account. */
  administrative?: WeatherUnits | undefined;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/** Where a station or Home Coach is. */
export interface Place {
  /** Metres above sea level. */
  altitude?: number | undefined;
  /** City name; absent on some accounts. */
  city?: string | undefined;
  /** Country code, e.g. `DE`. */
  country?: string | undefined;
  /** IANA time zone, e.g. `Europe/Berlin`: the zone Netatmo's daily values (min/max) follow. */
  timezone?: string | undefined;
  /** `[longitude, latitude]` in degrees: Netatmo's order, not the usual one. */
  location?: number[] | undefined;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/** Fields every Wi-Fi device of the weather family reports: a station's main module (NAMain) and a Home Coach (NHC). */
export interface WifiDevice {
  /** MAC address of the device, e.g. `70:ee:50:22:a3:00`: its id in every other call. */
  _id: string;
  /** Device type: `NAMain` (station), `NHC` (Home Coach), or a type Netatmo adds later. */
  type: string;
  /** Name of the station as the user set it. Deprecated by Netatmo: use `home_name` and `module_name`. */
  station_name?: string | undefined;
  /** Name of the device as the user set it. */
  module_name?: string | undefined;
  /** First setup, epoch seconds. */
  date_setup?: number | undefined;
  /** Last setup, epoch seconds. */
  last_setup?: number | undefined;
  /** Last firmware upgrade, epoch seconds; absent when never upgraded. */
  last_upgrade?: number | undefined;
  /** When the device last sent its status, epoch seconds. */
  last_status_store?: number | undefined;
  /** Firmware version. */
  firmware?: number | undefined;
  /** Wi-Fi signal, lower is better (86 bad, 71 average, 56 good). */
  wifi_status?: number | undefined;
  /** Whether the Netatmo cloud heard from the device within the last 4 hours. */
  reachable?: boolean | undefined;
  /** Whether the CO₂ sensor is calibrating (CO₂ values are unreliable meanwhile). */
  co2_calibrating?: boolean | undefined;
  /** Measure types the device records, e.g. `["Temperature", "CO2", "Humidity", "Noise", "Pressure"]`. */
  data_type?: string[] | undefined;
  /** Where the device is. */
  place?: Place | undefined;
}

/**
 * Indoor readings shared by a station's `dashboard_data` and a Home Coach's. Each field is absent
 * when the device does not measure it.
 */
export interface IndoorReadings {
  /** When these readings were taken, epoch seconds. */
  time_utc?: number | undefined;
  /** Temperature, °C. */
  Temperature?: number | undefined;
  /** Relative humidity, %. */
  Humidity?: number | undefined;
  /** CO₂, ppm. */
  CO2?: number | undefined;
  /** Noise, dB. */
  Noise?: number | undefined;
  /** Sea-level pressure, mbar. */
  Pressure?: number | undefined;
  /** Pressure measured at the device's altitude, mbar. */
  AbsolutePressure?: number | undefined;
  /** Today's lowest temperature, °C. */
  min_temp?: number | undefined;
  /** Today's highest temperature, °C. */
  max_temp?: number | undefined;
  /** When today's lowest temperature was reached, epoch seconds. */
  date_min_temp?: number | undefined;
  /** When today's highest temperature was reached, epoch seconds. */
  date_max_temp?: number | undefined;
  /** Temperature trend: `up`, `down` or `stable`. */
  temp_trend?: string | undefined;
  /** Pressure trend: `up`, `down` or `stable`. */
  pressure_trend?: string | undefined;
}
