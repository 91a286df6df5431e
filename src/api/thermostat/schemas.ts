import * as z from 'zod';
import type { CreatedSchedule } from './thermostat-answers.js';
import type { Equals, Expect } from '../shared/same-type.js';
import { idString } from '../../transport/identifying-fields.js';

/** Body of `/api/createnewhomeschedule`. */
export const createdScheduleSchema = z.lazy(() =>
  z.looseObject({
    /** Id of the new schedule: pass it to `switchHomeSchedule()` to use it. */
    schedule_id: idString('schedule'),
  }),
);

// The documented interfaces are the answer types; these fail to compile when a schema and its interface drift apart.
export type { CreatedSchedule } from './thermostat-answers.js';
type _SchemasMatchTheirTypes = [
  Expect<Equals<z.output<typeof createdScheduleSchema>, CreatedSchedule>>,
];
