import type { ApiContext } from '../api-context.js';
import type { RequestOptions } from '../request-options.js';
import type { MeasureScale, WeatherMeasureType } from '../shared/measure-types.js';
import type { WireParams } from '../../transport/wire-params.js';
import {
  checkMeasureWindow,
  MAX_MEASURE_POINTS,
  measureWindowKeys,
  requestMeasures,
  type MeasurePoint,
  type MeasureResult,
  type MeasureWindowParams,
} from '../shared/measures.js';
import { ParamChecks, type DateInput } from '../shared/param-checks.js';
import { publicDataSchema, stationsDataSchema, type PublicData, type StationsData } from './schemas.js';
import { watchStations, type StationsSnapshot, type StationWatchOptions } from './station-watch.js';

/** Parameters of {@link StationApi.getStationsData}. */
export interface GetStationsDataParams {
  /** Only this station (MAC address of its NAMain, e.g. `70:ee:50:00:00:14`). */
  deviceId?: string;
  /** Include stations the user has favourited. @default false */
  getFavorites?: boolean;
}

/**
 * Parameters of {@link StationApi.getMeasure}: a station's (or Home Coach's) history.
 * `types` is checked against `scale`: `'sum_rain'` needs `30min` or more, `'date_max_temp'` a day or more.
 */
export interface GetMeasureParams<Scale extends MeasureScale = MeasureScale, Type extends WeatherMeasureType<Scale> = WeatherMeasureType<Scale>>
  extends Omit<MeasureWindowParams<Scale, Type>, 'dateEnd'> {
  /** The station (NAMain MAC) or Home Coach (NHC MAC). */
  deviceId: string;
  /** A module of the station (outdoor, wind, rain, extra indoor); omit for the base station. */
  moduleId?: string;
  /** End, as a `Date` or epoch seconds, or `'last'` for the latest value only. @default now */
  dateEnd?: DateInput | 'last';
}

/** Parameters of {@link StationApi.iterateMeasures}: those of `getMeasure`, with a start required. */
export interface IterateMeasuresParams<Scale extends MeasureScale = MeasureScale, Type extends WeatherMeasureType<Scale> = WeatherMeasureType<Scale>>
  extends Omit<GetMeasureParams<Scale, Type>, 'dateBegin' | 'dateEnd' | 'limit'> {
  /** First point to fetch, as a `Date` or epoch seconds. */
  dateBegin: DateInput;
  /** Last point to fetch; without it, paging stops at the first empty page. */
  dateEnd?: DateInput;
  /** Points per request, 1–1024. @default 1024 */
  pageSize?: number;
}

/** Parameters of {@link StationApi.getPublicData}: a rectangle, north-east and south-west corners. */
export interface GetPublicDataParams {
  /** North-east latitude, −85…85, greater than `latSw`. */
  latNe: number;
  /** North-east longitude, −180…180, greater than `lonSw`. */
  lonNe: number;
  /** South-west latitude, −85…85. */
  latSw: number;
  /** South-west longitude, −180…180. */
  lonSw: number;
  /** Only stations that measure this. */
  requiredData?: 'humidity' | 'pressure' | 'rain' | 'temperature' | 'wind';
  /** Leave out stations with abnormal temperatures. @default false */
  filter?: boolean;
}

const publicDataKinds = ['temperature', 'humidity', 'pressure', 'wind', 'rain'] as const;

/** A checked station measure request: its wire parameters and the types it asks for. */
interface CheckedMeasure {
  query: WireParams;
  types: string[];
}

/** Checks what `getMeasure` and `iterateMeasures` share: the device, the module and the window. */
function checkStationMeasure(checks: ParamChecks, lastAllowed: boolean): CheckedMeasure {
  const p = checks.params;
  const deviceId = checks.requiredString('deviceId', p['deviceId'], ': the station (NAMain) or Home Coach MAC');
  const moduleId = checks.optionalString('moduleId', p['moduleId']);
  const { wire, types } = checkMeasureWindow(checks, p, 'weather', lastAllowed);
  return { query: { device_id: deviceId, module_id: moduleId, ...wire }, types };
}

/**
 * Weather stations (scope `read_station`). Reach it as `client.station`.
 */
export class StationApi {
  readonly #api: ApiContext;

  /** @internal */
  constructor(api: ApiContext) {
    this.#api = api;
  }

  /**
   * The user's weather stations, their modules and latest readings.
   *
   * Endpoint: `GET /api/getstationsdata` · scope `read_station`.
   * Unreachable stations and modules come without `dashboard_data`.
   *
   * @example
   * ```ts
   * const { devices } = await client.station.getStationsData();
   * for (const station of devices) console.log(station.home_name, station.dashboard_data?.Temperature);
   * ```
   * @throws {@link NetatmoValidationError} for an invalid `deviceId` or `getFavorites`, or an unknown parameter (before any request).
   * @throws {@link NetatmoApiError} e.g. code 21 for an unknown `deviceId`.
   * @throws {@link NetatmoAuthError} when no token can be obtained.
   */
  async getStationsData(params: GetStationsDataParams = {}, options?: RequestOptions): Promise<StationsData> {
    const checks = new ParamChecks('getStationsData', params, ['deviceId', 'getFavorites']);
    const deviceId = checks.optionalString('deviceId', checks.params['deviceId']);
    const getFavorites = checks.optionalBoolean('getFavorites', checks.params['getFavorites']);
    checks.throwIfAny();
    return this.#api.call({
      endpoint: 'getstationsdata',
      method: 'GET',
      query: { device_id: deviceId, get_favorites: getFavorites },
      schema: stationsDataSchema,
      options,
    });
  }

  /**
   * History of a station, one of its modules, or a Home Coach: at most 1024 points per call
   * (use {@link StationApi.iterateMeasures} for longer spans). Units: °C, %, ppm, dB, mbar, mm, km/h, degrees.
   *
   * Endpoint: `GET /api/getmeasure` · scope `read_station` (`read_homecoach` for a Home Coach).
   * Both wire formats (`optimize` true or false) come back as the same `{ types, points }`.
   *
   * @example
   * ```ts
   * const { points } = await client.station.getMeasure({
   *   deviceId: '70:ee:50:00:00:14', moduleId: '02:00:00:00:00:14',
   *   scale: '1hour', types: ['Temperature', 'Humidity'], dateBegin: new Date('2026-01-01'),
   * });
   * for (const { time, values } of points) console.log(time.toISOString(), values.Temperature);
   * ```
   * @throws {@link NetatmoValidationError} for an unknown scale or type, `limit` above 1024, `dateEnd` before `dateBegin` (before any request).
   * @throws {@link NetatmoApiError} e.g. code 21 for an unknown device.
   */
  async getMeasure<Scale extends MeasureScale, const Type extends WeatherMeasureType<Scale>>(
    params: GetMeasureParams<Scale, Type>,
    options?: RequestOptions,
  ): Promise<MeasureResult<Type>> {
    const checks = new ParamChecks('getMeasure', params, ['deviceId', 'moduleId', ...measureWindowKeys]);
    const { query, types } = checkStationMeasure(checks, true);
    checks.throwIfAny();
    return requestMeasures(this.#api, 'getmeasure', query, types as Type[], options);
  }

  /**
   * Every point from `dateBegin` to `dateEnd`, fetched in windows of up to 1024 points: each page
   * starts one second after the last point received, so no point is skipped or repeated. Paging
   * stops at `dateEnd` or at the first empty page.
   *
   * Endpoint: `GET /api/getmeasure` (once per page) · scope `read_station`. Mind the rate limit
   * (50 requests / 10 s, 500 / hour): a year at `max` scale is about 100 pages.
   *
   * @example
   * ```ts
   * for await (const point of client.station.iterateMeasures({
   *   deviceId, scale: 'max', types: ['Temperature', 'CO2'],
   *   dateBegin: new Date('2026-01-01'), dateEnd: new Date('2026-02-01'),
   * })) {
   *   console.log(point.time.toISOString(), point.values.Temperature, point.values.CO2);
   * }
   * ```
   * @throws {@link NetatmoValidationError} for invalid parameters, on the first iteration, before any request.
   * @throws {@link NetatmoApiError} when a page fails (the points already yielded stay yours).
   */
  async *iterateMeasures<Scale extends MeasureScale, const Type extends WeatherMeasureType<Scale>>(
    params: IterateMeasuresParams<Scale, Type>,
    options?: RequestOptions,
  ): AsyncGenerator<MeasurePoint<Type>, void, undefined> {
    const checks = new ParamChecks('iterateMeasures', params, ['deviceId', 'moduleId', 'scale', 'types', 'dateBegin', 'dateEnd', 'pageSize', 'optimize', 'realTime']);
    const { query, types } = checkStationMeasure(checks, false);
    if (checks.params['dateBegin'] === undefined) checks.add('dateBegin', 'is required: a Date or epoch seconds');
    const pageSize = checks.number('pageSize', checks.params['pageSize'], { min: 1, max: MAX_MEASURE_POINTS, integer: true }) ?? MAX_MEASURE_POINTS;
    checks.throwIfAny();
    const end = query['date_end'] as number | undefined;
    let begin = query['date_begin'] as number | undefined;
    let lastYielded = -Infinity;
    while (begin !== undefined && (end === undefined || begin <= end)) {
      const page = await requestMeasures(this.#api, 'getmeasure', { ...query, date_begin: begin, limit: pageSize }, types as Type[], options);
      if (page.points.length === 0) return;
      for (const point of page.points) {
        const seconds = point.time.getTime() / 1000;
        // Netatmo may repeat the boundary point or overshoot dateEnd; neither is yielded.
        if (seconds <= lastYielded || (end !== undefined && seconds > end)) continue;
        lastYielded = seconds;
        yield point;
      }
      const lastOfPage = page.points[page.points.length - 1]!.time.getTime() / 1000;
      if (lastOfPage < begin) return;
      begin = lastOfPage + 1;
    }
  }

  /**
   * Public weather stations in a rectangle, with their latest temperature, humidity, pressure,
   * rain and wind. Any valid token works.
   *
   * Endpoint: `GET /api/getpublicdata` · scope: any.
   *
   * @example
   * ```ts
   * const stations = await client.station.getPublicData({ latNe: 50.3, lonNe: 8.9, latSw: 50.1, lonSw: 8.7, requiredData: 'rain' });
   * console.log(stations.length, 'stations');
   * ```
   * @throws {@link NetatmoValidationError} for coordinates out of range or `latNe <= latSw` / `lonNe <= lonSw` (before any request).
   * @throws {@link NetatmoApiError} e.g. code 0 when Netatmo's backend fails.
   */
  async getPublicData(params: GetPublicDataParams, options?: RequestOptions): Promise<PublicData> {
    const checks = new ParamChecks('getPublicData', params, ['latNe', 'lonNe', 'latSw', 'lonSw', 'requiredData', 'filter']);
    const p = checks.params;
    const latNe = checks.number('latNe', p['latNe'], { min: -85, max: 85, required: true, unit: '°' });
    const latSw = checks.number('latSw', p['latSw'], { min: -85, max: 85, required: true, unit: '°' });
    const lonNe = checks.number('lonNe', p['lonNe'], { min: -180, max: 180, required: true, unit: '°' });
    const lonSw = checks.number('lonSw', p['lonSw'], { min: -180, max: 180, required: true, unit: '°' });
    if (latNe !== undefined && latSw !== undefined && latNe <= latSw) {
      checks.add('latNe', `must be north of latSw (${latNe} <= ${latSw}): swap the corners`);
    }
    if (lonNe !== undefined && lonSw !== undefined && lonNe <= lonSw) {
      checks.add('lonNe', `must be east of lonSw (${lonNe} <= ${lonSw}): swap the corners`);
    }
    const requiredData = checks.oneOf('requiredData', p['requiredData'], publicDataKinds);
    const filter = checks.optionalBoolean('filter', p['filter']);
    checks.throwIfAny();
    return this.#api.call({
      endpoint: 'getpublicdata',
      method: 'GET',
      query: { lat_ne: latNe, lon_ne: lonNe, lat_sw: latSw, lon_sw: lonSw, required_data: requiredData, filter },
      schema: publicDataSchema,
      options,
    });
  }

  /**
   * New readings as they arrive: an async iterable that polls `getStationsData` at the stations'
   * own pace and yields a snapshot each time readings changed, with the ids of the stations and
   * modules that changed. The next poll is planned from the newest `time_utc` plus the upload
   * interval (10 min) and a margin; when a poll brings nothing new it retries a few times at
   * `retryIntervalMs`, then falls back to the upload interval; never more often than
   * `minIntervalMs`. About 6 requests an hour per watcher, through the client's auth, retries and
   * rate limiter.
   *
   * Transient failures (network, timeout, 5xx, 429) are waited out with backoff and jitter; any
   * other error (a dead refresh token, a missing scope) ends the iteration with that error.
   * `signal` ends it quietly, at once.
   *
   * Endpoint: `GET /api/getstationsdata` (once per poll) · scope `read_station`.
   *
   * @example
   * ```ts
   * const stop = new AbortController();
   * for await (const { data, changed } of client.station.watch({ signal: stop.signal })) {
   *   for (const station of data.devices) {
   *     if (changed.includes(station._id)) console.log(station.home_name, station.dashboard_data?.Temperature);
   *   }
   * }
   * ```
   * @throws {@link NetatmoValidationError} for invalid options, on the first iteration, before any request.
   * @throws {@link NetatmoAuthError} when the refresh token is dead (`reauthorizationRequired`).
   */
  watch(options: StationWatchOptions = {}): AsyncGenerator<StationsSnapshot, void, undefined> {
    return watchStations((params, requestOptions) => this.getStationsData(params, requestOptions), options);
  }
}
