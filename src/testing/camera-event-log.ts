import type { FakeApiRoute } from './fake-response.js';
import { cameraRoutes } from './routes/camera-routes.js';

/** An event as `getevents` lists it: only what paging needs is typed. */
export interface FakeCameraEvent {
  /** The event id (`event_id` in paging). */
  id: string;
  /** Netatmo's event type, e.g. `person`, `movement`, `human`. */
  type: string;
  /** Epoch seconds. */
  time: number;
  [field: string]: unknown;
}

/** `getevents` without `size` returns this many events (Netatmo's page size for event lists). */
const DEFAULT_PAGE_SIZE = 30;

/**
 * The event history of each home, newest first: the captured events, then whatever a test adds.
 * `getevents` pages through it as Netatmo does: `event_id` gives the events after (older than)
 * that one, `size` how many.
 */
export class CameraEventLog {
  readonly route: FakeApiRoute;
  readonly #added = new Map<string, FakeCameraEvent[]>();

  constructor() {
    const original = cameraRoutes.find((route) => route.endpoint === 'getevents')!;
    this.route = {
      ...original,
      handle: async (request) => {
        const answer = await original.handle(request);
        const envelope = answer.body as { body?: { home?: { id?: string; events?: FakeCameraEvent[] } } } | undefined;
        const home = envelope?.body?.home;
        if ((answer.status ?? 200) !== 200 || !home) return answer;
        const events = [...(this.#added.get(request.params['home_id']!) ?? []), ...(home.events ?? [])];
        const eventId = request.params['event_id'];
        const start = eventId === undefined ? 0 : events.findIndex((event) => event.id === eventId) + 1;
        if (eventId !== undefined && start === 0) return { status: 400, body: { error: { code: 21, message: 'Invalid event_id' } } };
        const size = request.params['size'] === undefined ? DEFAULT_PAGE_SIZE : Number(request.params['size']);
        return { ...answer, body: { ...envelope, body: { ...envelope.body, home: { ...home, events: events.slice(start, start + size) } } } };
      },
    };
  }

  /** Adds events to a home's history, newer than everything there; give them newest first. */
  add(homeId: string, events: readonly FakeCameraEvent[]): void {
    this.#added.set(homeId, [...events, ...(this.#added.get(homeId) ?? [])]);
  }
}
