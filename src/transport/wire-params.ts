/** A value the SDK accepts for a Netatmo parameter before it is put on the wire. */
export type WireValue = string | number | boolean | Date | readonly (string | number)[] | null | undefined;

/** Parameters keyed by their wire name (`device_id`, not `deviceId`). */
export type WireParams = Readonly<Record<string, WireValue>>;

/**
 * Encodes parameters the way Netatmo reads them (REFERENCE §1.3): booleans as `"true"`/`"false"`,
 * dates as epoch seconds, lists comma-joined; `undefined` and `null` are left out.
 */
export function encodeWireParams(params: WireParams | undefined): URLSearchParams {
  const search = new URLSearchParams();
  if (!params) return search;
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    search.append(name, encodeWireValue(value));
  }
  return search;
}

/** {@link encodeWireParams} as a query string; `''` without a URLSearchParams when nothing is set. */
export function encodeWireQuery(params: WireParams): string {
  for (const name in params) {
    const value = params[name];
    if (value !== undefined && value !== null) return encodeWireParams(params).toString();
  }
  return '';
}

function encodeWireValue(value: Exclude<WireValue, null | undefined>): string {
  if (value instanceof Date) return String(Math.floor(value.getTime() / 1000));
  if (Array.isArray(value)) return value.join(',');
  return String(value);
}
