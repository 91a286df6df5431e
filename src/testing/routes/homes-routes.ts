import homesData from '../fixtures/pyatmo/homesdata.json' with { type: 'json' };
import homesDataMulti from '../fixtures/pyatmo/homesdata_multi.json' with { type: 'json' };
import homesDataEmptyHome from '../fixtures/pyatmo/homesdata_emtpy_home.json' with { type: 'json' };
import homeStatusFull from '../fixtures/pyatmo/homestatus_91763b24c43d3e344f424e8b.json' with { type: 'json' };
import homeStatusPersons from '../fixtures/pyatmo/homestatus_91763b24c43d3e344f424e8c.json' with { type: 'json' };
import homeStatusMultiDisconnected from '../fixtures/pyatmo/home_multi_status_error_disconnected.json' with { type: 'json' };
import rigesHomesData from '../fixtures/Riges-Netatmo/homesdata.json' with { type: 'json' };
import rigesHomeStatus from '../fixtures/Riges-Netatmo/homestatus.json' with { type: 'json' };
import setStateOk from '../fixtures/pyatmo/archive/camera_set_state_ok.json' with { type: 'json' };
import { apiError, fixture, invalidArg, type FakeApiRoute } from '../fake-response.js';
import { anyReadScope, bodyObject, requireParams } from './route-checks.js';

interface CapturedHome {
  id: string;
  rooms?: { id: string }[];
  modules?: { id: string; type: string }[];
  schedules?: { id: string; type?: string }[];
  persons?: { id: string }[];
}

/** Every home of the captured homesdata answers, by id (the first answer wins). */
export const capturedHomes = new Map<string, CapturedHome>();
for (const answer of [homesData, rigesHomesData, homesDataMulti, homesDataEmptyHome]) {
  for (const home of answer.body.homes as CapturedHome[]) if (!capturedHomes.has(home.id)) capturedHomes.set(home.id, home);
}

/** Live state per home id; homes without a capture get an empty status. */
const homeStatuses: Record<string, unknown> = {
  '91763b24c43d3e344f424e8b': homeStatusFull,
  '91763b24c43d3e344f424e8c': homeStatusPersons,
  aaaaaaaaaaabbbbbbbbbbccc: homeStatusMultiDisconnected,
  '5a327cbdb05a2133678b5d3e': rigesHomeStatus,
};


/** `/api/homesdata`: pyatmo's mixed home by default; any captured home with `home_id`. */
export const homesDataRoute: FakeApiRoute = {
  endpoint: 'homesdata',
  methods: ['GET', 'POST'],
  scopes: anyReadScope,
  handle({ params, now }) {
    const homeId = params['home_id'];
    if (homeId === undefined) return fixture(homesData, now);
    for (const answer of [homesData, rigesHomesData, homesDataMulti, homesDataEmptyHome]) {
      const homes = (answer.body.homes as CapturedHome[]).filter((home) => home.id === homeId);
      if (homes.length > 0) return fixture({ ...answer, body: { ...answer.body, homes } }, now);
    }
    return invalidArg('Invalid id');
  },
};

/** `/api/homestatus`: `home_id` required (code 10 `Missing home_id`), unknown → code 21 `Invalid id`. */
export const homeStatusRoute: FakeApiRoute = {
  endpoint: 'homestatus',
  methods: ['GET', 'POST'],
  scopes: ['read_thermostat', 'read_camera', 'read_presence', 'read_doorbell', 'read_smokedetector', 'read_carbonmonoxidedetector', 'read_station', 'read_magellan'],
  handle(request) {
    const missing = requireParams(request, ['home_id']);
    if (missing) return missing;
    const homeId = request.params['home_id']!;
    const captured = Object.hasOwn(homeStatuses, homeId) ? homeStatuses[homeId] : undefined;
    if (captured) return fixture(captured, request.now);
    if (!capturedHomes.has(homeId)) return invalidArg('Invalid id');
    return fixture({ status: 'ok', body: { home: { id: homeId } } }, request.now);
  },
};

/**
 * `/api/setstate`: `{"home":{"id","rooms"?,"modules"?}}` as a JSON body (or, PHP-SDK style, `home`
 * as JSON text in a form); unknown homes, rooms and modules are code 21, as Netatmo answers them.
 */
export const setStateRoute: FakeApiRoute = {
  endpoint: 'setstate',
  methods: ['POST'],
  scopes: ['write_thermostat', 'write_camera', 'write_presence', 'write_doorbell', 'write_magellan', 'write_bubendorff', 'write_smarther', 'write_mx', 'write_bfi', 'write_mhs1'],
  handle(request) {
    const read = bodyObject(request);
    if ('failure' in read) return read.failure;
    const home = read.object['home'] as { id?: unknown; rooms?: { id?: unknown }[]; modules?: { id?: unknown }[] } | undefined;
    if (!home || typeof home !== 'object') return apiError(400, 10, 'Missing home');
    if (typeof home.id !== 'string') return invalidArg('Missing home id');
    const isList = (value: unknown): boolean => value === undefined || (Array.isArray(value) && value.every((entry) => entry !== null && typeof entry === 'object'));
    if (!isList(home.rooms) || !isList(home.modules)) return invalidArg('Invalid home: rooms and modules must be lists of objects');
    const known = capturedHomes.get(home.id);
    if (!known) return invalidArg('Invalid id');
    if (!home.rooms?.length && !home.modules?.length) return invalidArg('Nothing to set');
    const room = home.rooms?.find((entry) => !known.rooms?.some((candidate) => candidate.id === entry.id));
    if (room) return invalidArg(`Invalid room_id, ${String(room.id)}`);
    const module = home.modules?.find((entry) => !known.modules?.some((candidate) => candidate.id === entry.id));
    if (module) return invalidArg(`Invalid device_id, ${String(module.id)}`);
    return fixture(setStateOk, request.now);
  },
};

export const homesRoutes: readonly FakeApiRoute[] = [homesDataRoute, homeStatusRoute, setStateRoute];
