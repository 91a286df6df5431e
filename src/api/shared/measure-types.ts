/**
 * The measure types Netatmo documents for `/api/getmeasure` and `/api/getroommeasure`, per scale
 * (REFERENCE §2.1.2, §2.3.9, §2.3.10). The types are derived from these lists, so a method's
 * `types` is checked against its scale at compile time and the same lists check it at run time.
 */

/** Aggregation window of a measure request: `max` is every raw measure (about every 5 minutes). */
export type MeasureScale = '30min' | '1hour' | '3hours' | '1day' | '1week' | '1month' | 'max';

/** Every scale, for run-time checks and documentation. */
export const measureScales: readonly MeasureScale[] = ['max', '30min', '1hour', '3hours', '1day', '1week', '1month'];

/** Netatmo documents `Temperature`; openHAB sends `temperature`; both work, so both type-check. */
export type WithLowerCase<T extends string> = T | Lowercase<T>;

type ByScale = { readonly [Scale in MeasureScale]: readonly string[] };

const weatherRaw = ['Temperature', 'CO2', 'Humidity', 'Pressure', 'Noise', 'Rain', 'WindStrength', 'WindAngle', 'GustStrength', 'GustAngle'] as const;
const weatherAggregated = [
  ...weatherRaw,
  'min_temp', 'max_temp', 'min_hum', 'max_hum', 'min_pressure', 'max_pressure', 'min_noise', 'max_noise', 'sum_rain', 'date_max_gust',
] as const;
const weatherDaily = [
  ...weatherAggregated,
  'date_min_temp', 'date_max_temp', 'date_min_hum', 'date_max_hum', 'date_min_pressure', 'date_max_pressure',
  'date_min_noise', 'date_max_noise', 'date_min_co2', 'date_max_co2',
] as const;

/** Weather station and Home Coach types per scale (`station.getMeasure`). */
export const weatherMeasureTypes = {
  /** Every raw measure (about every 5 minutes for a station). */
  max: weatherRaw,
  /** Aggregated per 30 minutes. */
  '30min': weatherAggregated,
  /** Aggregated per hour. */
  '1hour': weatherAggregated,
  /** Aggregated per 3 hours. */
  '3hours': weatherAggregated,
  /** Aggregated per day (local midnight to midnight). */
  '1day': weatherDaily,
  /** Aggregated per week. */
  '1week': weatherDaily,
  /** Aggregated per month. */
  '1month': weatherDaily,
} as const satisfies ByScale;

/**
 * A measure type `station.getMeasure` accepts at scale `Scale`, e.g. `'Temperature'`,
 * `'WindStrength'`, or `'sum_rain'` from `30min` up. Lower-case spellings are accepted too.
 */
export type WeatherMeasureType<Scale extends MeasureScale = MeasureScale> = WithLowerCase<(typeof weatherMeasureTypes)[Scale][number]>;

/** Energy meters (Legrand NLPC/NLE…): Wh, and the price of it. */
export const energyMeasureBases = ['sum_energy_buy_from_grid', 'sum_energy_elec', 'sum_energy_buy_from_grid_price'] as const;

/**
 * An energy-meter type, optionally per tariff bucket: `$0` basic, `$1` peak, `$2` off-peak
 * (e.g. `'sum_energy_buy_from_grid$1'`). Buckets that do not apply come back as `null`.
 */
export type EnergyMeasureType = `${(typeof energyMeasureBases)[number]}${'' | '$0' | '$1' | '$2'}`;

const thermostatRaw = ['Temperature', 'Sp_Temperature', 'BoilerOn', 'BoilerOff'] as const;
const thermostatAggregated = ['temperature', 'sp_temperature', 'min_temp', 'max_temp', 'sum_boiler_on', 'sum_boiler_off'] as const;
const thermostatDaily = ['temperature', 'min_temp', 'date_min_temp', 'max_temp', 'sum_boiler_on', 'sum_boiler_off'] as const;

/** Thermostat (NAPlug/NATherm1) types per scale for `thermostat.getMeasure`; energy types are added from `30min` up. */
export const thermostatMeasureTypes = {
  /** Every raw measure (about every 5 minutes for a station). */
  max: thermostatRaw,
  /** Aggregated per 30 minutes. */
  '30min': thermostatAggregated,
  /** Aggregated per hour. */
  '1hour': thermostatAggregated,
  /** Aggregated per 3 hours. */
  '3hours': thermostatAggregated,
  /** Aggregated per day (local midnight to midnight). */
  '1day': thermostatDaily,
  /** Aggregated per week. */
  '1week': thermostatDaily,
  /** Aggregated per month. */
  '1month': thermostatDaily,
} as const satisfies ByScale;

/**
 * A measure type `thermostat.getMeasure` accepts at scale `Scale`: the thermostat's
 * (`'sp_temperature'`, `'sum_boiler_on'`, …) and, from `30min` up, energy-meter types
 * (`'sum_energy_buy_from_grid$1'`).
 */
export type ThermostatMeasureType<Scale extends MeasureScale = MeasureScale> =
  | WithLowerCase<(typeof thermostatMeasureTypes)[Scale][number]>
  | (Scale extends 'max' ? never : EnergyMeasureType);

const roomRaw = ['temperature', 'sp_temperature', 'boileron', 'boileroff'] as const;
const roomAggregated = ['temperature', 'sp_temperature', 'min_temp', 'max_temp', 'sum_boiler_on', 'sum_boiler_off'] as const;
const roomDaily = [...roomAggregated, 'date_min_temp'] as const;

/** Room types per scale for `thermostat.getRoomMeasure`. */
export const roomMeasureTypes = {
  /** Every raw measure (about every 5 minutes for a station). */
  max: roomRaw,
  /** Aggregated per 30 minutes. */
  '30min': roomAggregated,
  /** Aggregated per hour. */
  '1hour': roomAggregated,
  /** Aggregated per 3 hours. */
  '3hours': roomAggregated,
  /** Aggregated per day (local midnight to midnight). */
  '1day': roomDaily,
  /** Aggregated per week. */
  '1week': roomDaily,
  /** Aggregated per month. */
  '1month': roomDaily,
} as const satisfies ByScale;

/** A measure type `thermostat.getRoomMeasure` accepts at scale `Scale`, e.g. `'temperature'`, `'sp_temperature'`. */
export type RoomMeasureType<Scale extends MeasureScale = MeasureScale> = WithLowerCase<(typeof roomMeasureTypes)[Scale][number]>;

/** Run-time twin of the types above: is `type` documented for `scale` (either spelling)? */
export function isKnownMeasureType(family: 'weather' | 'thermostat' | 'room', scale: MeasureScale, type: string): boolean {
  const lists = family === 'weather' ? weatherMeasureTypes : family === 'thermostat' ? thermostatMeasureTypes : roomMeasureTypes;
  const known = (lists[scale] as readonly string[]).some((name) => name === type || name.toLowerCase() === type);
  if (known) return true;
  return family === 'thermostat' && scale !== 'max' && /^(sum_energy_buy_from_grid|sum_energy_elec|sum_energy_buy_from_grid_price)(\$[012])?$/.test(type);
}

/** The documented names for `scale`, for error messages. */
export function knownMeasureTypes(family: 'weather' | 'thermostat' | 'room', scale: MeasureScale): readonly string[] {
  const lists = family === 'weather' ? weatherMeasureTypes : family === 'thermostat' ? thermostatMeasureTypes : roomMeasureTypes;
  const names: string[] = [...lists[scale]];
  if (family === 'thermostat' && scale !== 'max') names.push(...energyMeasureBases.map((base) => `${base}[$0|$1|$2]`));
  return names;
}
