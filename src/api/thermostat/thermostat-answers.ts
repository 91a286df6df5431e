/** Body of `/api/createnewhomeschedule`. */
export interface CreatedSchedule {
  /** Id of the new schedule: pass it to `switchHomeSchedule()` to use it. */
  schedule_id: string;
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}
