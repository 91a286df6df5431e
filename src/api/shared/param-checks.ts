import { NetatmoValidationError, type ValidationIssue } from '../../errors.js';

/**
 * A point in time as the SDK accepts it: a `Date`, or whole epoch seconds as Netatmo counts them,
 * from 2012-01-01 to 9999-12-31. A `Date`'s milliseconds are dropped; a number that looks like
 * milliseconds (`Date.now()`) is refused with a hint rather than sent as a date in the far future.
 *
 * @example
 * ```ts
 * await client.thermostat.setThermMode({ homeId, mode: 'away', endtime: new Date('2026-03-01T18:00:00Z') });
 * await client.thermostat.setThermMode({ homeId, mode: 'away', endtime: Math.floor(Date.now() / 1000) + 3600 });
 * ```
 */
export type DateInput = Date | number;

/**
 * The earliest date a parameter may name: 2012-01-01T00:00:00Z, in epoch seconds. Netatmo's first
 * devices shipped in 2012, so nothing it stores or schedules lies before.
 */
export const EARLIEST_DATE_SECONDS = 1_325_376_000;

/** The latest date a parameter may name: 9999-12-31T23:59:59Z, in epoch seconds. */
export const LATEST_DATE_SECONDS = 253_402_300_799;

/** Ids, names, keys and types: far above Netatmo's own (24-character ids, 64-character picture keys). */
export const MAX_TEXT_LENGTH = 256;

/** Webhook URLs: what browsers and proxies reliably carry. */
export const MAX_URL_LENGTH = 2048;

/** Nesting allowed inside a `setState` entry (Netatmo's own properties nest two levels at most). */
const MAX_JSON_DEPTH = 8;

/** C0 control characters and DEL: never part of an id or name, and a way to smuggle lines into logs and URLs. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** Half of a UTF-16 surrogate pair without its other half: not text, and not encodable as UTF-8. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** How a string parameter is checked. */
interface TextRule {
  /** Absent (`undefined`) is an issue. @default false */
  required?: boolean;
  /** Appended to "is required", e.g. `': the home id from getHomesData()'`. */
  hint?: string;
  /** @default {@link MAX_TEXT_LENGTH} */
  maxLength?: number;
  /** Accept `''` and whitespace (free-form data, not an id or a name). @default false */
  allowBlank?: boolean;
}

/** How a number parameter is checked. Absent passes unless `required`. */
interface NumberRule {
  min?: number;
  max?: number;
  /** Whole numbers only, and no larger than `Number.MAX_SAFE_INTEGER` (they would go on the wire as `1e+21`). */
  integer?: boolean;
  required?: boolean;
  /** Shown after the bounds, e.g. `°C`. */
  unit?: string;
}

/**
 * Every check of endpoint parameters, in one place. A method creates one, reads the caller's
 * parameters through it (a copy, taken once: what is checked is what goes on the wire, even if the
 * caller changes its objects while the request waits for a token), and calls
 * {@link ParamChecks.throwIfAny} before it sends anything. Each check returns the checked value, or
 * `undefined` after recording an issue. Paths are the camelCase names the caller wrote
 * (`zones.0.rooms.1.id`).
 */
export class ParamChecks {
  readonly #method: string;
  readonly #issues: ValidationIssue[] = [];
  /** Set when `params` itself is unusable: field issues would only repeat that. */
  #paramsRefused = false;
  /** The caller's known parameters, copied once; absent ones are left out. */
  readonly params: Readonly<Record<string, unknown>>;

  /**
   * @param method - The public method's name, for messages.
   * @param params - What the caller passed, checked to be a plain object.
   * @param known - The method's parameter names; any other key with a value is an issue (a typo
   *   such as `endTime` for `endtime` would otherwise be dropped in silence).
   */
  constructor(method: string, params: unknown, known: readonly string[]) {
    this.#method = method;
    const copy = this.record('', params, known, `a parameter of ${method}`);
    if (copy === undefined) this.#paramsRefused = true;
    this.params = copy ?? {};
  }

  /** Records an issue at `path`. */
  add(path: string, message: string): void {
    if (this.#paramsRefused && path !== 'params') return;
    this.#issues.push({ path, message });
  }

  /**
   * An object with the fields `known`, copied; `undefined` (after an issue) when `value` is not a
   * plain object or cannot be read. `path` `''` means the parameters themselves (issue path `params`).
   */
  record(path: string, value: unknown, known: readonly string[], what: string): Record<string, unknown> | undefined {
    const at = path === '' ? 'params' : path;
    if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Date) {
      this.add(at, `expected an object${path === '' ? ' of parameters' : ''}, got ${describe(value)}`);
      return undefined;
    }
    try {
      const copy: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        if (known.includes(key) || (value as Record<string, unknown>)[key] === undefined) continue;
        this.add(join(path, safeKey(key)), `is not ${what}${suggestion(key, known)}; known: ${known.join(', ') || 'none'}`);
      }
      for (const key of known) {
        const field = (value as Record<string, unknown>)[key];
        if (field !== undefined) copy[key] = field;
      }
      return copy;
    } catch {
      this.add(at, 'could not be read (a getter or proxy threw): pass a plain object');
      return undefined;
    }
  }

  /**
   * A string parameter: single-line text without control characters (`\n`, `\r`, `\0`, other C0,
   * DEL), well-formed Unicode, not blank, at most `maxLength` characters.
   */
  text(path: string, value: unknown, rule: TextRule = {}): string | undefined {
    if (value === undefined) {
      if (rule.required) this.add(path, `is required${rule.hint ?? ''}`);
      return undefined;
    }
    if (typeof value !== 'string' || (!rule.allowBlank && value.trim() === '')) {
      this.add(path, `must be a non-empty string, got ${describe(value)}`);
      return undefined;
    }
    const maxLength = rule.maxLength ?? MAX_TEXT_LENGTH;
    const control = CONTROL_CHARACTER.exec(value);
    const surrogate = LONE_SURROGATE.exec(value);
    if (control) {
      this.add(path, `contains a control character (${escape(control[0])} at index ${control.index}), got ${describe(value)}: ids and names are single-line text, remove it`);
    } else if (surrogate) {
      this.add(path, `is not well-formed Unicode (a lone surrogate ${escape(surrogate[0])} at index ${surrogate.index}), got ${describe(value)}`);
    } else if (value.length > maxLength) {
      this.add(path, `must be at most ${maxLength} characters, got ${value.length}`);
    } else {
      return value;
    }
    return undefined;
  }

  /** A required string such as an id (see {@link ParamChecks.text}). */
  requiredString(path: string, value: unknown, hint = ''): string | undefined {
    return this.text(path, value, { required: true, hint });
  }

  /** An optional string (see {@link ParamChecks.text}). */
  optionalString(path: string, value: unknown): string | undefined {
    return this.text(path, value);
  }

  /** `true` or `false`; absent passes. */
  optionalBoolean(path: string, value: unknown): boolean | undefined {
    if (value === undefined || typeof value === 'boolean') return value;
    this.add(path, `must be true or false, got ${describe(value)}`);
    return undefined;
  }

  /** A finite number within `[min, max]`. */
  number(path: string, value: unknown, rule: NumberRule): number | undefined {
    if (value === undefined) {
      if (rule.required) this.add(path, 'is required');
      return undefined;
    }
    const unit = rule.unit ? ` ${rule.unit}` : '';
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.add(path, `must be a number${unit}, got ${describe(value)}`);
      return undefined;
    }
    if (rule.integer && !Number.isSafeInteger(value)) {
      this.add(path, Number.isInteger(value) ? `must be at most ${Number.MAX_SAFE_INTEGER}, got ${value}` : `must be a whole number, got ${value}`);
      return undefined;
    }
    if ((rule.min !== undefined && value < rule.min) || (rule.max !== undefined && value > rule.max)) {
      this.add(path, `must be between ${rule.min ?? '-∞'} and ${rule.max ?? '∞'}${unit}, got ${value}`);
      return undefined;
    }
    return value;
  }

  /** One of `allowed`. Absent passes unless `required`. */
  oneOf<const Allowed extends string>(path: string, value: unknown, allowed: readonly Allowed[], required = false): Allowed | undefined {
    if (value === undefined) {
      if (required) this.add(path, `is required: one of ${quoted(allowed)}`);
      return undefined;
    }
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as Allowed;
    this.add(path, `must be one of ${quoted(allowed)}, got ${describe(value)}`);
    return undefined;
  }

  /**
   * A `Date` or whole epoch seconds between 2012-01-01 and 9999-12-31, returned as epoch seconds
   * (a `Date`'s milliseconds are dropped). Milliseconds passed by mistake are named as such.
   */
  date(path: string, value: unknown, required = false): number | undefined {
    if (value === undefined) {
      if (required) this.add(path, 'is required: a Date or epoch seconds');
      return undefined;
    }
    const range = `between 2012-01-01 and 9999-12-31 (epoch seconds ${EARLIEST_DATE_SECONDS}…${LATEST_DATE_SECONDS})`;
    if (value instanceof Date) {
      const milliseconds = value.getTime();
      if (Number.isNaN(milliseconds)) {
        this.add(path, 'is an invalid Date (its input could not be parsed): pass a valid Date or epoch seconds');
        return undefined;
      }
      const seconds = Math.floor(milliseconds / 1000);
      if (seconds >= EARLIEST_DATE_SECONDS && seconds <= LATEST_DATE_SECONDS) return seconds;
      this.add(path, `must be ${range}, got ${value.toISOString()}`);
      return undefined;
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.add(path, `must be a Date or whole epoch seconds, got ${describe(value)}`);
      return undefined;
    }
    if (!Number.isInteger(value)) {
      this.add(path, `must be whole epoch seconds, got ${value}: round it down (Math.floor) or pass a Date`);
      return undefined;
    }
    if (value > LATEST_DATE_SECONDS && value / 1000 >= EARLIEST_DATE_SECONDS && value / 1000 <= LATEST_DATE_SECONDS) {
      this.add(path, `looks like milliseconds (${value}): pass epoch seconds (Math.floor(${value} / 1000)) or a Date`);
      return undefined;
    }
    if (value < EARLIEST_DATE_SECONDS || value > LATEST_DATE_SECONDS) {
      const hint = value >= 0 && value < EARLIEST_DATE_SECONDS ? ' (epoch seconds count from 1970: for a duration, add it to Date.now() / 1000)' : '';
      this.add(path, `must be ${range}, got ${value}${hint}`);
      return undefined;
    }
    return value;
  }

  /** An array, copied. `hint` says what its items are; absent passes unless `required`, empty unless `allowEmpty`. */
  list(path: string, value: unknown, rule: { hint: string; required?: boolean; allowEmpty?: boolean }): unknown[] | undefined {
    if (value === undefined) {
      if (rule.required) this.add(path, `is required: ${rule.hint}`);
      return undefined;
    }
    if (!Array.isArray(value) || (value.length === 0 && !rule.allowEmpty)) {
      this.add(path, `must be ${rule.hint}, got ${describe(value)}`);
      return undefined;
    }
    try {
      return Array.from(value as unknown[]);
    } catch {
      this.add(path, 'could not be read (a getter or proxy threw): pass a plain array');
      return undefined;
    }
  }

  /** A non-empty array of strings without commas (Netatmo comma-joins them), copied. */
  stringList(path: string, value: unknown, required: boolean): string[] | undefined {
    const items = this.list(path, value, { hint: 'a non-empty array of strings', required });
    if (items === undefined) return undefined;
    const strings = items.map((item, index) => {
      const text = this.text(`${path}.${index}`, item, { required: true, hint: ': a string' });
      if (text?.includes(',')) {
        this.add(`${path}.${index}`, `must not contain a comma (Netatmo splits the list on commas), got ${describe(text)}`);
        return undefined;
      }
      return text;
    });
    return strings.every((text) => text !== undefined) ? (strings as string[]) : undefined;
  }

  /** An absolute http(s) URL, returned in its normalised form (`new URL(value).href`), which is what is sent. */
  url(path: string, value: unknown): string | undefined {
    const text = this.text(path, value, { required: true, maxLength: MAX_URL_LENGTH });
    if (text === undefined) return undefined;
    const url = URL.canParse(text) ? new URL(text) : undefined;
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.hostname === '' || /\s/.test(text)) {
      this.add(path, `must be an absolute http(s) URL reachable from the internet, got ${describe(text)}`);
      return undefined;
    }
    if (url.username !== '' || url.password !== '') {
      this.add(path, 'must not carry a user name or password: Netatmo would store them with the URL');
      return undefined;
    }
    return url.href;
  }

  /**
   * Free-form JSON data (a `setState` property), copied: strings (text rules, any length up to
   * {@link MAX_TEXT_LENGTH}), finite numbers, booleans, `null`, arrays and plain objects. A `Date`
   * becomes epoch seconds, and a field named `…_end_time` must be a date (a `Date` or epoch seconds);
   * an `undefined` object field is left out, as `JSON.stringify` would.
   * Functions, symbols, bigints, `NaN`, class instances and cycles are issues.
   */
  jsonData(path: string, value: unknown, depth = 0, seen: object[] = []): unknown {
    if (value === null || typeof value === 'boolean') return value;
    if (typeof value === 'string') return this.text(path, value, { allowBlank: true });
    if (typeof value === 'number') return this.number(path, value, {});
    if (value instanceof Date) return this.date(path, value);
    if (typeof value !== 'object') {
      this.add(path, `must be JSON data (string, number, boolean, null, array or object), got ${describe(value)}`);
      return undefined;
    }
    if (seen.includes(value)) {
      this.add(path, 'refers to itself (a circular structure cannot be sent)');
      return undefined;
    }
    if (depth >= MAX_JSON_DEPTH) {
      this.add(path, `is nested more than ${MAX_JSON_DEPTH} levels deep`);
      return undefined;
    }
    const inner = [...seen, value];
    if (Array.isArray(value)) {
      const items = Array.from(value as unknown[], (item, index) =>
        item === undefined ? (this.add(`${path}.${index}`, 'must be JSON data, got undefined'), undefined) : this.jsonData(`${path}.${index}`, item, depth + 1, inner),
      );
      return items;
    }
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) {
      this.add(path, `must be a plain object, got ${describe(value)}`);
      return undefined;
    }
    let entries: [string, unknown][];
    try {
      entries = Object.entries(value);
    } catch {
      this.add(path, 'could not be read (a getter or proxy threw): pass plain data');
      return undefined;
    }
    const copy: Record<string, unknown> = {};
    for (const [key, field] of entries) {
      if (field === undefined) continue;
      const fieldPath = join(path, safeKey(key));
      if (this.text(fieldPath, key) === undefined) continue;
      // Netatmo's end times are epoch seconds: the same range as every other date parameter.
      const checked = key.endsWith('_end_time') ? this.date(fieldPath, field) : this.jsonData(fieldPath, field, depth + 1, inner);
      // Defined, not assigned: a `__proto__` key (JSON.parse makes them) stays data instead of changing the prototype.
      Object.defineProperty(copy, key, { value: checked, enumerable: true, writable: true, configurable: true });
    }
    return copy;
  }

  /** Throws a {@link NetatmoValidationError} listing every issue, if there is any. */
  throwIfAny(): void {
    if (this.#issues.length === 0) return;
    const summary = this.#issues.map((issue) => `${issue.path} ${issue.message}`).join('; ');
    throw new NetatmoValidationError(`Invalid parameters for ${this.#method}: ${summary}`, [...this.#issues]);
  }
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function quoted(values: readonly string[]): string {
  return values.map((value) => `'${value}'`).join(', ');
}

/** A key as it can appear in a path: printable, short. */
function safeKey(key: string): string {
  return escape(key.length > 40 ? `${key.slice(0, 40)}…` : key);
}

/** `home_id` → `homeId`, `HomeId` → `homeId`: the names Netatmo's docs and other SDKs use. */
function suggestion(key: string, known: readonly string[]): string {
  const loose = (name: string): string => name.replaceAll('_', '').toLowerCase();
  const match = known.find((name) => loose(name) === loose(key));
  return match === undefined ? '' : ` (did you mean '${match}'? parameters are camelCase)`;
}

/** What {@link escape} rewrites: C0 controls, DEL and lone surrogates. */
// eslint-disable-next-line no-control-regex -- control characters are what is escaped
const UNPRINTABLE = /[\u0000-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const shortEscapes: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

/** Control characters, DEL and lone surrogates as escapes (`\n`, `\u0000`), so a message stays on one line and prints; the rest as is. */
function escape(text: string): string {
  return text.replace(UNPRINTABLE, (character) => shortEscapes[character] ?? `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A short, safe rendering of a bad value for a message. */
export function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return `'${escape(value.length > 40 ? `${value.slice(0, 40)}…` : value)}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'bigint') return `${value}n (a bigint)`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value instanceof Date) return 'a Date';
  if (typeof value === 'object') {
    try {
      const name = (Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
      return typeof name === 'string' && name !== 'Object' ? `a ${name}` : 'an object';
    } catch {
      return 'an object';
    }
  }
  return `a ${typeof value}`;
}
