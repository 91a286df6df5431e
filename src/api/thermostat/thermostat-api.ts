import type { WireParams } from '../../transport/wire-params.js';
import type { RequestOptions } from '../request-options.js';
import { HomesApi } from '../shared/homes-api.js';
import type { MeasureScale, RoomMeasureType, ThermostatMeasureType } from '../shared/measure-types.js';
import { checkMeasureWindow, measureWindowKeys, requestMeasures, type MeasureResult, type MeasureWindowParams } from '../shared/measures.js';
import { ParamChecks, type DateInput } from '../shared/param-checks.js';
import { watchHomeStatus, type HomeStatusWatch, type WatchHomeStatusParams } from './home-status-watch.js';
import { createdScheduleSchema, type CreatedSchedule } from './schemas.js';

/** Lowest and highest set point Netatmo thermostats and valves take, °C (the range the Netatmo app offers). */
export const THERM_SETPOINT_RANGE = {
  /** Lowest set point, °C. */
  min: 7,
  /** Highest set point, °C. */
  max: 30,
} as const;
/** Frost-guard and away temperatures of a schedule may go a little lower than a set point, °C. */
const SCHEDULE_TEMP_RANGE = { min: 5, max: 30 } as const;
const MINUTES_PER_WEEK = 7 * 24 * 60;

/** Parameters of {@link ThermostatApi.setThermMode}. */
export interface SetThermModeParams {
  /** Id of the home. */
  homeId: string;
  /** `schedule` follows the active (or `scheduleId`) schedule; `away` and `hg` (frost guard) hold until `endtime`. */
  mode: 'away' | 'hg' | 'schedule';
  /** When `away`/`hg` ends, as a `Date` or epoch seconds. @default until changed */
  endtime?: DateInput;
  /** With `mode: 'schedule'`: switch to this therm schedule too. */
  scheduleId?: string;
}

/** Parameters of {@link ThermostatApi.setRoomThermpoint}. */
export interface SetRoomThermpointParams {
  /** Id of the home. */
  homeId: string;
  /** Id of the room (`rooms[].id` of `getHomesData()`). */
  roomId: string;
  /** `manual` holds `temp`; `max` heats fully; `home` returns the room to the schedule. */
  mode: 'home' | 'manual' | 'max';
  /** Set point in °C, 7–30; required with `mode: 'manual'`, not allowed otherwise. */
  temp?: number;
  /** When `manual`/`max` ends, as a `Date` or epoch seconds. @default now + the home's `therm_setpoint_default_duration` */
  endtime?: DateInput;
}

/** Parameters of {@link ThermostatApi.switchHomeSchedule}. */
export interface SwitchHomeScheduleParams {
  /** Id of the home. */
  homeId: string;
  /** A `therm` schedule of the home (from `getHomesData()`). */
  scheduleId: string;
}

/** One room of a zone: its set point while the zone applies (wire `{id, therm_setpoint_temperature}`). */
export interface ScheduleZoneRoom {
  /** Id of the room. */
  id: string;
  /** °C, 7–30. */
  thermSetpointTemperature: number;
}

/** A zone of a schedule (wire `{id, name, type, rooms}`). */
export interface ScheduleZone {
  /** Referenced by `timetable[].zoneId`. */
  id: number;
  /** Name of the zone, e.g. `Comfort`. */
  name?: string;
  /** 0 comfort, 1 night, 4 custom, 5 eco (2 away and 3 frost guard are Netatmo's own). */
  type: number;
  /** Set point of each room in this zone. */
  rooms: readonly ScheduleZoneRoom[];
}

/** From `mOffset` minutes after Monday 00:00, zone `zoneId` applies (wire `{zone_id, m_offset}`). */
export interface ScheduleTimetableEntry {
  /** The zone that applies from this step on (a `ScheduleZone` id). */
  zoneId: number;
  /** 0–10079, ascending. */
  mOffset: number;
}

/** The content of a weekly heating schedule. */
export interface ScheduleContent {
  /** Frost-guard temperature, °C (wire `hg_temp`). */
  hgTemp: number;
  /** Away temperature, °C (wire `away_temp`). */
  awayTemp: number;
  /** The weekly steps, in order. */
  timetable: readonly ScheduleTimetableEntry[];
  /** The zones the timetable refers to. */
  zones: readonly ScheduleZone[];
}

/** Parameters of {@link ThermostatApi.syncHomeSchedule}: replaces a schedule's content. */
export interface SyncHomeScheduleParams extends ScheduleContent {
  /** Id of the home. */
  homeId: string;
  /** Id of the schedule to replace. */
  scheduleId: string;
  /** Renames it at the same time. */
  name?: string;
}

/** Parameters of {@link ThermostatApi.createHomeSchedule}. */
export interface CreateHomeScheduleParams extends ScheduleContent {
  /** Id of the home (`homes[].id` of `getHomesData()`). */
  homeId: string;
  /** Name of the new schedule. */
  name: string;
}

/** Parameters of {@link ThermostatApi.renameHomeSchedule}. */
export interface RenameHomeScheduleParams {
  /** Id of the home. */
  homeId: string;
  /** Id of the schedule to rename. */
  scheduleId: string;
  /** The new name. */
  name: string;
}

/** Parameters of {@link ThermostatApi.deleteHomeSchedule}. */
export interface DeleteHomeScheduleParams {
  /** Id of the home. */
  homeId: string;
  /** Id of the schedule to delete (`schedules[].id` of `getHomesData()`). */
  scheduleId: string;
}

/** Parameters of {@link ThermostatApi.getRoomMeasure}: a room's temperature and set point history. */
export interface GetRoomMeasureParams<Scale extends MeasureScale = MeasureScale, Type extends RoomMeasureType<Scale> = RoomMeasureType<Scale>>
  extends MeasureWindowParams<Scale, Type> {
  /** Id of the home. */
  homeId: string;
  /** Id of the room (`rooms[].id` of `getHomesData()`). */
  roomId: string;
}

/**
 * Parameters of {@link ThermostatApi.getMeasure}: history of a legacy thermostat (`deviceId` = NAPlug,
 * `moduleId` = NATherm1) or of an energy meter (`deviceId` = its bridge, `moduleId` = the meter).
 */
export interface GetThermostatMeasureParams<
  Scale extends MeasureScale = MeasureScale,
  Type extends ThermostatMeasureType<Scale> = ThermostatMeasureType<Scale>,
> extends MeasureWindowParams<Scale, Type> {
  /** The relay (NAPlug) or the energy bridge. */
  deviceId: string;
  /** The thermostat (NATherm1) or the energy meter. */
  moduleId?: string;
}

/**
 * Thermostats, valves and heating schedules: the Energy API (scopes `read_thermostat`,
 * `write_thermostat`). Reach it as `client.thermostat`. `getHomesData`, `getHomeStatus` and
 * `setState` are shared with `client.camera`.
 */
export class ThermostatApi extends HomesApi {
  /**
   * The live state of a home as it changes: `for await` the returned watch. It polls
   * `getHomeStatus` every `intervalMs` (150 s by default: 24 requests an hour), and at once when an
   * energy webhook for the home arrives (`watch.onWebhook(event)`, or `webhooks: handler`), and
   * yields when a room or module changed, with their ids.
   *
   * Transient failures are waited out with backoff and jitter; other errors (a dead refresh token,
   * a missing scope) end the iteration with that error. `signal` ends it quietly, at once.
   *
   * Endpoint: `GET /api/homestatus` (once per poll) · scope `read_thermostat`.
   *
   * @example
   * ```ts
   * import { createWebhookHandler } from 'netatmo-connect/webhooks';
   *
   * const handler = createWebhookHandler({ clientSecret, onEvent: () => {} });
   * const watch = client.thermostat.watchHomeStatus({ homeId, webhooks: handler, signal });
   * for await (const { data, changedRooms } of watch) {
   *   for (const room of data.home?.rooms ?? []) if (changedRooms.includes(room.id)) console.log(room.id, room.therm_measured_temperature);
   * }
   * ```
   * @throws {@link NetatmoValidationError} for invalid parameters, on the first iteration, before any request.
   * @throws {@link NetatmoAuthError} when the refresh token is dead (`reauthorizationRequired`).
   */
  watchHomeStatus(params: WatchHomeStatusParams): HomeStatusWatch {
    return watchHomeStatus((homeParams, options) => this.getHomeStatus(homeParams, options), params);
  }

  /**
   * Sets the heating mode of the whole home.
   *
   * Endpoint: `POST /api/setthermmode` (form) · scope `write_thermostat`.
   *
   * @example
   * ```ts
   * // Away until Sunday evening, then back to the schedule.
   * await client.thermostat.setThermMode({ homeId, mode: 'away', endtime: new Date('2026-03-01T18:00:00Z') });
   * await client.thermostat.setThermMode({ homeId, mode: 'schedule' });
   * ```
   * @throws {@link NetatmoValidationError} for an unknown mode, `endtime` with `schedule`, `scheduleId` without it (before any request).
   * @throws {@link NetatmoApiError} e.g. code 21 "schedule … is not therm schedule".
   */
  async setThermMode(params: SetThermModeParams, options?: RequestOptions): Promise<void> {
    const checks = new ParamChecks('setThermMode', params, ['homeId', 'mode', 'endtime', 'scheduleId']);
    const p = checks.params;
    const homeId = checks.requiredString('homeId', p['homeId']);
    const mode = checks.oneOf('mode', p['mode'], ['schedule', 'away', 'hg'], true);
    const endtime = checks.date('endtime', p['endtime']);
    const scheduleId = checks.optionalString('scheduleId', p['scheduleId']);
    if (mode === 'schedule' && p['endtime'] !== undefined) checks.add('endtime', "only applies to mode 'away' or 'hg'; remove it");
    if (p['scheduleId'] !== undefined && mode !== undefined && mode !== 'schedule') checks.add('scheduleId', "only applies to mode 'schedule'");
    checks.throwIfAny();
    await this.#post('setthermmode', { home_id: homeId, mode, endtime, schedule_id: scheduleId }, options);
  }

  /**
   * Sets one room's temperature for a while, or returns it to the schedule (`mode: 'home'`).
   *
   * Endpoint: `POST /api/setroomthermpoint` (form) · scope `write_thermostat`.
   * For OTM/BNS/pilot-wire rooms use {@link HomesApi.setState} with `therm_setpoint_*` instead.
   *
   * @example
   * ```ts
   * await client.thermostat.setRoomThermpoint({ homeId, roomId, mode: 'manual', temp: 21.5, endtime: Date.now() / 1000 + 3600 | 0 });
   * await client.thermostat.setRoomThermpoint({ homeId, roomId, mode: 'home' }); // back to the schedule
   * ```
   * @throws {@link NetatmoValidationError} when `temp` is missing for `manual`, outside 7–30 °C, or given with another mode (before any request).
   * @throws {@link NetatmoApiError} e.g. code 21 for an unknown room.
   */
  async setRoomThermpoint(params: SetRoomThermpointParams, options?: RequestOptions): Promise<void> {
    const checks = new ParamChecks('setRoomThermpoint', params, ['homeId', 'roomId', 'mode', 'temp', 'endtime']);
    const p = checks.params;
    const homeId = checks.requiredString('homeId', p['homeId']);
    const roomId = checks.requiredString('roomId', p['roomId']);
    const mode = checks.oneOf('mode', p['mode'], ['manual', 'max', 'home'], true);
    let temp: number | undefined;
    if (mode === 'manual' && p['temp'] === undefined) {
      checks.add('temp', `is required when mode is 'manual': the set point in °C (${THERM_SETPOINT_RANGE.min}–${THERM_SETPOINT_RANGE.max})`);
    } else if (mode !== undefined && mode !== 'manual' && p['temp'] !== undefined) {
      checks.add('temp', `only applies to mode 'manual' (mode is '${mode}'); remove it`);
    } else {
      temp = checks.number('temp', p['temp'], { ...THERM_SETPOINT_RANGE, unit: '°C' });
    }
    const endtime = checks.date('endtime', p['endtime']);
    if (mode === 'home' && p['endtime'] !== undefined) checks.add('endtime', "does not apply to mode 'home' (back to the schedule); remove it");
    checks.throwIfAny();
    await this.#post('setroomthermpoint', { home_id: homeId, room_id: roomId, mode, temp, endtime }, options);
  }

  /**
   * Makes another `therm` schedule the active one.
   *
   * Endpoint: `POST /api/switchhomeschedule` (form) · scope `write_thermostat`.
   *
   * @example
   * ```ts
   * await client.thermostat.switchHomeSchedule({ homeId, scheduleId: '591b54a2764ff4d50d8b5795' });
   * ```
   * @throws {@link NetatmoValidationError} when an id is missing (before any request).
   * @throws {@link NetatmoApiError} e.g. code 21 "schedule … is not therm schedule".
   */
  async switchHomeSchedule(params: SwitchHomeScheduleParams, options?: RequestOptions): Promise<void> {
    const checks = new ParamChecks('switchHomeSchedule', params, ['homeId', 'scheduleId']);
    const homeId = checks.requiredString('homeId', checks.params['homeId']);
    const scheduleId = checks.requiredString('scheduleId', checks.params['scheduleId']);
    checks.throwIfAny();
    await this.#post('switchhomeschedule', { home_id: homeId, schedule_id: scheduleId }, options);
  }

  /**
   * Replaces the content (zones, weekly timetable, frost-guard and away temperatures) of an existing schedule.
   *
   * Endpoint: `POST /api/synchomeschedule?home_id&schedule_id&name` with a JSON body
   * `{hg_temp, away_temp, timetable, zones}` (as pyatmo sends it) · scope `write_thermostat`.
   *
   * @example
   * ```ts
   * await client.thermostat.syncHomeSchedule({
   *   homeId, scheduleId, hgTemp: 7, awayTemp: 14,
   *   zones: [
   *     { id: 0, name: 'Comfort', type: 0, rooms: [{ id: roomId, thermSetpointTemperature: 21 }] },
   *     { id: 1, name: 'Night', type: 1, rooms: [{ id: roomId, thermSetpointTemperature: 17 }] },
   *   ],
   *   timetable: [{ zoneId: 1, mOffset: 0 }, { zoneId: 0, mOffset: 420 }, { zoneId: 1, mOffset: 1320 }],
   * });
   * ```
   * @throws {@link NetatmoValidationError} for temperatures out of range, an unknown `zoneId`, offsets out of order (before any request).
   * @throws {@link NetatmoApiError} e.g. code 21 for an unknown schedule.
   */
  async syncHomeSchedule(params: SyncHomeScheduleParams, options?: RequestOptions): Promise<void> {
    const checks = new ParamChecks('syncHomeSchedule', params, ['homeId', 'scheduleId', 'name', ...scheduleContentKeys]);
    const homeId = checks.requiredString('homeId', checks.params['homeId']);
    const scheduleId = checks.requiredString('scheduleId', checks.params['scheduleId']);
    const name = checks.optionalString('name', checks.params['name']);
    const content = checkScheduleContent(checks);
    checks.throwIfAny();
    await this.api.call({
      endpoint: 'synchomeschedule',
      method: 'POST',
      query: { home_id: homeId, schedule_id: scheduleId, name },
      json: content,
      options,
    });
  }

  /**
   * Creates a new heating schedule; it is not active until {@link ThermostatApi.switchHomeSchedule}.
   *
   * Endpoint: `POST /api/createnewhomeschedule` (JSON body `{home_id, name, hg_temp, away_temp, timetable, zones}`) · scope `write_thermostat`.
   *
   * @example
   * ```ts
   * const { schedule_id } = await client.thermostat.createHomeSchedule({ homeId, name: 'Holidays', hgTemp: 7, awayTemp: 14, zones, timetable });
   * ```
   * @throws {@link NetatmoValidationError} for a missing name, temperatures out of range, an unknown `zoneId` (before any request).
   * @throws {@link NetatmoApiError} e.g. code 21 for an unknown home.
   */
  async createHomeSchedule(params: CreateHomeScheduleParams, options?: RequestOptions): Promise<CreatedSchedule> {
    const checks = new ParamChecks('createHomeSchedule', params, ['homeId', 'name', ...scheduleContentKeys]);
    const homeId = checks.requiredString('homeId', checks.params['homeId']);
    const name = checks.requiredString('name', checks.params['name']);
    const content = checkScheduleContent(checks);
    checks.throwIfAny();
    return this.api.call({
      endpoint: 'createnewhomeschedule',
      method: 'POST',
      json: { home_id: homeId, name, ...content },
      schema: createdScheduleSchema,
      options,
    });
  }

  /**
   * Renames a schedule.
   *
   * Endpoint: `POST /api/renamehomeschedule` (form) · scope `write_thermostat`.
   *
   * @example
   * ```ts
   * await client.thermostat.renameHomeSchedule({ homeId, scheduleId, name: 'Winter' });
   * ```
   * @throws {@link NetatmoValidationError} when a parameter is missing (before any request).
   * @throws {@link NetatmoApiError} e.g. code 21 for an unknown schedule.
   */
  async renameHomeSchedule(params: RenameHomeScheduleParams, options?: RequestOptions): Promise<void> {
    const checks = new ParamChecks('renameHomeSchedule', params, ['homeId', 'scheduleId', 'name']);
    const homeId = checks.requiredString('homeId', checks.params['homeId']);
    const scheduleId = checks.requiredString('scheduleId', checks.params['scheduleId']);
    const name = checks.requiredString('name', checks.params['name']);
    checks.throwIfAny();
    await this.#post('renamehomeschedule', { home_id: homeId, schedule_id: scheduleId, name }, options);
  }

  /**
   * Deletes a schedule (not the active one).
   *
   * Endpoint: `POST /api/deletehomeschedule` (form) · scope `write_thermostat`.
   *
   * @example
   * ```ts
   * await client.thermostat.deleteHomeSchedule({ homeId, scheduleId });
   * ```
   * @throws {@link NetatmoValidationError} when an id is missing (before any request).
   * @throws {@link NetatmoApiError} e.g. code 21 for an unknown schedule.
   */
  async deleteHomeSchedule(params: DeleteHomeScheduleParams, options?: RequestOptions): Promise<void> {
    const checks = new ParamChecks('deleteHomeSchedule', params, ['homeId', 'scheduleId']);
    const homeId = checks.requiredString('homeId', checks.params['homeId']);
    const scheduleId = checks.requiredString('scheduleId', checks.params['scheduleId']);
    checks.throwIfAny();
    await this.#post('deletehomeschedule', { home_id: homeId, schedule_id: scheduleId }, options);
  }

  /**
   * A room's history: measured temperature (°C), set point, boiler time (s). At most 1024 points per call.
   *
   * Endpoint: `GET /api/getroommeasure` · scope `read_thermostat`.
   *
   * @example
   * ```ts
   * const { points } = await client.thermostat.getRoomMeasure({
   *   homeId, roomId, scale: '1hour', types: ['temperature', 'sp_temperature'], dateBegin: new Date(Date.now() - 86_400_000),
   * });
   * ```
   * @throws {@link NetatmoValidationError} for an unknown scale or type, `limit` above 1024, `dateEnd` before `dateBegin` (before any request).
   * @throws {@link NetatmoApiError} e.g. code 21 for an unknown room.
   */
  async getRoomMeasure<Scale extends MeasureScale, const Type extends RoomMeasureType<Scale>>(
    params: GetRoomMeasureParams<Scale, Type>,
    options?: RequestOptions,
  ): Promise<MeasureResult<Type>> {
    const checks = new ParamChecks('getRoomMeasure', params, ['homeId', 'roomId', ...measureWindowKeys]);
    const homeId = checks.requiredString('homeId', checks.params['homeId']);
    const roomId = checks.requiredString('roomId', checks.params['roomId']);
    const { wire, types } = checkMeasureWindow(checks, checks.params, 'room');
    checks.throwIfAny();
    return requestMeasures(this.api, 'getroommeasure', { home_id: homeId, room_id: roomId, ...wire }, types as Type[], options);
  }

  /**
   * History of a legacy thermostat (NAPlug + NATherm1: temperature, set point, boiler on/off in
   * seconds) or of a Legrand energy meter (Wh per tariff bucket: `sum_energy_buy_from_grid$1` …,
   * `null` where a bucket does not apply). At most 1024 points per call.
   *
   * Endpoint: `GET /api/getmeasure` · scope `read_thermostat` (`read_magellan` for Legrand meters).
   *
   * @example
   * ```ts
   * const { points } = await client.thermostat.getMeasure({
   *   deviceId: bridgeId, moduleId: meterId, scale: '1day',
   *   types: ['sum_energy_buy_from_grid$1', 'sum_energy_buy_from_grid$2'], dateBegin: new Date('2026-01-01'),
   * });
   * ```
   * @throws {@link NetatmoValidationError} for an unknown scale or type, `limit` above 1024, `dateEnd` before `dateBegin` (before any request).
   * @throws {@link NetatmoApiError} e.g. code 21 for an unknown device.
   */
  async getMeasure<Scale extends MeasureScale, const Type extends ThermostatMeasureType<Scale>>(
    params: GetThermostatMeasureParams<Scale, Type>,
    options?: RequestOptions,
  ): Promise<MeasureResult<Type>> {
    const checks = new ParamChecks('getMeasure', params, ['deviceId', 'moduleId', ...measureWindowKeys]);
    const deviceId = checks.requiredString('deviceId', checks.params['deviceId'], ': the NAPlug, or the bridge of an energy meter');
    const moduleId = checks.optionalString('moduleId', checks.params['moduleId']);
    const { wire, types } = checkMeasureWindow(checks, checks.params, 'thermostat');
    checks.throwIfAny();
    return requestMeasures(this.api, 'getmeasure', { device_id: deviceId, module_id: moduleId, ...wire }, types as Type[], options);
  }

  async #post(endpoint: string, form: WireParams, options: RequestOptions | undefined): Promise<void> {
    await this.api.call({ endpoint, method: 'POST', form, options });
  }
}

/** The parameter names of {@link ScheduleContent}. */
const scheduleContentKeys = ['hgTemp', 'awayTemp', 'timetable', 'zones'] as const;

/**
 * Checks a schedule's content (from `checks.params`), adding every problem to `checks`, and
 * returns its wire form: snake_case, as Netatmo's JSON wants it.
 */
function checkScheduleContent(checks: ParamChecks): Record<string, unknown> {
  const p = checks.params;
  const hgTemp = checks.number('hgTemp', p['hgTemp'], { ...SCHEDULE_TEMP_RANGE, required: true, unit: '°C' });
  const awayTemp = checks.number('awayTemp', p['awayTemp'], { ...SCHEDULE_TEMP_RANGE, required: true, unit: '°C' });
  const zoneIds = new Set<number>();
  const zones = (checks.list('zones', p['zones'], { hint: 'a non-empty array of { id, type, rooms }', required: true }) ?? []).map((value, index) => {
    const path = `zones.${index}`;
    const zone = checks.record(path, value, ['id', 'name', 'type', 'rooms'], 'a field of a zone');
    const id = checks.number(`${path}.id`, zone?.['id'], { min: 0, integer: true, required: zone !== undefined });
    if (id !== undefined) {
      if (zoneIds.has(id)) checks.add(`${path}.id`, `zone id ${id} is used twice`);
      zoneIds.add(id);
    }
    const type = checks.number(`${path}.type`, zone?.['type'], { min: 0, integer: true, required: zone !== undefined });
    const name = checks.optionalString(`${path}.name`, zone?.['name']);
    const rooms = zone && checks.list(`${path}.rooms`, zone['rooms'], { hint: 'a non-empty array of { id, thermSetpointTemperature }', required: true });
    return {
      id,
      ...(name !== undefined && { name }),
      type,
      rooms: (rooms ?? []).map((roomValue, roomIndex) => {
        const roomPath = `${path}.rooms.${roomIndex}`;
        const room = checks.record(roomPath, roomValue, ['id', 'thermSetpointTemperature'], 'a field of a zone room');
        if (room === undefined) return {};
        return {
          id: checks.requiredString(`${roomPath}.id`, room['id']),
          therm_setpoint_temperature: checks.number(`${roomPath}.thermSetpointTemperature`, room['thermSetpointTemperature'], {
            ...THERM_SETPOINT_RANGE,
            required: true,
            unit: '°C',
          }),
        };
      }),
    };
  });
  let previous = -1;
  const timetable = (checks.list('timetable', p['timetable'], { hint: 'a non-empty array of { zoneId, mOffset }', required: true }) ?? []).map((value, index) => {
    const path = `timetable.${index}`;
    const entry = checks.record(path, value, ['zoneId', 'mOffset'], 'a field of a timetable entry');
    if (entry === undefined) return {};
    const zoneId = checks.number(`${path}.zoneId`, entry['zoneId'], { min: 0, integer: true, required: true });
    if (zoneId !== undefined && zoneIds.size > 0 && !zoneIds.has(zoneId)) {
      checks.add(`${path}.zoneId`, `zone ${zoneId} is not in zones (ids ${[...zoneIds].join(', ')})`);
    }
    const mOffset = checks.number(`${path}.mOffset`, entry['mOffset'], { min: 0, max: MINUTES_PER_WEEK - 1, integer: true, required: true, unit: 'minutes after Monday 00:00' });
    if (mOffset !== undefined) {
      if (mOffset <= previous) checks.add(`${path}.mOffset`, `must be after the previous entry's (${previous}): keep the timetable in order`);
      previous = mOffset;
    }
    return { zone_id: zoneId, m_offset: mOffset };
  });
  return { away_temp: awayTemp, hg_temp: hgTemp, timetable, zones };
}
