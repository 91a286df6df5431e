import type { FakeResponse } from './fake-response.js';

/**
 * Odd answers on demand: the small departures from the usual shape that the real Netatmo sends now
 * and then (a `null` where a number usually is, a missing `body`, `body: {}`, a field of another
 * type), served by the fake so you can test how your code copes.
 */

/** Returned by an {@link AnswerChange} to send the envelope with no `body` at all. */
export const noBody: unique symbol = Symbol('netatmo-connect: no body');

/**
 * Turns the body the fake would send into the one it sends. It gets its own copy (change it in
 * place or return a new value); `undefined` when the usual answer has no body. Return
 * {@link noBody} for an envelope without `body`.
 */
export type AnswerChange = (body: unknown) => unknown;

/** Options of {@link FakeNetatmo.answerWith}. */
export interface AnswerWithOptions {
  /** Change only the next `times` answers, then answer as usual. @default every answer until `clearOddAnswers()` */
  times?: number;
}

/**
 * Ready-made changes for {@link FakeNetatmo.answerWith}. Paths are dotted, from the body
 * (`devices.0.modules.1.battery_percent`); `*` stands for every element or key at that level
 * (`devices.*.modules.*.battery_percent`). A path that matches nothing makes the fake answer
 * HTTP 500 with the path in the message, so a typo does not pass for a tolerant client.
 *
 * @example
 * ```ts
 * import { oddAnswers, startFakeNetatmo } from 'netatmo-connect/testing';
 *
 * const fake = await startFakeNetatmo();
 * fake.answerWith('getstationsdata', oddAnswers.nullAt('devices.0.modules.*.battery_percent'));
 * fake.answerWith('homestatus', oddAnswers.noBody, { times: 1 });
 * fake.answerWith('homesdata', (body) => ({ ...(body as object), homes: 'not a list' }));
 * ```
 */
export const oddAnswers = {
  /** The envelope comes with no `body` (as a real homestatus answer did). */
  noBody: (() => noBody) as AnswerChange,
  /** The envelope comes with `body: {}`. */
  emptyBody: (() => ({})) as AnswerChange,
  /** `null` at `path` (every match of its `*`). */
  nullAt(path: string): AnswerChange {
    return (body) => edit(body, path, (parent, key) => void (parent[key] = null));
  },
  /** The field at `path` (every match of its `*`) is left out. */
  without(path: string): AnswerChange {
    return (body) =>
      edit(body, path, (parent, key) => {
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete parent[key];
      });
  },
  /** `value` at `path` (every match of its `*`), e.g. a string where a number belongs; the last key may be new. */
  valueAt(path: string, value: unknown): AnswerChange {
    return (body) => edit(body, path, (parent, key) => void (parent[key] = structuredClone(value)), true);
  },
  /** Applies `changes` in order. */
  all(...changes: AnswerChange[]): AnswerChange {
    return (body) => changes.reduce<unknown>((current, change) => (current === noBody ? current : change(current)), body);
  },
} as const;

type Container = Record<string, unknown> & unknown[];

function edit(body: unknown, path: string, apply: (parent: Container, key: string) => void, create = false): unknown {
  const segments = path.split('.');
  const last = segments.pop()!;
  const parents = segments.reduce<unknown[]>((nodes, segment) => nodes.flatMap((node) => children(node, segment)), [body]);
  const targets = parents.flatMap((parent) =>
    (last === '*' ? keysOf(parent) : hasKey(parent, last) || (create && isObject(parent)) ? [last] : []).map((key) => ({ parent, key })),
  );
  if (targets.length === 0) throw new Error(`odd answer: the path '${path}' matches nothing in the body`);
  // Last first, so removing list elements does not shift the ones still to remove.
  for (const { parent, key } of targets.reverse()) apply(parent as Container, key);
  return body;
}

function children(node: unknown, segment: string): unknown[] {
  if (segment === '*') return keysOf(node).map((key) => (node as Record<string, unknown>)[key]);
  return hasKey(node, segment) ? [(node as Record<string, unknown>)[segment]] : [];
}

function keysOf(node: unknown): string[] {
  return isObject(node) ? Object.keys(node) : [];
}

function hasKey(node: unknown, key: string): boolean {
  return isObject(node) && Object.hasOwn(node, key);
}

function isObject(node: unknown): node is object {
  return node !== null && typeof node === 'object';
}

/** The changes registered with `answerWith`, by endpoint; the fake applies them to its successful answers. */
export class OddAnswerRegistry {
  readonly #changes = new Map<string, { change: AnswerChange; timesLeft: number }>();

  /** Registers `change` (or a fixed body) for `endpoint`, replacing any earlier one. */
  set(endpoint: string, change: unknown, options: AnswerWithOptions = {}): void {
    const times = options.times ?? Number.POSITIVE_INFINITY;
    if (!(times > 0) || (Number.isFinite(times) && !Number.isInteger(times))) {
      throw new TypeError(`answerWith('${endpoint}'): times must be a positive integer, got ${String(options.times)}`);
    }
    const asChange: AnswerChange = typeof change === 'function' ? (change as AnswerChange) : () => structuredClone(change);
    this.#changes.set(endpoint, { change: asChange, timesLeft: times });
  }

  /** Forgets the change of `endpoint`, or every change. */
  clear(endpoint?: string): void {
    if (endpoint === undefined) this.#changes.clear();
    else this.#changes.delete(endpoint);
  }

  /** The answer with its `body` changed, when `endpoint` has a change and the answer is a success envelope. */
  apply(endpoint: string, answer: FakeResponse): FakeResponse {
    const entry = this.#changes.get(endpoint);
    const envelope = answer.body as { status?: unknown; body?: unknown } | undefined;
    if (!entry || (answer.status ?? 200) !== 200 || envelope?.status !== 'ok') return answer;
    if (--entry.timesLeft <= 0) this.#changes.delete(endpoint);
    const { body, ...rest } = envelope;
    const changed = entry.change(body === undefined ? undefined : structuredClone(body));
    return { ...answer, body: changed === noBody ? rest : { ...rest, body: changed } };
  }
}
