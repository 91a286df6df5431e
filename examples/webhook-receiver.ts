/**
 * Receive Netatmo's webhook calls: door camera, doorbell, alarms and heating changes, each checked
 * against your client secret and answered 200 at once (Netatmo drops a webhook after 5 failed
 * calls in an hour), then handled.
 *
 * Run it behind a tunnel that gives you a public https URL (cloudflared, ngrok):
 * `NETATMO_CLIENT_ID=… NETATMO_CLIENT_SECRET=… NETATMO_TOKEN_FILE=./netatmo-token.json NETATMO_WEBHOOK_URL=https://….trycloudflare.com/netatmo/webhook PORT=8080 npx tsx examples/webhook-receiver.ts`
 * Scope: `read_camera` (and `read_presence` / `read_doorbell` for outdoor cameras and doorbells).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NetatmoClient } from 'netatmo-connect';
import { createWebhookHandler, type WebhookEvent } from 'netatmo-connect/webhooks';
import { clientFromEnv, isMain } from './client-from-env.js';

/** One line a person reads, per kind of event. */
export function describeWebhookEvent(event: WebhookEvent): string {
  const where = event.homeName ?? event.homeId ?? 'home';
  switch (event.kind) {
    case 'activation':
      return 'webhook active';
    case 'deactivation':
      return 'Netatmo stopped calling this webhook: register it again';
    case 'person':
      return `${where}: ${event.persons.map((person) => (person.isKnown ? person.id : 'unknown face')).join(', ') || 'someone'} seen`;
    case 'presence':
      return `${where}: ${event.personId ?? 'someone'} ${event.eventType === 'person_home' ? 'came home' : 'left'}`;
    case 'movement':
      return `${where}: movement`;
    case 'outdoor':
      return `${where}: ${event.eventType} outside`;
    case 'doorbell':
      return `${where}: doorbell ${event.eventType.replace('_', ' ')}`;
    case 'alarm':
    case 'cameraStatus':
      return `${where}: ${event.eventType}`;
    case 'smoke':
      return `${where}: SMOKE ALARM ${event.eventType}${event.subType === undefined ? '' : ` (${event.subType})`}`;
    case 'carbonMonoxide':
      return `${where}: CO ALARM ${event.eventType}${event.subType === undefined ? '' : ` (${event.subType})`}`;
    case 'setpoint':
      return `${where}: room ${event.roomId ?? '?'} set point ${event.mode ?? ''} ${event.temperature ?? ''}`.trimEnd();
    case 'thermMode':
      return `${where}: heating mode ${event.mode ?? '?'}`;
    case 'schedule':
      return `${where}: heating schedule changed`;
    case 'unknown':
      return `${where}: ${event.pushType ?? event.eventType ?? 'unknown event'} (not known to this version)`;
  }
}

/** Options of {@link startReceiver}. */
export interface ReceiverOptions {
  /** Your app's client secret: Netatmo signs each call with it. */
  clientSecret: string;
  /** Port on 127.0.0.1; 0 picks a free one. */
  port?: number;
  /** The URL Netatmo calls (your tunnel's); defaults to the local one, which only a fake can reach. */
  publicUrl?: string;
  log?: (line: string) => void;
}

/** Starts the receiver, registers it with addWebhook, and returns how to stop both. */
export async function startReceiver(client: NetatmoClient, options: ReceiverOptions): Promise<{ url: string; close: () => Promise<void> }> {
  const log = options.log ?? console.log;
  const handler = createWebhookHandler({
    clientSecret: options.clientSecret,
    onEvent: (event) => log(describeWebhookEvent(event)),
    onError: (error) => log(`handler failed: ${String(error)}`),
    onRefused: ({ status, reason }) => log(`refused a call (HTTP ${status}): ${reason}`),
  });
  const server = createServer((request, response) => void handler(request, response));
  await new Promise<void>((resolve) => server.listen(options.port ?? 8080, '127.0.0.1', resolve));
  const url = options.publicUrl ?? `http://127.0.0.1:${(server.address() as AddressInfo).port}/netatmo/webhook`;
  await client.camera.addWebhook({ url });
  return {
    url,
    close: async () => {
      await client.camera.dropWebhook();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await handler.idle();
    },
  };
}

if (isMain(import.meta.url)) {
  const { NETATMO_CLIENT_SECRET, NETATMO_WEBHOOK_URL, PORT } = process.env;
  if (!NETATMO_WEBHOOK_URL) {
    console.error('Set NETATMO_WEBHOOK_URL to the public https URL of your tunnel (it forwards to 127.0.0.1:$PORT).');
    process.exit(1);
  }
  const receiver = await startReceiver(clientFromEnv(), { clientSecret: NETATMO_CLIENT_SECRET!, publicUrl: NETATMO_WEBHOOK_URL, port: Number(PORT ?? 8080) });
  console.log(`Receiving at ${receiver.url}; Ctrl-C to stop`);
  process.once('SIGINT', () => void receiver.close().then(() => process.exit(0)));
}
