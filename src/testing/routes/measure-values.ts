/**
 * The synthetic history behind the fake's `getmeasure` and `getroommeasure`: plausible values per
 * measure type (a daily temperature curve, rainy days, a heating schedule, a household's power
 * draw), the same every run for the same device, type and time, so tests can assert exact numbers.
 * Different devices get different values (each is seeded by its id).
 */

/** Where the device sits: outdoor modules swing with the weather, indoor ones stay near 20 °C. */
export type MeasureProfile = 'indoor' | 'outdoor';

/** One device's series: its seed and profile. */
export interface MeasureSource {
  /** Device and module (or home and room) ids: the seed. */
  seed: string;
  profile: MeasureProfile;
}

/** Seconds between two raw measures of a station (Netatmo: about 5 minutes). */
export const RAW_STEP = 300;

/** Raw measures read per bucket at most: a day's worth. */
const MAX_SAMPLES = 288;

/** FNV-1a over a string: a stable 32-bit seed. */
function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  return hash >>> 0;
}

/** A stable pseudo-random number in [-0.5, 0.5) for a seed and an integer slot. */
function jitter(seed: number, slot: number): number {
  let hash = Math.imul(seed ^ Math.imul(slot | 0, 0x9e3779b1), 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) / 2 ** 32 - 0.5;
}

const TAU = 2 * Math.PI;
/** Daily curve: -1 at 03:00 UTC, +1 at 15:00 UTC. */
const daily = (time: number): number => Math.sin(TAU * ((time % 86_400) / 86_400 - 0.375));
/** Seasonal curve: -1 in early January, +1 in early July. */
const seasonal = (time: number): number => -Math.cos(TAU * (((time / 86_400) % 365.25) / 365.25));
/** People at home: 0 at night and midday, up to 1 in the evening. */
const occupancy = (time: number): number => Math.max(0, Math.sin(TAU * ((time % 86_400) / 86_400 - 0.6)));
/** Heating schedule: 19 °C from 06:00 to 22:00 UTC, 16 °C at night. */
const setpoint = (time: number): number => (time % 86_400 >= 6 * 3600 && time % 86_400 < 22 * 3600 ? 19 : 16);

/** The quantities a measure type reads. */
type Quantity =
  | 'temperature' | 'humidity' | 'co2' | 'pressure' | 'noise' | 'rain' | 'wind' | 'windAngle' | 'gust' | 'gustAngle'
  | 'setpoint' | 'boilerOn' | 'boilerOff' | 'energy' | 'energyPrice';

const quantityHashes = new Map<Quantity, number>();
const quantityHash = (quantity: Quantity): number => {
  let hash = quantityHashes.get(quantity);
  if (hash === undefined) quantityHashes.set(quantity, (hash = hashText(quantity)));
  return hash;
};

/** A quantity's value at `time` for a source (`seed` already hashed). */
function level(quantity: Quantity, seed: number, profile: MeasureProfile, time: number): number {
  const offset = jitter(seed, 1); // a fixed per-device shift
  const slot = Math.floor(time / RAW_STEP);
  const noise = jitter(seed ^ quantityHash(quantity), slot);
  switch (quantity) {
    case 'temperature':
      return profile === 'outdoor' ? 9 + 7 * seasonal(time) + 5 * daily(time) + 3 * offset + 0.6 * noise : 20.5 + 2 * offset + 0.8 * daily(time) + 0.2 * noise;
    case 'humidity':
      return Math.min(100, Math.max(0, profile === 'outdoor' ? 76 - 14 * daily(time) + 8 * offset + 3 * noise : 48 + 10 * offset - 4 * daily(time) + 2 * noise));
    case 'co2':
      return Math.max(400, 520 + 140 * offset + 600 * occupancy(time) + 40 * noise);
    case 'pressure':
      return 1013 + 9 * Math.sin(TAU * (time / (5 * 86_400) + offset)) + 0.3 * noise;
    case 'noise':
      return Math.max(30, 36 + 4 * offset + 18 * occupancy(time) + 4 * noise);
    case 'rain': {
      // About one day in three is rainy; rain comes in showers (mm per 5 minutes).
      const rainy = jitter(seed, Math.floor(time / 86_400) + 7919) < -0.17;
      return rainy ? Math.max(0, 0.5 * Math.sin(TAU * (time / (4 * 3600) + offset)) + 0.3 * noise) : 0;
    }
    case 'wind':
      return Math.max(0, 9 + 4 * offset + 5 * daily(time) + 4 * noise);
    case 'gust':
      return Math.max(0, 1.6 * (9 + 4 * offset + 5 * daily(time)) + 8 * Math.abs(noise));
    case 'windAngle':
    case 'gustAngle':
      return (((230 + 70 * Math.sin(TAU * (time / (2 * 86_400) + offset)) + 30 * noise) % 360) + 360) % 360;
    case 'setpoint':
      return setpoint(time);
    case 'boilerOn':
    case 'boilerOff': {
      // Seconds the boiler ran in the 5 minutes: more when the room is below its set point.
      const room = level('temperature', seed, 'indoor', time);
      const on = Math.min(RAW_STEP, Math.max(0, (setpoint(time) + 2.5 - room) * 150 + 60 * noise));
      return quantity === 'boilerOn' ? on : RAW_STEP - on;
    }
    case 'energy':
    case 'energyPrice':
      // Average power draw in W; a bucket's energy in Wh is this × hours.
      return Math.max(60, 280 + 120 * offset + 900 * occupancy(time) + 120 * noise);
  }
}

/** How a type aggregates its quantity over a bucket. */
type Reading = 'mean' | 'min' | 'max' | 'dateMin' | 'dateMax' | 'sum';

/** What a wire type name means: which quantity, read how; `null` for a type the fake does not model. */
function readingOf(type: string): { quantity: Quantity; reading: Reading; tariff?: number } | null {
  const name = type.toLowerCase();
  const energy = /^sum_energy_(buy_from_grid|elec)(_price)?(?:\$([012]))?$/.exec(name);
  if (energy) return { quantity: energy[2] ? 'energyPrice' : 'energy', reading: 'sum', ...(energy[3] !== undefined && { tariff: Number(energy[3]) }) };
  const quantities: Record<string, Quantity> = {
    temp: 'temperature', temperature: 'temperature', hum: 'humidity', humidity: 'humidity', co2: 'co2', pressure: 'pressure', noise: 'noise',
    rain: 'rain', windstrength: 'wind', windangle: 'windAngle', guststrength: 'gust', gust: 'gust', gustangle: 'gustAngle',
    sp_temperature: 'setpoint', boileron: 'boilerOn', boileroff: 'boilerOff', boiler_on: 'boilerOn', boiler_off: 'boilerOff',
  };
  const aggregate = /^(date_min|date_max|min|max|sum)_(.+)$/.exec(name);
  if (aggregate) {
    const quantity = quantities[aggregate[2]!];
    if (!quantity) return null;
    const readings: Record<string, Reading> = { date_min: 'dateMin', date_max: 'dateMax', min: 'min', max: 'max', sum: 'sum' };
    return { quantity, reading: readings[aggregate[1]!]! };
  }
  const quantity = quantities[name];
  if (!quantity) return null;
  // Per-slot amounts add up over a bucket; levels average.
  return { quantity, reading: quantity === 'rain' || quantity === 'boilerOn' || quantity === 'boilerOff' ? 'sum' : 'mean' };
}

/** Rounds as Netatmo reports each quantity. */
function rounded(quantity: Quantity, value: number): number {
  const tenth = (number: number): number => Math.round(number * 10) / 10;
  switch (quantity) {
    case 'temperature': case 'pressure': case 'setpoint': case 'wind': case 'gust':
      return tenth(value);
    case 'rain':
      return Math.round(value * 1000) / 1000;
    case 'energyPrice':
      return Math.round(value * 10_000) / 10_000;
    default:
      return Math.round(value);
  }
}

/** Raw measures of recent buckets: `min_temp`, `max_temp` and their dates read the same ones. */
const sampleCache = new Map<string, { times: number[]; values: number[] }>();

/**
 * Every raw measure of the bucket up to a day's worth (so a day's minimum is the lowest 5-minute
 * value and its rain the sum of them), evenly spread raw measures beyond.
 */
function samples(source: MeasureSource, quantity: Quantity, start: number, step: number): { times: number[]; values: number[] } {
  const key = `${source.seed}|${source.profile}|${quantity}|${start}|${step}`;
  const cached = sampleCache.get(key);
  if (cached) return cached;
  const seed = hashText(source.seed);
  const slots = Math.max(1, Math.floor(step / RAW_STEP));
  const count = Math.min(slots, MAX_SAMPLES);
  const times = Array.from({ length: count }, (_, index) => start + Math.floor((index * slots) / count) * RAW_STEP);
  const read = { times, values: times.map((time) => level(quantity, seed, source.profile, time)) };
  if (sampleCache.size >= 8192) sampleCache.clear();
  sampleCache.set(key, read);
  return read;
}

/**
 * The value of `type` for the bucket `[start, start + step)`: at scale `max` (`step` =
 * {@link RAW_STEP}) the raw measure at `start`; above it the bucket's average, minimum, maximum
 * (and when they happened, inside the bucket) or total over its raw measures (a day's worth at
 * most, spread evenly over longer buckets). Energy types
 * give Wh in the basic tariff bucket `$0`; `$1`/`$2` (peak/off-peak) and the untagged total are
 * `null`, as for the captured Legrand meter on a basic contract.
 */
export function measureValue(source: MeasureSource, type: string, start: number, step: number): number | null {
  const meaning = readingOf(type);
  if (!meaning) return null;
  const { quantity, reading } = meaning;
  if (quantity === 'energy' || quantity === 'energyPrice') {
    if (meaning.tariff !== 0) return null;
  }
  if (quantity === 'boilerOff' && reading === 'sum') {
    // Off is the rest of the bucket, so on + off is exactly its length.
    const on = measureValue(source, type.replace(/off$/i, (off) => (off === 'off' ? 'on' : 'On')), start, step);
    return on === null ? null : step - on;
  }
  const { times, values } = samples(source, quantity, start, step);
  if (quantity === 'energy' || quantity === 'energyPrice') {
    const wattHours = (values.reduce((sum, value) => sum + value, 0) / values.length) * (step / 3600);
    return rounded(quantity, quantity === 'energy' ? wattHours : (wattHours / 1000) * 0.2516);
  }
  switch (reading) {
    case 'mean':
      return rounded(quantity, values.reduce((sum, value) => sum + value, 0) / values.length);
    case 'sum':
      return rounded(quantity, (values.reduce((sum, value) => sum + value, 0) / values.length) * (step / RAW_STEP));
    case 'min':
      return rounded(quantity, Math.min(...values));
    case 'max':
      return rounded(quantity, Math.max(...values));
    case 'dateMin':
      return times[values.indexOf(Math.min(...values))]!;
    case 'dateMax':
      return times[values.indexOf(Math.max(...values))]!;
  }
}
