/**
 * `netatmo-connect/webhooks`: receive Netatmo's webhook calls. Check their signature
 * ({@link verifyWebhookSignature}), turn them into typed events ({@link parseWebhookEvent}), or do
 * both and answer Netatmo in time with one request handler ({@link createWebhookHandler}).
 *
 * A separate entry, so the main one never loads `node:crypto` or `node:http` for it.
 *
 * @module
 */
export { createWebhookHandler } from './webhook-handler.js';
export type { WebhookHandler, WebhookHandlerOptions, WebhookRefusal, WebhookResponse } from './webhook-handler.js';
export type { WebhookRequest } from './raw-body.js';
export { signWebhookBody, verifyWebhookSignature, WEBHOOK_SIGNATURE_HEADER } from './webhook-signature.js';
export { isEnergyWebhookEvent, parseWebhookEvent } from './webhook-event.js';
export type {
  AlarmEvent,
  CameraStatusEvent,
  CarbonMonoxideAlarmEvent,
  DoorbellEvent,
  MovementEvent,
  OutdoorDetectionEvent,
  PersonPresenceEvent,
  PersonSeenEvent,
  ScheduleEvent,
  SetpointEvent,
  SmokeAlarmEvent,
  ThermModeEvent,
  UnknownWebhookEvent,
  WebhookActivationEvent,
  WebhookDeactivationEvent,
  WebhookEvent,
  WebhookEventBase,
  WebhookEventKind,
  WebhookPerson,
} from './webhook-event.js';
