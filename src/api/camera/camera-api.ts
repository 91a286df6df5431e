import type { RequestOptions } from '../request-options.js';
import { HomesApi } from '../shared/homes-api.js';
import { ParamChecks } from '../shared/param-checks.js';
import { eventsListSchema, eventsSchema, legacyHomeDataSchema, type Events, type EventsList, type LegacyHomeData } from './schemas.js';

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
  getEvents(params: GetEventsParams, options?: RequestOptions): Promise<Events> {
    const checks = new ParamChecks('getEvents', params);
    checks.requiredString('homeId', params?.homeId);
    checks.optionalString('eventId', params?.eventId);
    checks.optionalString('personId', params?.personId);
    checks.optionalString('deviceId', params?.deviceId);
    checks.stringList('deviceTypes', params?.deviceTypes, false);
    checks.number('offset', params?.offset, { min: 0, integer: true });
    checks.number('size', params?.size, { min: 1, integer: true });
    if (params?.offset !== undefined && params.personId === undefined) checks.add('offset', 'only applies with personId');
    checks.throwIfAny();
    return this.api.call({
      endpoint: 'getevents',
      method: 'GET',
      query: {
        home_id: params.homeId,
        event_id: params.eventId,
        person_id: params.personId,
        offset: params.offset,
        device_id: params.deviceId,
        device_types: params.deviceTypes,
        size: params.size,
      },
      schema: eventsSchema,
      options,
    });
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
    const checks = new ParamChecks('setPersonsAway', params);
    checks.requiredString('homeId', params?.homeId);
    checks.optionalString('personId', params?.personId);
    checks.throwIfAny();
    await this.api.call({ endpoint: 'setpersonsaway', method: 'POST', form: { home_id: params.homeId, person_id: params.personId }, options });
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
    const checks = new ParamChecks('setPersonsHome', params);
    checks.requiredString('homeId', params?.homeId);
    checks.stringList('personIds', params?.personIds, true);
    checks.throwIfAny();
    await this.api.call({ endpoint: 'setpersonshome', method: 'POST', json: { home_id: params.homeId, person_ids: [...params.personIds] }, options });
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
  getCameraPicture(params: GetCameraPictureParams, options?: RequestOptions): Promise<CameraPicture> {
    const checks = new ParamChecks('getCameraPicture', params);
    checks.requiredString('imageId', params?.imageId);
    checks.requiredString('key', params?.key);
    checks.throwIfAny();
    return this.api.call({
      endpoint: 'getcamerapicture',
      method: 'GET',
      query: { image_id: params.imageId, key: params.key },
      response: 'bytes',
      options,
    }) as Promise<CameraPicture>;
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
    const checks = new ParamChecks('addWebhook', params);
    if (checks.requiredString('url', params?.url) && !/^https?:\/\/[^\s/]+/i.test(params.url)) {
      checks.add('url', `must be an absolute http(s) URL reachable from the internet, got '${params.url}'`);
    }
    checks.throwIfAny();
    await this.api.call({ endpoint: 'addwebhook', method: 'POST', form: { url: params.url }, options });
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
   * @throws {@link NetatmoApiError} when Netatmo refuses it.
   */
  async dropWebhook(params: Record<string, never> = {}, options?: RequestOptions): Promise<void> {
    new ParamChecks('dropWebhook', params).throwIfAny();
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
  getHomeData(params: GetHomeDataParams = {}, options?: RequestOptions): Promise<LegacyHomeData> {
    const checks = new ParamChecks('getHomeData', params);
    checks.optionalString('homeId', params.homeId);
    checks.number('size', params.size, { min: 1, integer: true });
    checks.throwIfAny();
    return this.api.call({ endpoint: 'gethomedata', method: 'GET', query: { home_id: params.homeId, size: params.size }, schema: legacyHomeDataSchema, options });
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
  getEventsUntil(params: GetEventsUntilParams, options?: RequestOptions): Promise<EventsList> {
    const checks = new ParamChecks('getEventsUntil', params);
    checks.requiredString('homeId', params?.homeId);
    checks.requiredString('eventId', params?.eventId);
    checks.throwIfAny();
    return this.api.call({ endpoint: 'geteventsuntil', method: 'GET', query: { home_id: params.homeId, event_id: params.eventId }, schema: eventsListSchema, options });
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
  getLastEventOf(params: GetLastEventOfParams, options?: RequestOptions): Promise<EventsList> {
    const checks = new ParamChecks('getLastEventOf', params);
    checks.requiredString('homeId', params?.homeId);
    checks.requiredString('personId', params?.personId);
    checks.number('offset', params?.offset, { min: 1, integer: true });
    checks.throwIfAny();
    return this.api.call({
      endpoint: 'getlasteventof',
      method: 'GET',
      query: { home_id: params.homeId, person_id: params.personId, offset: params.offset },
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
  getNextEvents(params: GetNextEventsParams, options?: RequestOptions): Promise<EventsList> {
    const checks = new ParamChecks('getNextEvents', params);
    checks.requiredString('homeId', params?.homeId);
    checks.requiredString('eventId', params?.eventId);
    checks.number('size', params?.size, { min: 1, integer: true });
    checks.throwIfAny();
    return this.api.call({
      endpoint: 'getnextevents',
      method: 'GET',
      query: { home_id: params.homeId, event_id: params.eventId, size: params.size },
      schema: eventsListSchema,
      options,
    });
  }
}
