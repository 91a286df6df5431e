import { expect, test } from 'vitest';
import { createWebhookHandler } from '../../src/webhooks/index.js';
import { clientFor, closedPort, fakeNetatmo, manualClock, storeWithTokens } from '../helpers/setup.js';
import { receiver } from './helpers.js';
import { payloads } from './webhook-payloads.js';

const hour = 3_600_000;

async function withFailingReceiver() {
  const clock = manualClock();
  const fake = await fakeNetatmo({ now: clock.now });
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake), now: clock.now });
  let failing = true;
  const handler = createWebhookHandler({ clientSecret: fake.clientSecret, onEvent: () => undefined });
  const url = await receiver((request, response) => {
    if (!failing) return handler(request, response);
    response.writeHead(500).end();
    return undefined;
  });
  await client.camera.addWebhook({ url });
  await fake.webhooksIdle();
  return { clock, fake, client, url, heal: () => (failing = false) };
}

test('after 5 failures within an hour the fake stops calling the URL for 24 hours, as Netatmo does', async () => {
  const { clock, fake, url, heal } = await withFailingReceiver();
  // The activation was failure 1.
  for (let i = 0; i < 4; i += 1) {
    clock.advance(60_000);
    await fake.deliverWebhook(payloads.movement);
  }
  expect(fake.webhookDeliveries.map((record) => record.outcome)).toEqual(['failed', 'failed', 'failed', 'failed', 'failed']);
  expect(fake.webhookUrls()).toEqual([{ userId: expect.any(String), url, suspendedUntil: clock.now() + 24 * hour }]);
  heal();
  clock.advance(23 * hour);
  expect((await fake.deliverWebhook(payloads.movement))[0]).toMatchObject({ outcome: 'suspended', status: undefined });
  clock.advance(hour);
  expect((await fake.deliverWebhook(payloads.movement))[0]).toMatchObject({ outcome: 'delivered', status: 200 });
  expect(fake.webhookUrls()[0]!.suspendedUntil).toBeUndefined();
});

test('failures spread over more than an hour do not suspend the URL', async () => {
  const { clock, fake } = await withFailingReceiver();
  for (let i = 0; i < 3; i += 1) await fake.deliverWebhook(payloads.movement);
  clock.advance(hour + 1);
  for (let i = 0; i < 4; i += 1) await fake.deliverWebhook(payloads.movement);
  expect(fake.webhookDeliveries.filter((record) => record.outcome === 'failed')).toHaveLength(8);
  expect(fake.webhookUrls()[0]!.suspendedUntil).toBeUndefined();
});

test('a receiver that is down or never answers counts as failed', async () => {
  const fake = await fakeNetatmo({ webhookTimeoutMs: 50 });
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake) });
  const silent = await receiver(() => undefined);
  const down = `http://127.0.0.1:${await closedPort()}/hook`;
  await client.camera.addWebhook({ url: silent });
  await client.camera.addWebhook({ url: down });
  await fake.webhooksIdle();
  const byUrl = new Map(fake.webhookDeliveries.map(({ url, outcome, status, error }) => [url, { outcome, status, error }]));
  expect(byUrl.get(silent)).toEqual({ outcome: 'failed', status: undefined, error: 'timeout' });
  // Refused, as a rule; a loopback connect can rarely land on its own freshly freed port and time out instead.
  expect(byUrl.get(down)).toEqual({ outcome: 'failed', status: undefined, error: expect.stringMatching(/^(ECONNREFUSED|timeout)$/) });
  const records = await fake.deliverWebhook(payloads.movement, { timeoutMs: 20 });
  expect(records.map((record) => record.outcome)).toEqual(['failed', 'failed']);
});

test('webhooks are per user: dropwebhook removes only the caller’s URLs, userId narrows a delivery', async () => {
  const fake = await fakeNetatmo();
  const alice = clientFor(fake, { tokenStore: storeWithTokens(fake) });
  const received: string[] = [];
  const handler = createWebhookHandler({ clientSecret: fake.clientSecret, onEvent: (event) => void received.push(event.kind) });
  const url = await receiver(handler);
  await alice.camera.addWebhook({ url });
  await fake.webhooksIdle();
  const userId = fake.webhookUrls()[0]!.userId;
  expect(await fake.deliverWebhook(payloads.movement, { userId: 'someone-else' })).toEqual([]);
  expect(await fake.deliverWebhook(payloads.movement, { userId })).toHaveLength(1);
  await alice.camera.dropWebhook();
  expect(fake.webhookUrls()).toEqual([]);
  expect(await fake.deliverWebhook(payloads.movement)).toEqual([]);
  await handler.idle();
  expect(received).toEqual(['activation', 'movement']);
});
