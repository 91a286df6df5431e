import type { ApiContext } from '../api-context.js';
import type { RequestOptions } from '../request-options.js';
import { stationsDataSchema, type StationsData } from './schemas.js';

/** Parameters of {@link StationApi.getStationsData}. */
export interface GetStationsDataParams {
  /** Only this station (MAC address of its NAMain, e.g. `70:ee:50:00:00:14`). */
  deviceId?: string;
  /** Include stations the user has favourited. @default false */
  getFavorites?: boolean;
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
   * @throws {@link NetatmoApiError} e.g. code 21 for an unknown `deviceId`.
   * @throws {@link NetatmoAuthError} when no token can be obtained.
   */
  getStationsData(params: GetStationsDataParams = {}, options?: RequestOptions): Promise<StationsData> {
    return this.#api.call({
      endpoint: 'getstationsdata',
      method: 'GET',
      query: { device_id: params.deviceId, get_favorites: params.getFavorites },
      schema: stationsDataSchema,
      options,
    });
  }
}
