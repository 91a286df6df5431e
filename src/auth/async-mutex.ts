/** An in-process mutex: callers of `run` take turns, in arrival order. */
export class AsyncMutex {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(fn);
    // The next holder waits for this one whether it succeeds or fails.
    this.#tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
