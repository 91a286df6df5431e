/**
 * Webhook bodies as Netatmo sends them, from Home Assistant's netatmo tests and logs
 * (REFERENCE §2.3.11, §2.4.13), with one of each kind the SDK knows.
 */
export const homeId = '91763b24c43d3e344f424e8b';
const camera = { user_id: '91763b24c43d3e344f424e8a', home_id: homeId, home_name: 'MYHOME', camera_id: '12:34:56:00:f1:62' };

export const payloads = {
  activation: { push_type: 'webhook_activation' },
  deactivation: { push_type: 'webhook_deactivation' },
  person: {
    ...camera,
    event_type: 'person',
    event_id: '1234567890',
    message: 'John Doe seen',
    snapshot_id: '123456789abc',
    snapshot_key: 'a1b2c3d4e5',
    snapshot_url: 'https://netatmocameraimage.blob.core.windows.net/production/snapshot',
    persons: [{ id: '91827374-7e04-5298-83ad-a0cb8372dff1', face_id: 'a1b2c3d4e5', face_key: '9876543', is_known: true, face_url: 'https://netatmocameraimage.blob.core.windows.net/production/face' }],
    push_type: 'NACamera-person',
  },
  personAway: { ...camera, event_type: 'person_away', person_id: '91827374-7e04-5298-83ad-a0cb8372dff1', push_type: 'NACamera-person_away' },
  movement: { ...camera, event_type: 'movement', event_id: '1234567891', message: 'Movement detected', push_type: 'NACamera-movement' },
  human: { ...camera, camera_id: '12:34:56:10:b9:0e', event_type: 'human', event_id: '1234567892', message: 'Person seen by Front', push_type: 'NOC-human' },
  vehicle: { ...camera, camera_id: '12:34:56:10:b9:0e', event_type: 'vehicle', push_type: 'NOC-vehicle' },
  cameraOff: { ...camera, event_type: 'off', message: 'Camera monitoring off', push_type: 'NACamera-off' },
  lightMode: { ...camera, camera_id: '12:34:56:10:b9:0e', event_type: 'light_mode', sub_type: 'on', push_type: 'NOC-light_mode' },
  alarm: { ...camera, event_type: 'alarm_started', push_type: 'NACamera-alarm_started' },
  tagOpen: { ...camera, module_id: '12:34:56:00:86:99', event_type: 'tag_open', push_type: 'NACamera-tag_open' },
  doorbell: { ...camera, camera_id: '12:34:56:80:60:40', event_type: 'incoming_call', push_type: 'NDB-incoming_call' },
  smoke: { ...camera, device_id: '12:34:56:80:00:12', camera_id: undefined, event_type: 'smoke', sub_type: 1, push_type: 'NSD-smoke' },
  smokeBattery: { ...camera, device_id: '12:34:56:80:00:12', camera_id: undefined, event_type: 'battery_status', sub_type: 0, push_type: 'NSD-battery_status' },
  carbonMonoxide: { ...camera, device_id: '12:34:56:80:00:13', camera_id: undefined, event_type: 'co_detected', sub_type: 2, push_type: 'NCO-co_detected' },
  // Home Assistant #130111, as logged.
  setpoint: {
    user_id: '91763b24c43d3e344f424e8a',
    home: { id: homeId, rooms: [{ id: '2746182631', therm_setpoint_mode: 'home' }] },
    type: 'setpoint_event',
    home_id: homeId,
    device_id: '12:34:56:00:01:ae',
    event_type: 'setpoint_event',
    room_id: '2746182631',
    mode: 'home',
    temperature: 0,
    push_type: 'display_change',
  },
  thermMode: { user_id: '91763b24c43d3e344f424e8a', home_id: homeId, event_type: 'therm_mode', mode: 'away', push_type: 'display_change' },
  schedule: { user_id: '91763b24c43d3e344f424e8a', home_id: homeId, event_type: 'schedule', schedule_id: '591b54a2764ff4d50d8b5795', push_type: 'display_change' },
  unknown: { user_id: '91763b24c43d3e344f424e8a', home_id: homeId, event_type: 'garage_door_opened', push_type: 'NLJ-garage_door_opened', extra: { level: 3 } },
} as const;
