/**
 * Air quality of every Home Coach: Netatmo's health index with the CO2, humidity and noise behind it.
 *
 * Run it: `NETATMO_CLIENT_ID=… NETATMO_CLIENT_SECRET=… NETATMO_TOKEN_FILE=./netatmo-token.json npx tsx examples/homecoach-air-quality.ts`
 * Scope: `read_homecoach`.
 */
import type { NetatmoClient } from 'netatmo-connect';
import { clientFromEnv, isMain } from './client-from-env.js';

/** Netatmo's `health_idx`, 0 to 4. */
export const healthLabels = ['healthy', 'fine', 'fair', 'poor', 'unhealthy'] as const;

/** Logs one line per Home Coach. */
export async function run(client: NetatmoClient, log: (line: string) => void = console.log): Promise<void> {
  const { devices } = await client.homecoach.getHomeCoachsData();
  for (const coach of devices) {
    const name = coach.station_name ?? coach.name ?? coach.module_name ?? coach._id;
    const data = coach.dashboard_data;
    // Netatmo leaves dashboard_data out for unreachable devices, and sometimes for reachable ones.
    if (!data) {
      log(`${name}: no reading (${coach.reachable ? 'reachable, no data yet' : 'unreachable'})`);
      continue;
    }
    const health = data.health_idx === undefined ? 'unknown' : (healthLabels[data.health_idx] ?? `index ${data.health_idx}`);
    log(`${name}: ${health} (CO2 ${data.CO2 ?? '?'} ppm, humidity ${data.Humidity ?? '?'} %, noise ${data.Noise ?? '?'} dB, ${data.Temperature ?? '?'} °C)`);
  }
}

if (isMain(import.meta.url)) await run(clientFromEnv());
