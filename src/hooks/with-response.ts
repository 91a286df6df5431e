import { NetatmoValidationError } from '../errors.js';
import type { NetatmoHooks } from './hooks.js';

/** An answer's HTTP side, as {@link withResponse} hands it back beside the data. */
export interface ResponseMetadata {
  /** The endpoint of the last attempt, e.g. `getstationsdata`. */
  endpoint: string;
  /** HTTP status of the last attempt: the one whose answer became the data. */
  status: number;
  /** Response headers of that attempt (`content-type`, `date`, Netatmo's own). */
  headers: Headers;
  /** The whole call in milliseconds: every attempt, retry delay, rate-budget wait and token refresh. */
  durationMs: number;
  /** HTTP attempts the call made: 1, plus one per retry (and one if a rejected token was renewed). */
  attempts: number;
}

/** What {@link withResponse} resolves to. */
export interface WithResponse<T> {
  /** What the call resolved to. */
  data: T;
  /** The HTTP side of the call's last attempt, with the whole call's duration and attempt count. */
  response: ResponseMetadata;
}

/**
 * Runs one call and resolves to its data and its HTTP metadata (status, headers, duration,
 * attempts). Pass the `hooks` it hands you as the call's `hooks` option; they combine with the
 * client's hooks. Rejects with the call's own error when it fails.
 *
 * @example
 * ```ts
 * const { data, response } = await withResponse((hooks) => client.station.getStationsData({}, { hooks }));
 * console.log(data.devices.length, response.status, response.headers.get('content-type'), `${response.durationMs} ms`, response.attempts);
 * ```
 */
export async function withResponse<T>(call: (hooks: NetatmoHooks) => Promise<T>): Promise<WithResponse<T>> {
  const started = performance.now();
  let attempts = 0;
  let last: Omit<ResponseMetadata, 'durationMs' | 'attempts'> | undefined;
  const hooks: NetatmoHooks = {
    beforeRequest: () => {
      attempts++;
    },
    afterResponse: ({ request, status, headers }) => {
      if (status !== 0) last = { endpoint: request.endpoint, status, headers };
    },
  };
  const data = await call(hooks);
  if (!last) {
    throw new NetatmoValidationError(
      'withResponse(): the call made no request with the hooks it was handed; pass them on as its hooks option: withResponse((hooks) => client.station.getStationsData({}, { hooks }))',
      [{ path: 'hooks', message: 'not passed to the call' }],
    );
  }
  return { data, response: { ...last, durationMs: Math.round((performance.now() - started) * 10) / 10, attempts } };
}
