import * as z from 'zod';
import { idString } from '../../transport/identifying-fields.js';

/**
 * Netatmo's answers are read leniently: unknown fields are kept (`looseObject`), fields that real
 * answers sometimes omit are optional, and nothing is coerced. These helpers keep the schemas short.
 *
 * Every answer schema is a `z.lazy` built on its first use: building them all took some 10 ms of a
 * cold import, paid now only for the endpoints a process calls. Inside a schema, the others are
 * referenced through {@link built}, never as lazies, so `z.compile` can inline the whole tree.
 */

/** Epoch seconds, as every Netatmo timestamp is. */
export const epochSeconds = z.number();

/**
 * Shared leaves for optional fields. zod schemas never change once built, so one instance serves
 * every field of its kind: importing the SDK builds some 170 fewer schemas (a few milliseconds of
 * a cold start).
 */
export const optionalString = z.string().optional();
export const optionalNumber = z.number().optional();
export const optionalBoolean = z.boolean().optional();
export const optionalEpochSeconds = epochSeconds.optional();
export const optionalStrings = z.array(z.string()).optional();

/**
 * The schema a `z.lazy` builds, built by this first call and kept by zod. Answer schemas are lazy
 * (importing the SDK builds none of them); inside one, the others are referenced through this, so
 * that no lazy sits within another: `z.compile` does not compile through a lazy.
 */
export function built<T extends z.core.SomeType>(schema: z.ZodLazy<T>): T {
  return schema._zod.innerType;
}

/** `[longitude, latitude]`: Netatmo's order, not the usual one. */
export const lonLat = z.array(z.number());

/** The `user` block of getstationsdata and gethomecoachsdata. */
export const weatherUserSchema = z.lazy(() =>
  z.looseObject({
    mail: optionalString,
    administrative: z
      .looseObject({
        lang: optionalString,
        reg_locale: optionalString,
        country: optionalString,
        /** 0 metric, 1 imperial (display preference only; values are always metric). */
        unit: optionalNumber,
        /** 0 km/h, 1 mph, 2 m/s, 3 beaufort, 4 knots. */
        windunit: optionalNumber,
        /** 0 mbar, 1 inHg, 2 mmHg. */
        pressureunit: optionalNumber,
        /** 0 humidex, 1 heat index. */
        feel_like_algo: optionalNumber,
      })
      .optional(),
  }),
);

/** The `place` block of a station or a Home Coach. */
export const placeSchema = z.lazy(() =>
  z.looseObject({
    altitude: optionalNumber,
    city: optionalString,
    country: optionalString,
    timezone: optionalString,
    /** `[longitude, latitude]`. */
    location: lonLat.optional(),
  }),
);

/**
 * Fields every Wi-Fi device of the weather family reports (a station's NAMain, a Home Coach):
 * spread into each device schema so the two cannot drift apart.
 */
export const wifiDeviceFields = {
  _id: idString('device'),
  type: z.string(),
  /** Deprecated by Netatmo; use `home_name` and `module_name`. */
  station_name: optionalString,
  module_name: optionalString,
  date_setup: optionalEpochSeconds,
  last_setup: optionalEpochSeconds,
  last_upgrade: optionalEpochSeconds,
  last_status_store: optionalEpochSeconds,
  firmware: optionalNumber,
  /** Wi-Fi signal, lower is better (86 bad, 71 average, 56 good). */
  wifi_status: optionalNumber,
  /** Seen by the Netatmo cloud within the last 4 hours. */
  reachable: optionalBoolean,
  co2_calibrating: optionalBoolean,
  data_type: optionalStrings,
  get place() {
    return built(placeSchema).optional();
  },
};

/**
 * Indoor readings shared by a station's `dashboard_data` and a Home Coach's: °C, %, ppm, dB,
 * mbar; trends are `"up"`, `"down"` or `"stable"`.
 */
export const indoorReadingFields = {
  time_utc: optionalEpochSeconds,
  /** °C */
  Temperature: optionalNumber,
  /** % */
  Humidity: optionalNumber,
  /** ppm */
  CO2: optionalNumber,
  /** dB */
  Noise: optionalNumber,
  /** Sea-level pressure, mbar. */
  Pressure: optionalNumber,
  /** Pressure measured at the device's altitude, mbar. */
  AbsolutePressure: optionalNumber,
  /** Today's lowest and highest temperature, °C, and when they were reached. */
  min_temp: optionalNumber,
  max_temp: optionalNumber,
  date_min_temp: optionalEpochSeconds,
  date_max_temp: optionalEpochSeconds,
  temp_trend: optionalString,
  pressure_trend: optionalString,
};
