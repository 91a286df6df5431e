import { z } from 'zod';
import type { Home, HomeError, HomeModule, HomePerson, HomeStatus, HomesData, HomesUser, ModuleStatus, PersonStatus, Room, RoomStatus, Schedule, SetStateResult, TimetableEntry, Zone } from './homes-answers.js';
import type { Equals, Expect } from './same-type.js';
import { idNumber, idString } from '../../transport/identifying-fields.js';
import { epochSeconds, lonLat } from './schema-helpers.js';

/**
 * Schemas of the three endpoints thermostats, cameras and Legrand modules share: `homesdata`
 * (topology), `homestatus` (live state) and `setstate` (writes). Device types Netatmo adds later
 * pass through: `type` is any string and every object keeps unknown keys.
 */

/** A room of a home (topology). */
export const roomSchema = z.looseObject({
  id: idString('room'),
  name: z.string().optional(),
  /** e.g. `livingroom`, `bedroom`, `kitchen`, `custom`. */
  type: z.string().optional(),
  module_ids: z.array(z.string()).optional(),
});

/** A device of a home (topology): gateways, thermostats, valves, cameras, sensors, Legrand modules. */
export const homeModuleSchema = z.looseObject({
  id: idString('module'),
  /** `NAPlug`, `NATherm1`, `NRV`, `NACamera`, `NOC`, `NDB`, `NAMain`, `NLG`, … or a type added later. */
  type: z.string(),
  name: z.string().optional(),
  setup_date: epochSeconds.optional(),
  room_id: z.string().optional(),
  /** Id of the gateway this module talks through. */
  bridge: z.string().optional(),
  modules_bridged: z.array(z.string()).optional(),
  reachable: z.boolean().optional(),
});

/** A zone of a schedule: a named set of room set points. */
export const zoneSchema = z.looseObject({
  id: idNumber('zone'),
  name: z.string().optional(),
  /** 0 day/comfort, 1 night, 2 away, 3 frost guard, 4 custom, 5 eco, 8 comfort. */
  type: z.number().optional(),
  /** Riges' capture has a room without `id`, so it is optional here. */
  rooms: z.array(z.looseObject({ id: z.string().optional(), therm_setpoint_temperature: z.number().optional() })).optional(),
  rooms_temp: z.array(z.looseObject({ room_id: idString('room'), temp: z.number().optional() })).optional(),
});

/** One step of a weekly timetable: from `m_offset` minutes after Monday 00:00, zone `zone_id` applies. */
export const timetableEntrySchema = z.looseObject({
  zone_id: z.number(),
  m_offset: z.number(),
});

/** A schedule: `therm`, `cooling`, `electricity`, `event`, … */
export const scheduleSchema = z.looseObject({
  id: idString('schedule'),
  name: z.string().optional(),
  type: z.string().optional(),
  selected: z.boolean().optional(),
  default: z.boolean().optional(),
  /** Frost-guard set point, °C. */
  hg_temp: z.number().optional(),
  /** Away set point, °C. */
  away_temp: z.number().optional(),
  timetable: z.array(timetableEntrySchema).optional(),
  zones: z.array(zoneSchema).optional(),
});

/** A person known to a security home. `pseudo` is missing for unknown faces. */
export const homePersonSchema = z.looseObject({
  id: idString('person'),
  pseudo: z.string().optional(),
  url: z.string().optional(),
});

/** A home (topology). `name` is missing on some accounts; a home without devices has no `rooms`/`modules`. */
export const homeSchema = z.looseObject({
  id: idString('home'),
  name: z.string().optional(),
  altitude: z.number().optional(),
  coordinates: lonLat.optional(),
  country: z.string().optional(),
  timezone: z.string().optional(),
  rooms: z.array(roomSchema).optional(),
  modules: z.array(homeModuleSchema).optional(),
  schedules: z.array(scheduleSchema).optional(),
  persons: z.array(homePersonSchema).optional(),
  /** `schedule`, `away` or `hg`. */
  therm_mode: z.string().optional(),
  /** Minutes a manual set point lasts by default. */
  therm_setpoint_default_duration: z.number().optional(),
  /** `heating` or `cooling`. */
  temperature_control_mode: z.string().optional(),
});

/** The `user` of homesdata: different key names from the getstationsdata `user`. */
export const homesUserSchema = z.looseObject({
  id: z.string().optional(),
  email: z.string().optional(),
  language: z.string().optional(),
  locale: z.string().optional(),
  feel_like_algorithm: z.number().optional(),
  unit_pressure: z.number().optional(),
  unit_system: z.number().optional(),
  unit_wind: z.number().optional(),
});

/** Body of `/api/homesdata`. `homes` is missing from the odd empty answer (`body: {}`). */
export const homesDataSchema = z.looseObject({
  homes: z.array(homeSchema).optional(),
  user: homesUserSchema.optional(),
});

/** Live state of a room. `therm_measured_temperature` is missing when the room is unreachable. */
export const roomStatusSchema = z.looseObject({
  id: idString('room'),
  reachable: z.boolean().optional(),
  /** °C */
  therm_measured_temperature: z.number().optional(),
  /** °C */
  therm_setpoint_temperature: z.number().optional(),
  /** `schedule`, `manual`, `max`, `away`, `hg`, `off`, `home`. */
  therm_setpoint_mode: z.string().optional(),
  therm_setpoint_start_time: epochSeconds.nullable().optional(),
  /** 0 or `null` when the set point has no end. */
  therm_setpoint_end_time: epochSeconds.nullable().optional(),
  /** 0–100 */
  heating_power_request: z.number().optional(),
  anticipating: z.boolean().optional(),
  open_window: z.boolean().optional(),
});

/**
 * Live state of a module. Only `id` is always there; the rest depends on the type (thermostat
 * battery and boiler, camera `monitoring`/`sd_status`, Legrand `on`/`power`, …) and is kept as sent.
 */
export const moduleStatusSchema = z.looseObject({
  id: idString('module'),
  type: z.string().optional(),
  reachable: z.boolean().optional(),
  bridge: z.string().optional(),
  firmware_revision: z.number().optional(),
  rf_strength: z.number().optional(),
  wifi_strength: z.number().optional(),
  /** mV */
  battery_level: z.number().optional(),
  battery_state: z.string().optional(),
  boiler_status: z.boolean().optional(),
  /** Cameras: `on` or `off`. */
  monitoring: z.string().optional(),
  /** Cameras: 1 missing … 4 working … 7 insufficient space. */
  sd_status: z.number().optional(),
  /** Cameras: 1 incorrect power, 2 correct. */
  alim_status: z.number().optional(),
  vpn_url: z.string().optional(),
  is_local: z.boolean().optional(),
  /** Outdoor camera: `on`, `off` or `auto`. */
  floodlight: z.string().optional(),
  last_seen: epochSeconds.optional(),
});

/** Whether a person of a security home is seen. */
export const personStatusSchema = z.looseObject({
  id: idString('person'),
  last_seen: epochSeconds.optional(),
  out_of_sight: z.boolean().optional(),
});

/**
 * A per-device problem reported with HTTP 200: code 6 = unreachable (homestatus);
 * setstate uses device-command codes (23 "Already on").
 */
export const homeErrorSchema = z.looseObject({
  code: z.number(),
  id: z.string().optional(),
  message: z.string().optional(),
  command: z.string().optional(),
});

/** Body of `/api/homestatus`. `home` can be missing (`body: {}`); unreachable devices are listed in `errors`. */
export const homeStatusSchema = z.looseObject({
  home: z
    .looseObject({
      id: z.string().optional(),
      rooms: z.array(roomStatusSchema).optional(),
      modules: z.array(moduleStatusSchema).optional(),
      persons: z.array(personStatusSchema).optional(),
    })
    .optional(),
  errors: z.array(homeErrorSchema).optional(),
});

/** Body of `/api/setstate`: usually absent; present with `errors` when some command failed. */
export const setStateResultSchema = z
  .looseObject({
    home: z.looseObject({ id: z.string().optional() }).optional(),
    errors: z.array(homeErrorSchema).optional(),
  })
  .optional();

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
