/**
 * Sets a room to 21 °C for an hour, then hands it back to the schedule.
 *
 * Run it: `NETATMO_CLIENT_ID=… NETATMO_CLIENT_SECRET=… NETATMO_TOKEN_FILE=./netatmo-token.json npx tsx examples/thermostat-setpoint.ts`
 * Scopes: `read_thermostat`, `write_thermostat`. It really changes your heating (for a moment).
 */
import { pathToFileURL } from 'node:url';
import { createNetatmoClient, FileTokenStore, type NetatmoClient } from 'netatmo-connect';

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

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { NETATMO_CLIENT_ID, NETATMO_CLIENT_SECRET, NETATMO_TOKEN_FILE = './netatmo-token.json' } = process.env;
  if (!NETATMO_CLIENT_ID || !NETATMO_CLIENT_SECRET) {
    console.error('Set NETATMO_CLIENT_ID and NETATMO_CLIENT_SECRET, and NETATMO_TOKEN_FILE (made by `netatmo-connect login`).');
    process.exit(1);
  }
  await run(createNetatmoClient({ clientId: NETATMO_CLIENT_ID, clientSecret: NETATMO_CLIENT_SECRET, tokenStore: new FileTokenStore(NETATMO_TOKEN_FILE) }));
}
