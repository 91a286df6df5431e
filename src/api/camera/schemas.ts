import { z } from 'zod';
import type { CameraEvent, EventImage, Events, EventsList, LegacyCamera, LegacyHome, LegacyHomeData, LegacyPerson, SubEvent } from './camera-answers.js';
import type { Equals, Expect } from '../shared/same-type.js';
import { idString } from '../../transport/identifying-fields.js';
import { epochSeconds } from '../shared/schema-helpers.js';

/**
 * A picture of an event: `{url}` (direct link), `{filename}` (relative to the camera's
 * `vpn_url`), or in the legacy API `{id, key}` for `getCameraPicture()`.
 */
export const eventImageSchema = z.looseObject({
  url: z.string().optional(),
  filename: z.string().optional(),
  id: z.string().optional(),
  key: z.string().optional(),
  version: z.number().optional(),
});

/** A detection inside an outdoor-camera or doorbell event. */
export const subEventSchema = z.looseObject({
  id: idString('event'),
  /** `human`, `animal`, `vehicle`. */
  type: z.string(),
  time: epochSeconds,
  verified: z.boolean().optional(),
  /** Seconds into the event's video. */
  offset: z.number().optional(),
  snapshot: eventImageSchema.optional(),
  vignette: eventImageSchema.optional(),
  message: z.string().optional(),
});

/**
 * A security event: `person`, `movement`, `outdoor`, `connection`, `smoke`, … (types added
 * later pass through). `message` is localised HTML.
 */
export const cameraEventSchema = z.looseObject({
  id: idString('event'),
  type: z.string(),
  time: epochSeconds,
  /** The device that emitted it (current API). */
  module_id: z.string().optional(),
  /** The device that emitted it (legacy API). */
  camera_id: z.string().optional(),
  device_id: z.string().optional(),
  message: z.string().optional(),
  person_id: z.string().optional(),
  is_arrival: z.boolean().optional(),
  out_of_sight: z.boolean().optional(),
  video_id: z.string().optional(),
  /** `recording`, `available`, `deleted`. */
  video_status: z.string().optional(),
  snapshot: eventImageSchema.optional(),
  vignette: eventImageSchema.optional(),
  sub_type: z.number().optional(),
  subevents: z.array(subEventSchema).optional(),
});

/** Body of `/api/getevents`. */
export const eventsSchema = z.looseObject({
  home: z.looseObject({
    id: z.string().optional(),
    events: z.array(cameraEventSchema).optional(),
  }),
});

/** Body of the legacy `/api/geteventsuntil`, `/api/getlasteventof` and `/api/getnextevents`. */
export const eventsListSchema = z.looseObject({
  events_list: z.array(cameraEventSchema),
});

/** A camera in the legacy `gethomedata` answer: `status`, `sd_status`, `alim_status` are `on`/`off` strings here. */
export const legacyCameraSchema = z.looseObject({
  id: idString('camera'),
  type: z.string(),
  name: z.string().optional(),
  status: z.string().optional(),
  vpn_url: z.string().optional(),
  is_local: z.boolean().optional(),
  sd_status: z.string().optional(),
  alim_status: z.string().optional(),
  light_mode_status: z.string().optional(),
  last_setup: epochSeconds.optional(),
  modules: z.array(z.looseObject({ id: idString('module'), type: z.string() })).optional(),
});

/** A person in the legacy `gethomedata` answer; `face` holds `{id, key}` for `getCameraPicture()`. */
export const legacyPersonSchema = z.looseObject({
  id: idString('person'),
  pseudo: z.string().optional(),
  last_seen: epochSeconds.optional(),
  out_of_sight: z.boolean().optional(),
  face: eventImageSchema.optional(),
});

/** A home in the legacy `gethomedata` answer. `events` and `name` may be missing. */
export const legacyHomeSchema = z.looseObject({
  id: idString('home'),
  name: z.string().optional(),
  place: z.looseObject({ city: z.string().optional(), country: z.string().optional(), timezone: z.string().optional() }).optional(),
  persons: z.array(legacyPersonSchema).optional(),
  cameras: z.array(legacyCameraSchema).optional(),
  smokedetectors: z.array(z.looseObject({ id: idString('device'), type: z.string().optional() })).optional(),
  events: z.array(cameraEventSchema).optional(),
});

/** Body of the legacy `/api/gethomedata`; absent in the odd empty answer. */
export const legacyHomeDataSchema = z
  .looseObject({
    homes: z.array(legacyHomeSchema),
    user: z.looseObject({ mail: z.string().optional(), lang: z.string().optional(), reg_locale: z.string().optional(), country: z.string().optional() }).optional(),
    global_info: z.looseObject({ show_tags: z.boolean().optional() }).optional(),
  })
  .optional();

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
