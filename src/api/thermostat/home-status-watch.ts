import type { WebhookEvent } from '../../webhooks/webhook-event.js';
import { isEnergyWebhookEvent, parseWebhookEvent } from '../../webhooks/webhook-event.js';
import type { RequestOptions } from '../request-options.js';
import type { HomeStatus } from '../shared/homes-schemas.js';
import { ParamChecks } from '../shared/param-checks.js';
import { notify } from '../shared/readings-watch.js';
import { systemClock, type WatchClock } from '../shared/watch-clock.js';
import { isTransientWatchError, stoppedByUser, watchBackoffMs } from '../shared/watch-errors.js';

/** Anything that hands out verified webhook events, such as the handler of `createWebhookHandler()`. */
export interface WebhookEventSource {
  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: (event: WebhookEvent) => void): () => void;
}

/** Parameters of {@link ThermostatApi.watchHomeStatus}. */
export interface WatchHomeStatusParams {
  /** The home, from `getHomesData()`. */
  homeId: string;
  /**
   * Time between polls, in ms (at least 1000). The default is the Home Assistant integration's
   * budget for homestatus (24 requests an hour); energy webhooks trigger extra polls at once.
   * @default 150000
   */
  intervalMs?: number;
  /** Ends the watch: the current wait or request stops at once and the iteration finishes. */
  signal?: AbortSignal;
  /**
   * Poll at once when this source (the handler of `createWebhookHandler()`) receives an energy
   * event (`setpoint`, `thermMode`, `schedule`) for this home. Same as calling `onWebhook(event)`.
   */
  webhooks?: WebhookEventSource;
  /** Told of each transient failure the watcher waits out (network, timeout, 5xx, 429). */
  onError?: (error: unknown) => void;
  /**
   * The clock the watcher waits with. For tests: `createVirtualClock()` from `netatmo-connect/testing`.
   * @default the real clock
   */
  clock?: WatchClock;
}

/** What a home-status watch yields: the state, and what changed since the previous yield. */
export interface HomeStatusSnapshot {
  /** The whole `homestatus` answer. */
  data: HomeStatus;
  /** Ids of the rooms and modules that changed (every one on the first yield). */
  changed: string[];
  /** The rooms among `changed`. */
  changedRooms: string[];
  /** The modules among `changed`. */
  changedModules: string[];
  /** What started the poll: the first poll, the interval, or an energy webhook. */
  trigger: 'start' | 'interval' | 'webhook';
  /** When the poll was made (the watcher's clock). */
  polledAt: Date;
}

/**
 * A home-status watch: `for await` it, and feed it energy webhooks with `onWebhook` (or pass
 * `webhooks`) so a change shows up at once instead of at the next interval.
 */
export interface HomeStatusWatch extends AsyncIterable<HomeStatusSnapshot, void, undefined> {
  /**
   * Hands the watch a webhook event (parsed, or the payload as received). An energy event for this
   * home (or for no home in particular) makes it poll at once; returns whether it did.
   */
  onWebhook(event: WebhookEvent | Record<string, unknown>): boolean;
}

/**
 * The watch behind `client.thermostat.watchHomeStatus()`: polls at a fixed interval and at once
 * after an energy webhook; yields when a room or module changed.
 *
 * @internal
 */
export function watchHomeStatus(
  getHomeStatus: (params: { homeId: string }, options: RequestOptions) => Promise<HomeStatus>,
  params: WatchHomeStatusParams,
): HomeStatusWatch {
  let wake: AbortController | undefined;
  let pending = false;
  const onWebhook = (input: WebhookEvent | Record<string, unknown>): boolean => {
    let event: WebhookEvent;
    try {
      event = 'kind' in input && 'raw' in input ? (input as WebhookEvent) : parseWebhookEvent(input);
    } catch {
      return false;
    }
    if (!isEnergyWebhookEvent(event) || (event.homeId !== undefined && event.homeId !== params?.homeId)) return false;
    pending = true;
    wake?.abort();
    return true;
  };

  async function* iterate(): AsyncGenerator<HomeStatusSnapshot, void, undefined> {
    const settings = resolve(params);
    const { signal, clock } = settings;
    const unsubscribe = settings.webhooks?.subscribe(onWebhook);
    try {
      let previous: Map<string, string> | undefined;
      let trigger: HomeStatusSnapshot['trigger'] = 'start';
      let failures = 0;
      while (!stoppedByUser(signal)) {
        if (pending) trigger = 'webhook';
        pending = false;
        let data: HomeStatus;
        let delay = settings.intervalMs;
        try {
          data = await getHomeStatus({ homeId: settings.homeId }, signal === undefined ? {} : { signal });
          failures = 0;
          const current = fingerprints(data);
          const changedRooms = changedIds(current.rooms, previous, 'room');
          const changedModules = changedIds(current.modules, previous, 'module');
          const first = previous === undefined;
          previous = new Map([...prefixed(current.rooms, 'room'), ...prefixed(current.modules, 'module')]);
          if (first || changedRooms.length + changedModules.length > 0) {
            yield { data, changed: [...changedRooms, ...changedModules], changedRooms, changedModules, trigger, polledAt: new Date(clock.now()) };
          }
        } catch (error) {
          if (stoppedByUser(signal)) return;
          if (!isTransientWatchError(error)) throw error;
          failures += 1;
          notify(settings.onError, error);
          delay = watchBackoffMs(failures, Math.min(settings.intervalMs, 60_000), settings.intervalMs * 4, error);
        }
        trigger = 'interval';
        // A webhook that came during the poll (or while the caller held the last snapshot) polls again now.
        if (pending) continue;
        wake = new AbortController();
        try {
          await clock.sleep(delay, signal === undefined ? wake.signal : AbortSignal.any([signal, wake.signal]));
        } catch (error) {
          if (stoppedByUser(signal)) return;
          if (!wake.signal.aborted) throw error;
        } finally {
          wake = undefined;
        }
      }
    } finally {
      unsubscribe?.();
    }
  }

  return { onWebhook, [Symbol.asyncIterator]: iterate };
}

/** Per room and per module, what must differ for it to count as changed: everything Netatmo reports for it. */
function fingerprints(data: HomeStatus): { rooms: Map<string, string>; modules: Map<string, string> } {
  return {
    rooms: new Map((data.home?.rooms ?? []).map((room) => [room.id, JSON.stringify(room)])),
    modules: new Map((data.home?.modules ?? []).map((module) => [module.id, JSON.stringify(module)])),
  };
}

function prefixed(prints: Map<string, string>, kind: string): [string, string][] {
  return [...prints].map(([id, print]) => [`${kind}:${id}`, print]);
}

function changedIds(current: Map<string, string>, previous: Map<string, string> | undefined, kind: string): string[] {
  return [...current].filter(([id, print]) => previous?.get(`${kind}:${id}`) !== print).map(([id]) => id);
}

interface Settings {
  homeId: string;
  intervalMs: number;
  signal: AbortSignal | undefined;
  webhooks: WebhookEventSource | undefined;
  onError: ((error: unknown) => void) | undefined;
  clock: WatchClock;
}

function resolve(params: WatchHomeStatusParams): Settings {
  const checks = new ParamChecks('watchHomeStatus', params, ['homeId', 'intervalMs', 'signal', 'webhooks', 'onError', 'clock']);
  checks.requiredString('homeId', params?.homeId, ': the home id from getHomesData()');
  checks.number('intervalMs', params?.intervalMs, { min: 1000, unit: 'ms' });
  if (params?.signal !== undefined && !(params.signal instanceof AbortSignal)) checks.add('signal', 'must be an AbortSignal');
  if (params?.webhooks !== undefined && typeof params.webhooks?.subscribe !== 'function') {
    checks.add('webhooks', 'must have subscribe(listener), like the handler createWebhookHandler() returns');
  }
  if (params?.onError !== undefined && typeof params.onError !== 'function') checks.add('onError', 'must be a function');
  const clock = params?.clock;
  if (clock !== undefined && (typeof clock?.now !== 'function' || typeof clock?.sleep !== 'function')) checks.add('clock', 'must have now() and sleep(ms, signal)');
  checks.throwIfAny();
  return {
    homeId: params.homeId,
    intervalMs: params.intervalMs ?? 150_000,
    signal: params.signal,
    webhooks: params.webhooks,
    onError: params.onError,
    clock: clock ?? systemClock,
  };
}
