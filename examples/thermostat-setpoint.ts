/**
 * Sets a room to 21 °C for an hour, then hands it back to the schedule.
 *
 * Run it: `NETATMO_CLIENT_ID=… NETATMO_CLIENT_SECRET=… NETATMO_TOKEN_FILE=./netatmo-token.json npx tsx examples/thermostat-setpoint.ts`
 * Scopes: `read_thermostat`, `write_thermostat`. It really changes your heating (for a moment).
 */
import type { NetatmoClient } from 'netatmo-connect';
import { clientFromEnv, isMain } from './client-from-env.js';

/** Picks the first room with a thermostat or valve, boosts it, and returns it to the schedule. */
export async function run(client: NetatmoClient, log: (line: string) => void = console.log): Promise<void> {
  const { homes = [] } = await client.thermostat.getHomesData();
  const heated = new Set(['NATherm1', 'NRV', 'OTM']);
  const home = homes.find((candidate) => candidate.modules?.some((module) => heated.has(module.type) && module.room_id));
  const roomId = home?.modules?.find((module) => heated.has(module.type) && module.room_id)?.room_id;
  if (!home || !roomId) {
    log('No room with a thermostat or valve on this account');
    return;
  }
  const roomName = home.rooms?.find((room) => room.id === roomId)?.name ?? roomId;

  const before = await client.thermostat.getHomeStatus({ homeId: home.id });
  const room = before.home?.rooms?.find((candidate) => candidate.id === roomId);
  log(`${roomName}: ${room?.therm_measured_temperature ?? '?'} °C measured, set point ${room?.therm_setpoint_temperature ?? '?'} °C (${room?.therm_setpoint_mode ?? '?'})`);

  const endtime = new Date(Date.now() + 60 * 60 * 1000);
  await client.thermostat.setRoomThermpoint({ homeId: home.id, roomId, mode: 'manual', temp: 21, endtime });
  log(`${roomName}: 21 °C until ${endtime.toISOString().slice(11, 16)} UTC`);

  await client.thermostat.setRoomThermpoint({ homeId: home.id, roomId, mode: 'home' });
  log(`${roomName}: back to the schedule`);
}

if (isMain(import.meta.url)) await run(clientFromEnv());
