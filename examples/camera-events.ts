/**
 * The latest events of every home with a camera, doorbell or alarm: who was seen, what moved.
 *
 * Run it: `NETATMO_CLIENT_ID=… NETATMO_CLIENT_SECRET=… NETATMO_TOKEN_FILE=./netatmo-token.json npx tsx examples/camera-events.ts`
 * Scope: `read_camera` (and `read_presence` / `read_doorbell` for outdoor cameras and doorbells).
 */
import type { CameraEvent, NetatmoClient } from 'netatmo-connect';
import { clientFromEnv, isMain } from './client-from-env.js';

const securityTypes = new Set(['NACamera', 'NPC', 'NOC', 'NDB', 'NSD', 'NCO']);

/** `message` is localised HTML (`<b>John</b> seen`); the detections of an outdoor event say more. */
export function describeEvent(event: CameraEvent): string {
  const detections = event.subevents?.map((sub) => sub.type).join('+');
  const text = (event.message ?? '').replace(/<[^>]+>/g, '');
  return `${new Date(event.time * 1000).toISOString()} ${event.type}${detections ? ` [${detections}]` : ''}${text ? `: ${text}` : ''}`;
}

/** Logs up to `size` recent events per security home. */
export async function run(client: NetatmoClient, log: (line: string) => void = console.log, size = 10): Promise<void> {
  const { homes = [] } = await client.camera.getHomesData();
  const secured = homes.filter((home) => home.modules?.some((module) => securityTypes.has(module.type)));
  if (secured.length === 0) log('No camera, doorbell or alarm on this account');
  for (const home of secured) {
    const { home: recent } = await client.camera.getEvents({ homeId: home.id, size });
    const events = (recent.events ?? []).slice(0, size);
    log(`${home.name ?? home.id}: ${events.length} recent events`);
    for (const event of events) log(`  ${describeEvent(event)}`);
  }
}

if (isMain(import.meta.url)) await run(clientFromEnv());
