import type { ServerResponse } from 'node:http';
import { NetatmoValidationError } from '../errors.js';
import { readRawBody, type WebhookRequest } from './raw-body.js';
import { parseWebhookEvent, type WebhookEvent } from './webhook-event.js';
import { verifyWebhookSignature, WEBHOOK_SIGNATURE_HEADER } from './webhook-signature.js';

/** Why the handler refused a call, as given to {@link WebhookHandlerOptions.onRefused}. */
export interface WebhookRefusal {
  /** 400 not a JSON object, 403 bad or missing signature, 405 not a POST, 413 too large, 500 body already parsed by a framework. */
  status: 400 | 403 | 405 | 413 | 500;
  /** What was wrong, for a log line. Never contains the secret or the body. */
  reason: string;
}

/** Options of {@link createWebhookHandler}. */
export interface WebhookHandlerOptions {
  /** Your Netatmo app's client secret: Netatmo signs each call with it. */
  clientSecret: string;
  /**
   * Runs for each verified event, after Netatmo got its 200: however slow it is, and whether it
   * throws or rejects, the answer is already sent (Netatmo drops a webhook after 5 failed calls
   * in an hour). Calls run concurrently; await {@link WebhookHandler.idle} before shutting down.
   */
  onEvent: (event: WebhookEvent) => unknown;
  /**
   * Receives what `onEvent` (or a {@link WebhookHandler.subscribe} listener) threw or rejected with.
   * @default logs the error with `console.error`
   */
  onError?: (error: unknown, event: WebhookEvent) => void;
  /** Told of every call the handler refused (bad signature, too large, …): for a log line. @default nothing */
  onRefused?: (refusal: WebhookRefusal) => void;
  /** Larger bodies get a 413 (Netatmo's events are a few kB). @default 65536 */
  maxBodyBytes?: number;
}

/** The response shapes the handler accepts: node:http and Express (`ServerResponse`), Fastify (its `reply`). */
export type WebhookResponse =
  | ServerResponse
  | {
      /** Fastify: the node:http response underneath. */
      raw: ServerResponse;
      /** Fastify: tells it the handler answers through `raw` itself. */
      hijack(): unknown;
    };

/**
 * A request handler for Netatmo's webhook calls: `(req, res) => Promise<void>` that never rejects.
 * The promise resolves once the answer is sent, not when `onEvent` is done.
 */
export interface WebhookHandler {
  (request: WebhookRequest, response: WebhookResponse): Promise<void>;
  /**
   * Adds a listener that gets every verified event too (after the answer), e.g. a thermostat
   * watcher: `client.thermostat.watchHomeStatus({ homeId, webhooks: handler })`. Returns the
   * function that removes it.
   */
  subscribe(listener: (event: WebhookEvent) => void): () => void;
  /** Resolves once every `onEvent` started so far has settled. */
  idle(): Promise<void>;
}

const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/**
 * A handler for the URL you register with `client.camera.addWebhook()`. It reads the raw body
 * (bounded), answers 403 to a missing or wrong `X-Netatmo-Secret`, 413 to a body over
 * `maxBodyBytes`, 400 to a body that is not a JSON object, and 200 as soon as the event is
 * verified and parsed; then it runs `onEvent`.
 *
 * Works with node:http, Express and Fastify. Express: mount it without `express.json()` in front,
 * or with `express.raw({ type: '*\/*' })`. Fastify: pass the request and reply, and keep JSON bodies
 * as bytes (`addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body))`).
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { createWebhookHandler } from 'netatmo-connect/webhooks';
 *
 * const handler = createWebhookHandler({
 *   clientSecret: process.env.NETATMO_CLIENT_SECRET!,
 *   onEvent: async (event) => {
 *     if (event.kind === 'person') await notify(`${event.persons.length} person(s) at ${event.homeName}`);
 *   },
 *   onError: (error) => console.error('webhook handler failed', error),
 * });
 * createServer(handler).listen(8080);
 * // Express: app.post('/netatmo', handler); Fastify: app.post('/netatmo', (req, reply) => handler(req, reply));
 * ```
 * @throws `NetatmoValidationError` (from `netatmo-connect`; check it with `isNetatmoError` or its `name`) when `clientSecret` or `onEvent` is missing, or `maxBodyBytes` is not a positive integer.
 */
export function createWebhookHandler(options: WebhookHandlerOptions): WebhookHandler {
  const { clientSecret, onEvent, onRefused } = checkOptions(options);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const onError = options.onError ?? ((error: unknown) => console.error('netatmo-connect webhook: onEvent failed:', error));
  const listeners = new Set<(event: WebhookEvent) => void>();
  const running = new Set<Promise<void>>();

  const report = (error: unknown, event: WebhookEvent): void => {
    try {
      onError(error, event);
    } catch {
      // An onError that throws has nowhere left to report to; the answer is sent already.
    }
  };

  const refuse = (response: ServerResponse, status: WebhookRefusal['status'], reason: string): void => {
    answer(response, status, reason);
    try {
      onRefused?.({ status, reason });
    } catch {
      // A log hook must not turn a refusal into an unhandled rejection.
    }
  };

  const dispatch = (event: WebhookEvent): void => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        report(error, event);
      }
    }
    const run = (async () => {
      try {
        await onEvent(event);
      } catch (error) {
        report(error, event);
      }
    })();
    running.add(run);
    void run.finally(() => running.delete(run));
  };

  const handler = async (request: WebhookRequest, reply: WebhookResponse): Promise<void> => {
    const response = responseOf(reply);
    try {
      if (request.method !== undefined && request.method.toUpperCase() !== 'POST') {
        response.setHeader('allow', 'POST');
        return refuse(response, 405, `method ${request.method} not allowed: Netatmo POSTs its events`);
      }
      const body = await readRawBody(request, maxBodyBytes, Math.max(maxBodyBytes * 16, 1024 * 1024));
      if (body.kind === 'tooLarge') {
        return refuse(response, 413, `body of ${body.declaredBytes ?? `over ${maxBodyBytes}`} bytes is over maxBodyBytes (${maxBodyBytes})`);
      }
      if (body.kind === 'alreadyParsed') {
        return refuse(response, 500, 'the body was parsed before the webhook handler ran, so its signature cannot be checked: mount the handler before express.json(), or use express.raw() / a Fastify parseAs: "buffer" parser');
      }
      const signature = request.headers[WEBHOOK_SIGNATURE_HEADER];
      if (signature === undefined) return refuse(response, 403, 'no X-Netatmo-Secret header');
      if (!verifyWebhookSignature(body.bytes, signature, clientSecret)) return refuse(response, 403, 'X-Netatmo-Secret does not match the body: wrong client secret, or not from Netatmo');
      let event: WebhookEvent;
      try {
        event = parseWebhookEvent(body.bytes);
      } catch (error) {
        return refuse(response, 400, error instanceof Error ? error.message : String(error));
      }
      answer(response, 200, 'ok');
      // After the answer: a slow or failing user handler never delays or changes it.
      setImmediate(dispatch, event);
    } catch (error) {
      // The request stream failed (client gone): nothing to answer to.
      if (!response.headersSent && !response.destroyed) answer(response, 400, `could not read the body: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  return Object.assign(handler, {
    subscribe(listener: (event: WebhookEvent) => void): () => void {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    async idle(): Promise<void> {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  });
}

function responseOf(reply: WebhookResponse): ServerResponse {
  if ('raw' in reply && typeof reply.hijack === 'function') {
    // Fastify: take the response over, so Fastify does not answer a second time.
    reply.hijack();
    return reply.raw;
  }
  return reply as ServerResponse;
}

function answer(response: ServerResponse, status: number, text: string): void {
  if (response.headersSent || response.destroyed) return;
  const body = `${text}\n`;
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

function checkOptions(options: WebhookHandlerOptions): WebhookHandlerOptions {
  const issues: { path: string; message: string }[] = [];
  if (!options || typeof options !== 'object') {
    throw new NetatmoValidationError('Invalid createWebhookHandler() options: expected { clientSecret, onEvent }', [{ path: 'options', message: 'expected an object' }]);
  }
  if (typeof options.clientSecret !== 'string' || options.clientSecret === '') {
    issues.push({ path: 'clientSecret', message: "is required: your app's client secret (dev.netatmo.com → My apps), which Netatmo signs each call with" });
  }
  if (typeof options.onEvent !== 'function') issues.push({ path: 'onEvent', message: 'is required: a function that receives each verified event' });
  if (options.onError !== undefined && typeof options.onError !== 'function') issues.push({ path: 'onError', message: 'must be a function' });
  if (options.onRefused !== undefined && typeof options.onRefused !== 'function') issues.push({ path: 'onRefused', message: 'must be a function' });
  const max = options.maxBodyBytes;
  if (max !== undefined && (typeof max !== 'number' || !Number.isInteger(max) || max < 1)) {
    issues.push({ path: 'maxBodyBytes', message: `must be a positive whole number of bytes, got ${String(max)}` });
  }
  if (issues.length > 0) {
    throw new NetatmoValidationError(`Invalid createWebhookHandler() options: ${issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}`, issues);
  }
  return options;
}
