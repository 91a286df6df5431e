import type { RequestOptions } from '../request-options.js';
import { watchReadings, type ReadingsSnapshot, type ReadingsWatchOptions } from '../shared/readings-watch.js';
import type { StationsData } from './schemas.js';

/** Options of {@link StationApi.watch}. */
export type StationWatchOptions = ReadingsWatchOptions;

/** What `client.station.watch()` yields: the stations, and which stations and modules have new readings. */
export type StationsSnapshot = ReadingsSnapshot<StationsData>;

/**
 * The loop behind `client.station.watch()`: `getStationsData` polled at the stations' own pace.
 *
 * @internal
 */
export function watchStations(
  getStationsData: (params: { deviceId?: string }, options: RequestOptions) => Promise<StationsData>,
  options: StationWatchOptions,
): AsyncGenerator<StationsSnapshot, void, undefined> {
  return watchReadings('station.watch', options, (deviceId, signal) =>
    getStationsData(deviceId === undefined ? {} : { deviceId }, signal === undefined ? {} : { signal }),
  );
}
