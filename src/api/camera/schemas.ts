import * as z from 'zod';
import type { CameraEvent, EventImage, Events, EventsList, LegacyCamera, LegacyHome, LegacyHomeData, LegacyPerson, SubEvent } from './camera-answers.js';
import type { Equals, Expect } from '../shared/same-type.js';
import { idString } from '../../transport/identifying-fields.js';
import { epochSeconds, optionalBoolean, optionalEpochSeconds, optionalNumber, optionalString } from '../shared/schema-helpers.js';
import { built } from '../shared/schema-helpers.js';

/**
 * A picture of an event: `{url}` (direct link), `{filename}` (relative to the camera's
 * `vpn_url`), or in the legacy API `{id, key}` for `getCameraPicture()`.
 */
export const eventImageSchema = z.lazy(() =>
  z.looseObject({
    url: optionalString,
    filename: optionalString,
    id: optionalString,
    key: optionalString,
    version: optionalNumber,
  }),
);

/** A detection inside an outdoor-camera or doorbell event. */
export const subEventSchema = z.lazy(() =>
  z.looseObject({
    id: idString('event'),
    /** `human`, `animal`, `vehicle`. */
    type: z.string(),
    time: epochSeconds,
    verified: optionalBoolean,
    /** Seconds into the event's video. */
    offset: optionalNumber,
    snapshot: built(eventImageSchema).optional(),
    vignette: built(eventImageSchema).optional(),
    message: optionalString,
  }),
);

/**
 * A security event: `person`, `movement`, `outdoor`, `connection`, `smoke`, … (types added
 * later pass through). `message` is localised HTML.
 */
export const cameraEventSchema = z.lazy(() =>
  z.looseObject({
    id: idString('event'),
    type: z.string(),
    time: epochSeconds,
    /** The device that emitted it (current API). */
    module_id: optionalString,
    /** The device that emitted it (legacy API). */
    camera_id: optionalString,
    device_id: optionalString,
    message: optionalString,
    person_id: optionalString,
    is_arrival: optionalBoolean,
    out_of_sight: optionalBoolean,
    video_id: optionalString,
    /** `recording`, `available`, `deleted`. */
    video_status: optionalString,
    snapshot: built(eventImageSchema).optional(),
    vignette: built(eventImageSchema).optional(),
    sub_type: optionalNumber,
    subevents: z.array(built(subEventSchema)).optional(),
  }),
);

/** Body of `/api/getevents`. */
export const eventsSchema = z.lazy(() =>
  z.looseObject({
    home: z.looseObject({
      id: optionalString,
      events: z.array(built(cameraEventSchema)).optional(),
    }),
  }),
);

/** Body of the legacy `/api/geteventsuntil`, `/api/getlasteventof` and `/api/getnextevents`. */
export const eventsListSchema = z.lazy(() =>
  z.looseObject({
    events_list: z.array(built(cameraEventSchema)),
  }),
);

/** A camera in the legacy `gethomedata` answer: `status`, `sd_status`, `alim_status` are `on`/`off` strings here. */
export const legacyCameraSchema = z.lazy(() =>
  z.looseObject({
    id: idString('camera'),
    type: z.string(),
    name: optionalString,
    status: optionalString,
    vpn_url: optionalString,
    is_local: optionalBoolean,
    sd_status: optionalString,
    alim_status: optionalString,
    light_mode_status: optionalString,
    last_setup: optionalEpochSeconds,
    modules: z.array(z.looseObject({ id: idString('module'), type: z.string() })).optional(),
  }),
);

/** A person in the legacy `gethomedata` answer; `face` holds `{id, key}` for `getCameraPicture()`. */
export const legacyPersonSchema = z.lazy(() =>
  z.looseObject({
    id: idString('person'),
    pseudo: optionalString,
    last_seen: optionalEpochSeconds,
    out_of_sight: optionalBoolean,
    face: built(eventImageSchema).optional(),
  }),
);

/** A home in the legacy `gethomedata` answer. `events` and `name` may be missing. */
export const legacyHomeSchema = z.lazy(() =>
  z.looseObject({
    id: idString('home'),
    name: optionalString,
    place: z.looseObject({ city: optionalString, country: optionalString, timezone: optionalString }).optional(),
    persons: z.array(built(legacyPersonSchema)).optional(),
    cameras: z.array(built(legacyCameraSchema)).optional(),
    smokedetectors: z.array(z.looseObject({ id: idString('device'), type: optionalString })).optional(),
    events: z.array(built(cameraEventSchema)).optional(),
  }),
);

/** Body of the legacy `/api/gethomedata`; absent in the odd empty answer. */
export const legacyHomeDataSchema = z.lazy(() =>
  z
    .looseObject({
      homes: z.array(built(legacyHomeSchema)),
      user: z.looseObject({ mail: optionalString, lang: optionalString, reg_locale: optionalString, country: optionalString }).optional(),
      global_info: z.looseObject({ show_tags: optionalBoolean }).optional(),
    })
    .optional(),
);

// The documented interfaces are the answer types; these fail to compile when a schema and its interface drift apart.
export type { EventImage, SubEvent, CameraEvent, Events, EventsList, LegacyCamera, LegacyPerson, LegacyHome, LegacyHomeData } from './camera-answers.js';
type _SchemasMatchTheirTypes = [
  Expect<Equals<z.output<typeof eventImageSchema>, EventImage>>,
  Expect<Equals<z.output<typeof subEventSchema>, SubEvent>>,
  Expect<Equals<z.output<typeof cameraEventSchema>, CameraEvent>>,
  Expect<Equals<z.output<typeof eventsSchema>, Events>>,
  Expect<Equals<z.output<typeof eventsListSchema>, EventsList>>,
  Expect<Equals<z.output<typeof legacyCameraSchema>, LegacyCamera>>,
  Expect<Equals<z.output<typeof legacyPersonSchema>, LegacyPerson>>,
  Expect<Equals<z.output<typeof legacyHomeSchema>, LegacyHome>>,
  Expect<Equals<z.output<typeof legacyHomeDataSchema>, LegacyHomeData>>,
];
