/**
 * The zod schemas every answer is checked with, for your own use: validate a cached answer, a
 * webhook payload you stored, or derive types. They are lenient (`looseObject`: unknown fields are
 * kept) and never coerce.
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
export { eventImageSchema, subEventSchema, cameraEventSchema, eventsSchema, eventsListSchema, legacyCameraSchema, legacyPersonSchema, legacyHomeSchema, legacyHomeDataSchema } from './camera/schemas.js';
export { homeCoachDashboardSchema, homeCoachSchema, homeCoachsDataSchema } from './homecoach/schemas.js';
export { dashboardDataSchema, stationModuleSchema, stationSchema, stationsDataSchema, publicMeasureSchema, publicStationSchema, publicDataSchema } from './station/schemas.js';
export { roomSchema, homeModuleSchema, zoneSchema, timetableEntrySchema, scheduleSchema, homePersonSchema, homeSchema, homesUserSchema, homesDataSchema, roomStatusSchema, moduleStatusSchema, personStatusSchema, homeErrorSchema, homeStatusSchema, setStateResultSchema } from './shared/homes-schemas.js';
export { createdScheduleSchema } from './thermostat/schemas.js';
export { weatherUserSchema, placeSchema } from './shared/schema-helpers.js';
export { measureRunSchema, measureBodySchema } from './shared/measures.js';
