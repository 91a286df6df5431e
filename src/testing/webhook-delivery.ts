import { createHmac } from 'node:crypto';
import type { FakeResponse } from './fake-response.js';

/** One webhook call the fake made (or held back), as {@link FakeNetatmo.webhookDeliveries} lists them. */
export interface WebhookDeliveryRecord {
  /** The registered URL. */
  url: string;
  /** The user who registered it (the `<user id>` part of their tokens). */
  userId: string;
  /** The raw body sent. */
  body: string;
  /**
   * `delivered`: the receiver answered 2xx. `failed`: another status, a network error or no answer
   * in time. `suspended`: not sent, because the URL failed 5 times within an hour (Netatmo then
   * stops calling it for 24 hours).
   */
  outcome: 'delivered' | 'failed' | 'suspended';
  /** The receiver's HTTP status, when it answered. */
  status: number | undefined;
  /** Why it failed without an answer (`timeout`, a network error message). */
  error: string | undefined;
  /** The fake's clock when it was sent, in epoch ms. */
  at: number;
}

/** A registered webhook URL. */
export interface FakeWebhookUrl {
  /** The fake user who registered it (the access token's owner). */
  userId: string;
  /** The URL given to `addwebhook`. */
  url: string;
  /** Epoch ms until which the fake does not call it (5 failures within an hour), if suspended. */
  suspendedUntil: number | undefined;
}

/** Options of {@link FakeNetatmo.deliverWebhook}. */
export interface DeliverWebhookOptions {
  /** Only the URLs this user registered. @default every registered URL */
  userId?: string;
  /** Send this instead of the correct `X-Netatmo-Secret` (tests of a receiver's 403). */
  signature?: string;
  /** Send this raw body instead of the JSON of `event` (tests of malformed or oversized bodies). */
  body?: string;
  /** A receiver that has not answered after this long has failed, in ms. @default the fake's `webhookTimeoutMs` (5000) */
  timeoutMs?: number;
}

const FAILURES_BEFORE_SUSPENSION = 5;
const FAILURE_WINDOW_MS = 3_600_000;
const SUSPENSION_MS = 24 * 3_600_000;

interface Registration {
  userId: string;
  url: string;
  failures: number[];
  suspendedUntil: number | undefined;
}

/**
 * The fake's webhook side, as Netatmo behaves: `addwebhook` registers a URL per user and sends
 * `{"push_type":"webhook_activation"}` to it, `dropwebhook` removes the user's URLs, each call is
 * signed with the app's client secret (`X-Netatmo-Secret`, hex HMAC-SHA256 of the body), and a URL
 * that fails 5 times within an hour is not called for 24 hours.
 */
export class WebhookDelivery {
  readonly records: WebhookDeliveryRecord[] = [];
  readonly #registrations = new Map<string, Registration>();
  readonly #inFlight = new Set<Promise<unknown>>();
  readonly #clientSecret: string;
  readonly #now: () => number;
  readonly #timeoutMs: number;

  constructor(clientSecret: string, now: () => number, timeoutMs: number) {
    this.#clientSecret = clientSecret;
    this.#now = now;
    this.#timeoutMs = timeoutMs;
  }

  /**
   * Called by the fake after each API answer: a successful `addwebhook` registers (and activates)
   * the URL for the caller's user, a successful `dropwebhook` removes the user's URLs.
   */
  afterAnswer(endpoint: string, params: Record<string, string>, accessToken: string | undefined, answer: FakeResponse): void {
    if ((answer.status ?? 200) !== 200 || accessToken === undefined) return;
    const userId = accessToken.split('|')[0]!;
    if (endpoint === 'addwebhook' && params['url'] !== undefined) this.#register(userId, params['url']);
    if (endpoint === 'dropwebhook') {
      for (const [key, registration] of this.#registrations) if (registration.userId === userId) this.#registrations.delete(key);
    }
  }

  urls(): FakeWebhookUrl[] {
    const now = this.#now();
    return [...this.#registrations.values()].map(({ userId, url, suspendedUntil }) => ({
      userId,
      url,
      suspendedUntil: suspendedUntil !== undefined && suspendedUntil > now ? suspendedUntil : undefined,
    }));
  }

  /** Resolves once every call in flight (e.g. activations) has its answer. */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  /** Signs `event` and POSTs it to the registered URLs (after any call in flight), one record each. */
  async deliver(event: unknown, options: DeliverWebhookOptions = {}): Promise<WebhookDeliveryRecord[]> {
    await this.idle();
    const targets = [...this.#registrations.values()].filter((registration) => options.userId === undefined || registration.userId === options.userId);
    const body = options.body ?? JSON.stringify(event);
    return Promise.all(targets.map((registration) => this.#track(this.#send(registration, body, options))));
  }

  #register(userId: string, url: string): void {
    const key = `${userId} ${url}`;
    // Registering again does not lift a suspension: Netatmo keeps its 24 hours.
    const registration = this.#registrations.get(key) ?? { userId, url, failures: [], suspendedUntil: undefined };
    this.#registrations.set(key, registration);
    void this.#track(this.#send(registration, JSON.stringify({ push_type: 'webhook_activation', user_id: userId }), {}));
  }

  #track<T>(promise: Promise<T>): Promise<T> {
    this.#inFlight.add(promise);
    void promise.finally(() => this.#inFlight.delete(promise));
    return promise;
  }

  async #send(registration: Registration, body: string, options: DeliverWebhookOptions): Promise<WebhookDeliveryRecord> {
    const at = this.#now();
    const record: WebhookDeliveryRecord = { url: registration.url, userId: registration.userId, body, outcome: 'suspended', status: undefined, error: undefined, at };
    if (registration.suspendedUntil !== undefined && registration.suspendedUntil > at) {
      this.records.push(record);
      return record;
    }
    const signature = options.signature ?? createHmac('sha256', this.#clientSecret).update(body).digest('hex');
    try {
      const response = await fetch(registration.url, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'user-agent': 'NetatmoWebhookServer/1.0', 'x-netatmo-secret': signature },
        signal: AbortSignal.timeout(options.timeoutMs ?? this.#timeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      record.status = response.status;
      record.outcome = response.ok ? 'delivered' : 'failed';
    } catch (error) {
      record.outcome = 'failed';
      record.error = (error as { name?: string }).name === 'TimeoutError' ? 'timeout' : errorText(error);
    }
    if (record.outcome === 'failed') {
      const now = this.#now();
      registration.failures = [...registration.failures.filter((time) => now - time < FAILURE_WINDOW_MS), now];
      if (registration.failures.length >= FAILURES_BEFORE_SUSPENSION) {
        registration.suspendedUntil = now + SUSPENSION_MS;
        registration.failures = [];
      }
    }
    this.records.push(record);
    return record;
  }
}

function errorText(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
