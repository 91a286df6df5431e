import type { IncomingMessage } from 'node:http';

/** What {@link readRawBody} found. */
export type RawBodyResult =
  | { kind: 'body'; bytes: Uint8Array }
  /** Larger than the limit: by its `Content-Length`, or while streaming. */
  | { kind: 'tooLarge'; declaredBytes: number | undefined }
  /** A framework parsed the JSON before the handler ran: the raw bytes, and so the signature, are gone. */
  | { kind: 'alreadyParsed' };

/** The request shapes the webhook handler accepts: node:http, Express and Fastify. */
export interface WebhookRequest {
  /** The HTTP method; anything but POST is answered 405. */
  method?: string | undefined;
  /** The request headers, lower-cased (`x-netatmo-secret`, `content-length`). */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Set by `express.raw()` or a Fastify `parseAs: 'buffer'` parser (bytes), or `express.json()` (an object: the bytes are gone, refused). */
  body?: unknown;
  /** Set by raw-body plugins (`fastify-raw-body`, some serverless adapters). */
  rawBody?: unknown;
  /** Fastify: the node:http request underneath. */
  raw?: IncomingMessage;
}

/**
 * Reads the raw body, at most `maxBytes` of it. Bytes a framework already collected (`rawBody`,
 * a Buffer or string `body`) are used as they are; otherwise the node:http stream is read.
 * Past the limit the rest is read and dropped up to `discardLimit` (so the client gets the 413
 * instead of a reset connection), then the connection is cut.
 */
export async function readRawBody(request: WebhookRequest, maxBytes: number, discardLimit: number): Promise<RawBodyResult> {
  for (const candidate of [request.rawBody, request.body]) {
    if (typeof candidate === 'string') return sized(new TextEncoder().encode(candidate), maxBytes);
    if (candidate instanceof Uint8Array) return sized(candidate, maxBytes);
  }
  const stream = (request.raw ?? request) as IncomingMessage;
  // Express 4's body parsers set `body = {}` even when they skip a request, so an object body only
  // means "parsed" once the stream has been read (`_body` is body-parser's own mark).
  const consumed = typeof stream.on !== 'function' || stream.readableEnded || (request as { _body?: unknown })._body === true;
  if (consumed) return { kind: 'alreadyParsed' };
  const declared = Number(stream.headers?.['content-length']);
  const declaredBytes = Number.isFinite(declared) && declared >= 0 ? declared : undefined;
  if (declaredBytes !== undefined && declaredBytes > maxBytes) {
    discard(stream, 0, discardLimit);
    return { kind: 'tooLarge', declaredBytes };
  }
  return new Promise<RawBodyResult>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer | string): void => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += bytes.length;
      if (size > maxBytes) {
        cleanup();
        discard(stream, size, discardLimit);
        resolve({ kind: 'tooLarge', declaredBytes });
        return;
      }
      chunks.push(bytes);
    };
    const onEnd = (): void => {
      cleanup();
      resolve({ kind: 'body', bytes: Buffer.concat(chunks) });
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const cleanup = (): void => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
    };
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
  });
}

function sized(bytes: Uint8Array, maxBytes: number): RawBodyResult {
  return bytes.length > maxBytes ? { kind: 'tooLarge', declaredBytes: bytes.length } : { kind: 'body', bytes };
}

/** Reads and drops the rest of an oversized body, up to `limit` bytes in all; then cuts the connection. */
function discard(stream: IncomingMessage, alreadyRead: number, limit: number): void {
  let size = alreadyRead;
  stream.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > limit) stream.destroy();
  });
  stream.on('error', () => undefined);
  stream.resume();
}
