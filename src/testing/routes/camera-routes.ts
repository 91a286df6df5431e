import events from '../fixtures/pyatmo/getevents.json' with { type: 'json' };
import statusOk from '../fixtures/pyatmo/status_ok.json' with { type: 'json' };
import cameraHomeData from '../fixtures/pyatmo/archive/camera_home_data.json' with { type: 'json' };
import eventsUntil from '../fixtures/pyatmo/archive/camera_data_events_until.json' with { type: 'json' };
import { cameraImageSampleBase64 } from '../fixtures/pyatmo/archive/camera-image-sample.js';
import { fixture, invalidArg, type FakeApiRequest, type FakeApiRoute, type FakeResponse } from '../fake-response.js';
import { capturedHomes } from './homes-routes.js';
import { checkNumber, firstFailure, requireParams, securityReadScopes } from './route-checks.js';

const cameraImage = Uint8Array.from(Buffer.from(cameraImageSampleBase64, 'base64'));

/** Homes of the legacy gethomedata capture, by id. */
const legacyHomes = new Map(cameraHomeData.body.homes.map((home) => [home.id, home]));

/** `image_id|key` of every face the legacy capture lists. */
const pictureKeys = new Set<string>(
  cameraHomeData.body.homes.flatMap((home) => home.persons.flatMap((person) => ('face' in person && person.face ? [`${person.face.id}|${person.face.key}`] : []))),
);

const knownHome = (homeId: string): boolean => capturedHomes.has(homeId) || legacyHomes.has(homeId);

/** A read route: required params, numeric checks, a known home, then the answer. */
function securityRead(
  endpoint: string,
  required: readonly string[],
  answer: (request: FakeApiRequest) => FakeResponse,
  numbers: readonly string[] = [],
  methods: readonly ('GET' | 'POST')[] = ['GET', 'POST'],
): FakeApiRoute {
  return {
    endpoint,
    methods,
    scopes: securityReadScopes,
    handle(request) {
      const failure = firstFailure(requireParams(request, required), ...numbers.map((name) => checkNumber(request.params, name, 0)));
      if (failure) return failure;
      const homeId = request.params['home_id'];
      if (homeId !== undefined && !knownHome(homeId)) return invalidArg('Invalid id');
      return answer(request);
    },
  };
}

const knownEvent = (eventId: string | undefined): boolean => eventsUntil.body.events_list.some((event) => event.id === eventId);

export const cameraRoutes: readonly FakeApiRoute[] = [
  securityRead('getevents', ['home_id'], ({ params, now }) => {
    const homeId = params['home_id']!;
    if (homeId === events.body.home.id) return fixture(events, now);
    return fixture({ status: 'ok', body: { home: { id: homeId, events: [] } } }, now);
  }, ['offset', 'size']),
  securityRead('gethomedata', [], ({ params, now }) => {
    const homeId = params['home_id'];
    const homes = homeId === undefined ? cameraHomeData.body.homes : cameraHomeData.body.homes.filter((home) => home.id === homeId);
    return fixture({ ...cameraHomeData, body: { ...cameraHomeData.body, homes } }, now);
  }, ['size']),
  securityRead('geteventsuntil', ['home_id', 'event_id'], ({ params, now }) =>
    knownEvent(params['event_id']) ? fixture(eventsUntil, now) : invalidArg('Invalid event_id'),
  ),
  securityRead('getnextevents', ['home_id', 'event_id'], ({ params, now }) =>
    knownEvent(params['event_id']) ? fixture(eventsUntil, now) : invalidArg('Invalid event_id'),
  ['size']),
  securityRead('getlasteventof', ['home_id', 'person_id'], ({ params, now }) => {
    const list = eventsUntil.body.events_list.filter((event) => 'person_id' in event && event.person_id === params['person_id']);
    return fixture({ ...eventsUntil, body: { events_list: list } }, now);
  }, ['offset']),
  securityRead('getcamerapicture', ['image_id', 'key'], ({ params }) =>
    pictureKeys.has(`${params['image_id']!}|${params['key']!}`) ? { bytes: cameraImage, headers: { 'content-type': 'image/jpeg' } } : invalidArg('Invalid image'),
  ),
  // Webhooks: everyone POSTs today (SWAGGER still says GET).
  securityRead('addwebhook', ['url'], ({ params, now }) => (/^https?:\/\//.test(params['url']!) ? fixture(statusOk, now) : invalidArg('Invalid url')), [], ['POST']),
  // pyatmo sends app_types=app_security, the PHP SDK app_type=app_camera, openHAB nothing.
  securityRead('dropwebhook', [], ({ now }) => fixture(statusOk, now), [], ['POST']),
  {
    endpoint: 'setpersonsaway',
    methods: ['POST'],
    scopes: ['write_camera'],
    handle(request) {
      const failure = requireParams(request, ['home_id']);
      if (failure) return failure;
      if (!knownHome(request.params['home_id']!)) return invalidArg('Invalid id');
      return fixture(statusOk, request.now);
    },
  },
  {
    // pyatmo posts a form with `person_ids[]` repeated (or no ids: everyone), openHAB a JSON body
    // `{"home_id","person_ids":[…]}`; both reach `lists`.
    endpoint: 'setpersonshome',
    methods: ['POST'],
    scopes: ['write_camera'],
    handle(request) {
      const failure = requireParams(request, ['home_id']);
      if (failure) return failure;
      if (!knownHome(request.params['home_id']!)) return invalidArg('Invalid id');
      if ((request.lists['person_ids'] ?? []).some((id) => id === '')) return invalidArg('Invalid person_ids');
      return fixture(statusOk, request.now);
    },
  },
];
