import { createHmac } from 'node:crypto';
import { expect, test } from 'vitest';
import { NetatmoValidationError } from '../../src/index.js';
import { isEnergyWebhookEvent, parseWebhookEvent, signWebhookBody, verifyWebhookSignature } from '../../src/webhooks/index.js';
import { payloads } from './webhook-payloads.js';

const secret = 'my-client-secret';
const body = JSON.stringify(payloads.person);
const signature = createHmac('sha256', secret).update(body).digest('hex');

test('the signature is the hex HMAC-SHA256 of the raw body keyed with the client secret, for strings and bytes', () => {
  expect(signWebhookBody(body, secret)).toBe(signature);
  expect(verifyWebhookSignature(body, signature, secret)).toBe(true);
  expect(verifyWebhookSignature(new TextEncoder().encode(body), signature, secret)).toBe(true);
  expect(verifyWebhookSignature(Buffer.from(body), signature.toUpperCase(), secret)).toBe(true);
  // Node gives repeated headers as an array: the first counts.
  expect(verifyWebhookSignature(body, [signature], secret)).toBe(true);
});

test('any other body, secret or signature is false, never an exception', () => {
  expect(verifyWebhookSignature(`${body} `, signature, secret)).toBe(false);
  // Re-serialised JSON is another body: Netatmo escapes slashes, JSON.stringify does not.
  expect(verifyWebhookSignature(body.replaceAll('/', '\\/'), signature, secret)).toBe(false);
  expect(verifyWebhookSignature(body, signature, 'another-secret')).toBe(false);
  expect(verifyWebhookSignature(body, signature.slice(0, 63), secret)).toBe(false);
  expect(verifyWebhookSignature(body, `${signature}00`, secret)).toBe(false);
  expect(verifyWebhookSignature(body, 'z'.repeat(64), secret)).toBe(false);
  expect(verifyWebhookSignature(body, undefined, secret)).toBe(false);
  expect(verifyWebhookSignature(body, null, secret)).toBe(false);
  expect(verifyWebhookSignature(body, '', secret)).toBe(false);
  expect(verifyWebhookSignature(body, signature, '')).toBe(false);
  expect(verifyWebhookSignature(42 as never, signature, secret)).toBe(false);
});

test('parseWebhookEvent accepts parsed JSON, a string or bytes, and keeps the raw payload of every kind', () => {
  for (const input of [payloads.doorbell, JSON.stringify(payloads.doorbell), new TextEncoder().encode(JSON.stringify(payloads.doorbell))]) {
    expect(parseWebhookEvent(input)).toEqual({
      kind: 'doorbell',
      eventType: 'incoming_call',
      pushType: 'NDB-incoming_call',
      userId: '91763b24c43d3e344f424e8a',
      homeId: '91763b24c43d3e344f424e8b',
      homeName: 'MYHOME',
      deviceId: '12:34:56:80:60:40',
      moduleId: undefined,
      eventId: undefined,
      message: undefined,
      snapshotUrl: undefined,
      raw: payloads.doorbell,
    });
  }
});

test('smoke and CO status events are told apart by the device prefix of push_type', () => {
  expect(parseWebhookEvent(payloads.smoke)).toMatchObject({ kind: 'smoke', subType: 1, deviceId: '12:34:56:80:00:12' });
  expect(parseWebhookEvent(payloads.smokeBattery)).toMatchObject({ kind: 'smoke', eventType: 'battery_status', subType: 0 });
  expect(parseWebhookEvent({ ...payloads.smokeBattery, push_type: 'NCO-battery_status' })).toMatchObject({ kind: 'carbonMonoxide' });
  expect(parseWebhookEvent({ event_type: 'battery_status', push_type: 'NIS-battery_status' })).toMatchObject({ kind: 'unknown' });
});

test('a new kind, an empty object or odd field types become unknown, never an exception', () => {
  expect(parseWebhookEvent({})).toMatchObject({ kind: 'unknown', raw: {} });
  expect(parseWebhookEvent({ event_type: 42, push_type: ['x'], home_id: null })).toMatchObject({ kind: 'unknown', eventType: undefined, pushType: undefined, homeId: undefined });
  expect(parseWebhookEvent({ event_type: 'person', persons: 'nobody' })).toMatchObject({ kind: 'person', persons: [] });
  expect(parseWebhookEvent(payloads.unknown)).toMatchObject({ kind: 'unknown', raw: { extra: { level: 3 } } });
});

test('a body that is not a JSON object is a NetatmoValidationError that says so', () => {
  expect(() => parseWebhookEvent('{oops')).toThrow(NetatmoValidationError);
  expect(() => parseWebhookEvent('{oops')).toThrow(/^Invalid webhook payload: not JSON/);
  expect(() => parseWebhookEvent([1])).toThrow('Invalid webhook payload: expected a JSON object such as {"push_type":"…"}');
  expect(() => parseWebhookEvent(null)).toThrow(NetatmoValidationError);
});

test('energy events are the ones a thermostat watcher polls for', () => {
  const energy = Object.entries(payloads).filter(([, payload]) => isEnergyWebhookEvent(parseWebhookEvent(payload))).map(([name]) => name);
  expect(energy).toEqual(['setpoint', 'thermMode', 'schedule']);
});
