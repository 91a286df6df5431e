import statusOk from '../fixtures/pyatmo/status_ok.json' with { type: 'json' };
import rigesRoomMeasure from '../fixtures/Riges-Netatmo/getroommeasure_max_temperature.json' with { type: 'json' };
import { apiError, fixture, invalidArg, ok, type FakeApiRequest, type FakeApiRoute, type FakeResponse } from '../fake-response.js';
import { capturedHomes } from './homes-routes.js';
import { syntheticMeasures } from './measure-series.js';
import { checkEnum, checkEpoch, checkNumber, firstFailure, refuseJson, requireJsonObject, requireParams } from './route-checks.js';

const write = ['write_thermostat'] as const;

/** The schedule `scheduleId` of the home, or the code-21 answer Netatmo gives for it. */
function thermScheduleOr21(homeId: string, scheduleId: string): FakeResponse | undefined {
  const home = capturedHomes.get(homeId);
  const schedule = home?.schedules?.find((candidate) => candidate.id === scheduleId);
  return schedule && (schedule.type === undefined || schedule.type === 'therm') ? undefined : invalidArg(`schedule <${scheduleId}> is not therm schedule`);
}

/** A form-parameter write: POST, no JSON, required params, a known home, then `checks`. */
function formWrite(endpoint: string, required: readonly string[], checks: (request: FakeApiRequest) => FakeResponse | undefined): FakeApiRoute {
  return {
    endpoint,
    methods: ['POST'],
    scopes: write,
    handle(request) {
      const failure = refuseJson(request) ?? requireParams(request, required);
      if (failure) return failure;
      const home = capturedHomes.get(request.params['home_id']!);
      if (!home) return invalidArg('Invalid id');
      return checks(request) ?? fixture(statusOk, request.now);
    },
  };
}

/** Checks a schedule body as Netatmo needs it: temperatures, zones with rooms, a timetable referencing them. */
function checkScheduleBody(body: Record<string, unknown>): FakeResponse | undefined {
  for (const name of ['hg_temp', 'away_temp', 'timetable', 'zones']) {
    if (body[name] === undefined) return apiError(400, 10, `Missing ${name}`);
  }
  const zones = body['zones'] as { id?: unknown; type?: unknown; rooms?: { id?: unknown; therm_setpoint_temperature?: unknown }[] }[];
  const timetable = body['timetable'] as { zone_id?: unknown; m_offset?: unknown }[];
  if (!Array.isArray(zones) || !Array.isArray(timetable)) return invalidArg('zones and timetable must be arrays');
  const ids = new Set(zones.map((zone) => zone.id));
  if (zones.some((zone) => typeof zone.id !== 'number' || typeof zone.type !== 'number' || !Array.isArray(zone.rooms))) return invalidArg('Invalid zones');
  if (zones.some((zone) => zone.rooms!.some((room) => typeof room.id !== 'string' || typeof room.therm_setpoint_temperature !== 'number'))) {
    return invalidArg('Invalid zones: rooms need id and therm_setpoint_temperature');
  }
  if (timetable.some((entry) => typeof entry.m_offset !== 'number' || !ids.has(entry.zone_id))) return invalidArg('Invalid timetable');
  return undefined;
}

export const thermostatRoutes: readonly FakeApiRoute[] = [
  formWrite('setthermmode', ['home_id', 'mode'], ({ params }) =>
    firstFailure(
      checkEnum(params, 'mode', ['schedule', 'away', 'hg'], 'mode not authorized'),
      checkEpoch(params, 'endtime'),
      params['schedule_id'] === undefined ? undefined : thermScheduleOr21(params['home_id']!, params['schedule_id']),
    ),
  ),
  formWrite('setroomthermpoint', ['home_id', 'room_id', 'mode'], ({ params }) =>
    firstFailure(
      capturedHomes.get(params['home_id']!)?.rooms?.some((room) => room.id === params['room_id']) ? undefined : invalidArg('Invalid room_id'),
      checkEnum(params, 'mode', ['manual', 'max', 'home'], 'mode not authorized'),
      params['mode'] === 'manual' && params['temp'] === undefined ? apiError(400, 10, 'Missing temp') : undefined,
      checkNumber(params, 'temp', 7, 30),
      checkEpoch(params, 'endtime'),
    ),
  ),
  formWrite('switchhomeschedule', ['home_id', 'schedule_id'], ({ params }) => thermScheduleOr21(params['home_id']!, params['schedule_id']!)),
  formWrite('renamehomeschedule', ['home_id', 'schedule_id', 'name'], ({ params }) => thermScheduleOr21(params['home_id']!, params['schedule_id']!)),
  formWrite('deletehomeschedule', ['home_id', 'schedule_id'], ({ params }) => thermScheduleOr21(params['home_id']!, params['schedule_id']!)),
  {
    // pyatmo's form: ids and name in the query, the schedule as JSON.
    endpoint: 'synchomeschedule',
    methods: ['POST'],
    scopes: write,
    handle(request) {
      const failure = requireParams(request, ['home_id', 'schedule_id']) ?? requireJsonObject(request);
      if (failure) return failure;
      const home = capturedHomes.get(request.params['home_id']!);
      if (!home) return invalidArg('Invalid id');
      return thermScheduleOr21(home.id, request.params['schedule_id']!) ?? checkScheduleBody(request.json as Record<string, unknown>) ?? fixture(statusOk, request.now);
    },
  },
  {
    endpoint: 'createnewhomeschedule',
    methods: ['POST'],
    scopes: write,
    handle(request) {
      const failure = requireJsonObject(request);
      if (failure) return failure;
      const body = request.json as Record<string, unknown>;
      if (typeof body['home_id'] !== 'string') return apiError(400, 10, 'Missing home_id');
      if (typeof body['name'] !== 'string') return apiError(400, 10, 'Missing name');
      if (!capturedHomes.has(body['home_id'])) return invalidArg('Invalid id');
      return checkScheduleBody(body) ?? ok({ schedule_id: '5a819e6113475d09c28b497a' }, request.now);
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
      // Riges captured one series for its home: temperature at scale max.
      if (home.id === '5a327cbdb05a2133678b5d3e' && request.params['scale'] === 'max' && request.params['type'] === 'temperature' && request.params['optimize'] !== 'false') {
        return fixture(rigesRoomMeasure, request.now);
      }
      return syntheticMeasures(request, 'room');
    },
  },
];
