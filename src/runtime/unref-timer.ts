/**
 * Lets the process exit while `timer` is still armed, on every runtime that has the notion:
 * Node, Bun and Deno 2 (`timer.unref()`), older Deno (`Deno.unrefTimer(id)`). Browsers have
 * nothing to unref. For timers that bound a wait but must never be what keeps a process open.
 *
 * @internal
 */
export function unrefTimer(timer: ReturnType<typeof setTimeout>): void {
  if (typeof timer === 'object' && timer !== null && typeof (timer as { unref?: unknown }).unref === 'function') {
    (timer as { unref: () => void }).unref();
    return;
  }
  const deno = (globalThis as { Deno?: { unrefTimer?: (id: number) => void } }).Deno;
  if (typeof timer === 'number') deno?.unrefTimer?.(timer);
}
