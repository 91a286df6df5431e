import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import { afterEach, expect, test } from 'vitest';
import { createWebhookHandler, signWebhookBody, type WebhookEvent } from '../../src/webhooks/index.js';
import { clientFor, fakeNetatmo, storeWithTokens } from '../helpers/setup.js';
import { payloads } from './webhook-payloads.js';

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** The fake registers `url`, delivers a person event, and a forged post is tried by hand. */
async function driveReceiver(url: string, clientSecret: string, fake: Awaited<ReturnType<typeof fakeNetatmo>>, handler: ReturnType<typeof createWebhookHandler>) {
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake) });
  await client.camera.addWebhook({ url });
  await fake.webhooksIdle();
  const [delivered] = await fake.deliverWebhook(payloads.person);
  const body = JSON.stringify(payloads.human);
  const forged = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-netatmo-secret': signWebhookBody(body, `${clientSecret}x`) }, body });
  const unsigned = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const huge = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-netatmo-secret': 'ab' }, body: 'x'.repeat(200_000) });
  await handler.idle();
  return { delivered, statuses: [forged.status, unsigned.status, huge.status] };
}

test("a real Express 5 app with the handler on a route verifies and answers the fake's signed webhooks", async () => {
  const fake = await fakeNetatmo();
  const events: WebhookEvent[] = [];
  const handler = createWebhookHandler({ clientSecret: fake.clientSecret, onEvent: (event) => void events.push(event) });
  const app = express();
  app.post('/netatmo/webhook', handler);
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  closers.push(() => new Promise((resolve) => server.close(resolve)));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/netatmo/webhook`;

  const { delivered, statuses } = await driveReceiver(url, fake.clientSecret, fake, handler);

  expect(delivered).toMatchObject({ url, outcome: 'delivered', status: 200 });
  expect(events.map((event) => event.kind)).toEqual(['activation', 'person']);
  expect(statuses).toEqual([403, 403, 413]);
});

test("a real Fastify 5 app keeping JSON bodies as bytes verifies and answers the fake's signed webhooks", async () => {
  const fake = await fakeNetatmo();
  const events: WebhookEvent[] = [];
  const handler = createWebhookHandler({ clientSecret: fake.clientSecret, onEvent: (event) => void events.push(event) });
  const app = Fastify();
  // As the README says: JSON bodies stay bytes, so the signature can be checked on them.
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: 1024 * 1024 }, (_request, body, done) => done(null, body));
  app.post('/netatmo/webhook', (request, reply) => handler(request, reply));
  await app.listen({ port: 0, host: '127.0.0.1' });
  closers.push(() => app.close());
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/netatmo/webhook`;

  const { delivered, statuses } = await driveReceiver(url, fake.clientSecret, fake, handler);

  expect(delivered).toMatchObject({ url, outcome: 'delivered', status: 200 });
  expect(events.map((event) => event.kind)).toEqual(['activation', 'person']);
  expect(statuses).toEqual([403, 403, 413]);
});
