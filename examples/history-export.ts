/**
 * Exports a station's history as CSV with `iterateMeasures`, which pages through Netatmo's
 * 1024-point windows for you. Writes CSV to stdout: `… npx tsx examples/history-export.ts > history.csv`.
 *
 * Environment: NETATMO_CLIENT_ID, NETATMO_CLIENT_SECRET, NETATMO_TOKEN_FILE; optional DAYS (default 7).
 * Scope: `read_station`.
 */
import { pathToFileURL } from 'node:url';
import { createNetatmoClient, FileTokenStore, type NetatmoClient } from 'netatmo-connect';

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

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { NETATMO_CLIENT_ID, NETATMO_CLIENT_SECRET, NETATMO_TOKEN_FILE = './netatmo-token.json', DAYS = '7' } = process.env;
  if (!NETATMO_CLIENT_ID || !NETATMO_CLIENT_SECRET) {
    console.error('Set NETATMO_CLIENT_ID and NETATMO_CLIENT_SECRET, and NETATMO_TOKEN_FILE (made by `netatmo-connect login`).');
    process.exit(1);
  }
  const client = createNetatmoClient({ clientId: NETATMO_CLIENT_ID, clientSecret: NETATMO_CLIENT_SECRET, tokenStore: new FileTokenStore(NETATMO_TOKEN_FILE) });
  await run(client, console.log, { from: new Date(Date.now() - Number(DAYS) * 86_400_000), to: new Date() });
}
