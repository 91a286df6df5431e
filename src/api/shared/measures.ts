import * as z from 'zod';
import type { MeasureBody, MeasureRun } from './measure-answers.js';
import type { Equals, Expect } from './same-type.js';
import { NetatmoValidationError } from '../../errors.js';
import type { WireParams } from '../../transport/wire-params.js';
import type { ApiContext } from '../api-context.js';
import type { RequestOptions } from '../request-options.js';
import { isKnownMeasureType, knownMeasureTypes, measureScales, type MeasureScale } from './measure-types.js';
import type { DateInput, ParamChecks } from './param-checks.js';
import { built, optionalNumber } from './schema-helpers.js';

/** Netatmo returns at most this many points per call. */
export const MAX_MEASURE_POINTS = 1024;

/** One run of the compressed (`optimize=true`) format: `value[i]` is at `beg_time + i × step_time`. */
export const measureRunSchema = z.lazy(() =>
  z.looseObject({
    beg_time: z.number(),
    /** Missing when the run holds a single point. */
    step_time: optionalNumber,
    /** One row per time, one entry per requested type, in request order; `null` where nothing was measured. */
    value: z.array(z.array(z.number().nullable())),
  }),
);

/** Body of `/api/getmeasure` and `/api/getroommeasure`: runs (`optimize=true`) or values keyed by epoch seconds (`optimize=false`). */
export const measureBodySchema = z.lazy(() => z.union([z.array(built(measureRunSchema)), z.record(z.string(), z.array(z.number().nullable()))]));

export type { MeasureBody, MeasureRun } from './measure-answers.js';
// Fails to compile when a schema and its documented interface drift apart.
type _SchemasMatchTheirTypes = [Expect<Equals<z.output<typeof measureRunSchema>, MeasureRun>>, Expect<Equals<z.output<typeof measureBodySchema>, MeasureBody>>];

/** One point in time with a value per requested type. */
export interface MeasurePoint<Type extends string = string> {
  /** When the values were measured. */
  time: Date;
  /** Keyed by the type names as requested; `null` where Netatmo has no value. */
  values: Record<Type, number | null>;
}

/** What `getMeasure` and `getRoomMeasure` resolve to, whichever wire format came back. */
export interface MeasureResult<Type extends string = string> {
  /** The types requested, in order. */
  types: Type[];
  /** Oldest first. */
  points: MeasurePoint<Type>[];
}

/** Parameters every measure request shares, by their camelCase names. */
export interface MeasureWindowParams<Scale extends MeasureScale, Type extends string> {
  /** Aggregation window: `max` is every raw measure (about every 5 minutes for a station). */
  scale: Scale;
  /** What to measure (wire `type`, comma-joined), checked against `scale`. */
  types: readonly Type[];
  /** Start, as a `Date` or epoch seconds. @default Netatmo picks (the most recent points) */
  dateBegin?: DateInput;
  /** End, as a `Date` or epoch seconds. @default now */
  dateEnd?: DateInput;
  /** At most this many points, 1–1024. @default 1024 */
  limit?: number;
  /**
   * Ask for the compressed wire format. The result has the same shape either way.
   * @default true (Netatmo's default)
   */
  optimize?: boolean;
  /**
   * For scales above `max` Netatmo stamps each point in the middle of its window; `true` stamps
   * it at the window's start.
   * @default false
   */
  realTime?: boolean;
}

/** The parameter names of {@link MeasureWindowParams}, for {@link ParamChecks}. */
export const measureWindowKeys = ['scale', 'types', 'dateBegin', 'dateEnd', 'limit', 'optimize', 'realTime'] as const;

/** A checked measure window: its wire parameters and the types, copied. */
export interface CheckedMeasureWindow {
  wire: WireParams;
  types: string[];
}

/**
 * Checks the window and type parameters (read from `params`, the checked copy); returns their
 * wire form. `types` is empty when they were refused. With `lastAllowed`, `dateEnd: 'last'` asks
 * for the latest value only (`station.getMeasure`).
 */
export function checkMeasureWindow(
  checks: ParamChecks,
  params: Readonly<Record<string, unknown>>,
  family: 'weather' | 'thermostat' | 'room',
  lastAllowed = false,
): CheckedMeasureWindow {
  const scale = checks.oneOf('scale', params['scale'], measureScales, true);
  const types = checks.stringList('types', params['types'], true);
  if (types && scale) {
    types.forEach((type, index) => {
      if (!isKnownMeasureType(family, scale, type)) {
        checks.add(`types.${index}`, `'${type}' is not a measure type at scale '${scale}'; use one of ${knownMeasureTypes(family, scale).join(', ')}`);
      }
    });
  }
  const dateBegin = checks.date('dateBegin', params['dateBegin']);
  const last = lastAllowed && params['dateEnd'] === 'last';
  const dateEnd = last ? undefined : checks.date('dateEnd', params['dateEnd']);
  if (dateBegin !== undefined && dateEnd !== undefined && dateEnd < dateBegin) {
    checks.add('dateEnd', `must not be before dateBegin (${new Date(dateEnd * 1000).toISOString()} < ${new Date(dateBegin * 1000).toISOString()})`);
  }
  const wire = {
    scale,
    type: types,
    date_begin: dateBegin,
    date_end: last ? 'last' : dateEnd,
    limit: checks.number('limit', params['limit'], { min: 1, max: MAX_MEASURE_POINTS, integer: true }),
    optimize: checks.optionalBoolean('optimize', params['optimize']),
    real_time: checks.optionalBoolean('realTime', params['realTime']),
  };
  return { wire, types: types ?? [] };
}

/** Sends a measure request and decodes whichever format came back. */
export async function requestMeasures<Type extends string>(
  api: ApiContext,
  endpoint: 'getmeasure' | 'getroommeasure',
  query: WireParams,
  types: readonly Type[],
  options: RequestOptions | undefined,
): Promise<MeasureResult<Type>> {
  const body = await api.call({ endpoint, method: 'GET', query, schema: measureBodySchema, options });
  return decodeMeasures(types, body);
}

/**
 * Turns either wire format into points, oldest first. Runs without `step_time` are single points;
 * a longer one has no defined times, so it is reported rather than guessed.
 */
export function decodeMeasures<Type extends string>(types: readonly Type[], body: MeasureBody): MeasureResult<Type> {
  const points: MeasurePoint<Type>[] = [];
  const toPoint = (seconds: number, row: readonly (number | null)[]): MeasurePoint<Type> => {
    const values = {} as Record<Type, number | null>;
    types.forEach((type, index) => {
      values[type] = row[index] ?? null;
    });
    return { time: new Date(seconds * 1000), values };
  };
  if (Array.isArray(body)) {
    body.forEach((run, runIndex) => {
      if (run.step_time === undefined && run.value.length > 1) {
        const message = `a run of ${run.value.length} values has no step_time`;
        throw new NetatmoValidationError(`The answer of getmeasure does not have the expected shape: body.${runIndex}.step_time: ${message}`, [
          { path: `body.${runIndex}.step_time`, message },
        ]);
      }
      run.value.forEach((row, index) => points.push(toPoint(run.beg_time + index * (run.step_time ?? 0), row)));
    });
  } else {
    for (const [key, row] of Object.entries(body)) {
      const seconds = Number(key);
      if (!Number.isInteger(seconds)) {
        const message = `expected epoch seconds as key, got '${key}'`;
        throw new NetatmoValidationError(`The answer of getmeasure does not have the expected shape: body.${key}: ${message}`, [{ path: `body.${key}`, message }]);
      }
      points.push(toPoint(seconds, row));
    }
  }
  points.sort((a, b) => a.time.getTime() - b.time.getTime());
  return { types: [...types], points };
}
