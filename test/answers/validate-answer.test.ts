import { describe, expect, test } from 'vitest';
import { NetatmoValidationError, schemas } from '../../src/index.js';
import * as z from 'zod';
import { fastPathOf, validateAnswer } from '../../src/transport/answer-validation.js';

const { stationsDataSchema, homeStatusSchema, homesDataSchema, measureBodySchema, createdScheduleSchema, eventsSchema, publicDataSchema } = schemas;

function rejection(run: () => unknown): NetatmoValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof NetatmoValidationError) return error;
    throw error;
  }
  throw new Error('expected a NetatmoValidationError');
}

describe('lenient mode', () => {
  test('a missing body or body {} becomes the typed empty result, reported', () => {
    expect(validateAnswer(stationsDataSchema, undefined, 'lenient', 'getstationsdata')).toEqual({
      data: { devices: [] },
      issues: [{ path: 'body', expected: 'object', received: 'missing', message: 'expected object, received missing: the typed empty result ({"devices":[]}) stands in' }],
    });
    expect(validateAnswer(stationsDataSchema, {}, 'lenient', 'getstationsdata')).toEqual({
      data: { devices: [] },
      issues: [{ path: 'body.devices', expected: 'array', received: 'missing', message: 'expected array, received missing: replaced by []' }],
    });
    expect(validateAnswer(homeStatusSchema, undefined, 'lenient', 'homestatus').data).toEqual({});
    expect(validateAnswer(publicDataSchema, null, 'lenient', 'getpublicdata').data).toEqual([]);
    expect(validateAnswer(measureBodySchema, undefined, 'lenient', 'getmeasure').data).toEqual([]);
    expect(validateAnswer(eventsSchema, { home: null }, 'lenient', 'getevents').data).toEqual({ home: {} });
  });

  test('one null battery in one module: that field reads as absent, every other module and device stays', () => {
    const body = {
      devices: [
        { _id: 'a', type: 'NAMain', modules: [{ _id: 'm1', type: 'NAModule1', battery_percent: null, rf_status: 70 }, { _id: 'm2', type: 'NAModule4', battery_percent: 80 }] },
        { _id: 'b', type: 'NAMain', reachable: 'yes' },
      ],
    };
    const { data, issues } = validateAnswer(stationsDataSchema, body, 'lenient', 'getstationsdata');
    expect(data).toEqual({
      devices: [
        { _id: 'a', type: 'NAMain', modules: [{ _id: 'm1', type: 'NAModule1', rf_status: 70 }, { _id: 'm2', type: 'NAModule4', battery_percent: 80 }] },
        { _id: 'b', type: 'NAMain' },
      ],
    });
    expect(issues).toEqual([
      { path: 'body.devices.0.modules.0.battery_percent', expected: 'number', received: 'null', message: 'expected number, received null: removed: it reads as absent' },
      { path: 'body.devices.1.reachable', expected: 'boolean', received: 'string', message: 'expected boolean, received string: removed: it reads as absent' },
    ]);
  });

  test('a required field that cannot be empty takes its item out of its list; a mistyped element leaves its list', () => {
    const body = { devices: [{ _id: 'a', type: null }, { _id: 'b', type: 'NAMain', modules: [{ _id: 'm', type: 'NAModule1' }, 5], data_type: ['Temperature', 7] }] };
    const { data, issues } = validateAnswer(stationsDataSchema, body, 'lenient', 'getstationsdata');
    expect(data).toEqual({ devices: [{ _id: 'b', type: 'NAMain', modules: [{ _id: 'm', type: 'NAModule1' }], data_type: ['Temperature'] }] });
    expect(issues.map((issue) => issue.message)).toEqual([
      'expected string, received null: body.devices.0 was removed from its list',
      'expected string, received number: removed from its list',
      'expected object, received number: removed from its list',
    ]);
  });

  test('null stays where Netatmo documents it; a mistyped value there is removed', () => {
    const body = { home: { id: 'h', rooms: [{ id: 'r', therm_setpoint_end_time: null, therm_setpoint_start_time: 'soon' }], modules: null } };
    const { data, issues } = validateAnswer(homeStatusSchema, body, 'lenient', 'homestatus');
    expect(data).toEqual({ home: { id: 'h', rooms: [{ id: 'r', therm_setpoint_end_time: null }] } });
    expect(issues.map((issue) => issue.path)).toEqual(['body.home.rooms.0.therm_setpoint_start_time', 'body.home.modules']);
  });

  test('measures keep their timeline: a mistyped value becomes null, a mistyped row []', () => {
    const runs = [{ beg_time: 100, step_time: 600, value: [[1, 'x'], 'y', [2, 3]] }];
    expect(validateAnswer(measureBodySchema, runs, 'lenient', 'getmeasure')).toMatchObject({
      data: [{ beg_time: 100, step_time: 600, value: [[1, null], [], [2, 3]] }],
      issues: [{ path: 'body.0.value.0.1', received: 'string' }, { path: 'body.0.value.1', received: 'string' }],
    });
    expect(validateAnswer(measureBodySchema, { '100': [1, 'x'], '700': null }, 'lenient', 'getmeasure').data).toEqual({ '100': [1, null], '700': [] });
  });

  test('a timetable entry without its offset and a null zone room leave their lists', () => {
    const body = { homes: [{ id: 'h', schedules: [{ id: 's', zones: [{ id: 1, rooms: [null] }], timetable: [{ zone_id: 1, m_offset: null }, { zone_id: 1, m_offset: 0 }] }] }] };
    expect(validateAnswer(homesDataSchema, body, 'lenient', 'homesdata').data).toEqual({
      homes: [{ id: 'h', schedules: [{ id: 's', zones: [{ id: 1, rooms: [] }], timetable: [{ zone_id: 1, m_offset: 0 }] }] }],
    });
  });

  test('a missing or unusable id fails the call, naming what it identifies', () => {
    const error = rejection(() => validateAnswer(stationsDataSchema, { devices: [{ _id: null, type: 'NAMain' }, { type: 'NAMain' }] }, 'lenient', 'getstationsdata'));
    expect(error.issues).toEqual([
      { path: 'body.devices.0._id', expected: 'string', received: 'null', message: 'expected string, received null: it identifies the device, so the answer cannot be used' },
      { path: 'body.devices.1._id', expected: 'string', received: 'missing', message: 'expected string, received missing: it identifies the device, so the answer cannot be used' },
    ]);
    expect(error.message).toBe(
      "The answer of getstationsdata does not have the expected shape: body.devices.0._id: expected string, received null: it identifies the device, so the answer cannot be used; body.devices.1._id: expected string, received missing: it identifies the device, so the answer cannot be used. Please report it with the endpoint name; client.request('getstationsdata') returns the raw body meanwhile.",
    );
    expect(rejection(() => validateAnswer(homeStatusSchema, { home: { rooms: [{ id: 5 }] } }, 'lenient', 'homestatus')).issues[0]?.message).toBe(
      'expected string, received number: it identifies the room, so the answer cannot be used',
    );
  });

  test('an answer that must name what it created has no empty form', () => {
    expect(rejection(() => validateAnswer(createdScheduleSchema, undefined, 'lenient', 'createnewhomeschedule')).issues).toEqual([
      { path: 'body', expected: 'object', received: 'missing', message: 'expected object, received missing: this answer has no empty form (it must name what it created)' },
    ]);
  });

  test('a key named __proto__ never reaches the prototype', () => {
    const body = [JSON.parse('{"_id":"s","measures":{"__proto__":null,"m":{"rain_live":"x"}}}') as unknown];
    const { data, issues } = validateAnswer(publicDataSchema, body, 'lenient', 'getpublicdata');
    const measures = (data as { measures: object }[])[0]!.measures;
    expect(Object.getPrototypeOf(measures)).toBe(Object.prototype);
    expect(measures).toEqual({ m: {} });
    expect(issues.map((issue) => issue.path)).toEqual(['body.0.measures.m.rain_live']);
  });

  test('an answer that parses costs one parse and comes back unchanged, with no issues', () => {
    const body = { devices: [{ _id: 'a', type: 'NAMain', extra: { kept: true } }] };
    expect(validateAnswer(stationsDataSchema, body, 'lenient', 'getstationsdata')).toEqual({ data: body, issues: [] });
  });
});

describe('strict mode', () => {
  test('every mismatch is a NetatmoValidationError listing every issue', () => {
    const body = { devices: [{ _id: 'a', type: 'NAMain', modules: [{ _id: 'm', type: 'NAModule1', battery_percent: null }] }, { _id: 'b', type: null }] };
    const error = rejection(() => validateAnswer(stationsDataSchema, body, 'strict', 'getstationsdata'));
    expect(error.issues.map((issue) => [issue.path, issue.message])).toEqual([
      ['body.devices.0.modules.0.battery_percent', 'expected number, received null: reported (strict validation)'],
      ['body.devices.1.type', 'expected string, received null: reported (strict validation)'],
    ]);
    expect(error.message).toContain("validation: 'lenient' (the default) repairs such answers");
    expect(body.devices[0]!.modules![0]!.battery_percent).toBeNull();
  });

  test('a missing body and null are reported', () => {
    expect(rejection(() => validateAnswer(homeStatusSchema, undefined, 'strict', 'homestatus')).issues).toEqual([
      { path: 'body', expected: 'object', received: 'missing', message: 'expected object, received missing: reported (strict validation)' },
    ]);
    expect(rejection(() => validateAnswer(stationsDataSchema, null, 'strict', 'getstationsdata')).issues).toEqual([{ path: 'body', expected: 'object', received: 'null', message: 'expected object, received null: reported (strict validation)' }]);
  });

  test('issues inside a union name the field, not the union', () => {
    expect(rejection(() => validateAnswer(measureBodySchema, [{ beg_time: 1, value: [[1, 'x']] }], 'strict', 'getmeasure')).issues.map((issue) => issue.path)).toEqual([
      'body.0.value.0.1',
    ]);
  });
});

test("off mode returns the value as sent, unchecked", () => {
  const body = { devices: 'not a list' };
  expect(validateAnswer(stationsDataSchema, body, 'off', 'getstationsdata')).toEqual({ data: body, issues: [] });
  expect(validateAnswer(stationsDataSchema, body, 'off', 'getstationsdata').data).toBe(body);
});

describe("zod's compiled fast path", () => {
  test('an answer that passes is returned as parsed, not copied', () => {
    const body = { devices: [{ _id: '70:ee:50:00:00:14', type: 'NAMain', modules: [] }] };
    expect(validateAnswer(stationsDataSchema, body, 'lenient', 'getstationsdata').data).toBe(body);
    expect(validateAnswer(stationsDataSchema, body, 'strict', 'getstationsdata').data).toBe(body);
  });

  test("zod's jitless setting is respected: no code is generated, answers are checked the same", () => {
    const schema = z.looseObject({ id: z.string() });
    z.config({ jitless: true });
    try {
      expect(fastPathOf(schema)).toBe(schema);
    } finally {
      z.config({ jitless: false });
    }
    expect(validateAnswer(schema, { id: 'a' }, 'strict', 'x')).toEqual({ data: { id: 'a' }, issues: [] });
    expect(rejection(() => validateAnswer(schema, { id: 1 }, 'strict', 'x')).issues.map((issue) => issue.path)).toEqual(['body.id']);
    const other = z.looseObject({ id: z.string() });
    expect(fastPathOf(other)).not.toBe(other);
  });
});

describe('answer schemas are built on first use', () => {
  test('each exported schema is one z.lazy at the top with none inside: z.compile inlines the whole tree', () => {
    const lazyInside = (schema: z.core.$ZodType, seen = new Set<unknown>()): boolean => {
      if (seen.has(schema)) return false;
      seen.add(schema);
      const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
      if (def.type === 'lazy') return true;
      const children = [def['innerType'], def['element'], def['valueType'], def['catchall'], ...((def['options'] as unknown[]) ?? []), ...Object.values((def['shape'] as object) ?? {})];
      return children.some((child) => child !== undefined && lazyInside(child as z.core.$ZodType, seen));
    };
    const entries = Object.entries(schemas);
    expect(entries.length).toBe(39);
    for (const [name, schema] of entries) {
      expect(schema, name).toBeInstanceOf(z.ZodLazy);
      expect(lazyInside((schema as unknown as z.ZodLazy<z.ZodType>)._zod.innerType), name).toBe(false);
    }
  });
});
