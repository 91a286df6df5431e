/**
 * Waits `ms`, or rejects with the signal's reason as soon as it fires (the timer is cleared, so
 * an aborted wait keeps nothing alive). Unlike the transport's own sleep, it rejects with the
 * reason itself, as the `RateLimiter` contract says; the transport turns that into a
 * `NetatmoAbortError` for the caller.
 */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal!.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
