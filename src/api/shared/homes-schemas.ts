import * as z from 'zod';
import type { Home, HomeError, HomeModule, HomePerson, HomeStatus, HomesData, HomesUser, ModuleStatus, PersonStatus, Room, RoomStatus, Schedule, SetStateResult, TimetableEntry, Zone } from './homes-answers.js';
import type { Equals, Expect } from './same-type.js';
import { idNumber, idString } from '../../transport/identifying-fields.js';
import { built, epochSeconds, lonLat, optionalBoolean, optionalEpochSeconds, optionalNumber, optionalString, optionalStrings } from './schema-helpers.js';

/**
 * Schemas of the three endpoints thermostats, cameras and Legrand modules share: `homesdata`
 * (topology), `homestatus` (live state) and `setstate` (writes). Device types Netatmo adds later
 * pass through: `type` is any string and every object keeps unknown keys.
 */

/** A room of a home (topology). */
export const roomSchema = z.lazy(() =>
  z.looseObject({
    id: idString('room'),
    name: optionalString,
    /** e.g. `livingroom`, `bedroom`, `kitchen`, `custom`. */
    type: optionalString,
    module_ids: optionalStrings,
  }),
);

/** A device of a home (topology): gateways, thermostats, valves, cameras, sensors, Legrand modules. */
export const homeModuleSchema = z.lazy(() =>
  z.looseObject({
    id: idString('module'),
    /** `NAPlug`, `NATherm1`, `NRV`, `NACamera`, `NOC`, `NDB`, `NAMain`, `NLG`, … or a type added later. */
    type: z.string(),
    name: optionalString,
    setup_date: optionalEpochSeconds,
    room_id: optionalString,
    /** Id of the gateway this module talks through. */
    bridge: optionalString,
    modules_bridged: optionalStrings,
    reachable: optionalBoolean,
  }),
);

/** A zone of a schedule: a named set of room set points. */
export const zoneSchema = z.lazy(() =>
  z.looseObject({
    id: idNumber('zone'),
    name: optionalString,
    /** 0 day/comfort, 1 night, 2 away, 3 frost guard, 4 custom, 5 eco, 8 comfort. */
    type: optionalNumber,
    /** Riges' capture has a room without `id`, so it is optional here. */
    rooms: z.array(z.looseObject({ id: optionalString, therm_setpoint_temperature: optionalNumber })).optional(),
    rooms_temp: z.array(z.looseObject({ room_id: idString('room'), temp: optionalNumber })).optional(),
  }),
);

/** One step of a weekly timetable: from `m_offset` minutes after Monday 00:00, zone `zone_id` applies. */
export const timetableEntrySchema = z.lazy(() =>
  z.looseObject({
    zone_id: z.number(),
    m_offset: z.number(),
  }),
);

/** A schedule: `therm`, `cooling`, `electricity`, `event`, … */
export const scheduleSchema = z.lazy(() =>
  z.looseObject({
    id: idString('schedule'),
    name: optionalString,
    type: optionalString,
    selected: optionalBoolean,
    default: optionalBoolean,
    /** Frost-guard set point, °C. */
    hg_temp: optionalNumber,
    /** Away set point, °C. */
    away_temp: optionalNumber,
    timetable: z.array(built(timetableEntrySchema)).optional(),
    zones: z.array(built(zoneSchema)).optional(),
  }),
);

/** A person known to a security home. `pseudo` is missing for unknown faces. */
export const homePersonSchema = z.lazy(() =>
  z.looseObject({
    id: idString('person'),
    pseudo: optionalString,
    url: optionalString,
  }),
);

/** A home (topology). `name` is missing on some accounts; a home without devices has no `rooms`/`modules`. */
export const homeSchema = z.lazy(() =>
  z.looseObject({
    id: idString('home'),
    name: optionalString,
    altitude: optionalNumber,
    coordinates: lonLat.optional(),
    country: optionalString,
    timezone: optionalString,
    rooms: z.array(built(roomSchema)).optional(),
    modules: z.array(built(homeModuleSchema)).optional(),
    schedules: z.array(built(scheduleSchema)).optional(),
    persons: z.array(built(homePersonSchema)).optional(),
    /** `schedule`, `away` or `hg`. */
    therm_mode: optionalString,
    /** Minutes a manual set point lasts by default. */
    therm_setpoint_default_duration: optionalNumber,
    /** `heating` or `cooling`. */
    temperature_control_mode: optionalString,
  }),
);

/** The `user` of homesdata: different key names from the getstationsdata `user`. */
export const homesUserSchema = z.lazy(() =>
  z.looseObject({
    id: optionalString,
    email: optionalString,
    language: optionalString,
    locale: optionalString,
    feel_like_algorithm: optionalNumber,
    unit_pressure: optionalNumber,
    unit_system: optionalNumber,
    unit_wind: optionalNumber,
  }),
);

/** Body of `/api/homesdata`. `homes` is missing from the odd empty answer (`body: {}`). */
export const homesDataSchema = z.lazy(() =>
  z.looseObject({
    homes: z.array(built(homeSchema)).optional(),
    user: built(homesUserSchema).optional(),
  }),
);

/** Live state of a room. `therm_measured_temperature` is missing when the room is unreachable. */
export const roomStatusSchema = z.lazy(() =>
  z.looseObject({
    id: idString('room'),
    reachable: optionalBoolean,
    /** °C */
    therm_measured_temperature: optionalNumber,
    /** °C */
    therm_setpoint_temperature: optionalNumber,
    /** `schedule`, `manual`, `max`, `away`, `hg`, `off`, `home`. */
    therm_setpoint_mode: optionalString,
    therm_setpoint_start_time: epochSeconds.nullable().optional(),
    /** 0 or `null` when the set point has no end. */
    therm_setpoint_end_time: epochSeconds.nullable().optional(),
    /** 0–100 */
    heating_power_request: optionalNumber,
    anticipating: optionalBoolean,
    open_window: optionalBoolean,
  }),
);

/**
 * Live state of a module. Only `id` is always there; the rest depends on the type (thermostat
 * battery and boiler, camera `monitoring`/`sd_status`, Legrand `on`/`power`, …) and is kept as sent.
 */
export const moduleStatusSchema = z.lazy(() =>
  z.looseObject({
    id: idString('module'),
    type: optionalString,
    reachable: optionalBoolean,
    bridge: optionalString,
    firmware_revision: optionalNumber,
    rf_strength: optionalNumber,
    wifi_strength: optionalNumber,
    /** mV */
    battery_level: optionalNumber,
    battery_state: optionalString,
    boiler_status: optionalBoolean,
    /** Cameras: `on` or `off`. */
    monitoring: optionalString,
    /** Cameras: 1 missing … 4 working … 7 insufficient space. */
    sd_status: optionalNumber,
    /** Cameras: 1 incorrect power, 2 correct. */
    alim_status: optionalNumber,
    vpn_url: optionalString,
    is_local: optionalBoolean,
    /** Outdoor camera: `on`, `off` or `auto`. */
    floodlight: optionalString,
    last_seen: optionalEpochSeconds,
  }),
);

/** Whether a person of a security home is seen. */
export const personStatusSchema = z.lazy(() =>
  z.looseObject({
    id: idString('person'),
    last_seen: optionalEpochSeconds,
    out_of_sight: optionalBoolean,
  }),
);

/**
 * A per-device problem reported with HTTP 200: code 6 = unreachable (homestatus);
 * setstate uses device-command codes (23 "Already on").
 */
export const homeErrorSchema = z.lazy(() =>
  z.looseObject({
    code: z.number(),
    id: optionalString,
    message: optionalString,
    command: optionalString,
  }),
);

/** Body of `/api/homestatus`. `home` can be missing (`body: {}`); unreachable devices are listed in `errors`. */
export const homeStatusSchema = z.lazy(() =>
  z.looseObject({
    home: z
      .looseObject({
        id: optionalString,
        rooms: z.array(built(roomStatusSchema)).optional(),
        modules: z.array(built(moduleStatusSchema)).optional(),
        persons: z.array(built(personStatusSchema)).optional(),
      })
      .optional(),
    errors: z.array(built(homeErrorSchema)).optional(),
  }),
);

/** Body of `/api/setstate`: usually absent; present with `errors` when some command failed. */
export const setStateResultSchema = z.lazy(() =>
  z
    .looseObject({
      home: z.looseObject({ id: optionalString }).optional(),
      errors: z.array(built(homeErrorSchema)).optional(),
    })
    .optional(),
);

// The documented interfaces are the answer types; these fail to compile when a schema and its interface drift apart.
export type { Room, HomeModule, Zone, TimetableEntry, Schedule, HomePerson, Home, HomesUser, HomesData, RoomStatus, ModuleStatus, PersonStatus, HomeError, HomeStatus, SetStateResult } from './homes-answers.js';
type _SchemasMatchTheirTypes = [
  Expect<Equals<z.output<typeof roomSchema>, Room>>,
  Expect<Equals<z.output<typeof homeModuleSchema>, HomeModule>>,
  Expect<Equals<z.output<typeof zoneSchema>, Zone>>,
  Expect<Equals<z.output<typeof timetableEntrySchema>, TimetableEntry>>,
  Expect<Equals<z.output<typeof scheduleSchema>, Schedule>>,
  Expect<Equals<z.output<typeof homePersonSchema>, HomePerson>>,
  Expect<Equals<z.output<typeof homeSchema>, Home>>,
  Expect<Equals<z.output<typeof homesUserSchema>, HomesUser>>,
  Expect<Equals<z.output<typeof homesDataSchema>, HomesData>>,
  Expect<Equals<z.output<typeof roomStatusSchema>, RoomStatus>>,
  Expect<Equals<z.output<typeof moduleStatusSchema>, ModuleStatus>>,
  Expect<Equals<z.output<typeof personStatusSchema>, PersonStatus>>,
  Expect<Equals<z.output<typeof homeErrorSchema>, HomeError>>,
  Expect<Equals<z.output<typeof homeStatusSchema>, HomeStatus>>,
  Expect<Equals<z.output<typeof setStateResultSchema>, SetStateResult>>,
];
