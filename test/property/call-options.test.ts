import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NetatmoValidationError } from '../../src/index.js';
import { endpointModels } from './endpoint-models.js';
import { expectWire, isUnknownIdAnswer, settle, show, startBench, type PropertyBench } from './wire-recorder.js';

/**
 * Property: the per-call options `{ signal, timeoutMs, retry, validation }` of every endpoint
 * method are checked before anything is sent. A bad one is a NetatmoValidationError naming it
 * (`options.timeoutMs`) with 0 requests; good ones leave the request exactly as the parameters
 * encode it, and the call succeeds.
 */

const scale = Math.max(1, Number(process.env['PROPERTY_RUNS_SCALE'] ?? 1) || 1);
/** 30 methods × 12 = 360 option sets per run. */
const RUNS = 12 * scale;
const LONGEST_TIMER_MS = 2_147_483_647;

/** One option drawn: its value, and whether it is one the contract refuses. */
interface Draw {
  value: unknown;
  bad: boolean;
}

const good = (arbitrary: fc.Arbitrary<unknown>): fc.Arbitrary<Draw> => arbitrary.map((value) => ({ value, bad: false }));
const bad = (...values: unknown[]): fc.Arbitrary<Draw> => fc.constantFrom(...values).map((value) => ({ value, bad: true }));

const signal = fc.oneof(
  good(fc.constant(null).map(() => new AbortController().signal)),
  bad('signal', {}, { aborted: false }, 42, true, null, () => undefined, new EventTarget()),
);
const timeoutMs = fc.oneof(
  good(fc.integer({ min: 5_000, max: LONGEST_TIMER_MS })),
  // A fraction of a millisecond rounds up: what passes the check works.
  good(fc.double({ min: 5_000, max: 60_000, noNaN: true })),
  bad(Number.NaN, -1, 0, 1e20, 'x', '5000', Number.POSITIVE_INFINITY, LONGEST_TIMER_MS + 1, null, [5000]),
);
const retry = fc.oneof(
  good(fc.integer({ min: 0, max: 10 })),
  good(fc.record({ retries: fc.integer({ min: 0, max: 10 }), minTimeoutMs: fc.integer({ min: 0, max: 50 }), maxTimeoutMs: fc.integer({ min: 500, max: 1_000 }) }, { requiredKeys: [] })),
  bad(-1, 11, 1.5, Number.NaN, 'x', true, null, [], { retries: -1 }, { retries: 'x' }, { minTimeoutMs: 10, maxTimeoutMs: 5 }),
);
const validation = fc.oneof(good(fc.constantFrom('lenient', 'strict', 'off')), bad('loose', 'LENIENT', 1, true, null));

type OptionName = 'signal' | 'timeoutMs' | 'retry' | 'validation';

/** Options as a caller may pass them, with the paths the contract says must be refused. */
const callOptions: fc.Arbitrary<{ options: unknown; badPaths: string[] }> = fc.oneof(
  { weight: 8, arbitrary: fc
    .record({ signal, timeoutMs, retry, validation }, { requiredKeys: [] })
    .map((draws) => ({
      options: Object.fromEntries(Object.entries(draws).map(([name, draw]) => [name, draw.value])),
      badPaths: (Object.entries(draws) as [OptionName, Draw][]).filter(([, draw]) => draw.bad).map(([name]) => `options.${name}`),
    })) },
  // Not an object of options.
  { weight: 1, arbitrary: fc.constantFrom(null, 'fast', 5, [], true).map((options) => ({ options, badPaths: ['options'] })) },
  // A key that is not an option (e.g. Stainless' `timeout`, ky's `retries`).
  { weight: 1, arbitrary: fc.constantFrom('timeout', 'retries', 'headers', 'signals').map((key) => ({ options: { [key]: 1_000 }, badPaths: [`options.${key}`] })) },
);

let bench: PropertyBench;
const tally = { refused: 0, sent: 0 };

beforeAll(async () => {
  bench = await startBench();
});

afterAll(async () => {
  await bench.close();
});

describe.each(endpointModels.map((model) => [model.name, model] as const))('%s', (_name, model) => {
  test('bad per-call options are refused naming the option, 0 requests; good ones change nothing on the wire', async () => {
    await fc.assert(
      fc.asyncProperty(model.polite, callOptions, async (params, { options, badPaths }) => {
        const label = `${model.name}(${show(params)}, ${show(options)})`;
        const before = bench.sent.length;
        const requestsBefore = bench.fake.count();
        const outcome = await settle(model, bench.client, params, options);
        if (badPaths.length > 0) {
          expect(outcome.ok, label).toBe(false);
          const error = (outcome as { error: unknown }).error;
          expect(error, label).toBeInstanceOf(NetatmoValidationError);
          const paths = (error as NetatmoValidationError).issues.map((issue) => issue.path);
          expect(paths.length, label).toBeGreaterThan(0);
          // Each issue is about an option the contract refuses (retry's own fields included).
          for (const path of paths) expect(badPaths.some((bad) => path === bad || path.startsWith(`${bad}.`)), `${label}: ${path}`).toBe(true);
          expect(bench.sent.length - before, label).toBe(0);
          expect(bench.fake.count() - requestsBefore, label).toBe(0);
          tally.refused++;
        } else {
          // Success, or Netatmo's answer for an id it does not have (a random event id, for one).
          expect(outcome.ok || isUnknownIdAnswer(outcome.error), `${label}: ${outcome.ok ? '' : String(outcome.error)}`).toBe(true);
          expectWire(bench.sent.slice(before), model.wire(params), label);
          expect(bench.fake.count() - requestsBefore, label).toBe(1);
          tally.sent++;
        }
      }),
      { numRuns: RUNS },
    );
  });
});

test('each of the 30 methods was tried with good and bad options', () => {
  expect(tally.refused + tally.sent).toBe(30 * RUNS);
  expect(tally.refused).toBeGreaterThan(0);
  expect(tally.sent).toBeGreaterThan(0);
});
