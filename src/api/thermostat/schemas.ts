import { z } from 'zod';
import { idString } from '../../transport/identifying-fields.js';

/** Body of `/api/createnewhomeschedule`. */
export const createdScheduleSchema = z.looseObject({
  /** Id of the new schedule: pass it to `switchHomeSchedule()` to use it. */
  schedule_id: idString('schedule'),
});

export type CreatedSchedule = z.output<typeof createdScheduleSchema>;
