import type { Station, StationModule } from '../../api/station/schemas.js';
import { jsonOption, stringOption, wantsJson, type CommandSpec } from '../command.js';
import { openClient, sharedOptions } from '../connection.js';
import { ExitCode } from '../exit-codes.js';
import { compassPoint, isoTime, relativeTime, withUnit } from '../format.js';
import { say, sayJson } from '../io.js';
import { renderTable, type Column } from '../table.js';

const moduleKinds: Readonly<Record<string, string>> = {
  NAMain: 'base',
  NAModule1: 'outdoor',
  NAModule2: 'wind',
  NAModule3: 'rain',
  NAModule4: 'indoor',
};

const columns: readonly Column[] = [
  { header: 'Station / module' },
  { header: 'Kind' },
  { header: 'Temp °C', align: 'right' },
  { header: 'Hum %', align: 'right' },
  { header: 'CO2 ppm', align: 'right' },
  { header: 'Press. mbar', align: 'right' },
  { header: 'Noise dB', align: 'right' },
  { header: 'Wind km/h' },
  { header: 'Rain mm 1h/24h' },
  { header: 'Battery', align: 'right' },
  { header: 'Reachable' },
  { header: 'Last seen (UTC)' },
  { header: 'Id' },
];

export const stationsCommand: CommandSpec = {
  name: 'stations',
  summary: 'table of every weather station and module with its latest readings',
  description:
    'Calls getstationsdata and prints one row per station and module: temperature (°C), humidity (%), CO2 (ppm), sea-level pressure (mbar), noise (dB), wind and gusts (km/h, compass direction), rain (mm in the last hour and today), battery (%), whether Netatmo reaches it, and when it last reported (UTC). Unreachable modules show – for readings. With --json, prints the body of getstationsdata as the SDK returns it (Netatmo field names, so the Netatmo docs apply). Needs the read_station scope.',
  options: {
    'client-id': sharedOptions['client-id'],
    'client-secret': sharedOptions['client-secret'],
    'token-file': sharedOptions['token-file'],
    device: { type: 'string', valueName: '<mac>', description: "only this station (its base's id, e.g. 70:ee:50:00:00:14)" },
    'base-url': sharedOptions['base-url'],
    json: jsonOption,
  },
  examples: ['netatmo-connect stations', "netatmo-connect stations --json | jq -r '.devices[] | \"\\(.station_name): \\(.dashboard_data.Temperature) °C\"'"],
  async run(context) {
    const { client } = openClient(context);
    const deviceId = stringOption(context, 'device');
    const data = await client.station.getStationsData(deviceId === undefined ? {} : { deviceId });
    if (wantsJson(context)) {
      sayJson(context.io, data);
      return ExitCode.ok;
    }
    if (data.devices.length === 0) {
      say(context.io, 'No weather station on this account.');
      return ExitCode.ok;
    }
    const now = Date.now();
    const rows: string[][] = [];
    for (const station of data.devices) {
      rows.push(stationRow(station, now));
      for (const module of station.modules ?? []) rows.push(moduleRow(module, now));
    }
    say(context.io, renderTable(columns, rows));
    return ExitCode.ok;
  },
};

function stationRow(station: Station, now: number): string[] {
  const home = station.home_name ?? station.station_name;
  const name = [home, station.module_name].filter(Boolean).join(' · ') || station._id;
  const lastSeen = station.dashboard_data?.time_utc ?? station.last_status_store;
  return readings(name, station.type, station.dashboard_data, 'mains', station.reachable, lastSeen, now, station._id);
}

function moduleRow(module: StationModule, now: number): string[] {
  const lastSeen = module.last_seen ?? module.last_message ?? module.dashboard_data?.time_utc;
  const battery = withUnit(module.battery_percent, '%');
  return readings(`  └ ${module.module_name ?? module._id}`, module.type, module.dashboard_data, battery, module.reachable, lastSeen, now, module._id);
}

function readings(
  name: string,
  type: string,
  data: Station['dashboard_data'],
  battery: string,
  reachable: boolean | undefined,
  lastSeen: number | undefined,
  now: number,
  id: string,
): string[] {
  const wind =
    data?.WindStrength === undefined
      ? '–'
      : `${withUnit(data.WindStrength, '')} ${compassPoint(data.WindAngle)}`.trim() + (data.GustStrength === undefined ? '' : `, gust ${withUnit(data.GustStrength, '')}`);
  const rain =
    data?.sum_rain_1 === undefined && data?.sum_rain_24 === undefined ? '–' : `${withUnit(data.sum_rain_1, '', 1)} / ${withUnit(data.sum_rain_24, '', 1)}`;
  return [
    name,
    moduleKinds[type] ?? type,
    withUnit(data?.Temperature, '', 1),
    withUnit(data?.Humidity, ''),
    withUnit(data?.CO2, ''),
    withUnit(data?.Pressure, '', 1),
    withUnit(data?.Noise, ''),
    wind,
    rain,
    battery,
    reachable === undefined ? '?' : reachable ? 'yes' : 'no',
    lastSeenText(lastSeen, now),
    id,
  ];
}

function lastSeenText(epochSeconds: number | undefined, now: number): string {
  if (!epochSeconds) return 'never';
  const at = epochSeconds * 1000;
  const text = isoTime(at).replace('T', ' ').replace(/:\d\dZ$/, '');
  // Relative time helps for recent readings; for old ones the date says it all.
  return now - at < 48 * 3_600_000 ? `${text} (${relativeTime(at, now)})` : text;
}
