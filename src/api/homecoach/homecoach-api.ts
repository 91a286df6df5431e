import type { ApiContext } from '../api-context.js';
import type { RequestOptions } from '../request-options.js';
import { ParamChecks } from '../shared/param-checks.js';
import { watchHomeCoachs, type HomeCoachsSnapshot, type HomeCoachWatchOptions } from './homecoach-watch.js';
import { homeCoachsDataSchema, type HomeCoachsData } from './schemas.js';

/** Parameters of {@link HomeCoachApi.getHomeCoachsData}. */
export interface GetHomeCoachsDataParams {
  /** Only this Home Coach (its MAC address). */
  deviceId?: string;
}

/**
 * Home Coach air-quality monitors (scope `read_homecoach`). Reach it as `client.homecoach`.
 * For history, call `client.station.getMeasure()` with the Home Coach's MAC as `deviceId`.
 */
export class HomeCoachApi {
  readonly #api: ApiContext;

  /** @internal */
  constructor(api: ApiContext) {
    this.#api = api;
  }

  /**
   * The user's Home Coaches and their latest readings: temperature, humidity, CO2, noise,
   * pressure and `health_idx` (0 healthy … 4 unhealthy).
   *
   * Endpoint: `GET /api/gethomecoachsdata` · scope `read_homecoach`.
   * `dashboard_data` can be missing, even for a reachable device.
   *
   * @example
   * ```ts
   * const { devices } = await client.homecoach.getHomeCoachsData();
   * for (const coach of devices) console.log(coach.station_name, coach.dashboard_data?.CO2, coach.dashboard_data?.health_idx);
   * ```
   * @throws {@link NetatmoValidationError} for an invalid `deviceId` or an unknown parameter (before any request).
   * @throws {@link NetatmoApiError} e.g. code 21 for an unknown `deviceId`.
   * @throws {@link NetatmoAuthError} when no token can be obtained.
   */
  async getHomeCoachsData(params: GetHomeCoachsDataParams = {}, options?: RequestOptions): Promise<HomeCoachsData> {
    const checks = new ParamChecks('getHomeCoachsData', params, ['deviceId']);
    const deviceId = checks.optionalString('deviceId', checks.params['deviceId']);
    checks.throwIfAny();
    return this.#api.call({
      endpoint: 'gethomecoachsdata',
      method: 'GET',
      query: { device_id: deviceId },
      schema: homeCoachsDataSchema,
      options,
    });
  }

  /**
   * New readings as they arrive: an async iterable that polls `getHomeCoachsData` at the devices'
   * own pace (like {@link StationApi.watch}: the newest `time_utc` plus the upload interval and a
   * margin, short retries when nothing new came, never more often than `minIntervalMs`) and yields
   * a snapshot each time readings changed, with the ids of the Home Coaches that changed.
   *
   * Transient failures are waited out with backoff and jitter; other errors end the iteration.
   * `signal` ends it quietly, at once.
   *
   * Endpoint: `GET /api/gethomecoachsdata` (once per poll) · scope `read_homecoach`.
   *
   * @example
   * ```ts
   * for await (const { data, changed } of client.homecoach.watch({ signal })) {
   *   for (const coach of data.devices) if (changed.includes(coach._id)) console.log(coach.station_name, coach.dashboard_data?.CO2);
   * }
   * ```
   * @throws {@link NetatmoValidationError} for invalid options, on the first iteration, before any request.
   * @throws {@link NetatmoAuthError} when the refresh token is dead (`reauthorizationRequired`).
   */
  watch(options: HomeCoachWatchOptions = {}): AsyncGenerator<HomeCoachsSnapshot, void, undefined> {
    return watchHomeCoachs((params, requestOptions) => this.getHomeCoachsData(params, requestOptions), options);
  }
}
