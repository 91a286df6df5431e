import { z } from 'zod';

/** Body of `/api/createnewhomeschedule`. */
export const createdScheduleSchema = z.looseObject({
  /** Id of the new schedule: pass it to `switchHomeSchedule()` to use it. */
  schedule_id: z.string(),
});

export type CreatedSchedule = z.output<typeof createdScheduleSchema>;
