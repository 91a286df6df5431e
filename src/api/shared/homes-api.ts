import type { ApiContext } from '../api-context.js';
import type { RequestOptions } from '../request-options.js';
import {
  homesDataSchema,
  homeStatusSchema,
  setStateResultSchema,
  type HomesData,
  type HomeStatus,
  type SetStateResult,
} from './homes-schemas.js';
import { describe, ParamChecks } from './param-checks.js';

/** Parameters of `getHomesData`. */
export interface GetHomesDataParams {
  /** Only this home. */
  homeId?: string;
  /** Only homes with these gateway types (wire `gateway_types`, comma-joined), e.g. `['NAPlug']`, `['NACamera']`. */
  gatewayTypes?: readonly string[];
}

/** Parameters of `getHomeStatus`. */
export interface GetHomeStatusParams {
  /** The home, from `getHomesData()`. */
  homeId: string;
  /** Only modules of these types (wire `device_types`, comma-joined), e.g. `['NRV', 'NATherm1']`. */
  deviceTypes?: readonly string[];
}

/**
 * A room or module entry of a `setState` call. Properties keep Netatmo's names, because they are
 * Netatmo's device properties (the docs and `getHomeStatus()` use the same ones).
 *
 * @example
 * ```ts
 * { id: '2746182631', therm_setpoint_mode: 'manual', therm_setpoint_temperature: 21 }
 * { id: '12:34:56:00:f1:62', monitoring: 'off' }
 * ```
 */
export interface SetStateEntry {
  /** Room id or module id. */
  id: string;
  [property: string]: unknown;
}

/** Parameters of `setState`. */
export interface SetStateParams {
  /** The home the rooms and modules belong to. */
  homeId: string;
  /** Room changes, e.g. set points of OTM/BNS/pilot-wire rooms. */
  rooms?: readonly SetStateEntry[];
  /** Module changes, e.g. camera `monitoring`, outdoor camera `floodlight`, Legrand `on`/`brightness` (with `bridge`). */
  modules?: readonly SetStateEntry[];
}

/**
 * The endpoints thermostats, cameras and Legrand modules share. `client.thermostat` and
 * `client.camera` both inherit this one implementation.
 */
export class HomesApi {
  /** @internal */
  protected readonly api: ApiContext;

  /** @internal */
  constructor(api: ApiContext) {
    this.api = api;
  }

  /**
   * The user's homes: rooms, modules, schedules and persons (topology, not live state).
   *
   * Endpoint: `GET /api/homesdata` · scope: any product scope (`read_thermostat`, `read_camera`, …).
   * Homes without devices come without `rooms` and `modules`; `name` can be missing.
   *
   * @example
   * ```ts
   * const { homes = [] } = await client.thermostat.getHomesData();
   * for (const home of homes) console.log(home.id, home.name, home.rooms?.length);
   * ```
   * @throws {@link NetatmoValidationError} when a parameter is invalid (before any request).
   * @throws {@link NetatmoApiError} e.g. code 21 for an unknown `homeId`.
   */
  async getHomesData(params: GetHomesDataParams = {}, options?: RequestOptions): Promise<HomesData> {
    const checks = new ParamChecks('getHomesData', params, ['homeId', 'gatewayTypes']);
    const homeId = checks.optionalString('homeId', checks.params['homeId']);
    const gatewayTypes = checks.stringList('gatewayTypes', checks.params['gatewayTypes'], false);
    checks.throwIfAny();
    return this.api.call({
      endpoint: 'homesdata',
      method: 'GET',
      query: { home_id: homeId, gateway_types: gatewayTypes },
      schema: homesDataSchema,
      options,
    });
  }

  /**
   * Live state of a home: room temperatures and set points, module batteries and signal,
   * camera monitoring, persons seen.
   *
   * Endpoint: `GET /api/homestatus` · scope `read_thermostat`, `read_camera`, `read_presence`, … per device family.
   * Unreachable devices come back in `errors` (code 6) with HTTP 200: that is data, not an exception.
   *
   * @example
   * ```ts
   * const { home, errors = [] } = await client.thermostat.getHomeStatus({ homeId });
   * for (const room of home?.rooms ?? []) console.log(room.id, room.therm_measured_temperature);
   * for (const error of errors) console.warn('unreachable', error.id);
   * ```
   * @throws {@link NetatmoValidationError} when `homeId` is missing (before any request).
   * @throws {@link NetatmoApiError} e.g. code 21 "Invalid id".
   */
  async getHomeStatus(params: GetHomeStatusParams, options?: RequestOptions): Promise<HomeStatus> {
    const checks = new ParamChecks('getHomeStatus', params, ['homeId', 'deviceTypes']);
    const homeId = checks.requiredString('homeId', checks.params['homeId'], ': the home id from getHomesData()');
    const deviceTypes = checks.stringList('deviceTypes', checks.params['deviceTypes'], false);
    checks.throwIfAny();
    return this.api.call({
      endpoint: 'homestatus',
      method: 'GET',
      query: { home_id: homeId, device_types: deviceTypes },
      schema: homeStatusSchema,
      options,
    });
  }

  /**
   * Changes rooms and modules of a home in one call: set points of OTM/BNS/pilot-wire rooms,
   * camera monitoring, floodlight, Legrand switches and shutters.
   *
   * Endpoint: `POST /api/setstate` (JSON body `{"home":{"id","rooms","modules"}}`) · scope
   * `write_thermostat`, `write_camera`, `write_presence`, `write_magellan`, … per device family.
   * A command a device refused (e.g. code 23 "Already on") comes back in `errors` with HTTP 200.
   *
   * @example
   * ```ts
   * const result = await client.camera.setState({ homeId, modules: [{ id: cameraId, monitoring: 'on' }] });
   * if (result?.errors?.length) console.warn(result.errors);
   * ```
   * @returns `undefined` when Netatmo sends no body (everything applied).
   * @throws {@link NetatmoValidationError} when `homeId` is missing, nothing is to change, or an entry has no `id`.
   * @throws {@link NetatmoApiError} e.g. code 21 "Invalid device_id".
   */
  async setState(params: SetStateParams, options?: RequestOptions): Promise<SetStateResult> {
    const checks = new ParamChecks('setState', params, ['homeId', 'rooms', 'modules']);
    const homeId = checks.requiredString('homeId', checks.params['homeId']);
    const entries = (path: 'rooms' | 'modules'): Record<string, unknown>[] => {
      const list = checks.list(path, checks.params[path], { hint: 'an array of { id, …properties }', allowEmpty: true }) ?? [];
      return list.flatMap((entry, index) => {
        const copy = checks.jsonData(`${path}.${index}`, entry);
        if (typeof copy !== 'object' || copy === null || Array.isArray(copy)) {
          if (copy !== undefined) checks.add(`${path}.${index}`, `must be an object { id, …properties }, got ${describe(entry)}`);
          return [];
        }
        const fields = copy as Record<string, unknown>;
        // An id the data check refused is in `fields` as undefined: one issue is enough.
        if ('id' in fields && fields['id'] === undefined) return [];
        if (checks.requiredString(`${path}.${index}.id`, fields['id'], ': the room or module id') === undefined) return [];
        if (Object.keys(fields).length < 2) checks.add(`${path}.${index}`, 'has nothing to change besides its id');
        return [fields];
      });
    };
    const rooms = entries('rooms');
    const modules = entries('modules');
    const given = (path: 'rooms' | 'modules'): boolean => Array.isArray(checks.params[path]) && (checks.params[path] as unknown[]).length > 0;
    if (!given('rooms') && !given('modules')) {
      checks.add('rooms', 'nothing to change: give at least one entry in rooms or modules');
    }
    checks.throwIfAny();
    const home = { id: homeId, ...(rooms.length > 0 && { rooms }), ...(modules.length > 0 && { modules }) };
    return this.api.call({ endpoint: 'setstate', method: 'POST', json: { home }, schema: setStateResultSchema, options });
  }
}
