/**
 * Print each new weather reading as it arrives: the watcher polls when the stations are due to
 * upload (every 10 minutes), about 6 requests an hour, and says which modules changed.
 *
 * Run it: `NETATMO_CLIENT_ID=… NETATMO_CLIENT_SECRET=… NETATMO_TOKEN_FILE=./netatmo-token.json npx tsx examples/watch-stations.ts`
 * Scope: `read_station`. Ctrl-C stops it.
 */
import type { NetatmoClient, StationWatchOptions } from 'netatmo-connect';
import { clientFromEnv, isMain } from './client-from-env.js';

/** Logs one line per station or module with a new temperature, for `updates` updates (or until `signal`). */
export async function run(client: NetatmoClient, log: (line: string) => void = console.log, options: StationWatchOptions & { updates?: number } = {}): Promise<void> {
  const { updates = Infinity, ...watchOptions } = options;
  let seen = 0;
  for await (const { data, changed, newestReadingAt } of client.station.watch(watchOptions)) {
    log(`${changed.length} changed, newest reading ${newestReadingAt?.toISOString() ?? 'none'}`);
    for (const station of data.devices) {
      for (const unit of [station, ...(station.modules ?? [])]) {
        const temperature = unit.dashboard_data?.Temperature;
        if (changed.includes(unit._id) && temperature !== undefined) log(`  ${unit.module_name ?? unit._id}: ${temperature} °C`);
      }
    }
    if (++seen >= updates) return;
  }
}

if (isMain(import.meta.url)) {
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  await run(clientFromEnv(), console.log, { signal: stop.signal });
}
