import { UsageError } from './cli-error.js';
import type { CliIo } from './io.js';
import { note } from './io.js';

/** Scopes Netatmo documents (REFERENCE §1.6). Others are passed on with a warning: Netatmo adds some now and then. */
export const knownScopes: readonly string[] = [
  'read_station', 'read_homecoach', 'read_thermostat', 'write_thermostat',
  'read_camera', 'write_camera', 'access_camera', 'read_presence', 'write_presence', 'access_presence',
  'read_doorbell', 'write_doorbell', 'access_doorbell', 'read_smokedetector', 'read_carbonmonoxidedetector',
  'read_magellan', 'write_magellan', 'read_bubendorff', 'write_bubendorff', 'read_smarther', 'write_smarther',
  'read_mx', 'write_mx', 'read_bfi', 'write_bfi', 'read_mhs1', 'write_mhs1',
];

/** The scopes asked for: `read_station` by default; malformed ones refused, unknown ones warned about. */
export function resolveScopes(io: CliIo, scopes: readonly string[]): string[] {
  if (scopes.length === 0) return ['read_station'];
  for (const scope of scopes) {
    if (!/^[a-z0-9_]+$/.test(scope)) {
      throw new UsageError(`--scope '${scope}' is not a Netatmo scope: scopes are lower-case words joined by '_', e.g. read_station,read_thermostat`);
    }
    if (!knownScopes.includes(scope)) note(io, `warning: '${scope}' is not a scope Netatmo documents (known: ${knownScopes.join(', ')}); asking for it anyway`);
  }
  return [...new Set(scopes)];
}
