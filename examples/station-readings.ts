/**
 * Latest readings of every weather station and module on the account.
 *
 * Run it: `NETATMO_CLIENT_ID=… NETATMO_CLIENT_SECRET=… NETATMO_TOKEN_FILE=./netatmo-token.json npx tsx examples/station-readings.ts`
 * (make the token file once with `netatmo-connect login`). Scope: `read_station`.
 */
import type { DashboardData, NetatmoClient } from 'netatmo-connect';
import { clientFromEnv, isMain } from './client-from-env.js';

/** One line of readings; modules report only what they measure. */
export function describeReadings(data: DashboardData | undefined): string {
  if (!data) return 'no data (unreachable)';
  const parts = [
    data.Temperature !== undefined && `${data.Temperature} °C`,
    data.Humidity !== undefined && `${data.Humidity} %`,
    data.CO2 !== undefined && `${data.CO2} ppm CO2`,
    data.Noise !== undefined && `${data.Noise} dB`,
    data.Pressure !== undefined && `${data.Pressure} mbar`,
    data.WindStrength !== undefined && `wind ${data.WindStrength} km/h (gusts ${data.GustStrength ?? '?'})`,
    data.Rain !== undefined && `rain ${data.Rain} mm (24 h: ${data.sum_rain_24 ?? '?'} mm)`,
  ].filter((part): part is string => typeof part === 'string');
  return parts.join(', ') || 'no readings';
}

/** Logs one line per station and one per module. */
export async function run(client: NetatmoClient, log: (line: string) => void = console.log): Promise<void> {
  const { devices } = await client.station.getStationsData();
  for (const station of devices) {
    log(`${station.home_name ?? station.station_name ?? station._id} / ${station.module_name ?? 'base'}: ${describeReadings(station.dashboard_data)}`);
    for (const module of station.modules ?? []) {
      log(`  ${module.module_name ?? module._id} (${module.type}): ${describeReadings(module.dashboard_data)}`);
    }
  }
}

if (isMain(import.meta.url)) await run(clientFromEnv());
