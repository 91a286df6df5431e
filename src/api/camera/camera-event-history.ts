import type { RequestOptions } from '../request-options.js';
import { ParamChecks, type DateInput } from '../shared/param-checks.js';
import type { GetEventsParams } from './camera-api.js';
import type { CameraEvent, Events } from './schemas.js';

/** Parameters of {@link CameraApi.iterateEvents}. */
export interface IterateEventsParams {
  /** The home, from `getHomesData()`. */
  homeId: string;
  /** Events per request (wire `size`). @default 30 */
  pageSize?: number;
  /** Stop at events older than this (`Date` or epoch seconds); they are not yielded. */
  since?: DateInput;
  /**
   * Stop on reaching this event, without yielding it: pass the newest id you handled last time to
   * get only what came since.
   */
  stopAtEventId?: string;
  /** Stop after this many events. */
  limit?: number;
  /** Only events of this device. */
  deviceId?: string;
  /** Only events of these device types, e.g. `['NOC']`. */
  deviceTypes?: readonly string[];
}

/**
 * The loop behind `client.camera.iterateEvents()`: `getEvents` page after page, each page asked
 * for the events older than the last one received.
 *
 * @internal
 */
export async function* iterateCameraEvents(
  getEvents: (params: GetEventsParams, options?: RequestOptions) => Promise<Events>,
  params: IterateEventsParams,
  options: RequestOptions | undefined,
): AsyncGenerator<CameraEvent, void, undefined> {
  const checks = new ParamChecks('iterateEvents', params, ['homeId', 'pageSize', 'since', 'stopAtEventId', 'limit', 'deviceId', 'deviceTypes']);
  checks.requiredString('homeId', params?.homeId, ': the home id from getHomesData()');
  checks.number('pageSize', params?.pageSize, { min: 1, integer: true });
  const since = checks.date('since', params?.since);
  checks.optionalString('stopAtEventId', params?.stopAtEventId);
  checks.number('limit', params?.limit, { min: 1, integer: true });
  checks.optionalString('deviceId', params?.deviceId);
  checks.stringList('deviceTypes', params?.deviceTypes, false);
  checks.throwIfAny();
  const { homeId, pageSize = 30, stopAtEventId, limit = Infinity, deviceId, deviceTypes } = params;
  const seen = new Set<string>();
  let before: string | undefined;
  let yielded = 0;
  for (;;) {
    const page = await getEvents(
      { homeId, size: pageSize, ...(before !== undefined && { eventId: before }), ...(deviceId !== undefined && { deviceId }), ...(deviceTypes !== undefined && { deviceTypes }) },
      options,
    );
    const events = page.home.events ?? [];
    let fresh = 0;
    let reachedSince = false;
    for (const event of events) {
      if (seen.has(event.id)) continue;
      seen.add(event.id);
      fresh += 1;
      if (event.id === stopAtEventId) return;
      // Netatmo lists newest first, roughly: a page with an older event is the last one needed,
      // but its newer events (slightly out of order) are still yielded.
      if (since !== undefined && event.time < since) {
        reachedSince = true;
        continue;
      }
      yield event;
      yielded += 1;
      if (yielded >= limit) return;
    }
    // An empty page, or one that repeated only known events (a server that ignores event_id), ends the history.
    if (reachedSince || fresh === 0 || events.length === 0) return;
    before = events[events.length - 1]!.id;
  }
}
