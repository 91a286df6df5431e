/**
 * OpenTelemetry tracing through the client's hooks: one CLIENT span per HTTP attempt (token
 * refreshes included), named `GET getstationsdata`, with the HTTP semantic-convention attributes,
 * an error status for failures, and the trace context injected into the request headers. No token
 * reaches a span: hooks never see one.
 *
 * `tracingHooks()` needs only `@opentelemetry/api`. In production, register the SDK's provider
 * (`@opentelemetry/sdk-trace-node` with an OTLP exporter) and the spans go to your collector. Run
 * as a script, this file registers the small in-memory provider below instead, so it runs
 * without a collector and prints the spans:
 * `NETATMO_CLIENT_ID=… NETATMO_CLIENT_SECRET=… NETATMO_TOKEN_FILE=./netatmo-token.json npx tsx examples/opentelemetry.ts`.
 * Scope: `read_station`.
 */
import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  type SpanContext,
  type SpanOptions,
  type SpanStatus,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';
import { createNetatmoClient, FileTokenStore, VERSION, type HookRequest, type NetatmoClient, type NetatmoClientOptions, type NetatmoHooks } from 'netatmo-connect';
import { isMain } from './client-from-env.js';

/** Hooks that trace every attempt with `tracer` (by default the global provider's). */
export function tracingHooks(tracer: Tracer = trace.getTracer('netatmo-connect', VERSION)): NetatmoHooks {
  // afterResponse gets the very request object beforeRequest saw: the span is found again by it.
  const spans = new WeakMap<HookRequest, Span>();
  return {
    beforeRequest(request) {
      const url = new URL(request.url);
      const span = tracer.startSpan(`${request.method} ${request.endpoint}`, {
        kind: SpanKind.CLIENT,
        attributes: {
          'http.request.method': request.method,
          'url.full': request.url,
          'server.address': url.hostname,
          'netatmo.endpoint': request.endpoint,
          ...(request.attempt > 1 && { 'http.request.resend_count': request.attempt - 1 }),
        },
      });
      spans.set(request, span);
      // traceparent (and whatever the registered propagator writes) rides on the request.
      const headers: Record<string, string> = {};
      propagation.inject(trace.setSpan(context.active(), span), headers);
      return headers;
    },
    afterResponse({ request, status, error }) {
      const span = spans.get(request);
      if (!span) return;
      if (status !== 0) span.setAttribute('http.response.status_code', status);
      if (error) {
        span.recordException(error);
        span.setAttribute('error.type', error.name);
        span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
      } else if (status >= 400) {
        span.setAttribute('error.type', String(status));
        span.setStatus({ code: SpanStatusCode.ERROR, message: `HTTP ${status}` });
      }
      span.end();
    },
  };
}

/** A client whose requests are traced. */
export function tracedClient(options: NetatmoClientOptions, tracer?: Tracer): NetatmoClient {
  return createNetatmoClient({ ...options, hooks: tracingHooks(tracer) });
}

/** A finished span as the in-memory provider keeps it. */
export interface RecordedSpan {
  name: string;
  kind: SpanKind;
  attributes: Attributes;
  status: SpanStatus;
  events: string[];
  durationMs: number;
}

/**
 * The smallest recording provider: keeps finished spans in memory. The SDK's
 * `InMemorySpanExporter` does the same job in tests; this one needs no package beyond the API.
 */
export class InMemoryTracerProvider implements TracerProvider {
  readonly finished: RecordedSpan[] = [];

  getTracer(): Tracer {
    const finished = this.finished;
    const startSpan = (name: string, options: SpanOptions = {}): Span => {
      const started = performance.now();
      const record: RecordedSpan = { name, kind: options.kind ?? SpanKind.INTERNAL, attributes: { ...options.attributes }, status: { code: SpanStatusCode.UNSET }, events: [], durationMs: 0 };
      const ids = crypto.randomUUID().replaceAll('-', '');
      const spanContext: SpanContext = { traceId: ids, spanId: ids.slice(0, 16), traceFlags: 1 };
      let ended = false;
      const span: Span = {
        spanContext: () => spanContext,
        setAttribute: (key, value) => ((record.attributes[key] = value), span),
        setAttributes: (attributes) => (Object.assign(record.attributes, attributes), span),
        addEvent: (eventName) => (record.events.push(eventName), span),
        addLink: () => span,
        addLinks: () => span,
        setStatus: (status) => ((record.status = status), span),
        updateName: (newName) => ((record.name = newName), span),
        end: () => {
          if (ended) return;
          ended = true;
          record.durationMs = performance.now() - started;
          finished.push(record);
        },
        isRecording: () => !ended,
        recordException: (exception) => void record.events.push(`exception: ${typeof exception === 'string' ? exception : (exception.name ?? 'Error')}`),
      };
      return span;
    };
    return {
      startSpan,
      startActiveSpan: ((name: string, ...rest: unknown[]) => {
        const fn = rest.at(-1) as (span: Span) => unknown;
        const options = (rest.length > 1 ? rest[0] : {}) as SpanOptions;
        const parent = (rest.length > 2 ? rest[1] : context.active()) as Context;
        const span = startSpan(name, options);
        return context.with(trace.setSpan(parent, span), () => fn(span));
      }) as Tracer['startActiveSpan'],
    };
  }
}

/** One line per finished span: name, status code, attributes that matter. */
export function describeSpan(span: RecordedSpan): string {
  const status = span.attributes['http.response.status_code'] ?? '-';
  const outcome = span.status.code === SpanStatusCode.ERROR ? `ERROR ${span.status.message ?? ''}`.trim() : 'ok';
  return `${span.name} → ${status} ${outcome}${span.attributes['http.request.resend_count'] ? ` (resend ${String(span.attributes['http.request.resend_count'])})` : ''}`;
}

/** Reads the stations through a traced client and logs the spans the in-memory provider kept. */
export async function run(options: NetatmoClientOptions, log: (line: string) => void = console.log): Promise<RecordedSpan[]> {
  const provider = new InMemoryTracerProvider();
  const client = tracedClient(options, provider.getTracer());
  const { devices } = await client.station.getStationsData();
  log(`${devices.length} stations read`);
  for (const span of provider.finished) log(describeSpan(span));
  return provider.finished;
}

if (isMain(import.meta.url)) {
  const { NETATMO_CLIENT_ID, NETATMO_CLIENT_SECRET, NETATMO_TOKEN_FILE = './netatmo-token.json' } = process.env;
  if (!NETATMO_CLIENT_ID || !NETATMO_CLIENT_SECRET) {
    console.error('Set NETATMO_CLIENT_ID and NETATMO_CLIENT_SECRET, and NETATMO_TOKEN_FILE (made by `netatmo-connect login`).');
    process.exit(1);
  }
  await run({ clientId: NETATMO_CLIENT_ID, clientSecret: NETATMO_CLIENT_SECRET, tokenStore: new FileTokenStore(NETATMO_TOKEN_FILE) });
}
