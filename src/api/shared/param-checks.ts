import { NetatmoValidationError, type ValidationIssue } from '../../errors.js';

/** A point in time as the SDK accepts it: a `Date`, or epoch seconds as Netatmo counts them. */
export type DateInput = Date | number;

/** Epoch seconds above this are almost certainly milliseconds (this is the year 5138). */
const LARGEST_PLAUSIBLE_SECONDS = 1e11;

/**
 * Collects every problem with a method's parameters, then throws them together, before any
 * request is sent. Paths are the camelCase parameter names the caller wrote.
 */
export class ParamChecks {
  readonly #method: string;
  readonly #issues: ValidationIssue[] = [];

  constructor(method: string, params: unknown) {
    this.#method = method;
    if (params === null || typeof params !== 'object') {
      this.add('params', `expected an object of parameters, got ${describe(params)}`);
    }
  }

  add(path: string, message: string): void {
    this.#issues.push({ path, message });
  }

  /** A required, non-empty string such as an id. */
  requiredString(path: string, value: unknown, hint = ''): boolean {
    if (typeof value === 'string' && value.trim() !== '') return true;
    this.add(path, value === undefined ? `is required${hint}` : `must be a non-empty string, got ${describe(value)}`);
    return false;
  }

  optionalString(path: string, value: unknown): void {
    if (value !== undefined) this.requiredString(path, value);
  }

  optionalBoolean(path: string, value: unknown): void {
    if (value !== undefined && typeof value !== 'boolean') this.add(path, `must be true or false, got ${describe(value)}`);
  }

  /** A number within `[min, max]` (`integer`: whole numbers only). Undefined passes unless `required`. */
  number(path: string, value: unknown, rule: { min?: number; max?: number; integer?: boolean; required?: boolean; unit?: string }): boolean {
    if (value === undefined) {
      if (rule.required) this.add(path, 'is required');
      return false;
    }
    const unit = rule.unit ? ` ${rule.unit}` : '';
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.add(path, `must be a number${unit}, got ${describe(value)}`);
      return false;
    }
    if (rule.integer && !Number.isInteger(value)) {
      this.add(path, `must be a whole number, got ${value}`);
      return false;
    }
    if ((rule.min !== undefined && value < rule.min) || (rule.max !== undefined && value > rule.max)) {
      this.add(path, `must be between ${rule.min ?? '-∞'} and ${rule.max ?? '∞'}${unit}, got ${value}`);
      return false;
    }
    return true;
  }

  /** One of `allowed`. Undefined passes unless `required`. */
  oneOf(path: string, value: unknown, allowed: readonly string[], required = false): boolean {
    if (value === undefined) {
      if (required) this.add(path, `is required: one of ${list(allowed)}`);
      return false;
    }
    if (typeof value === 'string' && allowed.includes(value)) return true;
    this.add(path, `must be one of ${list(allowed)}, got ${describe(value)}`);
    return false;
  }

  /** A `Date` or epoch seconds, returned as epoch seconds; undefined when absent or invalid. */
  date(path: string, value: unknown, required = false): number | undefined {
    if (value === undefined) {
      if (required) this.add(path, 'is required: a Date or epoch seconds');
      return undefined;
    }
    if (value instanceof Date) {
      if (Number.isNaN(value.getTime())) {
        this.add(path, 'is an invalid Date');
        return undefined;
      }
      return Math.floor(value.getTime() / 1000);
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      this.add(path, `must be a Date or whole epoch seconds, got ${describe(value)}`);
      return undefined;
    }
    if (value > LARGEST_PLAUSIBLE_SECONDS) {
      this.add(path, `looks like milliseconds (${value}); pass epoch seconds or a Date`);
      return undefined;
    }
    return value;
  }

  /** A non-empty array of non-empty strings. */
  stringList(path: string, value: unknown, required: boolean): value is readonly string[] {
    if (value === undefined) {
      if (required) this.add(path, 'is required: a non-empty array of strings');
      return false;
    }
    if (!Array.isArray(value) || value.length === 0) {
      this.add(path, `must be a non-empty array of strings, got ${describe(value)}`);
      return false;
    }
    let valid = true;
    value.forEach((item: unknown, index) => {
      if (typeof item !== 'string' || item.trim() === '' || item.includes(',')) {
        this.add(`${path}.${index}`, `must be a non-empty string without commas, got ${describe(item)}`);
        valid = false;
      }
    });
    return valid;
  }

  /** Throws a {@link NetatmoValidationError} listing every issue, if there is any. */
  throwIfAny(): void {
    if (this.#issues.length === 0) return;
    const summary = this.#issues.map((issue) => `${issue.path} ${issue.message}`).join('; ');
    throw new NetatmoValidationError(`Invalid parameters for ${this.#method}: ${summary}`, [...this.#issues]);
  }
}

function list(values: readonly string[]): string {
  return values.map((value) => `'${value}'`).join(', ');
}

/** A short, safe rendering of a bad value for a message. */
export function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value instanceof Date) return 'a Date';
  return typeof value;
}
