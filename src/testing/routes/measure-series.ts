import { isKnownMeasureType } from '../../api/shared/measure-types.js';
import { invalidArg, missingParams, ok, type FakeApiRequest, type FakeResponse } from '../fake-response.js';
import { measureValue, type MeasureSource } from './measure-values.js';
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

/** A checked measure request: its types, scale and window. */
interface MeasureWindow {
  types: string[];
  scale: string;
  step: number;
  /** Seconds from a bucket's start to its reported time: half a step unless `real_time=true` or scale `max`. */
  shift: number;
  begin: number | undefined;
  /** `undefined` for "up to now", `'last'` for the latest point only. */
  end: number | 'last' | undefined;
  limit: number;
  optimize: boolean;
}

/**
 * Checks a measure request as Netatmo does (code 10 missing, code 21 invalid) and reads its
 * window: `scale`, `type` (comma-separated, documented for the scale, either spelling),
 * `date_begin`, `date_end` (epoch seconds or `last`), `limit` (1–1024, default 1024),
 * `optimize` (default true) and `real_time` (default false).
 */
function readWindow(request: FakeApiRequest, family: 'weather' | 'thermostat' | 'room'): MeasureWindow | FakeResponse {
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
  const end = endParam === undefined || endParam === 'last' ? endParam : Number(endParam);
  if (begin !== undefined && typeof end === 'number' && end < begin) return invalidArg('date_end is before date_begin');
  const step = stepSeconds[scale]!;
  return {
    types,
    scale,
    step,
    shift: scale === 'max' || params['real_time'] === 'true' ? 0 : step / 2,
    begin,
    end,
    limit: params['limit'] === undefined ? 1024 : Number(params['limit']),
    optimize: params['optimize'] !== 'false',
  };
}

/**
 * Answers a measure request from a synthetic, gap-free series seeded by the device: one bucket
 * every scale step from {@link SERIES_START} to the fake's clock, with plausible values per type
 * (see `measure-values.ts`). A bucket is served when it starts at or after `date_begin` and its
 * reported time (its start, or its middle unless `real_time=true`, as Netatmo stamps scales above
 * `max`) is at or before `date_end` and the clock; without `date_begin`, the latest `limit` of them.
 */
export function syntheticMeasures(request: FakeApiRequest, family: 'weather' | 'thermostat' | 'room', source: MeasureSource): FakeResponse {
  const window = readWindow(request, family);
  if (!('types' in window)) return window;
  const { step, shift, begin, end, limit } = window;
  const nowSeconds = Math.floor(request.now / 1000);
  const lastIndex = Math.floor((nowSeconds - shift - SERIES_START) / step);
  const endIndex = typeof end === 'number' ? Math.min(lastIndex, Math.floor((end - shift - SERIES_START) / step)) : lastIndex;
  let firstIndex: number;
  if (end === 'last') firstIndex = endIndex;
  else if (begin === undefined) firstIndex = Math.max(0, endIndex - limit + 1);
  else firstIndex = Math.max(0, Math.ceil((begin - SERIES_START) / step));
  const count = Math.max(0, Math.min(limit, endIndex - firstIndex + 1));
  const points = Array.from({ length: count }, (_, index) => {
    const start = SERIES_START + (firstIndex + index) * step;
    return { time: start + shift, values: window.types.map((type) => measureValue(source, type, start, step)) };
  });
  return measureAnswer(points, step, window.optimize, request.now);
}

/** A history Netatmo answered once, served for the scale and types it was asked with. */
export interface CapturedSeries {
  scale: string;
  /** The `type` list of the captured request, in its column order. */
  types: readonly string[];
  /** The captured `optimize=true` body. */
  body: readonly { beg_time: number; step_time?: number; value: readonly (readonly (number | null)[])[] }[];
}

/**
 * Serves a captured series when the request asks for its scale and some of its types (columns
 * picked in the asked order): the captured points inside the window (`date_begin` ≤ time ≤
 * `date_end`, at most `limit`, or the last one for `date_end=last`), in either format. `undefined`
 * when the captured series does not answer this request (other scale or types, or no captured
 * point in the window), so the caller serves the synthetic series instead.
 */
export function capturedMeasures(request: FakeApiRequest, family: 'weather' | 'thermostat' | 'room', captured: CapturedSeries): FakeResponse | undefined {
  const window = readWindow(request, family);
  if (!('types' in window)) return window;
  if (window.scale !== captured.scale) return undefined;
  const columns = window.types.map((type) => captured.types.findIndex((name) => name.toLowerCase() === type.toLowerCase()));
  if (columns.some((column) => column < 0)) return undefined;
  const all = captured.body.flatMap((run) => run.value.map((row, index) => ({ time: run.beg_time + index * (run.step_time ?? 0), values: columns.map((column) => row[column] ?? null) })));
  const { begin, end, limit } = window;
  const inWindow = all.filter((point) => (begin === undefined || point.time >= begin) && (typeof end !== 'number' || point.time <= end));
  let points = begin === undefined ? inWindow.slice(-limit) : inWindow.slice(0, limit);
  if (end === 'last') points = inWindow.slice(-1);
  if (points.length === 0) return undefined;
  const step = captured.body.find((run) => run.step_time !== undefined)?.step_time ?? window.step;
  return measureAnswer(points, step, window.optimize, request.now);
}

/**
 * The body Netatmo sends: with `optimize=true` runs of `{beg_time, step_time, value}` (a new run
 * after a gap; no `step_time` on a run of one point), with `optimize=false` an object keyed by
 * epoch seconds.
 */
function measureAnswer(points: readonly { time: number; values: (number | null)[] }[], step: number, optimize: boolean, now: number): FakeResponse {
  if (!optimize) return ok(Object.fromEntries(points.map((point) => [String(point.time), point.values])), now);
  const runs: { beg_time: number; step_time?: number; value: (number | null)[][] }[] = [];
  let previous: number | undefined;
  for (const point of points) {
    const run = runs.at(-1);
    if (run && previous !== undefined && point.time - previous === step) run.value.push(point.values);
    else runs.push({ beg_time: point.time, value: [point.values] });
    previous = point.time;
  }
  return ok(runs.map((run) => (run.value.length > 1 ? { beg_time: run.beg_time, step_time: step, value: run.value } : run)), now);
}
