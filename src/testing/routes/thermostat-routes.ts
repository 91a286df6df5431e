import statusOk from '../fixtures/pyatmo/status_ok.json' with { type: 'json' };
import rigesRoomMeasure from '../fixtures/Riges-Netatmo/getroommeasure_max_temperature.json' with { type: 'json' };
import { apiError, fixture, invalidArg, ok, type FakeApiRequest, type FakeApiRoute, type FakeResponse } from '../fake-response.js';
import { capturedHomes } from './homes-routes.js';
import { capturedMeasures, syntheticMeasures } from './measure-series.js';
import { bodyObject, checkEnum, checkEpoch, checkNumber, firstFailure, numberOf, requireParams } from './route-checks.js';

const write = ['write_thermostat'] as const;

/** The schedule `scheduleId` of the home, if the home has it. */
function scheduleOf(homeId: string, scheduleId: string): { id: string; type?: string } | undefined {
  return capturedHomes.get(homeId)?.schedules?.find((candidate) => candidate.id === scheduleId);
}

/** Code 21 for a schedule the home does not have. */
function knownScheduleOr21(homeId: string, scheduleId: string): FakeResponse | undefined {
  return scheduleOf(homeId, scheduleId) ? undefined : invalidArg(`Invalid schedule_id: ${scheduleId}`);
}

/**
 * `setthermmode` with a `schedule_id`: the one check Netatmo documents on a schedule's type
 * (`home_status_error_invalid_schedule_id.json`). Other schedule endpoints take any type.
 */
function thermScheduleOr21(homeId: string, scheduleId: string): FakeResponse | undefined {
  const schedule = scheduleOf(homeId, scheduleId);
  return schedule && (schedule.type === undefined || schedule.type === 'therm') ? undefined : invalidArg(`schedule <${scheduleId}> is not therm schedule`);
}

/**
 * A write with flat parameters, read from whichever encoding came (pyatmo's form, openHAB's query
 * string on an empty POST, Riges' JSON body): required params, a known home, then `checks`.
 */
function flatWrite(endpoint: string, required: readonly string[], checks: (request: FakeApiRequest) => FakeResponse | undefined): FakeApiRoute {
  return {
    endpoint,
    methods: ['POST'],
    scopes: write,
    handle(request) {
      const failure = requireParams(request, required);
      if (failure) return failure;
      const home = capturedHomes.get(request.params['home_id']!);
      if (!home) return invalidArg('Invalid id');
      return checks(request) ?? fixture(statusOk, request.now);
    },
  };
}

/**
 * Checks a schedule body as Netatmo needs it: a timetable whose entries point at the zones (by
 * `zone_id`, or `id` as Riges sends it), zones with numeric ids and rooms with ids, and for a
 * heating or cooling schedule the away and frost-guard temperatures. Event and electricity
 * schedules carry none of those temperatures, and their zones no rooms.
 */
function checkScheduleBody(body: Record<string, unknown>, scheduleType: string): FakeResponse | undefined {
  const thermal = scheduleType === 'therm' || scheduleType === 'cooling';
  for (const name of [...(thermal ? ['hg_temp', 'away_temp'] : []), 'timetable', 'zones']) {
    if (body[name] === undefined || body[name] === '') return apiError(400, 10, `Missing ${name}`);
  }
  if (thermal && (numberOf(body['hg_temp']) === undefined || numberOf(body['away_temp']) === undefined)) {
    return invalidArg('hg_temp and away_temp must be numbers (°C)');
  }
  const zones = body['zones'] as { id?: unknown; rooms?: unknown }[];
  const timetable = body['timetable'] as { zone_id?: unknown; id?: unknown; m_offset?: unknown }[];
  if (!Array.isArray(zones) || !Array.isArray(timetable)) return invalidArg('zones and timetable must be arrays');
  if (zones.some((zone) => zone === null || typeof zone !== 'object' || numberOf(zone.id) === undefined)) return invalidArg('Invalid zones: each needs a numeric id');
  const rooms = zones.flatMap((zone) => (zone.rooms === undefined ? [] : Array.isArray(zone.rooms) ? (zone.rooms as unknown[]) : [undefined]));
  if (rooms.some((room) => room === null || typeof room !== 'object' || typeof (room as { id?: unknown }).id !== 'string')) {
    return invalidArg('Invalid zones: rooms must be a list of {id, therm_setpoint_temperature}');
  }
  const ids = new Set(zones.map((zone) => numberOf(zone.id)));
  if (timetable.some((entry) => entry === null || numberOf(entry.m_offset) === undefined || !ids.has(numberOf(entry.zone_id ?? entry.id)))) {
    return invalidArg('Invalid timetable: each entry needs m_offset and the id of one of the zones');
  }
  return undefined;
}

export const thermostatRoutes: readonly FakeApiRoute[] = [
  flatWrite('setthermmode', ['home_id', 'mode'], ({ params }) =>
    firstFailure(
      checkEnum(params, 'mode', ['schedule', 'away', 'hg'], 'mode not authorized'),
      checkEpoch(params, 'endtime'),
      params['schedule_id'] === undefined ? undefined : thermScheduleOr21(params['home_id']!, params['schedule_id']),
    ),
  ),
  flatWrite('setroomthermpoint', ['home_id', 'room_id', 'mode'], ({ params }) =>
    firstFailure(
      capturedHomes.get(params['home_id']!)?.rooms?.some((room) => room.id === params['room_id']) ? undefined : invalidArg('Invalid room_id'),
      checkEnum(params, 'mode', ['manual', 'max', 'home'], 'mode not authorized'),
      params['mode'] === 'manual' && params['temp'] === undefined ? apiError(400, 10, 'Missing temp') : undefined,
      checkNumber(params, 'temp', 7, 30),
      checkEpoch(params, 'endtime'),
    ),
  ),
  flatWrite('switchhomeschedule', ['home_id', 'schedule_id'], ({ params }) => knownScheduleOr21(params['home_id']!, params['schedule_id']!)),
  // The legacy path, which openHAB posts `home_id` + `schedule_id` to (REFERENCE §2.3.6).
  flatWrite('switchschedule', ['home_id', 'schedule_id'], ({ params }) => knownScheduleOr21(params['home_id']!, params['schedule_id']!)),
  flatWrite('renamehomeschedule', ['home_id', 'schedule_id', 'name'], ({ params }) => knownScheduleOr21(params['home_id']!, params['schedule_id']!)),
  flatWrite('deletehomeschedule', ['home_id', 'schedule_id'], ({ params }) => knownScheduleOr21(params['home_id']!, params['schedule_id']!)),
  {
    // pyatmo: ids and name in the query, the schedule as JSON; Riges: everything in the JSON body.
    endpoint: 'synchomeschedule',
    methods: ['POST'],
    scopes: write,
    handle(request) {
      const failure = requireParams(request, ['home_id', 'schedule_id']);
      if (failure) return failure;
      const read = bodyObject(request);
      if ('failure' in read) return read.failure;
      const home = capturedHomes.get(request.params['home_id']!);
      if (!home) return invalidArg('Invalid id');
      const schedule = scheduleOf(home.id, request.params['schedule_id']!);
      if (!schedule) return invalidArg(`Invalid schedule_id: ${request.params['schedule_id']!}`);
      return checkScheduleBody(read.object, schedule.type ?? 'therm') ?? fixture(statusOk, request.now);
    },
  },
  {
    endpoint: 'createnewhomeschedule',
    methods: ['POST'],
    scopes: write,
    handle(request) {
      const failure = requireParams(request, ['home_id', 'name']);
      if (failure) return failure;
      const read = bodyObject(request);
      if ('failure' in read) return read.failure;
      if (!capturedHomes.has(request.params['home_id']!)) return invalidArg('Invalid id');
      return checkScheduleBody(read.object, 'therm') ?? ok({ schedule_id: '5a819e6113475d09c28b497a' }, request.now);
    },
  },
  {
    endpoint: 'getroommeasure',
    methods: ['GET', 'POST'],
    scopes: ['read_thermostat'],
    handle(request) {
      const failure = requireParams(request, ['home_id', 'room_id', 'scale', 'type']);
      if (failure) return failure;
      const home = capturedHomes.get(request.params['home_id']!);
      if (!home) return invalidArg('Invalid id');
      if (!home.rooms?.some((room) => room.id === request.params['room_id'])) return invalidArg('Invalid room_id');
      // Riges captured one room's temperature (asked at scale max, answered every 30 minutes).
      if (home.id === '5a327cbdb05a2133678b5d3e') {
        const served = capturedMeasures(request, 'room', { scale: 'max', types: ['temperature'], body: rigesRoomMeasure.body });
        if (served) return served;
      }
      return syntheticMeasures(request, 'room', { seed: `${home.id}/${request.params['room_id']!}`, profile: 'indoor' });
    },
  },
];
