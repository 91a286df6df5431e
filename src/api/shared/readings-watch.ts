import { ParamChecks } from './param-checks.js';
import { systemClock, type WatchClock } from './watch-clock.js';
import { isTransientWatchError, stoppedByUser, watchBackoffMs } from './watch-errors.js';

/** Options of `client.station.watch()` and `client.homecoach.watch()`. */
export interface ReadingsWatchOptions {
  /** Ends the watch: the current wait or request stops at once and the iteration finishes. */
  signal?: AbortSignal;
  /** Only this device (station NAMain MAC, or Home Coach MAC). */
  deviceId?: string;
  /**
   * How often the devices upload, in ms: the next poll is planned this long after the newest
   * reading (`time_utc`), plus `marginMs`.
   * @default 600000 (10 min, Netatmo's upload interval)
   */
  uploadIntervalMs?: number;
  /** Added to the planned poll time, for Netatmo's cloud to process an upload, in ms. @default 30000 */
  marginMs?: number;
  /**
   * When a poll brought nothing new, the next ones come this much later (ms), `retries` times; then
   * the watcher falls back to polling every `uploadIntervalMs`. Also the first wait after a
   * transient error (doubling after each further one).
   * @default 60000
   */
  retryIntervalMs?: number;
  /** Short-interval polls after one that brought nothing new. @default 3 */
  retries?: number;
  /** Never poll more often than this, in ms, whatever the readings say. @default 30000 */
  minIntervalMs?: number;
  /**
   * Told of each transient failure (network, timeout, 5xx, 429) the watcher waits out; without it
   * they pass silently. Other errors end the watch instead.
   */
  onError?: (error: unknown) => void;
  /**
   * The clock the watcher plans and waits with. For tests: `createVirtualClock()` from
   * `netatmo-connect/testing` runs hours of polling at once.
   * @default the real clock
   */
  clock?: WatchClock;
}

/** What a readings watcher yields each time new readings arrive. */
export interface ReadingsSnapshot<Data> {
  /** The whole answer of the poll that brought the readings. */
  data: Data;
  /**
   * Ids of the devices and modules whose readings (or reachability) changed since the previous
   * yield; on the first yield, every device and module.
   */
  changed: string[];
  /** The newest `time_utc` among the readings, if any device has one. */
  newestReadingAt: Date | undefined;
  /** When the poll was made (the watcher's clock). */
  polledAt: Date;
  /** Requests made since the previous yield, this one included (failed ones too). */
  polls: number;
}

/** A device as both getstationsdata and gethomecoachsdata carry it (Home Coaches have no modules). */
interface ReadingUnit {
  _id: string;
  reachable?: boolean | undefined;
  dashboard_data?: { time_utc?: number | undefined } | undefined;
  modules?: ReadingUnit[] | undefined;
}

/**
 * The loop behind `station.watch()` and `homecoach.watch()`: poll, yield when something changed,
 * and plan the next poll from the newest reading's time (see the options).
 *
 * @internal
 */
export async function* watchReadings<Data extends { devices: readonly ReadingUnit[] }>(
  method: string,
  options: ReadingsWatchOptions,
  poll: (deviceId: string | undefined, signal: AbortSignal | undefined) => Promise<Data>,
): AsyncGenerator<ReadingsSnapshot<Data>, void, undefined> {
  const settings = resolve(method, options);
  const { signal, clock } = settings;
  let previous: Map<string, string> | undefined;
  let polls = 0;
  let misses = 0;
  let failures = 0;
  while (!stoppedByUser(signal)) {
    let data: Data;
    polls += 1;
    try {
      data = await poll(settings.deviceId, signal);
      failures = 0;
    } catch (error) {
      if (stoppedByUser(signal)) return;
      if (!isTransientWatchError(error)) throw error;
      failures += 1;
      notify(settings.onError, error);
      if (!(await wait(clock, Math.max(settings.minIntervalMs, watchBackoffMs(failures, settings.retryIntervalMs, settings.uploadIntervalMs, error)), signal))) return;
      continue;
    }
    const polledAt = clock.now();
    const current = fingerprints(data);
    const changed = [...current].filter(([id, print]) => previous?.get(id) !== print).map(([id]) => id);
    const newest = newestReading(data);
    const first = previous === undefined;
    previous = current;

    let delay: number;
    if (first || changed.length > 0) {
      yield { data, changed, newestReadingAt: newest === undefined ? undefined : new Date(newest * 1000), polledAt: new Date(polledAt), polls };
      polls = 0;
      const planned = newest === undefined ? undefined : newest * 1000 + settings.uploadIntervalMs + settings.marginMs - clock.now();
      // A reading older than an interval (device offline, clock skew) plans nothing: retry instead.
      if (planned !== undefined && planned > 0) {
        misses = 0;
        delay = planned;
      } else delay = afterMiss(++misses, settings);
    } else delay = afterMiss(++misses, settings);
    if (!(await wait(clock, Math.max(settings.minIntervalMs, delay), signal))) return;
  }
}

function afterMiss(misses: number, settings: Settings): number {
  return misses <= settings.retries ? settings.retryIntervalMs : settings.uploadIntervalMs;
}

/** Waits; false when the user's signal ended it. */
async function wait(clock: WatchClock, ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  try {
    await clock.sleep(ms, signal);
    return true;
  } catch (error) {
    if (stoppedByUser(signal)) return false;
    throw error;
  }
}

/** What must differ for a device's readings to count as changed: its readings and reachability. */
function fingerprints(data: { devices: readonly ReadingUnit[] }): Map<string, string> {
  const prints = new Map<string, string>();
  for (const device of data.devices) {
    for (const unit of [device, ...(device.modules ?? [])]) {
      prints.set(unit._id, JSON.stringify([unit.reachable ?? null, unit.dashboard_data ?? null]));
    }
  }
  return prints;
}

function newestReading(data: { devices: readonly ReadingUnit[] }): number | undefined {
  let newest: number | undefined;
  for (const device of data.devices) {
    for (const unit of [device, ...(device.modules ?? [])]) {
      const time = unit.dashboard_data?.time_utc;
      if (typeof time === 'number' && (newest === undefined || time > newest)) newest = time;
    }
  }
  return newest;
}

interface Settings {
  signal: AbortSignal | undefined;
  deviceId: string | undefined;
  uploadIntervalMs: number;
  marginMs: number;
  retryIntervalMs: number;
  retries: number;
  minIntervalMs: number;
  onError: ((error: unknown) => void) | undefined;
  clock: WatchClock;
}

function resolve(method: string, options: ReadingsWatchOptions): Settings {
  const checks = new ParamChecks(method, options ?? {}, [
    'signal', 'deviceId', 'uploadIntervalMs', 'marginMs', 'retryIntervalMs', 'retries', 'minIntervalMs', 'onError', 'clock',
  ]);
  checks.optionalString('deviceId', options?.deviceId);
  checks.number('uploadIntervalMs', options?.uploadIntervalMs, { min: 1, unit: 'ms' });
  checks.number('marginMs', options?.marginMs, { min: 0, unit: 'ms' });
  checks.number('retryIntervalMs', options?.retryIntervalMs, { min: 1, unit: 'ms' });
  checks.number('retries', options?.retries, { min: 0, integer: true });
  checks.number('minIntervalMs', options?.minIntervalMs, { min: 1, unit: 'ms' });
  if (options?.signal !== undefined && !(options.signal instanceof AbortSignal)) checks.add('signal', 'must be an AbortSignal');
  if (options?.onError !== undefined && typeof options.onError !== 'function') checks.add('onError', 'must be a function');
  const clock = options?.clock;
  if (clock !== undefined && (typeof clock?.now !== 'function' || typeof clock?.sleep !== 'function')) checks.add('clock', 'must have now() and sleep(ms, signal)');
  checks.throwIfAny();
  return {
    signal: options.signal,
    deviceId: options.deviceId,
    uploadIntervalMs: options.uploadIntervalMs ?? 600_000,
    marginMs: options.marginMs ?? 30_000,
    retryIntervalMs: options.retryIntervalMs ?? 60_000,
    retries: options.retries ?? 3,
    minIntervalMs: options.minIntervalMs ?? 30_000,
    onError: options.onError,
    clock: clock ?? systemClock,
  };
}

/** Tells `onError` of a transient failure; a throwing `onError` must not end the watch. */
export function notify(onError: ((error: unknown) => void) | undefined, error: unknown): void {
  try {
    onError?.(error);
  } catch {
    // The watch goes on: the hook was only told.
  }
}
