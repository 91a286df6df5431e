/**
 * Exports a station's history as CSV with `iterateMeasures`, which pages through Netatmo's
 * 1024-point windows for you. Writes CSV to stdout: `… npx tsx examples/history-export.ts > history.csv`.
 *
 * Environment: NETATMO_CLIENT_ID, NETATMO_CLIENT_SECRET, NETATMO_TOKEN_FILE; optional DAYS (default 7).
 * Scope: `read_station`.
 */
import type { NetatmoClient } from 'netatmo-connect';
import { clientFromEnv, isMain } from './client-from-env.js';

/** What to export. Defaults: the first station's outdoor module (or the station itself), the last 7 days. */
export interface ExportWindow {
  from: Date;
  to: Date;
  deviceId?: string;
  moduleId?: string;
}

/** Logs a CSV header, one line per point (every ~5 minutes), then a summary line. */
export async function run(
  client: NetatmoClient,
  log: (line: string) => void = console.log,
  window: ExportWindow = { from: new Date(Date.now() - 7 * 86_400_000), to: new Date() },
): Promise<void> {
  let { deviceId, moduleId } = window;
  if (deviceId === undefined) {
    const { devices } = await client.station.getStationsData();
    const station = devices[0];
    if (!station) throw new Error('No weather station on this account');
    deviceId = station._id;
    moduleId = station.modules?.find((module) => module.type === 'NAModule1')?._id;
  }
  // An outdoor module has no CO2 or noise; the base station has both.
  const points = moduleId
    ? client.station.iterateMeasures({ deviceId, moduleId, scale: 'max', types: ['Temperature', 'Humidity'], dateBegin: window.from, dateEnd: window.to })
    : client.station.iterateMeasures({ deviceId, scale: 'max', types: ['Temperature', 'Humidity'], dateBegin: window.from, dateEnd: window.to });
  log('time,temperature_c,humidity_pct');
  let count = 0;
  for await (const { time, values } of points) {
    log(`${time.toISOString()},${values.Temperature ?? ''},${values.Humidity ?? ''}`);
    count++;
  }
  log(`# ${count} points from ${deviceId}${moduleId ? ` / ${moduleId}` : ''}`);
}

if (isMain(import.meta.url)) {
  const days = Number(process.env['DAYS'] ?? '7');
  await run(clientFromEnv(), console.log, { from: new Date(Date.now() - days * 86_400_000), to: new Date() });
}
