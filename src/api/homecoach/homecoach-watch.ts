import type { RequestOptions } from '../request-options.js';
import { watchReadings, type ReadingsSnapshot, type ReadingsWatchOptions } from '../shared/readings-watch.js';
import type { HomeCoachsData } from './schemas.js';

/** Options of {@link HomeCoachApi.watch}. */
export type HomeCoachWatchOptions = ReadingsWatchOptions;

/** What `client.homecoach.watch()` yields: the Home Coaches, and which ones have new readings. */
export type HomeCoachsSnapshot = ReadingsSnapshot<HomeCoachsData>;

/**
 * The loop behind `client.homecoach.watch()`: `getHomeCoachsData` polled at the devices' own pace.
 *
 * @internal
 */
export function watchHomeCoachs(
  getHomeCoachsData: (params: { deviceId?: string }, options: RequestOptions) => Promise<HomeCoachsData>,
  options: HomeCoachWatchOptions,
): AsyncGenerator<HomeCoachsSnapshot, void, undefined> {
  return watchReadings('homecoach.watch', options, (deviceId, signal) =>
    getHomeCoachsData(deviceId === undefined ? {} : { deviceId }, signal === undefined ? {} : { signal }),
  );
}
