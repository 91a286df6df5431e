import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import * as z from 'zod';
import { NetatmoValidationError } from '../../src/index.js';
import { fastPathOf, validateAnswer, type ValidatedAnswer } from '../../src/transport/answer-validation.js';
import { fixtureAnswers, type FixtureAnswer } from './fixture-answers.js';

/**
 * The "48 variations" idea of issue 8, applied to every captured answer: each scalar set to
 * `null`, each object or list removed, the body removed, `body: {}`. Lenient mode resolves every
 * one (or refuses an answer whose id is gone); strict mode reports every one the schema does not
 * itself allow.
 */

type Path = (string | number)[];
interface Variation {
  kind: 'null' | 'removed' | 'no body' | 'empty body';
  path: Path;
  body: unknown;
}

/** Fields where Netatmo documents `null` ("no end"); measure values are lists of `number | null`. */
const nullableKeys = new Set(['therm_setpoint_start_time', 'therm_setpoint_end_time']);
/** Lists and objects the schemas require, by endpoint: removing one is a mismatch (repaired to empty). */
const requiredContainers: Record<string, string[]> = {
  getstationsdata: ['devices'],
  gethomecoachsdata: ['devices'],
  gethomedata: ['homes'],
  getevents: ['home'],
  geteventsuntil: ['events_list'],
  getmeasure: ['value'],
};
/** Answers the schema declares valid with no body or `body: {}` (captured as such from the real API). */
const bodylessAllowed: Record<string, Variation['kind'][]> = {
  setstate: ['no body', 'empty body'],
  gethomedata: ['no body'],
  homesdata: ['empty body'],
  homestatus: ['empty body'],
  // No measures at all: an empty map of times.
  getmeasure: ['empty body'],
};

/** What a missing body or `body: {}` becomes in lenient mode, when the schema does not allow it as is. */
const typedEmpty: Record<string, unknown> = {
  getstationsdata: { devices: [] },
  gethomecoachsdata: { devices: [] },
  getpublicdata: [],
  homesdata: {},
  homestatus: {},
  gethomedata: { homes: [] },
  getevents: { home: {} },
  geteventsuntil: { events_list: [] },
  getmeasure: [],
};

/** Whether the schema declares the field at `path` (unknown fields pass through as sent, `null` included). */
function declared(schema: z.ZodType, body: unknown, path: Path): boolean {
  let node: z.ZodType = schema;
  let value = body;
  for (const segment of path) {
    // Answer schemas are lazy at the top (built on first use): `_zod.innerType` is the one they built.
    while (node instanceof z.ZodOptional || node instanceof z.ZodNullable || node instanceof z.ZodLazy) {
      node = (node instanceof z.ZodLazy ? node._zod.innerType : node.unwrap()) as z.ZodType;
    }
    if (node instanceof z.ZodUnion) node = (node.options as z.ZodType[]).find((option) => (option instanceof z.ZodArray) === Array.isArray(value))!;
    if (node instanceof z.ZodObject) {
      const field = (node.shape as Record<string, z.ZodType>)[segment];
      if (!field) return false;
      node = field;
    } else if (node instanceof z.ZodArray) node = node.element as z.ZodType;
    else if (node instanceof z.ZodRecord) node = node.valueType as z.ZodType;
    else return false;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return true;
}

function* leaves(value: unknown, path: Path = []): Generator<{ path: Path; value: unknown }> {
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    const childPath = [...path, Array.isArray(value) ? Number(key) : key];
    yield { path: childPath, value: child };
    yield* leaves(child, childPath);
  }
}

/**
 * Each distinct field position once (`homes.*.modules.*.name`), at its first occurrence: the 30th
 * module's `name` is read by the same schema as the first one's, and homesdata_multi alone holds
 * 5,000 values.
 */
function variations(body: unknown): Variation[] {
  const result: Variation[] = [];
  const seen = new Set<string>();
  for (const { path, value } of leaves(body)) {
    const position = path.map((segment) => (typeof segment === 'number' ? '*' : segment)).join('.');
    if (seen.has(position)) continue;
    seen.add(position);
    if (value !== null && typeof value !== 'object') result.push({ kind: 'null', path, body: changed(body, path, null) });
    if (value !== null && typeof value === 'object' && typeof path.at(-1) === 'string') result.push({ kind: 'removed', path, body: changed(body, path, undefined) });
  }
  result.push({ kind: 'no body', path: [], body: undefined }, { kind: 'empty body', path: [], body: {} });
  return result;
}

/** A copy of `body` with the value at `path` set (or removed, for `undefined`). */
function changed(body: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(body);
  const parent = path.slice(0, -1).reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], copy) as Record<string | number, unknown>;
  const key = path.at(-1)!;
  if (value === undefined) delete parent[key];
  else parent[key] = value;
  return copy;
}

/** A copy of `body` without the nearest list element that holds `path`. */
function withoutItem(body: unknown, path: Path): unknown {
  const index = path.findLastIndex((segment) => typeof segment === 'number');
  if (index < 0) return Symbol('no item');
  const copy = structuredClone(body);
  const list = path.slice(0, index).reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], copy) as unknown[];
  list.splice(path[index] as number, 1);
  return copy;
}

const dotted = (path: Path): string => ['body', ...path].join('.');
/** Ids of things in a list (devices, modules, rooms, homes, events…); the zone rooms of Riges' capture and per-device errors may lack theirs. */
const isId = (path: Path): boolean =>
  (['id', '_id'].includes(String(path.at(-1))) && typeof path.at(-2) === 'number' && !/(zones\.\d+\.rooms|errors)\.\d+\.id$/.test(path.join('.'))) ||
  /rooms_temp\.\d+\.room_id$/.test(path.join('.'));
const strictAllows = (answer: FixtureAnswer, body: unknown, variation: Variation): boolean => {
  if (variation.path.length > 0 && !declared(answer.schema, body, variation.path)) return true;
  if (variation.kind === 'null') {
    const last = variation.path.at(-1);
    return nullableKeys.has(String(last)) || (typeof last === 'number' && (answer.endpoint === 'getmeasure' || variation.path.includes('res')));
  }
  if (variation.kind === 'removed') return !requiredContainers[answer.endpoint]?.includes(String(variation.path.at(-1)));
  return bodylessAllowed[answer.endpoint]?.includes(variation.kind) ?? false;
};

function attempt(run: () => ValidatedAnswer): ValidatedAnswer | NetatmoValidationError {
  try {
    return run();
  } catch (error) {
    if (error instanceof NetatmoValidationError) return error;
    throw error;
  }
}

const totals = { variations: 0, strictReported: 0, strictAllowed: 0, ofWhichUnknownFields: 0, lenientResolved: 0, lenientRefusedForId: 0 };

describe.each(fixtureAnswers.map((answer) => [`${answer.file} (${answer.endpoint})`, answer] as const))('%s', (_name, answer) => {
  test('parses strictly as captured, no field lost or added', () => {
    const body = answer.body();
    expect(validateAnswer(answer.schema, structuredClone(body), 'strict', answer.endpoint)).toEqual({ data: body, issues: [] });
  });

  test("zod's compiled fast path agrees with the schema on the answer and every variation, and nothing is transformed", () => {
    // The success path trusts the compiled twin's "valid" and returns the answer itself instead of
    // zod's copy: sound only if the two agree and the copy equals the answer.
    // What validateAnswer compiles: the schema the top-level z.lazy builds.
    const built = (answer.schema as z.ZodLazy<z.ZodType>)._zod.innerType;
    const fast = fastPathOf(built);
    expect(fast).not.toBe(built);
    expect(String((fast._zod.bag as { validator?: unknown }).validator)).not.toContain('_zod.run');
    let valid = 0;
    for (const variation of [{ kind: 'as captured', path: [], body: answer.body() }, ...variations(answer.body())]) {
      const where = `${variation.kind} at ${dotted(variation.path)}`;
      const runtime = answer.schema.safeParse(structuredClone(variation.body));
      expect(fast.validate(structuredClone(variation.body)), where).toBe(runtime.success);
      if (!runtime.success) continue;
      valid++;
      expect(runtime.data, where).toStrictEqual(variation.body);
    }
    expect(valid).toBeGreaterThan(0);
  });

  test('every variation resolves in lenient mode and is reported in strict mode', () => {
    const body = answer.body();
    const all = variations(body);
    for (const variation of all) {
      const where = `${variation.kind} at ${dotted(variation.path)}`;
      const strict = attempt(() => validateAnswer(answer.schema, structuredClone(variation.body), 'strict', answer.endpoint));
      const lenient = attempt(() => validateAnswer(answer.schema, structuredClone(variation.body), 'lenient', answer.endpoint));
      totals.variations++;

      if (strictAllows(answer, body, variation)) {
        totals.strictAllowed++;
        if (variation.path.length > 0 && !declared(answer.schema, body, variation.path)) totals.ofWhichUnknownFields++;
        expect(strict, where).not.toBeInstanceOf(Error);
        expect(lenient, where).toEqual(strict);
        continue;
      }
      totals.strictReported++;
      expect(strict, where).toBeInstanceOf(NetatmoValidationError);
      const reported = (strict as NetatmoValidationError).issues.map((issue) => issue.path);
      if (variation.kind === 'empty body') expect(reported.length, where).toBeGreaterThan(0);
      else expect(reported, where).toEqual([dotted(variation.path)]);

      if (variation.kind === 'null' && isId(variation.path)) {
        totals.lenientRefusedForId++;
        expect(lenient, where).toBeInstanceOf(NetatmoValidationError);
        expect((lenient as NetatmoValidationError).issues.map((issue) => issue.path), where).toEqual([dotted(variation.path)]);
        continue;
      }
      totals.lenientResolved++;
      expect(lenient, where).not.toBeInstanceOf(Error);
      const { data, issues } = lenient as ValidatedAnswer;
      expect(issues.map((issue) => issue.path), where).toEqual(reported);
      if (variation.kind !== 'empty body') expect(issues.map((issue) => issue.received), where).toEqual([variation.kind === 'null' ? 'null' : 'missing']);
      if (variation.kind === 'null') {
        // The field reads as absent, or (a required field such as a module's type) its item is dropped.
        const candidates = [changed(body, variation.path, undefined), withoutItem(body, variation.path)];
        expect(candidates, where).toContainEqual(data);
      } else if (variation.kind === 'removed') {
        expect(data, where).toEqual(changed(body, variation.path, Array.isArray((variation.path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], body))) ? [] : {}));
      } else {
        expect(data, where).toEqual(typedEmpty[answer.endpoint]);
      }
    }
  });
});

const fixturesDir = fileURLToPath(new URL('../../src/testing/fixtures/', import.meta.url));
const listJson = (dir: string): string[] =>
  readdirSync(join(fixturesDir, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listJson(join(dir, entry.name)) : entry.name.endsWith('.json') ? [join(dir, entry.name)] : [],
  );
/** Captured files no schema reads: errors, answers with no body to check, request bodies, non-/api answers (see test/api/fixtures.test.ts). */
const noSchema = (file: string): boolean => {
  const captured = JSON.parse(readFileSync(join(fixturesDir, file), 'utf8')) as Record<string, unknown>;
  return (
    captured['error'] !== undefined ||
    ['pyatmo/status_ok.json', 'pyatmo/ping.json', 'pyatmo/archive/camera_ping.json', 'pyatmo/archive/oauth2_token.json', 'pyatmo/archive/thermostat_data_simple.json'].includes(file) ||
    file.startsWith('pyatmo/sync_schedule_')
  );
};

test('every captured answer that a method checks with a schema is varied', () => {
  expect(fixtureAnswers.map((answer) => answer.file).sort()).toEqual(listJson('').filter((file) => !noSchema(file)).sort());
  console.log(`answer variations: ${JSON.stringify(totals)}`);
});
