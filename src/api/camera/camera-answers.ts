/**
 * Answer types of the camera family (indoor/outdoor cameras, doorbell, smoke and CO alarms):
 * events, and the legacy `gethomedata` topology. Every object keeps the fields Netatmo adds
 * later, as sent (the index signature); event and device types added later pass through.
 */

/**
 * A picture of an event: `{url}` (direct link), `{filename}` (relative to the camera's
 * `vpn_url`), or in the legacy API `{id, key}` for `getCameraPicture()`.
 */
export interface EventImage {
  /** Direct link to the picture. */
  url?: string | undefined;
  /** Path of the picture relative to the camera's `vpn_url`. */
  filename?: string | undefined;
  /** Legacy API: `imageId` for `getCameraPicture()`. */
  id?: string | undefined;
  /** Legacy API: `key` for `getCameraPicture()`. */
  key?: string | undefined;
  /** Legacy API: version of the picture. */
  version?: number | undefined;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/** A detection inside an outdoor-camera or doorbell event. */
export interface SubEvent {
  /** Id of the detection. */
  id: string;
  /** What was detected: `human`, `animal`, `vehicle`, or a kind added later. */
  type: string;
  /** When, epoch seconds. */
  time: number;
  /** Whether the user confirmed the detection. */
  verified?: boolean | undefined;
  /** Seconds into the event's video. */
  offset?: number | undefined;
  /** Picture of the whole scene. */
  snapshot?: EventImage | undefined;
  /** Close-up of what was detected. */
  vignette?: EventImage | undefined;
  /** Localised text describing the detection. */
  message?: string | undefined;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/**
 * A security event: `person`, `movement`, `outdoor`, `connection`, `smoke`, … (types added later
 * pass through).
 */
export interface CameraEvent {
  /** Event id: `eventId` in `getEventsUntil()` and `getNextEvents()`. */
  id: string;
  /** Kind of event: `person`, `movement`, `outdoor`, `connection`, `smoke`, … */
  type: string;
  /** When, epoch seconds. */
  time: number;
  /** The device that emitted it (current API). */
  module_id?: string | undefined;
  /** The device that emitted it (legacy API). */
  camera_id?: string | undefined;
  /** The device that emitted it (legacy API, doorbell and alarms). */
  device_id?: string | undefined;
  /** Localised text, may hold HTML (e.g. `<b>John</b> seen`). */
  message?: string | undefined;
  /** The person seen, for `person` events. */
  person_id?: string | undefined;
  /** Whether the person just arrived home. */
  is_arrival?: boolean | undefined;
  /** Whether the person is away. */
  out_of_sight?: boolean | undefined;
  /** Id of the video of the event. */
  video_id?: string | undefined;
  /** Video state: `recording`, `available`, `deleted`. */
  video_status?: string | undefined;
  /** Picture of the scene. */
  snapshot?: EventImage | undefined;
  /** Close-up of the person or object. */
  vignette?: EventImage | undefined;
  /** Detail code whose meaning depends on `type` (e.g. SD card and power states). */
  sub_type?: number | undefined;
  /** Detections of an outdoor-camera or doorbell event. */
  subevents?: SubEvent[] | undefined;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/** The `home` of a getevents answer. */
export interface EventsHome {
  /** Home id. */
  id?: string | undefined;
  /** The events, newest first; absent when there are none. */
  events?: CameraEvent[] | undefined;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/** Body of `/api/getevents`. */
export interface Events {
  /** The home and its events. */
  home: EventsHome;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/** Body of the legacy `/api/geteventsuntil`, `/api/getlasteventof` and `/api/getnextevents`. */
export interface EventsList {
  /** The events, newest first; empty when there are none. */
  events_list: CameraEvent[];
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/** A module paired to a camera in the legacy `gethomedata` answer (a door tag, a siren). */
export interface LegacyCameraModule {
  /** Module id. */
  id: string;
  /** Module type, e.g. `NACamDoorTag`, `NIS`. */
  type: string;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/** A camera in the legacy `gethomedata` answer; `status`, `sd_status`, `alim_status` are `on`/`off` strings here. */
export interface LegacyCamera {
  /** Camera id (a MAC address). */
  id: string;
  /** `NACamera` (indoor), `NOC` (outdoor), `NDB` (doorbell), or a type added later. */
  type: string;
  /** Name the user gave the camera. */
  name?: string | undefined;
  /** Monitoring: `on` or `off`. */
  status?: string | undefined;
  /** URL of the camera through Netatmo's VPN. */
  vpn_url?: string | undefined;
  /** Whether the camera is on the same network as the caller's last request. */
  is_local?: boolean | undefined;
  /** SD card: `on` (working) or `off`. */
  sd_status?: string | undefined;
  /** Power supply: `on` (correct) or `off`. */
  alim_status?: string | undefined;
  /** Outdoor camera floodlight: `on`, `off` or `auto`. */
  light_mode_status?: string | undefined;
  /** Last setup, epoch seconds. */
  last_setup?: number | undefined;
  /** Modules paired to the camera. */
  modules?: LegacyCameraModule[] | undefined;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/** A person in the legacy `gethomedata` answer. */
export interface LegacyPerson {
  /** Person id. */
  id: string;
  /** Name the user gave the person; absent for unknown faces. */
  pseudo?: string | undefined;
  /** When the person was last seen, epoch seconds. */
  last_seen?: number | undefined;
  /** Whether the person is away. */
  out_of_sight?: boolean | undefined;
  /** The person's face: `{id, key}` for `getCameraPicture()`. */
  face?: EventImage | undefined;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/** Where a home of the legacy `gethomedata` answer is. */
export interface LegacyHomePlace {
  /** City name. */
  city?: string | undefined;
  /** Country code. */
  country?: string | undefined;
  /** IANA time zone. */
  timezone?: string | undefined;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/** A smoke or CO alarm in the legacy `gethomedata` answer. */
export interface LegacySmokeDetector {
  /** Device id. */
  id: string;
  /** `NSD` (smoke), `NCO` (carbon monoxide), or a type added later. */
  type?: string | undefined;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/** A home in the legacy `gethomedata` answer. */
export interface LegacyHome {
  /** Home id. */
  id: string;
  /** Name of the home; may be absent. */
  name?: string | undefined;
  /** Where the home is. */
  place?: LegacyHomePlace | undefined;
  /** Known persons. */
  persons?: LegacyPerson[] | undefined;
  /** The cameras. */
  cameras?: LegacyCamera[] | undefined;
  /** Smoke and CO alarms. */
  smokedetectors?: LegacySmokeDetector[] | undefined;
  /** Recent events, newest first; may be absent. */
  events?: CameraEvent[] | undefined;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/** The account in the legacy `gethomedata` answer. */
export interface LegacyHomeUser {
  /** E-mail address of the account. */
  mail?: string | undefined;
  /** Language, e.g. `de-DE`. */
  lang?: string | undefined;
  /** Regional locale, e.g. `de-DE`. */
  reg_locale?: string | undefined;
  /** Country code. */
  country?: string | undefined;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/** Account-wide settings in the legacy `gethomedata` answer. */
export interface LegacyGlobalInfo {
  /** Whether the apps show event tags. */
  show_tags?: boolean | undefined;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/** Body of the legacy `/api/gethomedata` when there is one. */
export interface LegacyHomes {
  /** The homes; empty when the account has none. */
  homes: LegacyHome[];
  /** The account. */
  user?: LegacyHomeUser | undefined;
  /** Account-wide settings. */
  global_info?: LegacyGlobalInfo | undefined;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/** Body of the legacy `/api/gethomedata`: `undefined` in the odd empty answer (no body). */
export type LegacyHomeData = LegacyHomes | undefined;
