import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isKnownMeasureType, knownMeasureTypes, measureScales, type MeasureScale } from '../../api/shared/measure-types.js';
import type { IterateMeasuresParams } from '../../api/station/station-api.js';
import { UsageError } from '../cli-error.js';
import { listOption, requiredOption, stringOption, type CommandSpec } from '../command.js';
import { openClient, sharedOptions } from '../connection.js';
import { ExitCode } from '../exit-codes.js';
import { formatDuration, isoTime, parseDuration } from '../format.js';
import { note, type OutputStream } from '../io.js';
import { createProgress } from '../progress-bar.js';

const DAY_MS = 86_400_000;

export const exportCommand: CommandSpec = {
  name: 'export',
  summary: 'history of a station or module to CSV or NDJSON',
  description:
    "Pages through getmeasure (1024 points a request) from --from to --to and writes one line per point: CSV (time,<types…>), NDJSON ({\"time\",…}, also --json) or one JSON array (--format json). Times are UTC ISO 8601; units are Netatmo's (°C, %, ppm, mbar, dB, mm, km/h, degrees); a missing value is empty (CSV) or null (NDJSON). Requests stay within the client's rate budget (50 per 10 s, 500 per hour) and wait when it is spent. A progress bar is drawn on stderr when it is a terminal, plain lines otherwise. Nothing reaches stdout before the first page arrived, so a request that fails leaves stdout empty; with --out the file appears only once complete.",
  options: {
    device: { type: 'string', valueName: '<mac>', description: "the station's base id (NAMain), e.g. 70:ee:50:00:00:14; see `stations`" },
    module: { type: 'string', valueName: '<mac>', description: 'a module of that station (outdoor, wind, rain, indoor); omit for the base' },
    types: { type: 'string', multiple: true, valueName: '<types>', description: 'measure types, comma-separated or repeated', defaultText: 'Temperature,Humidity' },
    scale: { type: 'string', valueName: '<scale>', description: `one of ${measureScales.join(', ')}`, defaultText: '30min' },
    from: { type: 'string', valueName: '<when>', description: 'start: 2026-01-01, 2026-01-01T06:00:00Z, epoch seconds, or 7d (days ago)', defaultText: '1d' },
    to: { type: 'string', valueName: '<when>', description: 'end, in the same forms, or now', defaultText: 'now' },
    format: { type: 'string', valueName: '<csv|ndjson|json>', description: 'output format', defaultText: 'csv, or ndjson for an --out ending in .ndjson/.jsonl, json for .json' },
    json: { type: 'boolean', description: 'short for --format ndjson: one JSON object a line, as the points arrive' },
    out: { type: 'string', valueName: '<file>', description: 'write here instead of stdout' },
    'client-id': sharedOptions['client-id'],
    'client-secret': sharedOptions['client-secret'],
    'token-file': sharedOptions['token-file'],
    'base-url': sharedOptions['base-url'],
  },
  examples: [
    'netatmo-connect export --device 70:ee:50:00:00:14 --from 7d > indoor.csv',
    'netatmo-connect export --device 70:ee:50:00:00:14 --module 02:00:00:00:00:14 --types Temperature --scale max --from 2026-01-01 --to 2026-02-01 --out outdoor.ndjson',
  ],
  async run(context) {
    const { io } = context;
    const deviceId = requiredOption(context, 'device', "the station's id (its base, NAMain): run `netatmo-connect stations` to see it");
    const moduleId = stringOption(context, 'module');
    const scale = (stringOption(context, 'scale') ?? '30min') as MeasureScale;
    if (!measureScales.includes(scale)) throw new UsageError(`--scale must be one of ${measureScales.join(', ')}, got '${scale}'`);
    const types = listOption(context, 'types');
    if (types.length === 0) types.push('Temperature', 'Humidity');
    for (const type of types) {
      if (!isKnownMeasureType('weather', scale, type)) {
        throw new UsageError(`--types: '${type}' is not a measure type at scale ${scale}; use ${knownMeasureTypes('weather', scale).join(', ')}`);
      }
    }
    const now = Date.now();
    const to = parseWhen(stringOption(context, 'to') ?? 'now', '--to', now);
    const from = parseWhen(stringOption(context, 'from') ?? '1d', '--from', now);
    if (from > to) throw new UsageError(`--from (${isoTime(from)}) must not be after --to (${isoTime(to)})`);
    const out = stringOption(context, 'out');
    const explicitFormat = stringOption(context, 'format');
    if (context.values['json'] === true && explicitFormat !== undefined && explicitFormat !== 'ndjson') {
      throw new UsageError(`--json means --format ndjson: drop one of --json and --format ${explicitFormat}`);
    }
    const formatText = context.values['json'] === true ? 'ndjson' : (explicitFormat ?? formatFromFileName(out));
    if (formatText !== 'csv' && formatText !== 'ndjson' && formatText !== 'json') throw new UsageError(`--format must be csv, ndjson or json, got '${formatText}'`);

    const { client } = openClient(context);
    client.on('rateLimited', ({ retryAfterMs }) => {
      note(io, `export: waiting for the rate budget${retryAfterMs === undefined ? '' : ` (${formatDuration(retryAfterMs)})`}…`);
    });

    const target = out === undefined ? undefined : resolve(io.cwd, out);
    // Written under a temporary name and renamed at the end, so a failed export leaves no half file.
    const temp = target && `${target}.${process.pid}.part`;
    const file = temp ? createWriteStream(temp, { flags: 'wx' }) : undefined;
    const sink: Sink = file ? fileSink(file) : streamSink(io.stdout);
    const progress = createProgress(io.stderr, 'export');
    let count = 0;
    // What comes before the first point (the CSV header, JSON's '['), held back until that point
    // arrived: a first request that fails must leave stdout empty, not a header a script takes for data.
    let pending = formatText === 'csv' ? `${['time', ...types].map(csvCell).join(',')}\n` : formatText === 'json' ? '[' : '';
    try {
      const points = client.station.iterateMeasures({
        deviceId,
        ...(moduleId !== undefined && { moduleId }),
        scale,
        types,
        dateBegin: new Date(from),
        dateEnd: new Date(to),
      } as IterateMeasuresParams);
      for await (const point of points) {
        const values = types.map((type) => (point.values as Record<string, number | null>)[type] ?? null);
        const line =
          formatText === 'csv'
            ? [isoTime(point.time), ...values.map((value) => (value === null ? '' : String(value)))].join(',')
            : JSON.stringify(Object.fromEntries([['time', isoTime(point.time)], ...types.map((type, index) => [type, values[index]])]));
        await sink.write(formatText === 'json' ? `${count === 0 ? pending : ','}\n${line}` : `${pending}${line}\n`);
        pending = '';
        count++;
        progress.update(to === from ? 1 : (point.time.getTime() - from) / (to - from), `${count} points, up to ${isoTime(point.time)}`);
      }
      await sink.write(formatText === 'json' ? (count === 0 ? '[]\n' : '\n]\n') : pending);
      await sink.end();
      if (temp && target) await rename(temp, target);
    } catch (error) {
      await sink.end().catch(() => {});
      if (temp) await rm(temp, { force: true });
      throw error;
    }
    progress.done(`${count} points from ${isoTime(from)} to ${isoTime(to)}${target ? ` written to ${target}` : ''}`);
    return ExitCode.ok;
  },
};

/** The format an --out file's extension implies: .ndjson/.jsonl → ndjson, .json → json, else csv. */
function formatFromFileName(out: string | undefined): string {
  if (out && /\.(ndjson|jsonl)$/i.test(out)) return 'ndjson';
  if (out && /\.json$/i.test(out)) return 'json';
  return 'csv';
}

/** `now`, epoch seconds, an ISO date or time (UTC unless it says otherwise), or `7d`/`12h` ago. */
function parseWhen(text: string, option: string, now: number): number {
  const value = text.trim();
  if (value === 'now') return now;
  if (/^\d{9,11}$/.test(value)) return Number(value) * 1000;
  const ago = /^(\d+(?:\.\d+)?)\s*(d|w)$/.exec(value);
  if (ago) return now - Number(ago[1]) * (ago[2] === 'w' ? 7 : 1) * DAY_MS;
  const duration = /^\d/.test(value) && !value.includes('-') ? parseDuration(value) : undefined;
  if (duration !== undefined && /[a-z]$/.test(value)) return now - duration;
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(value)) {
    // A date or time without an offset is UTC, so the same command means the same span anywhere.
    const iso = value.replace(' ', 'T');
    const withZone = /T/.test(iso) && !/(Z|[+-]\d{2}:?\d{2})$/i.test(iso) ? `${iso}Z` : iso;
    const ms = Date.parse(withZone);
    if (Number.isFinite(ms)) return ms;
  }
  throw new UsageError(`${option} '${text}' is not a time: use 2026-01-01, 2026-01-01T06:00:00Z, epoch seconds, now, or 7d / 12h (ago)`);
}

function csvCell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

interface Sink {
  write(text: string): Promise<void>;
  end(): Promise<void>;
}

function fileSink(file: WriteStream): Sink {
  const opened = new Promise<void>((resolvePromise, reject) => {
    file.once('open', () => resolvePromise());
    file.once('error', reject);
  });
  return {
    async write(text) {
      await opened;
      if (text === '') return;
      if (!file.write(text)) await new Promise<void>((resolvePromise) => file.once('drain', () => resolvePromise()));
    },
    end: () =>
      new Promise<void>((resolvePromise, reject) => {
        if (file.closed) return resolvePromise();
        file.once('error', reject);
        file.end(() => resolvePromise());
      }),
  };
}

function streamSink(stream: OutputStream): Sink {
  return {
    async write(text) {
      if (text === '') return;
      const writable = stream as OutputStream & { once?(event: 'drain', listener: () => void): unknown };
      if (!stream.write(text) && writable.once) await new Promise<void>((resolvePromise) => writable.once!('drain', () => resolvePromise()));
    },
    end: async () => {},
  };
}
