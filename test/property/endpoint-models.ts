import fc from 'fast-check';
import type { NetatmoClient } from '../../src/index.js';
import { roomMeasureTypes, thermostatMeasureTypes, weatherMeasureTypes, energyMeasureBases, measureScales, type MeasureScale } from '../../src/api/shared/measure-types.js';
import { capturedHomes } from '../../src/testing/routes/homes-routes.js';
import stationsData from '../../src/testing/fixtures/pyatmo/getstationsdata.json' with { type: 'json' };
import homeCoachsData from '../../src/testing/fixtures/pyatmo/gethomecoachsdata.json' with { type: 'json' };
import cameraHomeData from '../../src/testing/fixtures/pyatmo/archive/camera_home_data.json' with { type: 'json' };
import eventsUntil from '../../src/testing/fixtures/pyatmo/archive/camera_data_events_until.json' with { type: 'json' };

/**
 * One model per public endpoint method: how to call it, its parameter names, a generator of
 * parameter sets Netatmo accepts for the fake's captured homes and devices ("polite"), and the
 * request those parameters must become. The wire encoding here is written from Netatmo's rules
 * (REFERENCE §1.3), not taken from the SDK: booleans `true`/`false`, dates epoch seconds, lists
 * comma-joined, absent parameters left out.
 */
export interface EndpointModel {
  /** `thermostat.setThermMode`. */
  name: string;
  call(client: NetatmoClient, params: unknown, options?: unknown): unknown;
  /** The parameter names: a refusal's issue paths start with one of them (or are `params`). */
  fields: readonly string[];
  /** Parameter sets that must reach the fake and succeed. */
  polite: fc.Arbitrary<Record<string, unknown>>;
  /** The request `params` (accepted by the SDK) must become. */
  wire(params: Record<string, unknown>): ExpectedWire;
}

/** A request as it goes on the wire, decoded: query, form fields or JSON body. */
export interface ExpectedWire {
  method: 'GET' | 'POST';
  path: string;
  query: Record<string, string>;
  form?: Record<string, string>;
  json?: unknown;
}

// ---- Netatmo's encoding, independently of the SDK ----

/** A parameter value as Netatmo reads it from a query string or form. */
function encode(value: unknown): string {
  if (value instanceof Date) return String(Math.floor(value.getTime() / 1000));
  if (Array.isArray(value)) return value.join(',');
  return String(value);
}

/** Wire parameters: absent values left out, the rest encoded. */
function wireParams(entries: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(entries).flatMap(([name, value]) => (value === undefined ? [] : [[name, encode(value)]])));
}

/** JSON data as the SDK must send it: `Date`s as epoch seconds, then through JSON (so `-0` is `0`, `undefined` fields go). */
function jsonWire(value: unknown): unknown {
  const dates = (item: unknown): unknown => {
    if (item instanceof Date) return Math.floor(item.getTime() / 1000);
    if (Array.isArray(item)) return item.map(dates);
    if (item !== null && typeof item === 'object') return Object.fromEntries(Object.entries(item).map(([key, field]) => [key, dates(field)]));
    return item;
  };
  return JSON.parse(JSON.stringify(dates(value))) as unknown;
}

const get = (path: string, query: Record<string, unknown>): ExpectedWire => ({ method: 'GET', path: `/api/${path}`, query: wireParams(query) });
const postForm = (path: string, form: Record<string, unknown>): ExpectedWire => ({ method: 'POST', path: `/api/${path}`, query: {}, form: wireParams(form) });
const postJson = (path: string, json: unknown, query: Record<string, unknown> = {}): ExpectedWire => ({ method: 'POST', path: `/api/${path}`, query: wireParams(query), json: jsonWire(json) });

// ---- What the fake knows (its captured homes and devices) ----

const homeId = '91763b24c43d3e344f424e8b';
const home = capturedHomes.get(homeId)!;
const roomIds = home.rooms!.map((room) => room.id);
const moduleIds = home.modules!.map((module) => module.id);
const thermScheduleId = 'b1b54a2f45795764f59d50d8';
const knownHomeIds = [...capturedHomes.keys()];
const legacyHomeIds = cameraHomeData.body.homes.map((legacy) => legacy.id);
const stations = stationsData.body.devices.map((device) => ({ id: device._id, modules: (device.modules ?? []).map((module) => module._id) }));
const coachIds = homeCoachsData.body.devices.map((device) => device._id);
const eventIds = eventsUntil.body.events_list.map((event) => event.id);
const pictures = cameraHomeData.body.homes.flatMap((legacy) => legacy.persons.flatMap((person) => ('face' in person && person.face ? [{ imageId: person.face.id, key: person.face.key }] : [])));

// ---- Polite values ----

/** 2012-01-01 and 9999-12-31T23:59:59Z, in epoch seconds. */
export const EARLIEST = 1_325_376_000;
export const LATEST = 253_402_300_799;

// eslint-disable-next-line no-control-regex -- control characters are what is looked for
const controlOrBlank = (text: string): boolean => /[\u0000-\u001f\u007f]/.test(text) || text.trim() === '';

/** Free text Netatmo takes for a name or an id it does not check: any Unicode, one line. */
export const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 24 }).filter((value) => !controlOrBlank(value));
/** An item of a comma-joined list. */
const listItem = text.filter((value) => !value.includes(','));
const list = fc.array(listItem, { minLength: 1, maxLength: 4 });

/** A date as callers pass it: epoch seconds or a `Date` (with milliseconds, which are dropped). */
export const date = fc.oneof(
  fc.integer({ min: EARLIEST, max: LATEST }),
  fc.integer({ min: EARLIEST * 1000, max: LATEST * 1000 + 999 }).map((ms) => new Date(ms)),
);
const seconds = (value: unknown): number => (value instanceof Date ? Math.floor(value.getTime() / 1000) : (value as number));
/** Two dates, the second not before the first. */
type DateWindow = [number | Date | undefined, number | Date | undefined];
const orderedDates = fc.tuple(date, date).map(([a, b]): DateWindow => (seconds(a) <= seconds(b) ? [a, b] : [b, a]));

const lowerToo = (names: readonly string[]): string[] => [...names, ...names.map((name) => name.toLowerCase())];

/** Types of `family` valid at each scale, in both spellings. */
function typesAt(family: 'weather' | 'thermostat' | 'room', scale: MeasureScale): string[] {
  const lists = family === 'weather' ? weatherMeasureTypes : family === 'thermostat' ? thermostatMeasureTypes : roomMeasureTypes;
  const names = lowerToo(lists[scale]);
  if (family === 'thermostat' && scale !== 'max') names.push(...energyMeasureBases.flatMap((base) => [base, `${base}$0`, `${base}$1`, `${base}$2`]));
  return names;
}

/** `scale`, `types` and an optional window, limit, optimize and realTime. */
function measureWindow(family: 'weather' | 'thermostat' | 'room', withLimit = true): fc.Arbitrary<Record<string, unknown>> {
  return fc.constantFrom(...measureScales).chain((scale) =>
    fc
      .record(
        {
          types: fc.uniqueArray(fc.constantFrom(...typesAt(family, scale)), { minLength: 1, maxLength: 4 }),
          window: fc.oneof<fc.Arbitrary<DateWindow>[]>(orderedDates, fc.tuple(date, fc.constant(undefined)), fc.tuple(fc.constant(undefined), date)),
          limit: fc.integer({ min: 1, max: 1024 }),
          optimize: fc.boolean(),
          realTime: fc.boolean(),
        },
        { requiredKeys: ['types', 'window'] },
      )
      .map(({ window: [dateBegin, dateEnd], limit, ...rest }) => ({
        scale,
        ...rest,
        ...(dateBegin !== undefined && { dateBegin }),
        ...(dateEnd !== undefined && { dateEnd }),
        ...(withLimit && limit !== undefined && { limit }),
      })),
  );
}

const measureQuery = (p: Record<string, unknown>): Record<string, unknown> => ({
  scale: p['scale'],
  type: p['types'],
  date_begin: p['dateBegin'],
  date_end: p['dateEnd'],
  limit: p['limit'],
  optimize: p['optimize'],
  real_time: p['realTime'],
});

/** A weather device and, maybe, one of its modules. */
const weatherDevice = fc.oneof(
  fc.constantFrom(...stations).chain((station) =>
    station.modules.length === 0 ? fc.constant({ deviceId: station.id }) : fc.option(fc.constantFrom(...station.modules), { nil: undefined }).map((moduleId) => ({ deviceId: station.id, ...(moduleId !== undefined && { moduleId }) })),
  ),
  fc.constantFrom(...coachIds).map((deviceId) => ({ deviceId })),
);

/** A zone/timetable pair that references only its own zones, offsets ascending. */
const scheduleContent = fc
  .record({
    hgTemp: fc.double({ min: 5, max: 30, noNaN: true }),
    awayTemp: fc.double({ min: 5, max: 30, noNaN: true }),
    zones: fc.uniqueArray(
      fc.record(
        {
          id: fc.integer({ min: 0, max: 20 }),
          name: text,
          type: fc.constantFrom(0, 1, 4, 5),
          rooms: fc.uniqueArray(fc.record({ id: fc.constantFrom(...roomIds), thermSetpointTemperature: fc.double({ min: 7, max: 30, noNaN: true }) }), {
            minLength: 1,
            maxLength: 3,
            selector: (room) => room.id,
          }),
        },
        { requiredKeys: ['id', 'type', 'rooms'] },
      ),
      { minLength: 1, maxLength: 3, selector: (zone) => zone.id },
    ),
    offsets: fc.uniqueArray(fc.integer({ min: 0, max: 10_079 }), { minLength: 1, maxLength: 6 }),
    picks: fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
  })
  .map(({ offsets, picks, ...content }) => ({
    ...content,
    timetable: [...offsets].sort((a, b) => a - b).map((mOffset, index) => ({ zoneId: content.zones[picks[index]! % content.zones.length]!.id, mOffset })),
  }));

const scheduleJson = (p: Record<string, unknown>): Record<string, unknown> => ({
  hg_temp: p['hgTemp'],
  away_temp: p['awayTemp'],
  zones: (p['zones'] as Record<string, unknown>[]).map((zone) => ({
    id: zone['id'],
    name: zone['name'],
    type: zone['type'],
    rooms: (zone['rooms'] as Record<string, unknown>[]).map((room) => ({ id: room['id'], therm_setpoint_temperature: room['thermSetpointTemperature'] })),
  })),
  timetable: (p['timetable'] as Record<string, unknown>[]).map((entry) => ({ zone_id: entry['zoneId'], m_offset: entry['mOffset'] })),
});

/** A `setState` entry for a room or a module of the home. */
const stateRooms = fc.uniqueArray(
  fc.record(
    {
      id: fc.constantFrom(...roomIds),
      therm_setpoint_mode: fc.constantFrom('manual', 'max', 'home', 'hg', 'away'),
      therm_setpoint_temperature: fc.double({ min: 7, max: 30, noNaN: true }),
      therm_setpoint_end_time: date,
    },
    { requiredKeys: ['id', 'therm_setpoint_mode'] },
  ),
  { minLength: 1, maxLength: 3, selector: (room) => room.id },
);
const stateModules = fc.uniqueArray(
  fc.oneof(
    fc.record({ id: fc.constantFrom(...moduleIds), monitoring: fc.constantFrom('on', 'off') }),
    fc.record({ id: fc.constantFrom(...moduleIds), on: fc.boolean(), brightness: fc.integer({ min: 0, max: 100 }) }, { requiredKeys: ['id', 'on'] }),
    fc.record({ id: fc.constantFrom(...moduleIds), target_position: fc.integer({ min: 0, max: 100 }), bridge: fc.constantFrom(...moduleIds) }),
  ),
  { minLength: 1, maxLength: 3, selector: (module) => module.id },
);

const optional = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arbitrary, { nil: undefined });
/** Drops `undefined` fields, so "absent" is absent, as a caller writes it. */
const defined = (record: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));

// ---- The models ----

const homesModels = (api: 'thermostat' | 'camera'): EndpointModel[] => [
  {
    name: `${api}.getHomesData`,
    call: (c, p, o) => c[api].getHomesData(p as never, o as never),
    fields: ['homeId', 'gatewayTypes'],
    polite: fc.record({ homeId: fc.constantFrom(...knownHomeIds), gatewayTypes: list }, { requiredKeys: [] }),
    wire: (p) => get('homesdata', { home_id: p['homeId'], gateway_types: p['gatewayTypes'] }),
  },
  {
    name: `${api}.getHomeStatus`,
    call: (c, p, o) => c[api].getHomeStatus(p as never, o as never),
    fields: ['homeId', 'deviceTypes'],
    polite: fc.record({ homeId: fc.constantFrom(...knownHomeIds), deviceTypes: list }, { requiredKeys: ['homeId'] }),
    wire: (p) => get('homestatus', { home_id: p['homeId'], device_types: p['deviceTypes'] }),
  },
  {
    name: `${api}.setState`,
    call: (c, p, o) => c[api].setState(p as never, o as never),
    fields: ['homeId', 'rooms', 'modules'],
    polite: fc
      .record({ rooms: stateRooms, modules: stateModules }, { requiredKeys: [] })
      .filter((entries) => entries.rooms !== undefined || entries.modules !== undefined)
      .map((entries) => ({ homeId, ...entries })),
    wire: (p) => {
      const nonEmpty = (entries: unknown) => (Array.isArray(entries) && entries.length > 0 ? entries : undefined);
      return postJson('setstate', { home: defined({ id: p['homeId'], rooms: nonEmpty(p['rooms']), modules: nonEmpty(p['modules']) }) });
    },
  },
];

export const endpointModels: readonly EndpointModel[] = [
  {
    name: 'station.getStationsData',
    call: (c, p, o) => c.station.getStationsData(p as never, o as never),
    fields: ['deviceId', 'getFavorites'],
    polite: fc.record({ deviceId: fc.constantFrom(...stations.map((station) => station.id)), getFavorites: fc.boolean() }, { requiredKeys: [] }),
    wire: (p) => get('getstationsdata', { device_id: p['deviceId'], get_favorites: p['getFavorites'] }),
  },
  {
    name: 'station.getMeasure',
    call: (c, p, o) => c.station.getMeasure(p as never, o as never),
    fields: ['deviceId', 'moduleId', 'scale', 'types', 'dateBegin', 'dateEnd', 'limit', 'optimize', 'realTime'],
    polite: fc
      .tuple(weatherDevice, measureWindow('weather'), fc.boolean())
      .map(([device, window, last]) => ({ ...device, ...window, ...(last && window['dateEnd'] === undefined && { dateEnd: 'last' }) })),
    wire: (p) => get('getmeasure', { device_id: p['deviceId'], module_id: p['moduleId'], ...measureQuery(p) }),
  },
  {
    name: 'station.iterateMeasures',
    call: (c, p, o) => c.station.iterateMeasures(p as never, o as never),
    fields: ['deviceId', 'moduleId', 'scale', 'types', 'dateBegin', 'dateEnd', 'pageSize', 'optimize', 'realTime'],
    polite: fc
      .tuple(weatherDevice, measureWindow('weather', false), date, optional(fc.integer({ min: 1, max: 1024 })))
      .map(([device, window, begin, pageSize]) => defined({ ...device, ...window, dateBegin: window['dateBegin'] ?? (window['dateEnd'] === undefined ? begin : window['dateEnd']), pageSize })),
    // The first page: the window from dateBegin, pageSize points (1024 unless given).
    wire: (p) => get('getmeasure', { device_id: p['deviceId'], module_id: p['moduleId'], ...measureQuery(p), limit: p['pageSize'] ?? 1024 }),
  },
  {
    name: 'station.getPublicData',
    call: (c, p, o) => c.station.getPublicData(p as never, o as never),
    fields: ['latNe', 'lonNe', 'latSw', 'lonSw', 'requiredData', 'filter'],
    polite: fc
      .record(
        {
          lat: fc.tuple(fc.double({ min: -85, max: 85, noNaN: true }), fc.double({ min: -85, max: 85, noNaN: true })).filter(([a, b]) => a !== b),
          lon: fc.tuple(fc.double({ min: -180, max: 180, noNaN: true }), fc.double({ min: -180, max: 180, noNaN: true })).filter(([a, b]) => a !== b),
          requiredData: fc.constantFrom('temperature', 'humidity', 'pressure', 'wind', 'rain'),
          filter: fc.boolean(),
        },
        { requiredKeys: ['lat', 'lon'] },
      )
      .map(({ lat, lon, ...rest }) => ({ latNe: Math.max(...lat), latSw: Math.min(...lat), lonNe: Math.max(...lon), lonSw: Math.min(...lon), ...rest })),
    wire: (p) => get('getpublicdata', { lat_ne: p['latNe'], lon_ne: p['lonNe'], lat_sw: p['latSw'], lon_sw: p['lonSw'], required_data: p['requiredData'], filter: p['filter'] }),
  },
  {
    name: 'homecoach.getHomeCoachsData',
    call: (c, p, o) => c.homecoach.getHomeCoachsData(p as never, o as never),
    fields: ['deviceId'],
    polite: fc.record({ deviceId: fc.constantFrom(...coachIds) }, { requiredKeys: [] }),
    wire: (p) => get('gethomecoachsdata', { device_id: p['deviceId'] }),
  },
  ...homesModels('thermostat'),
  {
    name: 'thermostat.setThermMode',
    call: (c, p, o) => c.thermostat.setThermMode(p as never, o as never),
    fields: ['homeId', 'mode', 'endtime', 'scheduleId'],
    polite: fc.oneof(
      fc.record({ homeId: fc.constant(homeId), mode: fc.constantFrom('away', 'hg'), endtime: date }, { requiredKeys: ['homeId', 'mode'] }),
      fc.record({ homeId: fc.constant(homeId), mode: fc.constant('schedule'), scheduleId: fc.constant(thermScheduleId) }, { requiredKeys: ['homeId', 'mode'] }),
    ),
    wire: (p) => postForm('setthermmode', { home_id: p['homeId'], mode: p['mode'], endtime: p['endtime'], schedule_id: p['scheduleId'] }),
  },
  {
    name: 'thermostat.setRoomThermpoint',
    call: (c, p, o) => c.thermostat.setRoomThermpoint(p as never, o as never),
    fields: ['homeId', 'roomId', 'mode', 'temp', 'endtime'],
    polite: fc.oneof(
      fc.record({ homeId: fc.constant(homeId), roomId: fc.constantFrom(...roomIds), mode: fc.constant('manual'), temp: fc.double({ min: 7, max: 30, noNaN: true }), endtime: date }, { requiredKeys: ['homeId', 'roomId', 'mode', 'temp'] }),
      fc.record({ homeId: fc.constant(homeId), roomId: fc.constantFrom(...roomIds), mode: fc.constant('max'), endtime: date }, { requiredKeys: ['homeId', 'roomId', 'mode'] }),
      fc.record({ homeId: fc.constant(homeId), roomId: fc.constantFrom(...roomIds), mode: fc.constant('home') }),
    ),
    wire: (p) => postForm('setroomthermpoint', { home_id: p['homeId'], room_id: p['roomId'], mode: p['mode'], temp: p['temp'], endtime: p['endtime'] }),
  },
  {
    name: 'thermostat.switchHomeSchedule',
    call: (c, p, o) => c.thermostat.switchHomeSchedule(p as never, o as never),
    fields: ['homeId', 'scheduleId'],
    polite: fc.constant({ homeId, scheduleId: thermScheduleId }),
    wire: (p) => postForm('switchhomeschedule', { home_id: p['homeId'], schedule_id: p['scheduleId'] }),
  },
  {
    name: 'thermostat.syncHomeSchedule',
    call: (c, p, o) => c.thermostat.syncHomeSchedule(p as never, o as never),
    fields: ['homeId', 'scheduleId', 'name', 'hgTemp', 'awayTemp', 'timetable', 'zones'],
    polite: fc.tuple(scheduleContent, optional(text)).map(([content, name]) => defined({ homeId, scheduleId: thermScheduleId, name, ...content })),
    wire: (p) => postJson('synchomeschedule', scheduleJson(p), { home_id: p['homeId'], schedule_id: p['scheduleId'], name: p['name'] }),
  },
  {
    name: 'thermostat.createHomeSchedule',
    call: (c, p, o) => c.thermostat.createHomeSchedule(p as never, o as never),
    fields: ['homeId', 'name', 'hgTemp', 'awayTemp', 'timetable', 'zones'],
    polite: fc.tuple(scheduleContent, text).map(([content, name]) => ({ homeId, name, ...content })),
    wire: (p) => postJson('createnewhomeschedule', { home_id: p['homeId'], name: p['name'], ...scheduleJson(p) }),
  },
  {
    name: 'thermostat.renameHomeSchedule',
    call: (c, p, o) => c.thermostat.renameHomeSchedule(p as never, o as never),
    fields: ['homeId', 'scheduleId', 'name'],
    polite: text.map((name) => ({ homeId, scheduleId: thermScheduleId, name })),
    wire: (p) => postForm('renamehomeschedule', { home_id: p['homeId'], schedule_id: p['scheduleId'], name: p['name'] }),
  },
  {
    name: 'thermostat.deleteHomeSchedule',
    call: (c, p, o) => c.thermostat.deleteHomeSchedule(p as never, o as never),
    fields: ['homeId', 'scheduleId'],
    polite: fc.constant({ homeId, scheduleId: thermScheduleId }),
    wire: (p) => postForm('deletehomeschedule', { home_id: p['homeId'], schedule_id: p['scheduleId'] }),
  },
  {
    name: 'thermostat.getRoomMeasure',
    call: (c, p, o) => c.thermostat.getRoomMeasure(p as never, o as never),
    fields: ['homeId', 'roomId', 'scale', 'types', 'dateBegin', 'dateEnd', 'limit', 'optimize', 'realTime'],
    polite: fc.tuple(fc.constantFrom(...roomIds), measureWindow('room')).map(([roomId, window]) => ({ homeId, roomId, ...window })),
    wire: (p) => get('getroommeasure', { home_id: p['homeId'], room_id: p['roomId'], ...measureQuery(p) }),
  },
  {
    name: 'thermostat.getMeasure',
    call: (c, p, o) => c.thermostat.getMeasure(p as never, o as never),
    fields: ['deviceId', 'moduleId', 'scale', 'types', 'dateBegin', 'dateEnd', 'limit', 'optimize', 'realTime'],
    polite: fc
      .tuple(
        fc.constantFrom(
          { deviceId: '12:34:56:00:fa:d0' },
          { deviceId: '12:34:56:00:fa:d0', moduleId: '12:34:56:00:01:ae' },
          { deviceId: '12:34:56:00:00:a1:4c:00', moduleId: '98:76:54:32:10:00:00:69' },
        ),
        measureWindow('thermostat'),
      )
      .map(([device, window]) => ({ ...device, ...window })),
    wire: (p) => get('getmeasure', { device_id: p['deviceId'], module_id: p['moduleId'], ...measureQuery(p) }),
  },
  ...homesModels('camera'),
  {
    name: 'camera.getEvents',
    call: (c, p, o) => c.camera.getEvents(p as never, o as never),
    fields: ['homeId', 'eventId', 'personId', 'offset', 'deviceId', 'deviceTypes', 'size'],
    polite: fc
      .record(
        {
          homeId: fc.constantFrom(...knownHomeIds, ...legacyHomeIds),
          eventId: text,
          person: fc.record({ personId: text, offset: fc.nat({ max: 1_000_000 }) }, { requiredKeys: ['personId'] }),
          deviceId: text,
          deviceTypes: list,
          size: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        },
        { requiredKeys: ['homeId'] },
      )
      .map(({ person, ...rest }) => ({ ...rest, ...person })),
    wire: (p) =>
      get('getevents', { home_id: p['homeId'], event_id: p['eventId'], person_id: p['personId'], offset: p['offset'], device_id: p['deviceId'], device_types: p['deviceTypes'], size: p['size'] }),
  },
  {
    name: 'camera.setPersonsAway',
    call: (c, p, o) => c.camera.setPersonsAway(p as never, o as never),
    fields: ['homeId', 'personId'],
    polite: fc.record({ homeId: fc.constantFrom(...knownHomeIds, ...legacyHomeIds), personId: text }, { requiredKeys: ['homeId'] }),
    wire: (p) => postForm('setpersonsaway', { home_id: p['homeId'], person_id: p['personId'] }),
  },
  {
    name: 'camera.setPersonsHome',
    call: (c, p, o) => c.camera.setPersonsHome(p as never, o as never),
    fields: ['homeId', 'personIds'],
    polite: fc.record({ homeId: fc.constantFrom(...knownHomeIds, ...legacyHomeIds), personIds: list }),
    wire: (p) => postJson('setpersonshome', { home_id: p['homeId'], person_ids: p['personIds'] }),
  },
  {
    name: 'camera.getCameraPicture',
    call: (c, p, o) => c.camera.getCameraPicture(p as never, o as never),
    fields: ['imageId', 'key'],
    polite: fc.constantFrom(...pictures),
    wire: (p) => get('getcamerapicture', { image_id: p['imageId'], key: p['key'] }),
  },
  {
    name: 'camera.addWebhook',
    call: (c, p, o) => c.camera.addWebhook(p as never, o as never),
    fields: ['url'],
    polite: fc.record({ url: fc.webUrl({ validSchemes: ['http', 'https'], withQueryParameters: true, withFragments: true }) }),
    // Sent in its normalised form (lower-case scheme and host, default port dropped).
    wire: (p) => postForm('addwebhook', { url: new URL(p['url'] as string).href }),
  },
  {
    name: 'camera.dropWebhook',
    call: (c, p, o) => c.camera.dropWebhook(p as never, o as never),
    fields: [],
    polite: fc.constant({}),
    wire: () => postForm('dropwebhook', { app_types: 'app_security' }),
  },
  {
    name: 'camera.getHomeData',
    call: (c, p, o) => c.camera.getHomeData(p as never, o as never),
    fields: ['homeId', 'size'],
    polite: fc.record({ homeId: fc.constantFrom(...legacyHomeIds), size: fc.integer({ min: 1, max: 1000 }) }, { requiredKeys: [] }),
    wire: (p) => get('gethomedata', { home_id: p['homeId'], size: p['size'] }),
  },
  {
    name: 'camera.getEventsUntil',
    call: (c, p, o) => c.camera.getEventsUntil(p as never, o as never),
    fields: ['homeId', 'eventId'],
    polite: fc.record({ homeId: fc.constantFrom(...legacyHomeIds), eventId: fc.constantFrom(...eventIds) }),
    wire: (p) => get('geteventsuntil', { home_id: p['homeId'], event_id: p['eventId'] }),
  },
  {
    name: 'camera.getLastEventOf',
    call: (c, p, o) => c.camera.getLastEventOf(p as never, o as never),
    fields: ['homeId', 'personId', 'offset'],
    polite: fc.record({ homeId: fc.constantFrom(...legacyHomeIds), personId: text, offset: fc.integer({ min: 1, max: 1000 }) }, { requiredKeys: ['homeId', 'personId'] }),
    wire: (p) => get('getlasteventof', { home_id: p['homeId'], person_id: p['personId'], offset: p['offset'] }),
  },
  {
    name: 'camera.getNextEvents',
    call: (c, p, o) => c.camera.getNextEvents(p as never, o as never),
    fields: ['homeId', 'eventId', 'size'],
    polite: fc.record({ homeId: fc.constantFrom(...legacyHomeIds), eventId: fc.constantFrom(...eventIds), size: fc.integer({ min: 1, max: 1000 }) }, { requiredKeys: ['homeId', 'eventId'] }),
    wire: (p) => get('getnextevents', { home_id: p['homeId'], event_id: p['eventId'], size: p['size'] }),
  },
];

// ---- Hostile values ----

/** Values no parameter should take, and some that some parameters take: the SDK must sort them. */
export const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    undefined, null, true, false, 0, -0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e20, 2 ** 53, 1e-7,
    EARLIEST - 1, LATEST + 1, 1_900_000_000_000, 1_900_000_000.5, '', ' ', '\n', 'a\r\nb', 'x\u0000', '\u007f', '\u001b[31m', 'a,b', 'last', 'x\ud800', '\udc00y',
    'e'.repeat(300), 'home_id', '2026-01-01', {}, [], [''], ['a,b'], ['ok', 5], [null], new Date(Number.NaN), new Date(-1), new Date('+010000-01-01T00:00:00Z'),
    () => 1, Symbol('s'), 10n, new Map(), Object.create(null) as unknown,
    homeId, thermScheduleId, roomIds[0], 'manual', 'away', 'schedule', 'max', '1day', 'Temperature', ['Temperature'], 'https://example.com/hook',
  ),
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.integer(),
  fc.double(),
  date,
  fc.date({ noInvalidDate: false }),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.object({ maxDepth: 2 }),
  fc.jsonValue({ maxDepth: 2 }),
);

/** Keys no method has: typos, Netatmo's own snake_case names, odd ones. */
export const extraKey = fc.oneof(fc.constantFrom('home_id', 'HomeId', 'endTime', 'device_id', 'x', 'toString', 'constructor'), fc.stringMatching(/^[a-zA-Z_]{1,10}$/));

/** Every leaf path of a parameter set (into arrays and objects), to replace one with junk. */
function leafPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.length === 0 ? [prefix] : value.flatMap((item, index) => leafPaths(item, [...prefix, index]));
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value);
    return entries.length === 0 ? [prefix] : entries.flatMap(([key, field]) => leafPaths(field, [...prefix, key]));
  }
  return [prefix];
}

/** A deep copy of `value` with the leaf at `path` replaced (or the whole value, for `[]`). */
function replaceAt(value: unknown, path: readonly (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((item, index) => (index === head ? replaceAt(item, rest, replacement) : item));
  return { ...(value as Record<string, unknown>), [head!]: replaceAt((value as Record<string, unknown>)[head!], rest, replacement) };
}

/** Parameter sets for `model` that are wrong in one or many ways, or only odd. */
export function hostileParams(model: EndpointModel): fc.Arbitrary<unknown> {
  const fieldRecord = fc.record(Object.fromEntries(model.fields.map((field) => [field, junk])), { requiredKeys: [] });
  return fc.oneof(
    // Not an object of parameters at all.
    fc.constantFrom<unknown>(null, 'params', 42, true, [], [{}], new Date()),
    // Every field drawn from junk.
    fieldRecord,
    // A polite set with one field, or one nested value, replaced.
    model.polite.chain((polite) => fc.tuple(fc.constantFrom(...leafPaths(polite)), junk).map(([path, value]) => replaceAt(polite, path, value))),
    model.polite.chain((polite) =>
      model.fields.length === 0 ? fc.constant(polite) : fc.tuple(fc.constantFrom(...model.fields), junk).map(([field, value]) => ({ ...polite, [field]: value })),
    ),
    // A polite set with a key the method does not have.
    model.polite.chain((polite) => fc.tuple(extraKey, junk).map(([key, value]) => ({ ...polite, [key]: value }))),
  );
}
