import { unrefTimer } from '../runtime/unref-timer.js';

/** One attempt's place on the {@link AttemptDeadlines} timer. */
export interface Deadline {
  /** When it expires, on the deadlines' clock (ms). */
  readonly at: number;
  readonly onExpire: () => void;
}

/**
 * The per-attempt timeouts of one transport, kept on one shared timer.
 *
 * Why not a `setTimeout` per attempt: on Node 24 arming and clearing a timer for every call
 * measurably slowed sequential calls (2–5 % of a loopback call in `npm run bench`). Here an
 * attempt costs a `Set` insert and delete. The timer is armed for the earliest deadline and only
 * re-armed when it fires or when an attempt with an earlier deadline starts, so a stream of calls
 * with the same `timeoutMs` re-arms it about once per `timeoutMs`, not once per call. A deadline
 * still fires on time: when the timer goes off, the attempts that are due expire and it is armed
 * again for the next one.
 *
 * The timer is unref'd: it is left armed after the last attempt ends, and must not keep an idle
 * process open for up to `timeoutMs`. An attempt in flight keeps the process alive by its own I/O.
 */
export class AttemptDeadlines {
  readonly #pending = new Set<Deadline>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** When the armed timer is due (`Infinity`: none armed). */
  #dueAt = Number.POSITIVE_INFINITY;
  /**
   * The latest due time the timer has reached. The clock never reads earlier: under fake timers
   * (which may move `setTimeout` but not `performance.now()`) a fired timer still counts as that
   * much time passed, so deadlines expire when the faked time says so and the timer never spins.
   */
  #reached = 0;

  /** Starts a deadline `ms` from now; `onExpire` runs once it passes, unless cancelled first. */
  start(ms: number, onExpire: () => void): Deadline {
    const deadline: Deadline = { at: this.#now() + ms, onExpire };
    this.#pending.add(deadline);
    if (deadline.at < this.#dueAt) this.#arm(deadline.at);
    return deadline;
  }

  /** Ends a deadline early (its attempt is over); cancelling twice, or after it fired, is harmless. */
  cancel(deadline: Deadline): void {
    this.#pending.delete(deadline);
  }

  /** How many deadlines are waiting (for tests). */
  get size(): number {
    return this.#pending.size;
  }

  #now(): number {
    return Math.max(performance.now(), this.#reached);
  }

  #arm(at: number): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#dueAt = at;
    this.#timer = setTimeout(() => this.#fire(at), Math.max(0, Math.ceil(at - this.#now())));
    unrefTimer(this.#timer);
  }

  #fire(at: number): void {
    this.#timer = undefined;
    this.#dueAt = Number.POSITIVE_INFINITY;
    this.#reached = Math.max(this.#reached, at);
    const now = this.#now();
    const expired: Deadline[] = [];
    let next = Number.POSITIVE_INFINITY;
    for (const deadline of this.#pending) {
      if (deadline.at <= now) expired.push(deadline);
      else if (deadline.at < next) next = deadline.at;
    }
    for (const deadline of expired) this.#pending.delete(deadline);
    if (next < this.#dueAt) this.#arm(next);
    // Last: an `onExpire` that starts a new deadline finds the timer already armed for the rest.
    // One that throws must not leave the attempts due with it running past their deadline: each
    // runs, and the first error is rethrown afterwards (an uncaught error, as from any timer).
    let failure: { error: unknown } | undefined;
    for (const deadline of expired) {
      try {
        deadline.onExpire();
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
  }
}
