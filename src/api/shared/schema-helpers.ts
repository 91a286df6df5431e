import { z } from 'zod';
import { idString } from '../../transport/identifying-fields.js';

/**
 * Netatmo's answers are read leniently: unknown fields are kept (`looseObject`), fields that real
 * answers sometimes omit are optional, and nothing is coerced. These helpers keep the schemas short.
 */

/** Epoch seconds, as every Netatmo timestamp is. */
export const epochSeconds = z.number();

/** `[longitude, latitude]`: Netatmo's order, not the usual one. */
export const lonLat = z.array(z.number());

/** The `user` block of getstationsdata and gethomecoachsdata. */
export const weatherUserSchema = z.looseObject({
  mail: z.string().optional(),
  administrative: z
    .looseObject({
      lang: z.string().optional(),
      reg_locale: z.string().optional(),
      country: z.string().optional(),
      /** 0 metric, 1 imperial (display preference only; values are always metric). */
      unit: z.number().optional(),
      /** 0 km/h, 1 mph, 2 m/s, 3 beaufort, 4 knots. */
      windunit: z.number().optional(),
      /** 0 mbar, 1 inHg, 2 mmHg. */
      pressureunit: z.number().optional(),
      /** 0 humidex, 1 heat index. */
      feel_like_algo: z.number().optional(),
    })
    .optional(),
});

/** The `place` block of a station or a Home Coach. */
export const placeSchema = z.looseObject({
  altitude: z.number().optional(),
  city: z.string().optional(),
  country: z.string().optional(),
  timezone: z.string().optional(),
  /** `[longitude, latitude]`. */
  location: lonLat.optional(),
});

/**
 * Fields every Wi-Fi device of the weather family reports (a station's NAMain, a Home Coach):
 * spread into each device schema so the two cannot drift apart.
 */
export const wifiDeviceFields = {
  _id: idString('device'),
  type: z.string(),
  /** Deprecated by Netatmo; use `home_name` and `module_name`. */
  station_name: z.string().optional(),
  module_name: z.string().optional(),
  date_setup: epochSeconds.optional(),
  last_setup: epochSeconds.optional(),
  last_upgrade: epochSeconds.optional(),
  last_status_store: epochSeconds.optional(),
  firmware: z.number().optional(),
  /** Wi-Fi signal, lower is better (86 bad, 71 average, 56 good). */
  wifi_status: z.number().optional(),
  /** Seen by the Netatmo cloud within the last 4 hours. */
  reachable: z.boolean().optional(),
  co2_calibrating: z.boolean().optional(),
  data_type: z.array(z.string()).optional(),
  place: placeSchema.optional(),
};

/**
 * Indoor readings shared by a station's `dashboard_data` and a Home Coach's: °C, %, ppm, dB,
 * mbar; trends are `"up"`, `"down"` or `"stable"`.
 */
export const indoorReadingFields = {
  time_utc: epochSeconds.optional(),
  /** °C */
  Temperature: z.number().optional(),
  /** % */
  Humidity: z.number().optional(),
  /** ppm */
  CO2: z.number().optional(),
  /** dB */
  Noise: z.number().optional(),
  /** Sea-level pressure, mbar. */
  Pressure: z.number().optional(),
  /** Pressure measured at the device's altitude, mbar. */
  AbsolutePressure: z.number().optional(),
  /** Today's lowest and highest temperature, °C, and when they were reached. */
  min_temp: z.number().optional(),
  max_temp: z.number().optional(),
  date_min_temp: epochSeconds.optional(),
  date_max_temp: epochSeconds.optional(),
  temp_trend: z.string().optional(),
  pressure_trend: z.string().optional(),
};
