import * as z from 'zod';

/**
 * Fields that identify a thing (a home, room, device, module, schedule, zone, person or event).
 * Lenient validation repairs any other oddity, but without these an answer cannot be used: a
 * module without its id cannot be told apart from the others, so the call fails instead.
 */
export const identifyingFields = z.registry<{ identifies: string }>();

/** A required string id of `what` (e.g. `'module'`), registered as identifying. */
export function idString(what: string): z.ZodString {
  return z.string().register(identifyingFields, { identifies: what });
}

/** A required numeric id of `what` (schedule zones are numbered), registered as identifying. */
export function idNumber(what: string): z.ZodNumber {
  return z.number().register(identifyingFields, { identifies: what });
}
