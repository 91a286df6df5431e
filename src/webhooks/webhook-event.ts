/**
 * The events Netatmo POSTs to a webhook, as a discriminated union on `kind`. Pure data: this file
 * loads no Node module, so the main entry (watchers) can classify events too.
 *
 * Netatmo publishes no schema for webhook payloads; the fields below are the ones seen in Home
 * Assistant's handler and logs (REFERENCE §2.3.11, §2.4.13). Every variant keeps the whole payload
 * in `raw`, so a field Netatmo adds is never lost.
 */
import { NetatmoValidationError } from '../errors.js';

/** A person in a `person` event. */
export interface WebhookPerson {
  /** The person's id, as in `getHomesData()`'s persons. */
  id: string;
  /** False for a face the camera does not know. */
  isKnown: boolean | undefined;
  /** A picture of the face, when Netatmo sent one. */
  faceUrl: string | undefined;
}

/** Fields every webhook event may carry (each `undefined` when absent from the payload). */
export interface WebhookEventBase {
  /** Netatmo's `push_type`, e.g. `NACamera-person`, `NOC-human`, `display_change`, `webhook_activation`. */
  pushType: string | undefined;
  /** Netatmo's `event_type`, e.g. `person`, `movement`, `setpoint_event`. */
  eventType: string | undefined;
  /** The Netatmo user the event belongs to. */
  userId: string | undefined;
  /** The home the event happened in (`home_id`, or `home.id` in energy events). */
  homeId: string | undefined;
  /** The home's name as the user set it in the app. */
  homeName: string | undefined;
  /** The camera, doorbell or alarm that saw it (`camera_id`, else `device_id`). */
  deviceId: string | undefined;
  /** A module bridged by the device (siren, door tag), when the event names one. */
  moduleId: string | undefined;
  /** Pass to `camera.iterateEvents()`/`getEvents()` to find it in the history. */
  eventId: string | undefined;
  /** Localised text, as shown in the Netatmo app. */
  message: string | undefined;
  /** A snapshot of the event, when Netatmo sent one. */
  snapshotUrl: string | undefined;
  /** The whole payload as received. */
  raw: Readonly<Record<string, unknown>>;
}

/** `{"push_type":"webhook_activation"}`: the first call after `addWebhook()`. */
export interface WebhookActivationEvent extends WebhookEventBase {
  /** Netatmo confirmed the webhook URL (`webhook_activation`). */
  kind: 'activation';
}

/** Netatmo stopped calling this webhook (`webhook_deactivation`): register it again. */
export interface WebhookDeactivationEvent extends WebhookEventBase {
  /** Netatmo stopped calling the webhook URL (`webhook_deactivation`). */
  kind: 'deactivation';
}

/** An indoor camera saw persons (`event_type: person`). */
export interface PersonSeenEvent extends WebhookEventBase {
  /** A camera saw known or unknown faces. */
  kind: 'person';
  /** The faces seen, known or not. */
  persons: WebhookPerson[];
}

/** A person left or came home (`person_away`, `person_home`). */
export interface PersonPresenceEvent extends WebhookEventBase {
  /** A person arrived or left (person home / away). */
  kind: 'presence';
  eventType: 'person_away' | 'person_home';
  /** The person, when the event names one. */
  personId: string | undefined;
}

/** An indoor camera saw movement (`movement`). */
export interface MovementEvent extends WebhookEventBase {
  /** A camera saw movement. */
  kind: 'movement';
}

/** An outdoor camera or doorbell detected something (`human`, `animal`, `vehicle`, `outdoor`). */
export interface OutdoorDetectionEvent extends WebhookEventBase {
  /** An outdoor camera saw a human, an animal or a vehicle. */
  kind: 'outdoor';
  eventType: 'human' | 'animal' | 'vehicle' | 'outdoor';
}

/** A camera changed state: monitoring `on`/`off`, `connection`/`disconnection`, `boot`, floodlight `light_mode`, SD card or power supply. */
export interface CameraStatusEvent extends WebhookEventBase {
  /** A camera was switched on or off, connected or disconnected. */
  kind: 'cameraStatus';
  eventType: 'on' | 'off' | 'connection' | 'disconnection' | 'boot' | 'light_mode' | 'sd' | 'alim';
}

/** The alarm: an indoor siren or camera alarm went off, a door tag moved or opened, a siren was tampered with. */
export interface AlarmEvent extends WebhookEventBase {
  /** An alarm (siren, door tag) went off. */
  kind: 'alarm';
  eventType: 'alarm_started' | 'siren_sounding' | 'siren_tampered' | 'tag_big_move' | 'tag_small_move' | 'tag_open' | 'tag_uninstalled';
}

/** The doorbell: someone rang, the call was answered or missed. */
export interface DoorbellEvent extends WebhookEventBase {
  /** Someone rang the doorbell. */
  kind: 'doorbell';
  eventType: 'incoming_call' | 'accepted_call' | 'missed_call';
}

/** A smoke alarm (NSD): smoke detected or cleared, hushed, tampered with, chamber dirty, battery low, test. */
export interface SmokeAlarmEvent extends WebhookEventBase {
  /** A smoke detector alarm. */
  kind: 'smoke';
  /** Netatmo's `sub_type` (for `smoke`: 0 cleared, 1 detected). */
  subType: number | undefined;
}

/** A carbon-monoxide alarm (NCO): `co_detected` with `subType` 0 ok, 1 pre-alarm, 2 alarm, or its status events. */
export interface CarbonMonoxideAlarmEvent extends WebhookEventBase {
  /** A carbon monoxide detector alarm. */
  kind: 'carbonMonoxide';
  /** Netatmo's `sub_type` (for `co_detected`: 0 ok, 1 pre-alarm, 2 alarm). */
  subType: number | undefined;
}

/** Energy: a room's set point changed (`setpoint_event`, `set_point`, `cancel_set_point`). */
export interface SetpointEvent extends WebhookEventBase {
  /** A room set point changed (energy). */
  kind: 'setpoint';
  /** The room whose set point changed. */
  roomId: string | undefined;
  /** e.g. `manual`, `home`, `max`. */
  mode: string | undefined;
  /** °C */
  temperature: number | undefined;
}

/** Energy: the home's heating mode changed (`therm_mode`: schedule, away, frost guard). */
export interface ThermModeEvent extends WebhookEventBase {
  /** The home's heating mode changed (energy). */
  kind: 'thermMode';
  /** The new mode: `schedule`, `away` or `hg` (frost guard). */
  mode: string | undefined;
}

/** Energy: the active heating schedule changed (`schedule`). */
export interface ScheduleEvent extends WebhookEventBase {
  /** The heating schedule changed (energy). */
  kind: 'schedule';
}

/** A kind this version does not know yet: everything Netatmo sent is in `raw`. */
export interface UnknownWebhookEvent extends WebhookEventBase {
  /** A kind this version does not know yet; `raw` holds the whole payload. */
  kind: 'unknown';
}

/**
 * A parsed webhook call. Switch on `kind`; `unknown` keeps payloads of kinds Netatmo adds later.
 *
 * @example
 * ```ts
 * switch (event.kind) {
 *   case 'person': console.log(event.persons.map((person) => person.id)); break;
 *   case 'outdoor': console.log(event.eventType, 'at', event.homeName); break;
 *   case 'unknown': console.log('new kind', event.pushType, event.raw); break;
 * }
 * ```
 */
export type WebhookEvent =
  | WebhookActivationEvent
  | WebhookDeactivationEvent
  | PersonSeenEvent
  | PersonPresenceEvent
  | MovementEvent
  | OutdoorDetectionEvent
  | CameraStatusEvent
  | AlarmEvent
  | DoorbellEvent
  | SmokeAlarmEvent
  | CarbonMonoxideAlarmEvent
  | SetpointEvent
  | ThermModeEvent
  | ScheduleEvent
  | UnknownWebhookEvent;

/** The `kind` of a {@link WebhookEvent}. */
export type WebhookEventKind = WebhookEvent['kind'];

/** Event types by kind; a type not listed here is `unknown` (or smoke / CO by its device prefix). */
const kindsByEventType: Readonly<Record<string, WebhookEventKind>> = {
  person: 'person',
  person_away: 'presence',
  person_home: 'presence',
  movement: 'movement',
  human: 'outdoor',
  animal: 'outdoor',
  vehicle: 'outdoor',
  outdoor: 'outdoor',
  on: 'cameraStatus',
  off: 'cameraStatus',
  connection: 'cameraStatus',
  disconnection: 'cameraStatus',
  boot: 'cameraStatus',
  light_mode: 'cameraStatus',
  sd: 'cameraStatus',
  alim: 'cameraStatus',
  alarm_started: 'alarm',
  siren_sounding: 'alarm',
  siren_tampered: 'alarm',
  tag_big_move: 'alarm',
  tag_small_move: 'alarm',
  tag_open: 'alarm',
  tag_uninstalled: 'alarm',
  incoming_call: 'doorbell',
  accepted_call: 'doorbell',
  missed_call: 'doorbell',
  smoke: 'smoke',
  hush: 'smoke',
  detection_chamber_status: 'smoke',
  co_detected: 'carbonMonoxide',
  setpoint_event: 'setpoint',
  set_point: 'setpoint',
  cancel_set_point: 'setpoint',
  therm_mode: 'thermMode',
  schedule: 'schedule',
};

/** Status events smoke and CO alarms share (tampered, battery, Wi-Fi, sound test): the device prefix of `push_type` decides. */
const alarmDevicePrefixes: Readonly<Record<string, WebhookEventKind>> = { NSD: 'smoke', NCO: 'carbonMonoxide' };

const energyKinds: ReadonlySet<WebhookEventKind> = new Set(['setpoint', 'thermMode', 'schedule']);

/**
 * True for events that say a home's heating changed (`setpoint`, `thermMode`, `schedule`): the
 * moments a thermostat watcher should poll at once.
 */
export function isEnergyWebhookEvent(event: WebhookEvent): event is SetpointEvent | ThermModeEvent | ScheduleEvent {
  return energyKinds.has(event.kind);
}

/**
 * Turns a webhook payload into a typed {@link WebhookEvent}. A kind this version does not know
 * becomes `{ kind: 'unknown', raw }`: it never throws on a new kind.
 *
 * @param json - the parsed JSON body, or the raw body as a string or bytes.
 * @throws `NetatmoValidationError` (from `netatmo-connect`; check it with `isNetatmoError` or its `name`) when the body is not JSON, or not a JSON object.
 * @example
 * ```ts
 * const event = parseWebhookEvent(JSON.parse(body));
 * if (event.kind === 'doorbell' && event.eventType === 'incoming_call') ring();
 * ```
 */
export function parseWebhookEvent(json: unknown): WebhookEvent {
  const payload = typeof json === 'string' || json instanceof Uint8Array ? parseJson(json) : json;
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new NetatmoValidationError('Invalid webhook payload: expected a JSON object such as {"push_type":"…"}', [
      { path: 'body', message: `expected a JSON object, got ${Array.isArray(payload) ? 'an array' : payload === null ? 'null' : typeof payload}` },
    ]);
  }
  const raw = payload as Record<string, unknown>;
  const text = (key: string): string | undefined => (typeof raw[key] === 'string' ? (raw[key] as string) : undefined);
  const number = (key: string): number | undefined => (typeof raw[key] === 'number' && Number.isFinite(raw[key]) ? (raw[key] as number) : undefined);
  const pushType = text('push_type');
  const eventType = text('event_type');
  const snapshot = raw['snapshot'] as { url?: unknown } | undefined;
  const base: WebhookEventBase = {
    pushType,
    eventType,
    userId: text('user_id'),
    homeId: text('home_id') ?? homeIdOf(raw['home']),
    homeName: text('home_name'),
    deviceId: text('camera_id') ?? text('device_id'),
    moduleId: text('module_id'),
    eventId: text('event_id'),
    message: text('message'),
    snapshotUrl: text('snapshot_url') ?? (typeof snapshot?.url === 'string' ? snapshot.url : undefined),
    raw,
  };
  if (pushType === 'webhook_activation') return { ...base, kind: 'activation' };
  if (pushType === 'webhook_deactivation') return { ...base, kind: 'deactivation' };

  const kind = eventType === undefined ? undefined : (kindsByEventType[eventType] ?? alarmDevicePrefixes[pushType?.split('-')[0] ?? '']);
  switch (kind) {
    case 'person':
      return { ...base, kind, persons: personsOf(raw['persons']) };
    case 'presence':
      return { ...base, kind, eventType: eventType as PersonPresenceEvent['eventType'], personId: text('person_id') ?? personsOf(raw['persons'])[0]?.id };
    case 'movement':
      return { ...base, kind };
    case 'outdoor':
      return { ...base, kind, eventType: eventType as OutdoorDetectionEvent['eventType'] };
    case 'cameraStatus':
      return { ...base, kind, eventType: eventType as CameraStatusEvent['eventType'] };
    case 'alarm':
      return { ...base, kind, eventType: eventType as AlarmEvent['eventType'] };
    case 'doorbell':
      return { ...base, kind, eventType: eventType as DoorbellEvent['eventType'] };
    case 'smoke':
    case 'carbonMonoxide':
      return { ...base, kind, subType: number('sub_type') };
    case 'setpoint':
      return { ...base, kind, roomId: text('room_id') ?? firstRoomId(raw['home']), mode: text('mode') ?? text('setpoint_mode'), temperature: number('temperature') ?? number('setpoint_temp') };
    case 'thermMode':
      return { ...base, kind, mode: text('mode') ?? text('therm_mode') };
    case 'schedule':
      return { ...base, kind };
    default:
      return { ...base, kind: 'unknown' };
  }
}

function parseJson(body: string | Uint8Array): unknown {
  const text = typeof body === 'string' ? body : new TextDecoder().decode(body);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = `not JSON (${error instanceof Error ? error.message : String(error)})`;
    throw new NetatmoValidationError(`Invalid webhook payload: ${message}`, [{ path: 'body', message }]);
  }
}

/** Energy events carry the home as `{"home":{"id",…}}` (HA #130111). */
function homeIdOf(home: unknown): string | undefined {
  const id = (home as { id?: unknown } | null | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
}

function firstRoomId(home: unknown): string | undefined {
  const rooms = (home as { rooms?: unknown } | null | undefined)?.rooms;
  const id = Array.isArray(rooms) ? (rooms[0] as { id?: unknown } | undefined)?.id : undefined;
  return typeof id === 'string' ? id : undefined;
}

function personsOf(persons: unknown): WebhookPerson[] {
  if (!Array.isArray(persons)) return [];
  return persons.flatMap((person: unknown) => {
    const entry = person as { id?: unknown; is_known?: unknown; face_url?: unknown } | null;
    if (!entry || typeof entry.id !== 'string') return [];
    return [{ id: entry.id, isKnown: typeof entry.is_known === 'boolean' ? entry.is_known : undefined, faceUrl: typeof entry.face_url === 'string' ? entry.face_url : undefined }];
  });
}
