import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { endpointModels, hostileParams } from './endpoint-models.js';
import { expectRefusedOrExact, expectWire, isUnknownIdAnswer, settle, show, startBench, type PropertyBench } from './wire-recorder.js';

/**
 * Property: every endpoint method, given any parameters, either refuses them with a
 * NetatmoValidationError naming a field and sends nothing, or sends exactly the request the
 * parameters encode to. Nothing throws synchronously and no other error class escapes.
 * Runs are bounded: one fake for the file, a fixed number of runs per method.
 */

/**
 * Runs per method: 30 methods × (8 polite + 30 hostile) = 1,140 parameter sets per run, a few
 * seconds. `PROPERTY_RUNS_SCALE=20` multiplies them for a longer hunt.
 */
const scale = Math.max(1, Number(process.env['PROPERTY_RUNS_SCALE'] ?? 1) || 1);
const POLITE_RUNS = 8 * scale;
const HOSTILE_RUNS = 30 * scale;

let bench: PropertyBench;
const tally = { polite: 0, refused: 0, sent: 0 };

beforeAll(async () => {
  bench = await startBench();
});

afterAll(async () => {
  await bench.close();
});

describe.each(endpointModels.map((model) => [model.name, model] as const))('%s', (_name, model) => {
  const fieldPath = (params: unknown) => (path: string): boolean => {
    const head = path.split('.')[0]!;
    const given = params !== null && typeof params === 'object' ? Object.keys(params) : [];
    // An unknown key is named as written (cut at 40 characters).
    return path === 'params' || model.fields.includes(head) || given.some((key) => path === key || (key.length > 40 && path.startsWith(key.slice(0, 40))));
  };

  test('polite parameters reach the fake exactly as encoded, and succeed', async () => {
    await fc.assert(
      fc.asyncProperty(model.polite, async (params) => {
        const before = bench.sent.length;
        const requestsBefore = bench.fake.count();
        const outcome = await settle(model, bench.client, params);
        // Success, or Netatmo's answer for an id it does not have (a random event id, for one).
        const answered = outcome.ok || isUnknownIdAnswer(outcome.error);
        expect(answered, `${model.name}(${show(params)}): ${outcome.ok ? '' : String(outcome.error)}`).toBe(true);
        expectWire(bench.sent.slice(before), model.wire(params), `${model.name}(${show(params)})`);
        expect(bench.fake.count() - requestsBefore).toBe(1);
        tally.polite++;
      }),
      { numRuns: POLITE_RUNS },
    );
  });

  test('hostile parameters are refused naming a field with 0 requests, or sent exactly as encoded', async () => {
    await fc.assert(
      fc.asyncProperty(hostileParams(model), async (params) => {
        const before = bench.sent.length;
        const requestsBefore = bench.fake.count();
        const outcome = await settle(model, bench.client, params);
        const verdict = expectRefusedOrExact(bench, model, params, outcome, before, fieldPath(params));
        expect(bench.fake.count() - requestsBefore).toBe(verdict === 'refused' ? 0 : 1);
        tally[verdict]++;
      }),
      { numRuns: HOSTILE_RUNS },
    );
  });
});

test('at least 1,000 parameter sets were tried, across all 30 methods, most hostile ones refused', () => {
  expect(endpointModels).toHaveLength(30);
  expect(tally.polite + tally.refused + tally.sent).toBeGreaterThanOrEqual(1000);
  expect(tally.polite).toBe(30 * POLITE_RUNS);
  // The hostile generator mostly produces wrong parameters; some are only odd and go through.
  expect(tally.refused).toBeGreaterThan(tally.sent);
});
