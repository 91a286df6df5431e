import { request as httpRequest, type IncomingMessage } from 'node:http';
import { expect, test } from 'vitest';
import { NetatmoValidationError } from '../../src/index.js';
import { createWebhookHandler, signWebhookBody, type WebhookEvent, type WebhookRefusal } from '../../src/webhooks/index.js';
import { clientFor, fakeNetatmo, storeWithTokens } from '../helpers/setup.js';
import { gate, receiver } from './helpers.js';
import { payloads } from './webhook-payloads.js';

/** A fake Netatmo, a client on it, and a receiver registered with addWebhook (activation delivered). */
async function registered(options: { maxBodyBytes?: number; onEvent?: (event: WebhookEvent) => unknown } = {}) {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake) });
  const events: WebhookEvent[] = [];
  const errors: unknown[] = [];
  const refusals: WebhookRefusal[] = [];
  const handler = createWebhookHandler({
    clientSecret: fake.clientSecret,
    onEvent: options.onEvent ?? ((event) => void events.push(event)),
    onError: (error) => void errors.push(error),
    onRefused: (refusal) => void refusals.push(refusal),
    ...(options.maxBodyBytes !== undefined && { maxBodyBytes: options.maxBodyBytes }),
  });
  const url = await receiver(handler);
  await client.camera.addWebhook({ url });
  await fake.webhooksIdle();
  await handler.idle();
  return { fake, client, handler, url, events, errors, refusals };
}

test('addWebhook registers the URL and the fake sends a signed activation the handler answers 200', async () => {
  const { fake, url, events, refusals } = await registered();
  expect(fake.webhookUrls()).toEqual([{ userId: expect.stringMatching(/^[0-9a-f]{24}$/), url, suspendedUntil: undefined }]);
  expect(fake.webhookDeliveries).toHaveLength(1);
  expect(fake.webhookDeliveries[0]).toMatchObject({ url, outcome: 'delivered', status: 200 });
  expect(events.map((event) => event.kind)).toEqual(['activation']);
  expect(refusals).toEqual([]);
});

test('every known kind arrives typed, each answered 200, in the order sent', async () => {
  const { fake, handler, events } = await registered();
  for (const payload of Object.values(payloads)) {
    const [record] = await fake.deliverWebhook(payload);
    expect(record).toMatchObject({ outcome: 'delivered', status: 200 });
  }
  await handler.idle();
  expect(events.slice(1).map((event) => event.kind)).toEqual([
    'activation', 'deactivation', 'person', 'presence', 'movement', 'outdoor', 'outdoor', 'cameraStatus', 'cameraStatus',
    'alarm', 'alarm', 'doorbell', 'smoke', 'smoke', 'carbonMonoxide', 'setpoint', 'thermMode', 'schedule', 'unknown',
  ]);
  const person = events[3]!;
  expect(person).toMatchObject({
    kind: 'person',
    homeId: '91763b24c43d3e344f424e8b',
    homeName: 'MYHOME',
    deviceId: '12:34:56:00:f1:62',
    eventId: '1234567890',
    pushType: 'NACamera-person',
    persons: [{ id: '91827374-7e04-5298-83ad-a0cb8372dff1', isKnown: true, faceUrl: 'https://netatmocameraimage.blob.core.windows.net/production/face' }],
  });
  expect(events[16]).toMatchObject({ kind: 'setpoint', homeId: '91763b24c43d3e344f424e8b', roomId: '2746182631', mode: 'home', temperature: 0 });
  expect(events.at(-1)).toMatchObject({ kind: 'unknown', eventType: 'garage_door_opened', raw: payloads.unknown });
});

test('a wrong signature gets 403 and never reaches onEvent', async () => {
  const { fake, handler, events, refusals } = await registered();
  const [record] = await fake.deliverWebhook(payloads.person, { signature: signWebhookBody(JSON.stringify(payloads.person), 'another-secret') });
  await handler.idle();
  expect(record).toMatchObject({ outcome: 'failed', status: 403 });
  expect(events).toHaveLength(1);
  expect(refusals).toEqual([{ status: 403, reason: 'X-Netatmo-Secret does not match the body: wrong client secret, or not from Netatmo' }]);
});

test('a missing signature gets 403', async () => {
  const { url, events, refusals } = await registered();
  const response = await fetch(url, { method: 'POST', body: JSON.stringify(payloads.person), headers: { 'content-type': 'application/json' } });
  expect(response.status).toBe(403);
  expect(events).toHaveLength(1);
  expect(refusals).toEqual([{ status: 403, reason: 'no X-Netatmo-Secret header' }]);
});

test('a body over maxBodyBytes gets 413, by Content-Length and while streaming chunked', async () => {
  const { fake, url, events, refusals } = await registered({ maxBodyBytes: 1024 });
  const big = JSON.stringify({ ...payloads.movement, message: 'x'.repeat(4096) });
  const [record] = await fake.deliverWebhook(undefined, { body: big });
  expect(record).toMatchObject({ outcome: 'failed', status: 413 });

  // No Content-Length: the limit applies as the chunks arrive.
  const status = await new Promise<number>((resolve, reject) => {
    const request = httpRequest(url, { method: 'POST', headers: { 'transfer-encoding': 'chunked', 'x-netatmo-secret': signWebhookBody(big, fake.clientSecret) } }, (response) => {
      response.resume();
      resolve(response.statusCode!);
    });
    request.on('error', reject);
    for (let offset = 0; offset < big.length; offset += 512) request.write(big.slice(offset, offset + 512));
    request.end();
  });
  expect(status).toBe(413);
  expect(events).toHaveLength(1);
  expect(refusals.map((refusal) => refusal.status)).toEqual([413, 413]);
});

test('a signed body that is not a JSON object gets 400', async () => {
  const { fake, events, refusals } = await registered();
  const records = [...(await fake.deliverWebhook(undefined, { body: '{"push_type": "webhook_activ' })), ...(await fake.deliverWebhook(undefined, { body: '[1,2]' }))];
  expect(records.map((record) => record.status)).toEqual([400, 400]);
  expect(events).toHaveLength(1);
  expect(refusals[0]!.reason).toMatch(/^Invalid webhook payload: not JSON/);
  expect(refusals[1]!.reason).toBe('Invalid webhook payload: expected a JSON object such as {"push_type":"…"}');
});

test('a GET gets 405 with Allow: POST', async () => {
  const { url } = await registered();
  const response = await fetch(url);
  expect(response.status).toBe(405);
  expect(response.headers.get('allow')).toBe('POST');
});

test('a slow onEvent: Netatmo has its 200 while the handler is still running', async () => {
  const slow = gate();
  let started = 0;
  let finished = 0;
  const { fake, handler } = await registered({
    onEvent: async (event) => {
      if (event.kind === 'activation') return;
      started += 1;
      await slow.promise;
      finished += 1;
    },
  });
  const [record] = await fake.deliverWebhook(payloads.doorbell);
  // The answer came back while the handler had not finished: 1 response, 0 handlers done.
  expect(record).toMatchObject({ outcome: 'delivered', status: 200 });
  expect(finished).toBe(0);
  slow.open();
  await handler.idle();
  expect([started, finished]).toEqual([1, 1]);
});

test('a throwing and a rejecting onEvent still answer 200 and go to onError', async () => {
  let calls = 0;
  const { fake, handler, errors } = await registered({
    onEvent: (event) => {
      if (event.kind === 'activation') return undefined;
      calls += 1;
      if (calls === 1) throw new Error('sync failure');
      return Promise.reject(new Error('async failure'));
    },
  });
  const records = [...(await fake.deliverWebhook(payloads.smoke)), ...(await fake.deliverWebhook(payloads.carbonMonoxide))];
  await handler.idle();
  expect(records.map((record) => record.status)).toEqual([200, 200]);
  expect(errors.map((error) => (error as Error).message)).toEqual(['sync failure', 'async failure']);
});

test('subscribe() listeners get each verified event after the answer; unsubscribing stops them', async () => {
  const { fake, handler } = await registered();
  const seen: string[] = [];
  const unsubscribe = handler.subscribe((event) => void seen.push(event.kind));
  await fake.deliverWebhook(payloads.thermMode);
  await fake.deliverWebhook(payloads.person, { signature: '0'.repeat(64) });
  unsubscribe();
  await fake.deliverWebhook(payloads.schedule);
  await handler.idle();
  expect(seen).toEqual(['thermMode']);
});

test('Express-style (express.raw body) and Fastify-style (request.raw, reply.hijack) requests are handled', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake) });
  const events: string[] = [];
  const refusals: number[] = [];
  const handler = createWebhookHandler({ clientSecret: fake.clientSecret, onEvent: (event) => void events.push(event.kind), onRefused: ({ status }) => void refusals.push(status) });
  const readBody = (request: IncomingMessage): Promise<Buffer> =>
    new Promise((resolve) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk)).on('end', () => resolve(Buffer.concat(chunks)));
    });
  // What express.raw() leaves: the stream read, `body` a Buffer.
  const express = await receiver(async (request, response) => handler(Object.assign(request, { body: await readBody(request) }), response), '/express');
  // What Fastify hands over with a parseAs: 'buffer' parser: its own request and reply objects.
  let hijacked = 0;
  const fastify = await receiver(async (request, response) => {
    const body = await readBody(request);
    await handler({ method: request.method, headers: request.headers, body, raw: request }, { raw: response, hijack: () => (hijacked += 1) });
  }, '/fastify');
  // What express.json() leaves: an object; the signature cannot be checked any more.
  const parsed = await receiver(async (request, response) => handler(Object.assign(request, { body: JSON.parse((await readBody(request)).toString()) as unknown }), response), '/parsed');
  // What Express 4's parsers leave when they skip a request: `body = {}` and the stream unread.
  const skipped = await receiver((request, response) => handler(Object.assign(request, { body: {} }), response), '/skipped');
  for (const url of [express, fastify, parsed, skipped]) await client.camera.addWebhook({ url });
  await fake.webhooksIdle();
  await fake.deliverWebhook(payloads.human);
  await handler.idle();
  const statuses = Object.fromEntries(fake.webhookDeliveries.map((record) => [`${new URL(record.url).pathname} ${JSON.parse(record.body).push_type as string}`, record.status]));
  expect(statuses).toEqual({
    '/express webhook_activation': 200,
    '/fastify webhook_activation': 200,
    '/parsed webhook_activation': 500,
    '/skipped webhook_activation': 200,
    '/express NOC-human': 200,
    '/fastify NOC-human': 200,
    '/parsed NOC-human': 500,
    '/skipped NOC-human': 200,
  });
  expect(events.sort()).toEqual(['activation', 'activation', 'activation', 'outdoor', 'outdoor', 'outdoor']);
  expect(hijacked).toBe(2);
  expect(refusals).toEqual([500, 500]);
});

test('createWebhookHandler names each missing or invalid option', () => {
  expect(() => createWebhookHandler({ clientSecret: '', onEvent: undefined as never, maxBodyBytes: 0 })).toThrow(NetatmoValidationError);
  try {
    createWebhookHandler({ clientSecret: '', onEvent: undefined as never, maxBodyBytes: 0 });
  } catch (error) {
    expect((error as NetatmoValidationError).issues.map((issue) => issue.path)).toEqual(['clientSecret', 'onEvent', 'maxBodyBytes']);
  }
});
