import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as z from 'zod';
import { schemas } from '../../src/index.js';

const fixturesDir = fileURLToPath(new URL('../../src/testing/fixtures/', import.meta.url));

/** A captured answer of an endpoint method, with the schema that method checks it with. */
export interface FixtureAnswer {
  file: string;
  endpoint: string;
  schema: z.ZodType;
  /** The envelope's `body` as captured (`undefined` when the answer had none). */
  body: () => unknown;
}

const table: [z.ZodType, string, string[]][] = [
  [schemas.stationsDataSchema, 'getstationsdata', ['pyatmo/getstationsdata.json', 'pyatmo/archive/weatherstation_data_simple.json', 'pyatmo/archive/weatherstation_data_unreachable_station.json', 'Riges-Netatmo/getstationsdata.json']],
  [schemas.publicDataSchema, 'getpublicdata', ['pyatmo/getpublicdata.json', 'pyatmo/archive/public_data_simple.json']],
  [schemas.homeCoachsDataSchema, 'gethomecoachsdata', ['pyatmo/gethomecoachsdata.json', 'pyatmo/archive/home_coach_simple.json', 'pyatmo/archive/home_coach_no_devices.json', 'Riges-Netatmo/gethomecoachsdata.json']],
  [
    schemas.homesDataSchema,
    'homesdata',
    [
      'pyatmo/homesdata.json', 'pyatmo/homesdata_multi.json', 'pyatmo/homesdata_emtpy_home.json', 'pyatmo/homesdata_empty.json', 'Riges-Netatmo/homesdata.json',
      'pyatmo/archive/home_data_simple.json', 'pyatmo/archive/home_data_nohomename.json', 'pyatmo/archive/home_data_no_devices.json',
      'pyatmo/archive/home_data_no_homes.json', 'pyatmo/archive/home_data_empty.json',
    ],
  ],
  [
    schemas.homeStatusSchema,
    'homestatus',
    [
      'pyatmo/homestatus_91763b24c43d3e344f424e8b.json', 'pyatmo/homestatus_91763b24c43d3e344f424e8c.json', 'pyatmo/home_status_simple.json',
      'pyatmo/home_status_error_disconnected.json', 'pyatmo/home_multi_status_error_disconnected.json', 'Riges-Netatmo/homestatus.json',
      'pyatmo/archive/home_status_error_and_data.json', 'pyatmo/archive/home_status_empty.json',
    ],
  ],
  [schemas.setStateResultSchema, 'setstate', ['pyatmo/archive/camera_set_state_ok.json', 'pyatmo/archive/camera_set_state_error_already_on.json']],
  [schemas.eventsSchema, 'getevents', ['pyatmo/getevents.json']],
  [
    schemas.legacyHomeDataSchema,
    'gethomedata',
    ['pyatmo/archive/camera_home_data.json', 'pyatmo/archive/camera_home_data_disconnected.json', 'pyatmo/archive/camera_home_data_no_homes.json', 'pyatmo/archive/camera_data_empty.json'],
  ],
  [schemas.eventsListSchema, 'geteventsuntil', ['pyatmo/archive/camera_data_events_until.json']],
  [
    schemas.measureBodySchema,
    'getmeasure',
    ['pyatmo/getmeasure_energy_12_34_56_00_00_a1_4c_da.json', 'pyatmo/getmeasure_energy_98_76_54_32_10_00_00_69.json', 'Riges-Netatmo/getroommeasure_max_temperature.json', 'pyatmo/archive/weatherstation_measure.json'],
  ],
];

/** Every captured `/api/*` answer that an endpoint method with a schema answers (test/api/fixtures.test.ts lists the others). */
export const fixtureAnswers: FixtureAnswer[] = table.flatMap(([schema, endpoint, files]) =>
  files.map((file) => ({
    file,
    endpoint,
    schema,
    body: () => (JSON.parse(readFileSync(join(fixturesDir, file), 'utf8')) as { body?: unknown }).body,
  })),
);
