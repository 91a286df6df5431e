import * as z from 'zod';
import { NetatmoValidationError } from '../errors.js';
import { identifyingFields } from './identifying-fields.js';

/**
 * How answers are checked against their schema.
 * - `'lenient'`: harmless oddities are repaired and reported (`unexpectedAnswer`); only an answer
 *   whose identifying fields (ids) are missing or unusable fails.
 * - `'strict'`: any mismatch, including `null` where a value was expected and a missing `body`,
 *   is a {@link NetatmoValidationError}.
 * - `'off'`: the body is returned as sent, unchecked, typed as the answer type at your own risk.
 */
export type ValidationMode = 'lenient' | 'strict' | 'off';

/** One place where an answer differed from its schema. */
export interface AnswerIssue {
  /** Where, from the envelope: `body.devices.0.battery_percent`. */
  path: string;
  /** What the schema expects there: `number`, `string`, `object`, `array`, … */
  expected: string;
  /** What came instead: `null`, `missing`, `string`, `array`, … */
  received: string;
  /** What differed and, in lenient mode, what was done about it. */
  message: string;
}

/** What {@link validateAnswer} returns: the checked (possibly repaired) answer and what differed. */
export interface ValidatedAnswer {
  /** The answer, as the schema's output; in `'off'` mode the value as sent. */
  data: unknown;
  /** Every difference found and repaired (lenient mode); always empty otherwise. */
  issues: AnswerIssue[];
}

/**
 * Checks an answer's `body` against its schema.
 *
 * The success path is one `validate` on the schema's compiled twin (see {@link fastPathOf}): the
 * answer is checked without being copied, and `value` itself (the freshly parsed body, owned by the
 * caller) is returned. That is sound because answer schemas only check, never transform: what
 * zod's `parse` would return is a deep copy of the same data, a test holds every schema to it.
 * Only when the check fails does lenient mode walk zod's issues and repair `value` in place by
 * these rules, then parse again:
 * 1. A missing, `null` or mistyped body becomes the typed empty result (`{ devices: [] }`, `[]`).
 * 2. An optional field that is `null` or of another type is removed: it reads as absent
 *    (`undefined`), exactly like a field Netatmo left out. Fields where Netatmo documents `null`
 *    (a set point's end time, measure values) are typed `| null` and keep it.
 * 3. A required list or object that is missing, `null` or mistyped becomes empty (`[]`, `{}`).
 * 4. A list element of the wrong type is removed from its list; in a list that allows `null` it
 *    becomes `null`, and a measure row becomes `[]`, so positions (and times) stay aligned.
 * 5. A required field that cannot be empty (a device's `type`, an event's `time`) takes the item
 *    that holds it out of its list: one odd module never blanks the rest.
 * 6. An identifying field (home, room, device, module, schedule, zone, person or event id) that is
 *    missing or unusable throws {@link NetatmoValidationError}: nothing could be matched to it.
 *
 * @param value the envelope's `body`, `undefined` when the answer had none.
 * @param endpoint Netatmo's method name, for messages.
 * @throws {@link NetatmoValidationError} in strict mode on any mismatch, in lenient mode only for rule 6.
 * @internal
 */
export function validateAnswer(lazySchema: z.ZodType, value: unknown, mode: ValidationMode, endpoint: string): ValidatedAnswer {
  // Answer schemas are a z.lazy at the top only (a test holds them to it): take it off once here.
  const schema = resolved(lazySchema);
  if (mode === 'off' || fastPathOf(schema).validate(value)) return { data: value, issues: [] };
  let parsed = schema.safeParse(value);
  if (parsed.success) return { data: parsed.data, issues: [] };
  if (mode === 'strict') {
    const issues = flattenIssues(schema, { value }, parsed.error.issues).map((found) => describe(found, 'reported (strict validation)'));
    throw validationError(endpoint, issues, 'strict');
  }

  const box = { value };
  const reported: AnswerIssue[] = [];
  // Each round repairs every issue zod reported; a repair can reveal a deeper issue (a body that
  // was `null` becomes `{ devices: [] }`), hence a few rounds. Three are enough for these schemas.
  for (let round = 0; round < 4; round++) {
    const found = flattenIssues(schema, box, parsed.error.issues);
    const fatal: AnswerIssue[] = [];
    const dropped = new Set<unknown[]>();
    for (const issue of found) {
      const outcome = repair(schema, box, issue, dropped);
      (outcome.fatal ? fatal : reported).push(outcome.issue);
    }
    if (fatal.length > 0) throw validationError(endpoint, fatal, 'lenient');
    for (const list of dropped) removeDropped(list);
    parsed = schema.safeParse(box.value);
    if (parsed.success) return { data: parsed.data, issues: reported };
  }
  const left = flattenIssues(schema, box, parsed.error.issues).map((found) => describe(found, 'could not be repaired'));
  throw validationError(endpoint, left, 'lenient');
}

/** Each answer schema's compiled twin, made on its first answer. */
const fastPaths = new WeakMap<z.ZodType, z.ZodType>();

/**
 * zod's ahead-of-time fast path for `schema` (`z.compile`, made once, on the schema's first answer
 * so that importing the SDK stays cheap): its `validate` checks an answer in about half the time
 * of `safeParse` and copies nothing. Where code generation is not allowed (zod's
 * `jitless` setting, or a runtime that refuses `new Function`) it is the schema itself, which
 * answers the same, only slower. Its verdict is only ever trusted when it says "valid": every
 * other answer goes through the runtime schema, whose issues drive the repairs.
 * @internal
 */
export function fastPathOf(schema: z.ZodType): z.ZodType {
  let fast = fastPaths.get(schema);
  if (fast === undefined) {
    // z.compile never throws: a schema it cannot compile (or a runtime without eval) comes back as it is.
    fast = z.config().jitless === true || !z.util.allowsEval.value ? schema : z.compile(schema);
    fastPaths.set(schema, fast);
  }
  return fast;
}

type Segment = string | number;
type Schema = z.core.$ZodType;

/** A zod issue brought down to one path, with what was found there. */
interface FoundIssue {
  path: Segment[];
  expected: string;
  received: string;
  zodMessage: string;
}

/** What one position of the answer is, as its schema describes it. */
interface Slot {
  /** The schema, with optional/nullable wrappers taken off. */
  schema: Schema;
  optional: boolean;
  nullable: boolean;
  identifying: string | undefined;
}

/** Marks list elements to remove once every issue of a round is handled (indexes must not shift meanwhile). */
const DROPPED = Symbol('dropped');

function flattenIssues(schema: Schema, box: { value: unknown }, issues: readonly z.core.$ZodIssue[], base: Segment[] = []): FoundIssue[] {
  const result: FoundIssue[] = [];
  for (const issue of issues) {
    const path = [...base, ...issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment))];
    if (issue.code === 'invalid_union') {
      // Take the issues of the option that fits the value's kind (a list or a map of measures).
      const at = valueAt(box.value, path);
      const options = (defOf(schemaAt(schema, box.value, path).schema) as z.core.$ZodUnionDef).options ?? [];
      const index = Math.max(0, options.findIndex((option) => fitsKind(option, at.value)));
      const nested = issue.errors[index];
      if (nested && nested.length > 0) {
        result.push(...flattenIssues(schema, box, nested, path));
        continue;
      }
    }
    const at = valueAt(box.value, path);
    result.push({
      path,
      expected: 'expected' in issue && typeof issue.expected === 'string' ? issue.expected : issue.code,
      received: at.present ? kindOf(at.value) : 'missing',
      zodMessage: issue.message,
    });
  }
  return result;
}

/** Applies the rules of {@link validateAnswer} to one issue. */
function repair(schema: Schema, box: { value: unknown }, issue: FoundIssue, dropped: Set<unknown[]>): { issue: AnswerIssue; fatal: boolean } {
  const { path } = issue;
  const slots = slotsAlong(schema, box.value, path);
  const leaf = slots[slots.length - 1];
  if (leaf?.identifying !== undefined) {
    return { issue: describe(issue, `it identifies the ${leaf.identifying}, so the answer cannot be used`), fatal: true };
  }
  for (let depth = path.length; depth > 0; depth--) {
    const slot = slots[depth]!;
    const key = path[depth - 1]!;
    const parent = valueAt(box.value, path.slice(0, depth - 1)).value;
    const here = depth === path.length;
    if (Array.isArray(parent) && typeof key === 'number') {
      if (here && slot.nullable) {
        parent[key] = null;
        return repaired(issue, 'replaced by null');
      }
      if (here && kindOfSchema(slot.schema) === 'array') {
        parent[key] = [];
        return repaired(issue, 'replaced by [] to keep the positions of the others');
      }
      parent[key] = DROPPED;
      dropped.add(parent);
      return repaired(issue, here ? 'removed from its list' : `${join(path.slice(0, depth))} was removed from its list`);
    }
    if (isRecord(parent)) {
      const where = here ? '' : `${join(path.slice(0, depth))} `;
      if (slot.optional) {
        delete parent[String(key)];
        return repaired(issue, `${where}removed: it reads as absent`);
      }
      const empty = here ? emptyOf(slot.schema) : undefined;
      if (empty) {
        setOwn(parent, key, empty.value);
        return repaired(issue, `replaced by ${JSON.stringify(empty.value)}`);
      }
      // An entry of a map (measures by time or by module) can go; a required field cannot.
      if (kindOfSchema(pickUnion(slots[depth - 1]!.schema, parent)) === 'record') {
        delete parent[String(key)];
        return repaired(issue, `${where}removed from its map`);
      }
    }
    // A required field with nothing to stand in for it: the item holding it goes instead.
  }
  const empty = emptyOf(schema);
  if (empty && path.length === 0) {
    box.value = empty.value;
    return repaired(issue, `the typed empty result (${JSON.stringify(empty.value)}) stands in`);
  }
  const why = path.length === 0 ? 'this answer has no empty form (it must name what it created)' : 'a required field is unusable and no list holds it that could do without it';
  return { issue: describe(issue, why), fatal: true };
}

function repaired(issue: FoundIssue, what: string): { issue: AnswerIssue; fatal: false } {
  return { issue: describe(issue, what), fatal: false };
}

function describe(issue: FoundIssue, what: string): AnswerIssue {
  const path = join(issue.path);
  return { path, expected: issue.expected, received: issue.received, message: `expected ${issue.expected}, received ${issue.received}: ${what}` };
}

function validationError(endpoint: string, issues: readonly AnswerIssue[], mode: 'strict' | 'lenient'): NetatmoValidationError {
  const listed = issues
    .slice(0, 3)
    .map((issue) => `${issue.path}: ${issue.message}`)
    .join('; ');
  const more = issues.length > 3 ? ` (+${issues.length - 3} more)` : '';
  const advice =
    mode === 'strict'
      ? `validation: 'lenient' (the default) repairs such answers and reports them through the unexpectedAnswer event`
      : `Please report it with the endpoint name; client.request('${endpoint}') returns the raw body meanwhile`;
  return new NetatmoValidationError(`The answer of ${endpoint} does not have the expected shape: ${listed}${more}. ${advice}.`, issues);
}

function join(path: readonly Segment[]): string {
  return ['body', ...path.map(String)].join('.');
}

function removeDropped(list: unknown[]): void {
  let write = 0;
  for (const item of list) if (item !== DROPPED) list[write++] = item;
  list.length = write;
}

/** Sets an own property; plain assignment of `__proto__` would change the prototype instead. */
function setOwn(target: object, key: Segment, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

function valueAt(root: unknown, path: readonly Segment[]): { present: boolean; value: unknown } {
  let current: unknown = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return { present: false, value: undefined };
    current = (current as Record<Segment, unknown>)[segment];
  }
  return { present: path.length > 0 || current !== undefined, value: current };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'missing';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function defOf(schema: Schema): z.core.$ZodTypeDef {
  return schema._zod.def;
}

/**
 * `schema` with its `z.lazy` taken off. Answer schemas are built lazily (on their first answer, so
 * that importing the SDK builds none of them): a lazy stands in for the schema it builds.
 */
function resolved(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (current instanceof z.ZodLazy) current = current._zod.innerType as z.ZodType;
  return current;
}

function kindOfSchema(schema: Schema): string {
  return defOf(schema).type;
}

/** Takes the optional/nullable wrappers off `schema`, noting them. */
function unwrap(schema: Schema): Slot {
  const slot: Slot = { schema, optional: false, nullable: false, identifying: identifyingFields.get(schema)?.identifies };
  for (;;) {
    const def = defOf(slot.schema);
    if (def.type === 'optional') slot.optional = true;
    else if (def.type === 'nullable') slot.nullable = true;
    else return slot;
    slot.schema = (def as z.core.$ZodOptionalDef | z.core.$ZodNullableDef).innerType;
    // An optional id is not identifying: the schema already says a thing may come without it.
    slot.identifying = undefined;
  }
}

/** The slot of every position along `path`, the root first: `path.length + 1` entries. */
function slotsAlong(root: Schema, value: unknown, path: readonly Segment[]): Slot[] {
  const slots = [unwrap(root)];
  let current = slots[0]!;
  for (let depth = 0; depth < path.length; depth++) {
    const next = child(pickUnion(current.schema, valueAt(value, path.slice(0, depth)).value), path[depth]!);
    current = next === undefined ? { schema: current.schema, optional: true, nullable: true, identifying: undefined } : unwrap(next);
    slots.push(current);
  }
  return slots;
}

function schemaAt(root: Schema, value: unknown, path: readonly Segment[]): Slot {
  return slotsAlong(root, value, path)[path.length]!;
}

/** The schema of `key` inside `schema`, or undefined where the schema accepts anything (unknown keys). */
function child(schema: Schema, key: Segment): Schema | undefined {
  const def = defOf(schema);
  if (def.type === 'object') return (def as z.core.$ZodObjectDef).shape[String(key)];
  if (def.type === 'array') return (def as z.core.$ZodArrayDef).element;
  if (def.type === 'record') return (def as z.core.$ZodRecordDef).valueType;
  return undefined;
}

function pickUnion(schema: Schema, value: unknown): Schema {
  const def = defOf(schema);
  if (def.type !== 'union') return schema;
  const options = (def as z.core.$ZodUnionDef).options;
  return unwrap(options.find((option) => fitsKind(option, value)) ?? options[0]!).schema;
}

/** Whether `value` is the kind of JSON (list, map, scalar) that `schema` reads. */
function fitsKind(schema: Schema, value: unknown): boolean {
  const type = unwrap(schema).schema._zod.def.type;
  if (Array.isArray(value)) return type === 'array';
  if (isRecord(value)) return type === 'object' || type === 'record';
  return type !== 'array' && type !== 'object' && type !== 'record';
}

/** The empty value a schema accepts (`[]`, `{}`, `{ devices: [] }`), if there is one. */
function emptyOf(schema: Schema): { value: unknown } | undefined {
  const slot = unwrap(schema);
  const def = defOf(slot.schema);
  if (def.type === 'array') return { value: [] };
  if (def.type === 'record') return { value: {} };
  if (def.type === 'union') {
    const first = (def as z.core.$ZodUnionDef).options[0];
    return first ? emptyOf(first) : undefined;
  }
  if (def.type !== 'object') return slot.nullable ? { value: null } : undefined;
  const result: Record<string, unknown> = {};
  for (const [key, field] of Object.entries((def as z.core.$ZodObjectDef).shape)) {
    const inner = unwrap(field);
    if (inner.optional) continue;
    const empty = inner.identifying === undefined ? emptyOf(field) : undefined;
    if (!empty) return undefined;
    result[key] = empty.value;
  }
  return { value: result };
}
