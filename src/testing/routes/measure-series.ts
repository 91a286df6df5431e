import { isKnownMeasureType } from '../../api/shared/measure-types.js';
import { invalidArg, missingParams, ok, type FakeApiRequest, type FakeResponse } from '../fake-response.js';
import { checkBoolean, checkEpoch, checkNumber, firstFailure } from './route-checks.js';

/** Seconds between two points of each scale (a month counts 30 days here). */
const stepSeconds: Record<string, number> = {
  max: 300,
  '30min': 1800,
  '1hour': 3600,
  '3hours': 10_800,
  '1day': 86_400,
  '1week': 604_800,
  '1month': 2_592_000,
};

/** The synthetic history starts here (2024-01-01T00:00:00Z) and ends at the fake's `now`. */
export const SERIES_START = 1_704_067_200;

/**
 * Answers a measure request from a synthetic, gap-free series: one point every scale step from
 * {@link SERIES_START} to the fake's clock, with values that follow a daily curve. It honours
 * `date_begin`, `date_end` (also `last`), `limit` and `optimize` the way Netatmo does, and
 * refuses what Netatmo refuses (code 10 missing, code 21 invalid).
 */
export function syntheticMeasures(request: FakeApiRequest, family: 'weather' | 'thermostat' | 'room'): FakeResponse {
  const { params } = request;
  const invalid = firstFailure(
    missingParams(params, ['scale', 'type']),
    params['scale'] !== undefined && !Object.hasOwn(stepSeconds, params['scale']) ? invalidArg(`Invalid scale: ${params['scale']}`) : undefined,
    checkEpoch(params, 'date_begin'),
    checkEpoch(params, 'date_end', ['last']),
    checkNumber(params, 'limit', 1, 1024),
    params['limit'] !== undefined && !/^\d+$/.test(params['limit']) ? invalidArg(`Invalid limit: ${params['limit']}`) : undefined,
    checkBoolean(params, 'optimize'),
    checkBoolean(params, 'real_time'),
  );
  if (invalid) return invalid;
  const scale = params['scale'] as keyof typeof stepSeconds & Parameters<typeof isKnownMeasureType>[1];
  const types = params['type']!.split(',');
  const unknown = types.find((type) => !isKnownMeasureType(family, scale, type));
  if (unknown !== undefined) return invalidArg(`Invalid type: ${unknown} is not available at scale ${scale}`);
  const begin = params['date_begin'] === undefined ? undefined : Number(params['date_begin']);
  const endParam = params['date_end'];
  if (begin !== undefined && endParam !== undefined && endParam !== 'last' && Number(endParam) < begin) {
    return invalidArg('date_end is before date_begin');
  }

  const step = stepSeconds[scale]!;
  const limit = params['limit'] === undefined ? 1024 : Number(params['limit']);
  const nowSeconds = Math.floor(request.now / 1000);
  const lastIndex = Math.floor((nowSeconds - SERIES_START) / step);
  const end = endParam === undefined || endParam === 'last' ? nowSeconds : Math.min(Number(endParam), nowSeconds);
  const endIndex = Math.min(lastIndex, Math.floor((end - SERIES_START) / step));
  let firstIndex: number;
  if (endParam === 'last') firstIndex = endIndex;
  else if (begin === undefined) firstIndex = Math.max(0, endIndex - limit + 1);
  else firstIndex = Math.max(0, Math.ceil((begin - SERIES_START) / step));
  const count = Math.max(0, Math.min(limit, endIndex - firstIndex + 1));
  const times = Array.from({ length: count }, (_, index) => SERIES_START + (firstIndex + index) * step);
  const rows = times.map((time) => types.map((type) => syntheticValue(type, time)));

  if (params['optimize'] === 'false') {
    return ok(Object.fromEntries(times.map((time, index) => [String(time), rows[index]])), request.now);
  }
  if (times.length === 0) return ok([], request.now);
  // Netatmo leaves step_time out of a run of one point.
  return ok([{ beg_time: times[0], ...(times.length > 1 && { step_time: step }), value: rows }], request.now);
}

/** A plausible, deterministic value of `type` at `time`. */
export function syntheticValue(type: string, time: number): number {
  const day = Math.sin((2 * Math.PI * (time % 86_400)) / 86_400);
  const round = (value: number): number => Math.round(value * 10) / 10;
  const name = type.toLowerCase();
  if (name.startsWith('date_')) return time;
  if (name.includes('temp')) return round(20 + 5 * day);
  if (name.includes('hum')) return Math.round(55 - 10 * day);
  if (name.includes('co2')) return Math.round(600 + 200 * day);
  if (name.includes('pressure')) return round(1013 + 2 * day);
  if (name.includes('noise')) return Math.round(40 + 5 * day);
  if (name.includes('angle')) return Math.round(180 + 90 * day);
  if (name.includes('wind') || name.includes('gust')) return round(10 + 5 * day);
  if (name.includes('boiler')) return Math.round(600 + 600 * day);
  if (name.includes('energy')) return Math.round(200 + 100 * day);
  return 0;
}
