import type { RequestOptions } from '../request-options.js';
import { HomesApi } from '../shared/homes-api.js';
import { ParamChecks } from '../shared/param-checks.js';
import { iterateCameraEvents, type IterateEventsParams } from './camera-event-history.js';
import { eventsListSchema, eventsSchema, legacyHomeDataSchema, type CameraEvent, type Events, type EventsList, type LegacyHomeData } from './schemas.js';

/** Parameters of {@link CameraApi.getEvents}. */
export interface GetEventsParams {
  /** Id of the home (`homes[].id` of `getHomesData()`). */
  homeId: string;
  /** Page back: events older than this one. */
  eventId?: string;
  /** Only events of this person (use with `offset`). */
  personId?: string;
  /** With `personId`: how many events to skip. */
  offset?: number;
  /** Only events of this device (use with `deviceTypes`). */
  deviceId?: string;
  /** Only events of these device types (wire `device_types`, comma-joined), e.g. `['NOC']`. */
  deviceTypes?: readonly string[];
  /** How many events. */
  size?: number;
}

/** Parameters of {@link CameraApi.setPersonsAway}. */
export interface SetPersonsAwayParams {
  /** Id of the home. */
  homeId: string;
  /** This person; omit to mark the home empty. */
  personId?: string;
}

/** Parameters of {@link CameraApi.setPersonsHome}. */
export interface SetPersonsHomeParams {
  /** Id of the home. */
  homeId: string;
  /** The persons now at home. */
  personIds: readonly string[];
}

/** Parameters of {@link CameraApi.getCameraPicture}: the `id` and `key` of a legacy snapshot, vignette or face. */
export interface GetCameraPictureParams {
  /** `id` of the picture: an event's `snapshot`/`vignette`, a person's `face`. */
  imageId: string;
  /** `key` of the same picture. */
  key: string;
}

/** A picture: JPEG bytes and the content type Netatmo sent. */
export interface CameraPicture {
  /** The picture's bytes (usually JPEG, see `contentType`). */
  data: Uint8Array;
  /** e.g. `image/jpeg`. */
  contentType: string;
}

/** Parameters of {@link CameraApi.addWebhook}. */
export interface AddWebhookParams {
  /** Your callback, reachable from the internet; Netatmo POSTs JSON events to it. */
  url: string;
}

/** Parameters of the legacy {@link CameraApi.getHomeData}. */
export interface GetHomeDataParams {
  /** Only this home. @default every home of the account */
  homeId?: string;
  /** Events per home. @default 30 */
  size?: number;
}

/** Parameters of the legacy {@link CameraApi.getEventsUntil}. */
export interface GetEventsUntilParams {
  /** Id of the home. */
  homeId: string;
  /** Every event newer than this one, and it. */
  eventId: string;
}

/** Parameters of the legacy {@link CameraApi.getLastEventOf}. */
export interface GetLastEventOfParams {
  /** Id of the home. */
  homeId: string;
  /** The person whose events are wanted. */
  personId: string;
  /** Events to return. @default 30 */
  offset?: number;
}

/** Parameters of the legacy {@link CameraApi.getNextEvents}. */
export interface GetNextEventsParams {
  /** Id of the home. */
  homeId: string;
  /** Events older than this one. */
  eventId: string;
  /** @default 30 */
  size?: number;
}

/**
 * Cameras, doorbell, sirens, door tags, smoke and CO alarms: the Security API (scopes
 * `read_camera`/`write_camera`/`access_camera`, `read_presence`/`access_presence`,
 * `read_doorbell`, `read_smokedetector`, `read_carbonmonoxidedetector`). Reach it as
 * `client.camera`. `getHomesData`, `getHomeStatus` and `setState` are shared with `client.thermostat`.
 */
export class CameraApi extends HomesApi {
  /**
   * Recent events of a home, newest first: persons seen, motion, outdoor detections, alarms.
   *
   * Endpoint: `GET /api/getevents` · scope `read_camera` (or `read_presence`, `read_doorbell`, `read_smokedetector`, …).
   *
   * @example
   * ```ts
   * const { home } = await client.camera.getEvents({ homeId });
   * for (const event of home.events ?? []) console.log(new Date(event.time * 1000), event.type, event.subevents?.length ?? 0);
   * ```
   * @throws {@link NetatmoValidationError} when `homeId` is missing or `offset` comes without `personId` (before any request).
   * @throws {@link NetatmoApiError} e.g. code 21 for an unknown home.
   */
  async getEvents(params: GetEventsParams, options?: RequestOptions): Promise<Events> {
    const checks = new ParamChecks('getEvents', params, ['homeId', 'eventId', 'personId', 'offset', 'deviceId', 'deviceTypes', 'size']);
    const p = checks.params;
    const homeId = checks.requiredString('homeId', p['homeId']);
    const eventId = checks.optionalString('eventId', p['eventId']);
    const personId = checks.optionalString('personId', p['personId']);
    const deviceId = checks.optionalString('deviceId', p['deviceId']);
    const deviceTypes = checks.stringList('deviceTypes', p['deviceTypes'], false);
    const offset = checks.number('offset', p['offset'], { min: 0, integer: true });
    const size = checks.number('size', p['size'], { min: 1, integer: true });
    if (p['offset'] !== undefined && p['personId'] === undefined) checks.add('offset', 'only applies with personId');
    checks.throwIfAny();
    return this.api.call({
      endpoint: 'getevents',
      method: 'GET',
      query: { home_id: homeId, event_id: eventId, person_id: personId, offset, device_id: deviceId, device_types: deviceTypes, size },
      schema: eventsSchema,
      options,
    });
  }

  /**
   * Every event of a home, newest first, fetched page by page (`getEvents` with the last event's
   * id, asking for older ones) and yielded once each. Stops at the end of the history, at
   * `since`, at `stopAtEventId`, after `limit` events, or when you `break`.
   *
   * Endpoint: `GET /api/getevents` (once per page) · scope `read_camera` (or `read_presence`, `read_doorbell`, …).
   *
   * @example
   * ```ts
   * // Everything since the last event handled, oldest last:
   * for await (const event of client.camera.iterateEvents({ homeId, stopAtEventId: lastHandledId })) {
   *   console.log(new Date(event.time * 1000), event.type, event.message);
   * }
   * ```
   * @throws {@link NetatmoValidationError} for invalid parameters, on the first iteration, before any request.
   * @throws {@link NetatmoApiError} when a page fails (the events already yielded stay yours).
   */
  iterateEvents(params: IterateEventsParams, options?: RequestOptions): AsyncGenerator<CameraEvent, void, undefined> {
    return iterateCameraEvents((page, pageOptions) => this.getEvents(page, pageOptions), params, options);
  }

  /**
   * Marks a person, or everyone, as away.
   *
   * Endpoint: `POST /api/setpersonsaway` (form) · scope `write_camera`.
   *
   * @example
   * ```ts
   * await client.camera.setPersonsAway({ homeId, personId });
   * ```
   * @throws {@link NetatmoValidationError} when `homeId` is missing (before any request).
   * @throws {@link NetatmoApiError} e.g. code 21 for an unknown person.
   */
  async setPersonsAway(params: SetPersonsAwayParams, options?: RequestOptions): Promise<void> {
    const checks = new ParamChecks('setPersonsAway', params, ['homeId', 'personId']);
    const homeId = checks.requiredString('homeId', checks.params['homeId']);
    const personId = checks.optionalString('personId', checks.params['personId']);
    checks.throwIfAny();
    await this.api.call({ endpoint: 'setpersonsaway', method: 'POST', form: { home_id: homeId, person_id: personId }, options });
  }

  /**
   * Marks persons as at home.
   *
   * Endpoint: `POST /api/setpersonshome` (JSON body `{home_id, person_ids}`, the one list
   * encoding of this endpoint seen in shipped code: openHAB) · scope `write_camera`.
   *
   * @example
   * ```ts
   * await client.camera.setPersonsHome({ homeId, personIds: [personId] });
   * ```
   * @throws {@link NetatmoValidationError} when `homeId` or `personIds` is missing (before any request).
   * @throws {@link NetatmoApiError} e.g. code 21 for an unknown person.
   */
  async setPersonsHome(params: SetPersonsHomeParams, options?: RequestOptions): Promise<void> {
    const checks = new ParamChecks('setPersonsHome', params, ['homeId', 'personIds']);
    const homeId = checks.requiredString('homeId', checks.params['homeId']);
    const personIds = checks.stringList('personIds', checks.params['personIds'], true);
    checks.throwIfAny();
    await this.api.call({ endpoint: 'setpersonshome', method: 'POST', json: { home_id: homeId, person_ids: personIds }, options });
  }

  /**
   * Downloads a picture of a legacy event, face or snapshot (`{id, key}` from `getHomeData()` or
   * `getEventsUntil()`). Current events carry direct `url`s instead.
   *
   * Endpoint: `GET /api/getcamerapicture` · scope `read_camera` (or `read_presence`).
   *
   * @example
   * ```ts
   * const { data, contentType } = await client.camera.getCameraPicture({ imageId: face.id, key: face.key });
   * await writeFile('face.jpg', data);
   * ```
   * @throws {@link NetatmoValidationError} when `imageId` or `key` is missing (before any request).
   * @throws {@link NetatmoApiError} e.g. code 21 for an unknown image.
   */
  async getCameraPicture(params: GetCameraPictureParams, options?: RequestOptions): Promise<CameraPicture> {
    const checks = new ParamChecks('getCameraPicture', params, ['imageId', 'key']);
    const imageId = checks.requiredString('imageId', checks.params['imageId']);
    const key = checks.requiredString('key', checks.params['key']);
    checks.throwIfAny();
    return (await this.api.call({
      endpoint: 'getcamerapicture',
      method: 'GET',
      query: { image_id: imageId, key },
      response: 'bytes',
      options,
    })) as CameraPicture;
  }

  /**
   * Asks Netatmo to POST security events (and some energy events) to `url`. The first call it
   * makes carries `{"push_type":"webhook_activation"}`.
   *
   * Endpoint: `POST /api/addwebhook` (form) · scope `read_camera` (or another security read scope).
   *
   * @example
   * ```ts
   * await client.camera.addWebhook({ url: 'https://example.com/netatmo/webhook' });
   * ```
   * @throws {@link NetatmoValidationError} when `url` is not an absolute http(s) URL (before any request).
   * @throws {@link NetatmoApiError} when Netatmo refuses it.
   */
  async addWebhook(params: AddWebhookParams, options?: RequestOptions): Promise<void> {
    const checks = new ParamChecks('addWebhook', params, ['url']);
    const url = checks.url('url', checks.params['url']);
    checks.throwIfAny();
    await this.api.call({ endpoint: 'addwebhook', method: 'POST', form: { url }, options });
  }

  /**
   * Stops webhook calls for this app.
   *
   * Endpoint: `POST /api/dropwebhook` (form, `app_types=app_security`) · scope `read_camera` (or another security read scope).
   *
   * @example
   * ```ts
   * await client.camera.dropWebhook();
   * ```
   * @throws {@link NetatmoValidationError} when given any parameter (it takes none).
   * @throws {@link NetatmoApiError} when Netatmo refuses it.
   */
  async dropWebhook(params: Record<string, never> = {}, options?: RequestOptions): Promise<void> {
    new ParamChecks('dropWebhook', params, []).throwIfAny();
    await this.api.call({ endpoint: 'dropwebhook', method: 'POST', form: { app_types: 'app_security' }, options });
  }

  /**
   * Legacy (Welcome era) homes with cameras, persons and recent events. Netatmo answers some
   * accounts with 403 code 13 now: prefer {@link HomesApi.getHomesData}, {@link HomesApi.getHomeStatus} and {@link CameraApi.getEvents}.
   *
   * Endpoint: `GET /api/gethomedata` · scope `read_camera`.
   *
   * @example
   * ```ts
   * const data = await client.camera.getHomeData({ size: 10 });
   * for (const home of data?.homes ?? []) console.log(home.name, home.cameras?.map((camera) => camera.status));
   * ```
   * @returns `undefined` when Netatmo sends no body.
   * @throws {@link NetatmoValidationError} for an invalid `size` (before any request).
   * @throws {@link NetatmoApiError} e.g. code 13 "Operation is forbidden".
   */
  async getHomeData(params: GetHomeDataParams = {}, options?: RequestOptions): Promise<LegacyHomeData> {
    const checks = new ParamChecks('getHomeData', params, ['homeId', 'size']);
    const homeId = checks.optionalString('homeId', checks.params['homeId']);
    const size = checks.number('size', checks.params['size'], { min: 1, integer: true });
    checks.throwIfAny();
    return this.api.call({ endpoint: 'gethomedata', method: 'GET', query: { home_id: homeId, size }, schema: legacyHomeDataSchema, options });
  }

  /**
   * Legacy: every event from the newest down to `eventId`.
   *
   * Endpoint: `GET /api/geteventsuntil` · scope `read_camera`.
   *
   * @example
   * ```ts
   * const { events_list } = await client.camera.getEventsUntil({ homeId, eventId });
   * ```
   * @throws {@link NetatmoValidationError} when an id is missing (before any request).
   * @throws {@link NetatmoApiError} e.g. code 21 for an unknown event.
   */
  async getEventsUntil(params: GetEventsUntilParams, options?: RequestOptions): Promise<EventsList> {
    const checks = new ParamChecks('getEventsUntil', params, ['homeId', 'eventId']);
    const homeId = checks.requiredString('homeId', checks.params['homeId']);
    const eventId = checks.requiredString('eventId', checks.params['eventId']);
    checks.throwIfAny();
    return this.api.call({ endpoint: 'geteventsuntil', method: 'GET', query: { home_id: homeId, event_id: eventId }, schema: eventsListSchema, options });
  }

  /**
   * Legacy: the latest events of a person.
   *
   * Endpoint: `GET /api/getlasteventof` · scope `read_camera`.
   *
   * @example
   * ```ts
   * const { events_list } = await client.camera.getLastEventOf({ homeId, personId });
   * ```
   * @throws {@link NetatmoValidationError} when an id is missing or `offset` is invalid (before any request).
   * @throws {@link NetatmoApiError} e.g. code 21 for an unknown person.
   */
  async getLastEventOf(params: GetLastEventOfParams, options?: RequestOptions): Promise<EventsList> {
    const checks = new ParamChecks('getLastEventOf', params, ['homeId', 'personId', 'offset']);
    const homeId = checks.requiredString('homeId', checks.params['homeId']);
    const personId = checks.requiredString('personId', checks.params['personId']);
    const offset = checks.number('offset', checks.params['offset'], { min: 1, integer: true });
    checks.throwIfAny();
    return this.api.call({
      endpoint: 'getlasteventof',
      method: 'GET',
      query: { home_id: homeId, person_id: personId, offset },
      schema: eventsListSchema,
      options,
    });
  }

  /**
   * Legacy: events older than `eventId`.
   *
   * Endpoint: `GET /api/getnextevents` · scope `read_camera`.
   *
   * @example
   * ```ts
   * const { events_list } = await client.camera.getNextEvents({ homeId, eventId, size: 10 });
   * ```
   * @throws {@link NetatmoValidationError} when an id is missing or `size` is invalid (before any request).
   * @throws {@link NetatmoApiError} e.g. code 21 for an unknown event.
   */
  async getNextEvents(params: GetNextEventsParams, options?: RequestOptions): Promise<EventsList> {
    const checks = new ParamChecks('getNextEvents', params, ['homeId', 'eventId', 'size']);
    const homeId = checks.requiredString('homeId', checks.params['homeId']);
    const eventId = checks.requiredString('eventId', checks.params['eventId']);
    const size = checks.number('size', checks.params['size'], { min: 1, integer: true });
    checks.throwIfAny();
    return this.api.call({
      endpoint: 'getnextevents',
      method: 'GET',
      query: { home_id: homeId, event_id: eventId, size },
      schema: eventsListSchema,
      options,
    });
  }
}
