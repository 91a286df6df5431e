/**
 * The zod schemas every answer is checked with, for your own use: validate a cached answer, a
 * webhook payload you stored, or derive types. Unknown fields are kept (`looseObject`), nothing is
 * coerced, and they are strict about the rest: `schema.safeParse()` reports every oddity that the
 * client's lenient validation would repair. Each is typed by its documented answer type, and
 * built on first use (importing the SDK builds no schema): `parse`, `safeParse`, `validate` and
 * `z.compile` work as on any schema.
 *
 * @example
 * ```ts
 * import { schemas } from 'netatmo-connect';
 *
 * const cached = schemas.stationsDataSchema.parse(JSON.parse(await readFile('stations.json', 'utf8')));
 * ```
 *
 * @module
 */
import type * as z from 'zod';
import type { CameraEvent, EventImage, Events, EventsList, LegacyCamera, LegacyHome, LegacyHomeData, LegacyPerson, SubEvent } from './camera/camera-answers.js';
import type { HomeCoach, HomeCoachDashboard, HomeCoachsData } from './homecoach/homecoach-answers.js';
import type { DashboardData, PublicData, PublicMeasure, PublicStation, Station, StationModule, StationsData } from './station/station-answers.js';
import type { Home, HomeError, HomeModule, HomePerson, HomeStatus, HomesData, HomesUser, ModuleStatus, PersonStatus, Room, RoomStatus, Schedule, SetStateResult, TimetableEntry, Zone } from './shared/homes-answers.js';
import type { CreatedSchedule } from './thermostat/thermostat-answers.js';
import type { Place, WeatherUser } from './shared/weather-answers.js';
import type { MeasureBody, MeasureRun } from './shared/measure-answers.js';
import { eventImageSchema as eventImageSchemaImplementation, subEventSchema as subEventSchemaImplementation, cameraEventSchema as cameraEventSchemaImplementation, eventsSchema as eventsSchemaImplementation, eventsListSchema as eventsListSchemaImplementation, legacyCameraSchema as legacyCameraSchemaImplementation, legacyPersonSchema as legacyPersonSchemaImplementation, legacyHomeSchema as legacyHomeSchemaImplementation, legacyHomeDataSchema as legacyHomeDataSchemaImplementation } from './camera/schemas.js';
import { homeCoachDashboardSchema as homeCoachDashboardSchemaImplementation, homeCoachSchema as homeCoachSchemaImplementation, homeCoachsDataSchema as homeCoachsDataSchemaImplementation } from './homecoach/schemas.js';
import { dashboardDataSchema as dashboardDataSchemaImplementation, stationModuleSchema as stationModuleSchemaImplementation, stationSchema as stationSchemaImplementation, stationsDataSchema as stationsDataSchemaImplementation, publicMeasureSchema as publicMeasureSchemaImplementation, publicStationSchema as publicStationSchemaImplementation, publicDataSchema as publicDataSchemaImplementation } from './station/schemas.js';
import { roomSchema as roomSchemaImplementation, homeModuleSchema as homeModuleSchemaImplementation, zoneSchema as zoneSchemaImplementation, timetableEntrySchema as timetableEntrySchemaImplementation, scheduleSchema as scheduleSchemaImplementation, homePersonSchema as homePersonSchemaImplementation, homeSchema as homeSchemaImplementation, homesUserSchema as homesUserSchemaImplementation, homesDataSchema as homesDataSchemaImplementation, roomStatusSchema as roomStatusSchemaImplementation, moduleStatusSchema as moduleStatusSchemaImplementation, personStatusSchema as personStatusSchemaImplementation, homeErrorSchema as homeErrorSchemaImplementation, homeStatusSchema as homeStatusSchemaImplementation, setStateResultSchema as setStateResultSchemaImplementation } from './shared/homes-schemas.js';
import { createdScheduleSchema as createdScheduleSchemaImplementation } from './thermostat/schemas.js';
import { weatherUserSchema as weatherUserSchemaImplementation, placeSchema as placeSchemaImplementation } from './shared/schema-helpers.js';
import { measureRunSchema as measureRunSchemaImplementation, measureBodySchema as measureBodySchemaImplementation } from './shared/measures.js';

// Typed by the documented interfaces (the schema modules check that each schema's output is exactly its
// interface), so the docs show a named type rather than zod's expanded object types.

/** Schema of a picture of a camera event: {@link EventImage}. */
export const eventImageSchema: z.ZodType<EventImage> = eventImageSchemaImplementation;

/** Schema of a detection inside an outdoor-camera or doorbell event: {@link SubEvent}. */
export const subEventSchema: z.ZodType<SubEvent> = subEventSchemaImplementation;

/** Schema of a security event: {@link CameraEvent}. */
export const cameraEventSchema: z.ZodType<CameraEvent> = cameraEventSchemaImplementation;

/** Schema of the body of `getevents`: {@link Events}. */
export const eventsSchema: z.ZodType<Events> = eventsSchemaImplementation;

/** Schema of the body of `geteventsuntil`, `getlasteventof` and `getnextevents`: {@link EventsList}. */
export const eventsListSchema: z.ZodType<EventsList> = eventsListSchemaImplementation;

/** Schema of a camera of the legacy `gethomedata`: {@link LegacyCamera}. */
export const legacyCameraSchema: z.ZodType<LegacyCamera> = legacyCameraSchemaImplementation;

/** Schema of a person of the legacy `gethomedata`: {@link LegacyPerson}. */
export const legacyPersonSchema: z.ZodType<LegacyPerson> = legacyPersonSchemaImplementation;

/** Schema of a home of the legacy `gethomedata`: {@link LegacyHome}. */
export const legacyHomeSchema: z.ZodType<LegacyHome> = legacyHomeSchemaImplementation;

/** Schema of the body of the legacy `gethomedata`: {@link LegacyHomeData}. */
export const legacyHomeDataSchema: z.ZodType<LegacyHomeData> = legacyHomeDataSchemaImplementation;

/** Schema of a Home Coach's latest readings: {@link HomeCoachDashboard}. */
export const homeCoachDashboardSchema: z.ZodType<HomeCoachDashboard> = homeCoachDashboardSchemaImplementation;

/** Schema of a Home Coach: {@link HomeCoach}. */
export const homeCoachSchema: z.ZodType<HomeCoach> = homeCoachSchemaImplementation;

/** Schema of the body of `gethomecoachsdata`: {@link HomeCoachsData}. */
export const homeCoachsDataSchema: z.ZodType<HomeCoachsData> = homeCoachsDataSchemaImplementation;

/** Schema of a station or module's latest readings: {@link DashboardData}. */
export const dashboardDataSchema: z.ZodType<DashboardData> = dashboardDataSchemaImplementation;

/** Schema of a module of a weather station: {@link StationModule}. */
export const stationModuleSchema: z.ZodType<StationModule> = stationModuleSchemaImplementation;

/** Schema of a weather station: {@link Station}. */
export const stationSchema: z.ZodType<Station> = stationSchemaImplementation;

/** Schema of the body of `getstationsdata`: {@link StationsData}. */
export const stationsDataSchema: z.ZodType<StationsData> = stationsDataSchemaImplementation;

/** Schema of the measures of a public station's device: {@link PublicMeasure}. */
export const publicMeasureSchema: z.ZodType<PublicMeasure> = publicMeasureSchemaImplementation;

/** Schema of a public weather station: {@link PublicStation}. */
export const publicStationSchema: z.ZodType<PublicStation> = publicStationSchemaImplementation;

/** Schema of the body of `getpublicdata`: {@link PublicData}. */
export const publicDataSchema: z.ZodType<PublicData> = publicDataSchemaImplementation;

/** Schema of a room of a home: {@link Room}. */
export const roomSchema: z.ZodType<Room> = roomSchemaImplementation;

/** Schema of a device of a home: {@link HomeModule}. */
export const homeModuleSchema: z.ZodType<HomeModule> = homeModuleSchemaImplementation;

/** Schema of a zone of a schedule: {@link Zone}. */
export const zoneSchema: z.ZodType<Zone> = zoneSchemaImplementation;

/** Schema of a step of a weekly timetable: {@link TimetableEntry}. */
export const timetableEntrySchema: z.ZodType<TimetableEntry> = timetableEntrySchemaImplementation;

/** Schema of a schedule of a home: {@link Schedule}. */
export const scheduleSchema: z.ZodType<Schedule> = scheduleSchemaImplementation;

/** Schema of a person of a security home: {@link HomePerson}. */
export const homePersonSchema: z.ZodType<HomePerson> = homePersonSchemaImplementation;

/** Schema of a home: {@link Home}. */
export const homeSchema: z.ZodType<Home> = homeSchemaImplementation;

/** Schema of the account in `homesdata`: {@link HomesUser}. */
export const homesUserSchema: z.ZodType<HomesUser> = homesUserSchemaImplementation;

/** Schema of the body of `homesdata`: {@link HomesData}. */
export const homesDataSchema: z.ZodType<HomesData> = homesDataSchemaImplementation;

/** Schema of the live state of a room: {@link RoomStatus}. */
export const roomStatusSchema: z.ZodType<RoomStatus> = roomStatusSchemaImplementation;

/** Schema of the live state of a module: {@link ModuleStatus}. */
export const moduleStatusSchema: z.ZodType<ModuleStatus> = moduleStatusSchemaImplementation;

/** Schema of whether a person is seen: {@link PersonStatus}. */
export const personStatusSchema: z.ZodType<PersonStatus> = personStatusSchemaImplementation;

/** Schema of a per-device problem reported with HTTP 200: {@link HomeError}. */
export const homeErrorSchema: z.ZodType<HomeError> = homeErrorSchemaImplementation;

/** Schema of the body of `homestatus`: {@link HomeStatus}. */
export const homeStatusSchema: z.ZodType<HomeStatus> = homeStatusSchemaImplementation;

/** Schema of the body of `setstate`: {@link SetStateResult}. */
export const setStateResultSchema: z.ZodType<SetStateResult> = setStateResultSchemaImplementation;

/** Schema of the body of `createnewhomeschedule`: {@link CreatedSchedule}. */
export const createdScheduleSchema: z.ZodType<CreatedSchedule> = createdScheduleSchemaImplementation;

/** Schema of the `user` of `getstationsdata` and `gethomecoachsdata`: {@link WeatherUser}. */
export const weatherUserSchema: z.ZodType<WeatherUser> = weatherUserSchemaImplementation;

/** Schema of where a station or Home Coach is: {@link Place}. */
export const placeSchema: z.ZodType<Place> = placeSchemaImplementation;

/** Schema of a run of the compressed measure format: {@link MeasureRun}. */
export const measureRunSchema: z.ZodType<MeasureRun> = measureRunSchemaImplementation;

/** Schema of the body of `getmeasure` and `getroommeasure`: {@link MeasureBody}. */
export const measureBodySchema: z.ZodType<MeasureBody> = measureBodySchemaImplementation;
