import type { z } from 'zod';
import { NetatmoValidationError } from '../errors.js';

/**
 * How answers are checked against their schema.
 * - `'lenient'` (default): harmless oddities never fail a call; they are reported by the
 *   `unexpectedAnswer` event.
 * - `'strict'`: any mismatch is a {@link NetatmoValidationError}.
 * - `'off'`: the body as sent, typed as the answer type at your own risk.
 */
export type ValidationMode = 'lenient' | 'strict' | 'off';

/** One place where an answer differed from its schema. */
export interface AnswerIssue {
  /** Where, from the body: `body.devices.0.battery_percent`. */
  path: string;
  /** What the schema expected there, e.g. `number`. */
  expected: string;
  /** What came, e.g. `string` or `null`. */
  received: string;
  /** A sentence for logs. */
  message: string;
}

/** What {@link validateAnswer} resolved an answer to. */
export interface ValidatedAnswer {
  /** The answer to hand to the caller. */
  data: unknown;
  /** Mismatches that were tolerated (lenient mode); empty when the answer fit. */
  issues: AnswerIssue[];
}

/**
 * Checks an answer's `body` against its schema, as `mode` says.
 *
 * @internal
 */
export function validateAnswer(schema: z.ZodType, value: unknown, mode: ValidationMode, endpoint: string): ValidatedAnswer {
  if (mode === 'off') return { data: value, issues: [] };
  const parsed = schema.safeParse(value);
  if (parsed.success) return { data: parsed.data, issues: [] };
  const issues = parsed.error.issues.map((issue) => ({
    path: ['body', ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  throw new NetatmoValidationError(
    `The answer of ${endpoint} does not have the expected shape: ${issues
      .slice(0, 3)
      .map((issue) => `${issue.path}: ${issue.message}`)
      .join('; ')}${issues.length > 3 ? ` (+${issues.length - 3} more)` : ''}. Please report it with the endpoint name; client.request('${endpoint}') returns the raw body meanwhile.`,
    issues,
  );
}
