import { expectTypeOf, test } from 'vitest';
import type * as z from 'zod';
import type { Equals, Expect } from '../../src/api/shared/same-type.js';
import type { schemas} from '../../src/index.js';
import { type HomeStatus, type NetatmoClient, type Station, type StationsData } from '../../src/index.js';

type StationOutput = z.output<typeof schemas.stationSchema>;

test('the interface and the schema output are the same type, and the check catches drift either way', () => {
  type _Same = Expect<Equals<StationOutput, Station>>;
  // @ts-expect-error an optional field the schema does not have (an index signature would hide it from plain assignability)
  type _Extra = Expect<Equals<StationOutput, Station & { added?: string | undefined }>>;
  // @ts-expect-error a field the interface lost
  type _Missing = Expect<Equals<StationOutput, Omit<Station, 'home_id'>>>;
  // @ts-expect-error a field retyped
  type _Retyped = Expect<Equals<StationOutput, Omit<Station, 'reachable'> & { reachable?: string | undefined }>>;
  // @ts-expect-error `?: T` against the schema's `?: T | undefined`
  type _Exact = Expect<Equals<{ a?: number | undefined }, { a?: number }>>;
});

test('endpoint methods resolve to the documented interfaces', () => {
  expectTypeOf<ReturnType<NetatmoClient['station']['getStationsData']>>().resolves.toEqualTypeOf<StationsData>();
  expectTypeOf<ReturnType<NetatmoClient['thermostat']['getHomeStatus']>>().resolves.toEqualTypeOf<HomeStatus>();
  expectTypeOf<StationsData['devices'][number]['modules']>().toEqualTypeOf<Station['modules']>();
});
