import type { DashboardData } from '../../api/station/schemas.js';
import { UsageError } from '../cli-error.js';
import { stringOption, type CommandContext, type CommandSpec } from '../command.js';
import { openClient, sharedOptions } from '../connection.js';
import { ExitCode } from '../exit-codes.js';
import { compassPoint, isoTime, parseDuration, withUnit } from '../format.js';
import { say } from '../io.js';
import { renderTable, type Column } from '../table.js';

const columns: readonly Column[] = [
  { header: 'Reading (UTC)' },
  { header: 'Station / module' },
  { header: 'Temp °C', align: 'right' },
  { header: 'Hum %', align: 'right' },
  { header: 'CO2 ppm', align: 'right' },
  { header: 'Press. mbar', align: 'right' },
  { header: 'Noise dB', align: 'right' },
  { header: 'Wind km/h' },
  { header: 'Rain mm' },
  { header: 'Id' },
];

/** One station or module with a new reading, as printed. */
interface Reading {
  stationId: string;
  id: string;
  name: string;
  type: string;
  data: DashboardData;
}

export const watchCommand: CommandSpec = {
  name: 'watch',
  summary: 'print each new weather station reading as it arrives (table on a terminal, NDJSON when piped)',
  description:
    "Watches getstationsdata at the stations' own pace (client.station.watch()): the next poll is planned from the newest reading's time plus the upload interval (10 min), a few quick retries when nothing new came, never more often than --min-interval; about 6 requests an hour. Prints the stations and modules whose readings changed: a table on a terminal, one JSON object a line when piped ({time, stationId, id, name, type, readings}). The first output is the current state. Runs until Ctrl-C (exit 0) or --count updates. Needs the read_station scope.",
  options: {
    'client-id': sharedOptions['client-id'],
    'client-secret': sharedOptions['client-secret'],
    'token-file': sharedOptions['token-file'],
    device: { type: 'string', valueName: '<mac>', description: "only this station (its base's id)" },
    count: { type: 'string', valueName: '<n>', description: 'stop after this many updates (the first, current state, included)' },
    'upload-interval': { type: 'string', valueName: '<duration>', description: 'how often the stations upload: 600, 10m, 500ms', defaultText: '10m' },
    'min-interval': { type: 'string', valueName: '<duration>', description: 'never poll more often than this', defaultText: '30s' },
    'base-url': sharedOptions['base-url'],
  },
  examples: ['netatmo-connect watch', 'netatmo-connect watch --device 70:ee:50:00:00:14 | jq -c "{time, name, t: .readings.Temperature}"'],
  async run(context) {
    const count = positiveInteger(context, 'count');
    const uploadIntervalMs = duration(context, 'upload-interval') ?? 600_000;
    const minIntervalMs = duration(context, 'min-interval') ?? Math.min(30_000, uploadIntervalMs / 10);
    const deviceId = stringOption(context, 'device');
    const { client } = openClient(context);
    const stop = new AbortController();
    const onInterrupt = (): void => stop.abort();
    context.io.signal.addEventListener('abort', onInterrupt, { once: true });
    const table = context.io.stdout.isTTY === true;
    let updates = 0;
    try {
      for await (const snapshot of client.station.watch({
        signal: stop.signal,
        uploadIntervalMs,
        minIntervalMs,
        // Scaled with the interval, so a short --upload-interval (a fake, a test) stays proportionate.
        marginMs: Math.min(30_000, uploadIntervalMs / 10),
        retryIntervalMs: Math.min(60_000, uploadIntervalMs / 10),
        ...(deviceId !== undefined && { deviceId }),
      })) {
        const changed = new Set(snapshot.changed);
        const readings: Reading[] = [];
        for (const station of snapshot.data.devices) {
          const home = station.home_name ?? station.station_name;
          for (const unit of [station, ...(station.modules ?? [])]) {
            if (!changed.has(unit._id) || !unit.dashboard_data) continue;
            const name = unit === station ? [home, station.module_name].filter(Boolean).join(' · ') || station._id : `${home ?? station._id} · ${unit.module_name ?? unit._id}`;
            readings.push({ stationId: station._id, id: unit._id, name, type: unit.type, data: unit.dashboard_data });
          }
        }
        if (table) printTable(context, readings);
        else for (const reading of readings) say(context.io, JSON.stringify({ time: readingTime(reading.data), stationId: reading.stationId, id: reading.id, name: reading.name, type: reading.type, readings: reading.data }));
        updates += 1;
        if (count !== undefined && updates >= count) break;
      }
    } finally {
      context.io.signal.removeEventListener('abort', onInterrupt);
    }
    return ExitCode.ok;
  },
};

function printTable(context: CommandContext, readings: readonly Reading[]): void {
  if (readings.length === 0) return;
  const rows = readings.map(({ name, id, data }) => [
    readingTime(data)?.replace('T', ' ').replace(/Z$/, '') ?? '–',
    name,
    withUnit(data.Temperature, '', 1),
    withUnit(data.Humidity, ''),
    withUnit(data.CO2, ''),
    withUnit(data.Pressure, '', 1),
    withUnit(data.Noise, ''),
    data.WindStrength === undefined ? '–' : `${withUnit(data.WindStrength, '')} ${compassPoint(data.WindAngle)}`.trim(),
    data.sum_rain_1 === undefined ? '–' : `${withUnit(data.sum_rain_1, '', 1)} (1 h)`,
    id,
  ]);
  say(context.io, `${renderTable(columns, rows)}\n`);
}

function readingTime(data: DashboardData): string | undefined {
  return data.time_utc === undefined ? undefined : isoTime(data.time_utc * 1000);
}

function duration(context: CommandContext, name: string): number | undefined {
  const text = stringOption(context, name);
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (ms === undefined) throw new UsageError(`--${name} must be a duration such as 600, 90s, 10m or 500ms, got '${text}'`);
  return ms;
}

function positiveInteger(context: CommandContext, name: string): number | undefined {
  const text = stringOption(context, name);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new UsageError(`--${name} must be a whole number ≥ 1, got '${text}'`);
  return Number(text);
}
