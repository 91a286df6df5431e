/**
 * Counts requests in one sliding window (10 s or 1 h) as counters per fixed slot, oldest first.
 * Adding and expiring are O(1) amortised and the memory is at most one counter per slot, however
 * high the limit.
 *
 * A slot is counted while any part of it lies within `lengthMs + marginMs` of now. That is never
 * less than the true sliding count, so admitting a request only while the count is below the
 * limit keeps every real window of `lengthMs` within the limit, with at least `marginMs` to spare
 * between a request and the one the limit pushes out of the window.
 */
export class SlotWindow {
  /** Slot numbers (`floor(time / slotMs)`), ascending; entries before `#head` are spent. */
  readonly #slots: number[] = [];
  readonly #counts: number[] = [];
  #head = 0;
  #total = 0;
  readonly #spanMs: number;

  constructor(
    readonly slotMs: number,
    lengthMs: number,
    marginMs: number,
  ) {
    this.#spanMs = lengthMs + marginMs;
  }

  /** Requests counted at `now`. */
  count(now: number): number {
    this.#expire(now);
    return this.#total;
  }

  /** True when nothing is counted any more at `now` (the bucket can be forgotten). */
  isEmpty(now: number): boolean {
    return this.count(now) === 0;
  }

  /** Counts one request at `now`. */
  add(now: number): void {
    const slot = Math.floor(now / this.slotMs);
    const last = this.#slots.length - 1;
    if (last >= this.#head && this.#slots[last]! >= slot) this.#counts[last]!++;
    else {
      this.#slots.push(slot);
      this.#counts.push(1);
    }
    this.#total++;
  }

  /**
   * Moves one request counted at `from` to `to` (its answer came back): the window then frees it
   * no earlier than Netatmo does. A request already out of the window is counted at `to` again,
   * which only errs on the safe side. Looks back from the newest slot: O(1) for a recent `from`.
   */
  move(from: number, to: number): void {
    const slot = Math.floor(from / this.slotMs);
    for (let index = this.#slots.length - 1; index >= this.#head && this.#slots[index]! >= slot; index--) {
      if (this.#slots[index] === slot && this.#counts[index]! > 0) {
        this.#counts[index]!--;
        this.#total--;
        break;
      }
    }
    this.add(to);
  }

  /**
   * Milliseconds from `now` until the count drops below `limit` (0 when it already is). Walks the
   * oldest slots only; called when the window is full.
   */
  waitMs(now: number, limit: number): number {
    const excess = this.count(now) - limit + 1;
    if (excess <= 0) return 0;
    let freed = 0;
    for (let index = this.#head; index < this.#slots.length; index++) {
      freed += this.#counts[index]!;
      if (freed >= excess) return this.#endOf(index) - now;
    }
    return this.#endOf(this.#slots.length - 1) - now;
  }

  /** When the slot at `index` stops being counted. */
  #endOf(index: number): number {
    return (this.#slots[index]! + 1) * this.slotMs + this.#spanMs;
  }

  #expire(now: number): void {
    while (this.#head < this.#slots.length && this.#endOf(this.#head) <= now) {
      this.#total -= this.#counts[this.#head]!;
      this.#head++;
    }
    // Compacting only once half the array is spent keeps the cost amortised O(1).
    if (this.#head > 16 && this.#head * 2 >= this.#slots.length) {
      this.#slots.splice(0, this.#head);
      this.#counts.splice(0, this.#head);
      this.#head = 0;
    }
  }
}
