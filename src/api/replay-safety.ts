/**
 * Which calls may be sent again when no answer came back (a timeout, a connection lost after the
 * request was written). Reads are always safe. A write is safe when it sets something to a value:
 * a second application changes nothing. A write that creates something, or whose second
 * application answers differently, is not: after such a failure the call is not retried, and the
 * error says its outcome is unknown (`outcomeUnknown: true`).
 *
 * | call | endpoint | safe to repeat | why |
 * |---|---|---|---|
 * | every read (`get…`, `homesdata`, `homestatus`) | GET | yes | reads change nothing |
 * | `setThermMode`, `setRoomThermpoint`, `setState` | `setthermmode`, `setroomthermpoint`, `setstate` | yes | set a mode or a set point to a value |
 * | `switchHomeSchedule`, `syncHomeSchedule`, `renameHomeSchedule` | `switchhomeschedule`, `synchomeschedule`, `renamehomeschedule` | yes | select, overwrite or rename to a value |
 * | `setPersonsAway`, `setPersonsHome` | `setpersonsaway`, `setpersonshome` | yes | set presence to a value |
 * | `addWebhook`, `dropWebhook` | `addwebhook`, `dropwebhook` | yes | Netatmo keeps one webhook per app and user |
 * | `createHomeSchedule` | `createnewhomeschedule` | **no** | a second call creates a second schedule |
 * | `deleteHomeSchedule` | `deletehomeschedule` | **no** | a second call fails: the schedule is gone |
 * | `client.request()` with POST to another endpoint | — | **no** | unknown: treated as unsafe |
 */
const replaySafeWrites: ReadonlySet<string> = new Set([
  'setthermmode',
  'setroomthermpoint',
  'setstate',
  'switchhomeschedule',
  'synchomeschedule',
  'renamehomeschedule',
  'setpersonsaway',
  'setpersonshome',
  'addwebhook',
  'dropwebhook',
]);

/** Whether a call to `endpoint` may be sent again after it may have reached Netatmo. */
export function isReplaySafe(endpoint: string, method: 'GET' | 'POST'): boolean {
  return method === 'GET' || replaySafeWrites.has(endpoint);
}
