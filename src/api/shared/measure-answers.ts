/** One run of the compressed (`optimize=true`) measure format: `value[i]` is at `beg_time + i × step_time`. */
export interface MeasureRun {
  /** Time of the first row, epoch seconds. */
  beg_time: number;
  /** Seconds between rows; absent when the run holds a single row. */
  step_time?: number | undefined;
  /** One row per time, one entry per requested type, in request order; `null` where nothing was measured. */
  value: (number | null)[][];
  /** Fields Netatmo adds later, kept as sent. */
  [key: string]: unknown;
}

/**
 * Body of `/api/getmeasure` and `/api/getroommeasure`: runs (`optimize=true`), or one row of
 * values per epoch-seconds key (`optimize=false`). `getMeasure()` decodes either into points.
 */
export type MeasureBody = MeasureRun[] | Record<string, (number | null)[]>;
