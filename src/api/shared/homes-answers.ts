/**
 * Answer types of the three endpoints thermostats, cameras and Legrand modules share: `homesdata`
 * (topology), `homestatus` (live state) and `setstate` (writes). Every object keeps the fields
 * Netatmo adds later, as sent (the index signature); device types added later pass through.
 */

/** A room of a home (topology). */
export interface Room {
  /** Room id: `roomId` in `setRoomThermpoint()` and `getRoomMeasure()`. */
  id: string;
  /** Name the user gave the room. */
  name?: string | undefined;
  /** Kind of room, e.g. `livingroom`, `bedroom`, `kitchen`, `custom`. */
  type?: string | undefined;
  /** Ids of the modules in the room; absent when it has none. */
  module_ids?: string[] | undefined;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/** A device of a home (topology): gateways, thermostats, valves, cameras, sensors, Legrand modules. */
export interface HomeModule {
  /** Module id (a MAC address). */
  id: string;
  /** `NAPlug`, `NATherm1`, `NRV`, `NACamera`, `NOC`, `NDB`, `NAMain`, `NLG`, … or a type added later. */
  type: string;
  /** Name the user gave the module. */
  name?: string | undefined;
  /** When the module was set up, epoch seconds. */
  setup_date?: number | undefined;
  /** Room the module is in; absent for modules outside any room (gateways). */
  room_id?: string | undefined;
  /** Id of the gateway this module talks through; absent for gateways themselves. */
  bridge?: string | undefined;
  /** Ids of the modules this gateway relays; absent on non-gateways. */
  modules_bridged?: string[] | undefined;
  /** Whether the module is reachable now. */
  reachable?: boolean | undefined;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/** The set point of one room in a schedule zone. */
export interface ZoneRoom {
  /** Room id; absent in some captured answers. */
  id?: string | undefined;
  /** Set point of the room in this zone, °C. */
  therm_setpoint_temperature?: number | undefined;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/** The temperature of one room in a schedule zone (older form of {@link ZoneRoom}). */
export interface ZoneRoomTemperature {
  /** Room id. */
  room_id: string;
  /** Set point, °C. */
  temp?: number | undefined;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/** A zone of a schedule: a named set of room set points that timetable entries refer to. */
export interface Zone {
  /** Zone id within its schedule: `zone_id` of the timetable entries. */
  id: number;
  /** Name of the zone, e.g. `Comfort`. */
  name?: string | undefined;
  /** 0 day/comfort, 1 night, 2 away, 3 frost guard, 4 custom, 5 eco, 8 comfort+. */
  type?: number | undefined;
  /** Set point per room. */
  rooms?: ZoneRoom[] | undefined;
  /** Set point per room, in the older form. */
  rooms_temp?: ZoneRoomTemperature[] | undefined;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/** One step of a weekly timetable: from `m_offset` minutes after Monday 00:00, zone `zone_id` applies. */
export interface TimetableEntry {
  /** The zone that applies from this step on. */
  zone_id: number;
  /** Minutes after Monday 00:00, local time (0–10079). */
  m_offset: number;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/** A schedule of a home: `therm`, `cooling`, `electricity`, `event`, … */
export interface Schedule {
  /** Schedule id: `scheduleId` in `switchHomeSchedule()`. */
  id: string;
  /** Name the user gave the schedule. */
  name?: string | undefined;
  /** Kind of schedule: `therm`, `cooling`, `electricity`, `event`, …; absent on older thermostat schedules. */
  type?: string | undefined;
  /** Whether this schedule is the one in use. */
  selected?: boolean | undefined;
  /** Whether this is the home's default schedule. */
  default?: boolean | undefined;
  /** Frost-guard set point, °C. */
  hg_temp?: number | undefined;
  /** Away set point, °C. */
  away_temp?: number | undefined;
  /** The weekly steps, in order. */
  timetable?: TimetableEntry[] | undefined;
  /** The zones the timetable refers to. */
  zones?: Zone[] | undefined;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/** A person known to a security home. */
export interface HomePerson {
  /** Person id: `personIds` in `setPersonsHome()`/`setPersonsAway()`. */
  id: string;
  /** Name the user gave the person; absent for unknown faces. */
  pseudo?: string | undefined;
  /** Link to the person's face picture. */
  url?: string | undefined;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/** A home (topology). A home without devices has no `rooms` or `modules`. */
export interface Home {
  /** Home id: `homeId` in every homes call. */
  id: string;
  /** Name of the home; absent on some accounts. */
  name?: string | undefined;
  /** Metres above sea level. */
  altitude?: number | undefined;
  /** `[longitude, latitude]` in degrees: Netatmo's order. */
  coordinates?: number[] | undefined;
  /** Country code, e.g. `FR`. */
  country?: string | undefined;
  /** IANA time zone, e.g. `Europe/Paris`: the zone timetables follow. */
  timezone?: string | undefined;
  /** The rooms; absent when the home has none. */
  rooms?: Room[] | undefined;
  /** The devices; absent when the home has none. */
  modules?: HomeModule[] | undefined;
  /** The schedules; absent when the home has none. */
  schedules?: Schedule[] | undefined;
  /** Known persons of a security home. */
  persons?: HomePerson[] | undefined;
  /** Heating mode of the home: `schedule`, `away` or `hg` (frost guard). */
  therm_mode?: string | undefined;
  /** Minutes a manual set point lasts by default. */
  therm_setpoint_default_duration?: number | undefined;
  /** `heating` or `cooling`. */
  temperature_control_mode?: string | undefined;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/** The account in a `homesdata` answer (key names differ from the weather `user`). */
export interface HomesUser {
  /** Account id. */
  id?: string | undefined;
  /** E-mail address of the account. */
  email?: string | undefined;
  /** Language, e.g. `fr-FR`. */
  language?: string | undefined;
  /** Locale, e.g. `fr-FR`. */
  locale?: string | undefined;
  /** "Feels like" formula: 0 humidex, 1 heat index. */
  feel_like_algorithm?: number | undefined;
  /** 0 mbar, 1 inHg, 2 mmHg (display preference only). */
  unit_pressure?: number | undefined;
  /** 0 metric, 1 imperial (display preference only). */
  unit_system?: number | undefined;
  /** 0 km/h, 1 mph, 2 m/s, 3 Beaufort, 4 knots (display preference only). */
  unit_wind?: number | undefined;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/** Body of `/api/homesdata`. */
export interface HomesData {
  /** The homes; absent from the odd empty answer (`body: {}`). */
  homes?: Home[] | undefined;
  /** The account. */
  user?: HomesUser | undefined;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/** Live state of a room. */
export interface RoomStatus {
  /** Room id, as in {@link Room}. */
  id: string;
  /** Whether the room's thermostat or valves are reachable. */
  reachable?: boolean | undefined;
  /** Measured temperature, °C; absent when the room is unreachable. */
  therm_measured_temperature?: number | undefined;
  /** Current set point, °C. */
  therm_setpoint_temperature?: number | undefined;
  /** How the set point was chosen: `schedule`, `manual`, `max`, `away`, `hg`, `off`, `home`. */
  therm_setpoint_mode?: string | undefined;
  /** When the current set point started, epoch seconds; `null` when Netatmo sends no start. */
  therm_setpoint_start_time?: number | null | undefined;
  /** When the current set point ends, epoch seconds; 0 or `null` when it has no end. */
  therm_setpoint_end_time?: number | null | undefined;
  /** Heat the room asks for, 0–100 %. */
  heating_power_request?: number | undefined;
  /** Whether the room is heating ahead of the next schedule step. */
  anticipating?: boolean | undefined;
  /** Whether an open window was detected (heating paused). */
  open_window?: boolean | undefined;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/**
 * Live state of a module. Only `id` is always there; the rest depends on the type (thermostat
 * battery and boiler, camera `monitoring`/`sd_status`, Legrand `on`/`power`, …).
 */
export interface ModuleStatus {
  /** Module id, as in {@link HomeModule}. */
  id: string;
  /** Module type, as in {@link HomeModule}. */
  type?: string | undefined;
  /** Whether the module is reachable now. */
  reachable?: boolean | undefined;
  /** Id of the gateway this module talks through. */
  bridge?: string | undefined;
  /** Firmware version. */
  firmware_revision?: number | undefined;
  /** Radio signal of a battery module, lower is better (90 low … 60 full). */
  rf_strength?: number | undefined;
  /** Wi-Fi signal of a gateway or camera, lower is better (86 bad … 56 good). */
  wifi_strength?: number | undefined;
  /** Battery voltage, mV. */
  battery_level?: number | undefined;
  /** Battery state: `max`, `full`, `high`, `medium`, `low`, `very_low`. */
  battery_state?: string | undefined;
  /** Thermostats: whether the boiler is on now. */
  boiler_status?: boolean | undefined;
  /** Cameras: `on` or `off`. */
  monitoring?: string | undefined;
  /** Cameras: SD card, 1 missing … 4 working … 7 insufficient space. */
  sd_status?: number | undefined;
  /** Cameras: power supply, 1 incorrect, 2 correct. */
  alim_status?: number | undefined;
  /** Cameras: URL of the camera through Netatmo's VPN (live view, pictures). */
  vpn_url?: string | undefined;
  /** Cameras: whether the camera is on the same network as the caller's last request. */
  is_local?: boolean | undefined;
  /** Outdoor camera: floodlight `on`, `off` or `auto`. */
  floodlight?: string | undefined;
  /** When the module was last seen, epoch seconds. */
  last_seen?: number | undefined;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/** Whether a person of a security home is seen. */
export interface PersonStatus {
  /** Person id, as in {@link HomePerson}. */
  id: string;
  /** When the person was last seen, epoch seconds. */
  last_seen?: number | undefined;
  /** Whether the person is away (not seen for a while, or set away). */
  out_of_sight?: boolean | undefined;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/**
 * A per-device problem reported with HTTP 200: code 6 = unreachable (homestatus); setstate uses
 * device-command codes (23 "Already on").
 */
export interface HomeError {
  /** Netatmo's code for the problem. */
  code: number;
  /** The device or room concerned. */
  id?: string | undefined;
  /** Netatmo's message, e.g. `Already on`. */
  message?: string | undefined;
  /** The device command that failed (setstate), e.g. `command/changestatus`. */
  command?: string | undefined;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/** The `home` of a homestatus answer: the live state of its rooms, modules and persons. */
export interface HomeStatusHome {
  /** Home id. */
  id?: string | undefined;
  /** Live state per room; absent when the home has none. */
  rooms?: RoomStatus[] | undefined;
  /** Live state per module; absent when the home has none. */
  modules?: ModuleStatus[] | undefined;
  /** Who is seen (security homes). */
  persons?: PersonStatus[] | undefined;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/** Body of `/api/homestatus`. */
export interface HomeStatus {
  /** The live state; absent in the odd empty answer (`body: {}`). */
  home?: HomeStatusHome | undefined;
  /** Devices that did not answer (code 6 = unreachable); their state is missing from `home`. */
  errors?: HomeError[] | undefined;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/** The `home` of a setstate answer. */
export interface SetStateHome {
  /** Home id. */
  id?: string | undefined;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/** Body of `/api/setstate` when some command failed. */
export interface SetStateErrors {
  /** The home the commands were for. */
  home?: SetStateHome | undefined;
  /** One entry per failed command. */
  errors?: HomeError[] | undefined;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/** Body of `/api/setstate`: `undefined` when every command succeeded (Netatmo sends no body). */
export type SetStateResult = SetStateErrors | undefined;
