import stationsData from './fixtures/pyatmo/getstationsdata.json' with { type: 'json' };
import homeCoachsData from './fixtures/pyatmo/gethomecoachsdata.json' with { type: 'json' };
import type { FakeApiRoute } from './fake-response.js';
import { getHomeCoachsDataRoute } from './routes/homecoach-routes.js';
import { getStationsDataRoute } from './routes/station-routes.js';

/** A device or module as the answers carry it: only the fields an upload touches are typed. */
interface LiveDevice {
  _id: string;
  reachable?: boolean;
  last_status_store?: number;
  last_message?: number;
  last_seen?: number;
  dashboard_data?: Record<string, unknown> & { time_utc?: number };
  modules?: LiveDevice[];
}

/** Readings that drift a little with each upload, so an upload changes values as well as `time_utc`. */
const driftingReadings = ['Temperature', 'Humidity', 'CO2', 'Pressure', 'Noise', 'WindStrength', 'Rain'] as const;

/**
 * Weather stations and Home Coaches that upload new readings, as real ones do every ten minutes:
 * on demand ({@link ReadingUploads.upload}) or every N ms of the fake's clock
 * ({@link ReadingUploads.every}). The schedule is applied when an answer is served, so it follows
 * the fake's clock whether that is real time or a manual test clock, and needs no timer.
 */
export class ReadingUploads {
  /** Routes that serve the live copies in place of the captured answers. */
  readonly routes: readonly FakeApiRoute[];
  readonly #stations = structuredClone(stationsData.body.devices) as LiveDevice[];
  readonly #coaches = structuredClone(homeCoachsData.body.devices) as LiveDevice[];
  readonly #now: () => number;
  #count = 0;
  #lastSeconds = 0;
  #schedule: { everyMs: number; from: number; applied: number } | undefined;

  constructor(now: () => number) {
    this.#now = now;
    this.routes = [this.#live(getStationsDataRoute, this.#stations), this.#live(getHomeCoachsDataRoute, this.#coaches)];
  }

  /** Uploads so far, on demand and scheduled. */
  get count(): number {
    this.#catchUp();
    return this.#count;
  }

  /**
   * Every reachable station, module and Home Coach uploads a reading now. Returns its `time_utc`
   * (epoch seconds; one more than the last upload's when two fall in the same second).
   */
  upload(at = this.#now()): number {
    this.#count += 1;
    const seconds = Math.max(Math.floor(at / 1000), this.#lastSeconds + 1);
    this.#lastSeconds = seconds;
    for (const device of [...this.#stations, ...this.#coaches]) {
      for (const unit of [device, ...(device.modules ?? [])]) {
        if (!unit.dashboard_data || unit.reachable === false) continue;
        unit.dashboard_data.time_utc = seconds;
        for (const name of driftingReadings) {
          const value = unit.dashboard_data[name];
          // A small saw-tooth: values move with each upload and stay near the captured ones.
          if (typeof value === 'number') unit.dashboard_data[name] = Math.round((value + (this.#count % 2 === 1 ? 0.1 : -0.1)) * 10) / 10;
        }
        if (unit === device) unit.last_status_store = seconds;
        else {
          unit.last_message = seconds;
          unit.last_seen = seconds;
        }
      }
    }
    return seconds;
  }

  /** Uploads every `everyMs` of the fake's clock from now on; `false` stops. */
  every(everyMs: number | false): void {
    this.#catchUp();
    if (everyMs !== false && (!Number.isFinite(everyMs) || everyMs <= 0)) {
      throw new RangeError(`uploadReadingsEvery: expected a positive number of milliseconds or false, got ${String(everyMs)}`);
    }
    this.#schedule = everyMs === false ? undefined : { everyMs, from: this.#now(), applied: 0 };
  }

  /** Applies the scheduled uploads that are due by now, each at its own time. */
  #catchUp(): void {
    const schedule = this.#schedule;
    if (!schedule) return;
    const due = Math.floor((this.#now() - schedule.from) / schedule.everyMs);
    while (schedule.applied < due) {
      schedule.applied += 1;
      this.upload(schedule.from + schedule.applied * schedule.everyMs);
    }
  }

  /** `route` with its checks, answering from the live copies of its devices. */
  #live(route: FakeApiRoute, devices: readonly LiveDevice[]): FakeApiRoute {
    return {
      ...route,
      handle: async (request) => {
        this.#catchUp();
        const answer = await route.handle(request);
        const envelope = answer.body as { body?: { devices?: LiveDevice[] } } | undefined;
        if ((answer.status ?? 200) !== 200 || !Array.isArray(envelope?.body?.devices)) return answer;
        const live = new Map(devices.map((device) => [device._id, device]));
        // No copies: the answer is serialised as soon as it is sent, before any later upload.
        const body = { ...envelope.body, devices: envelope.body.devices.map((device) => live.get(device._id) ?? device) };
        return { ...answer, body: { ...envelope, body } };
      },
    };
  }
}
