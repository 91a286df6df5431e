/**
 * A Prometheus exporter for weather stations with prom-client, drop-in for netatmo-exporter's
 * dashboards: the same metric names and labels (`netatmo_sensor_temperature_celsius{module,station}`,
 * …, `netatmo_up`, `netatmo_exporter_token_valid`, `netatmo_exporter_token_expiry_time`), plus the
 * SDK's own request metrics through its hooks (`netatmo_connect_requests_total`,
 * `netatmo_connect_request_duration_seconds`).
 *
 * Run it: `NETATMO_CLIENT_ID=… NETATMO_CLIENT_SECRET=… NETATMO_TOKEN_FILE=./netatmo-token.json npx tsx examples/prometheus-exporter.ts`,
 * then scrape http://127.0.0.1:9210/metrics (`PORT` changes the port). netatmo-exporter's token file
 * works as is. Scope: `read_station`.
 */
import { createServer, type Server } from 'node:http';
import { createNetatmoClient, FileTokenStore, type NetatmoClient, type NetatmoClientOptions, type NetatmoHooks, type Station, type StationModule } from 'netatmo-connect';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { isMain } from './client-from-env.js';

/** netatmo-exporter's readings: metric name, help, and where the value sits in `dashboard_data`. */
const readings = [
  ['temperature_celsius', 'Temperature measurement in celsius', 'Temperature'],
  ['humidity_percent', 'Relative humidity measurement in percent', 'Humidity'],
  ['co2_ppm', 'Carbondioxide measurement in parts per million', 'CO2'],
  ['noise_db', 'Noise measurement in decibels', 'Noise'],
  ['pressure_mb', 'Atmospheric pressure measurement in millibar', 'Pressure'],
  ['wind_strength_kph', 'Wind strength in kilometers per hour', 'WindStrength'],
  ['wind_direction_degrees', 'Wind direction in degrees', 'WindAngle'],
  ['rain_amount_mm', 'Rain amount in millimeters', 'Rain'],
] as const;

/** Request metrics fed by the client's hooks: one count and one duration per attempt. */
export function requestMetrics(registry: Registry): NetatmoHooks {
  const requests = new Counter({ name: 'netatmo_connect_requests_total', help: 'HTTP attempts to Netatmo, by endpoint and status (0: no answer)', labelNames: ['endpoint', 'status'], registers: [registry] });
  const duration = new Histogram({
    name: 'netatmo_connect_request_duration_seconds',
    help: 'Duration of HTTP attempts to Netatmo, by endpoint',
    labelNames: ['endpoint'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15],
    registers: [registry],
  });
  return {
    afterResponse: ({ request, status, durationMs }) => {
      requests.inc({ endpoint: request.endpoint, status: String(status) });
      duration.observe({ endpoint: request.endpoint }, durationMs / 1000);
    },
  };
}

/**
 * Registers the station, exporter and token metrics on `registry`. Each scrape reads the stations
 * at most once per `refreshIntervalMs` (Netatmo updates every 10 minutes; netatmo-exporter's
 * default is 8) and serves the cached readings in between.
 */
export function registerStationMetrics(client: NetatmoClient, registry: Registry, options: { refreshIntervalMs?: number; now?: () => number } = {}): void {
  const refreshIntervalMs = options.refreshIntervalMs ?? 8 * 60_000;
  const now = options.now ?? Date.now;
  let cached: { at: number; devices: Station[] } | undefined;
  let lastRefresh = 0;
  let lastError: unknown;

  async function stations(): Promise<Station[]> {
    if (now() - lastRefresh >= refreshIntervalMs) {
      lastRefresh = now();
      try {
        cached = { at: lastRefresh, devices: (await client.station.getStationsData()).devices };
        lastError = undefined;
      } catch (error) {
        // Served stale until the next try, as netatmo-exporter does; netatmo_up says so.
        lastError = error;
      }
    }
    return cached?.devices ?? [];
  }

  // prom-client collects every metric of a scrape at once: each sensor gauge waits for the one
  // shared fill below, which reads the stations (or the cache) and sets them all.
  let filling: Promise<void> | undefined;
  const ready = (): Promise<void> => (filling ??= fillAll().finally(() => (filling = undefined)));
  const labelNames = ['module', 'station'] as const;
  const gauge = (name: string, help: string): Gauge<'module' | 'station'> => new Gauge({ name, help, labelNames, registers: [registry], collect: ready });
  const sensors = readings.map(([name, help, field]) => ({ field, gauge: gauge(`netatmo_sensor_${name}`, help) }));
  const updated = gauge('netatmo_sensor_updated', 'Timestamp of last update');
  const battery = gauge('netatmo_sensor_battery_percent', 'Battery remaining life (10: low)');
  const wifi = gauge('netatmo_sensor_wifi_signal_strength', 'Wifi signal strength (86: bad, 71: avg, 56: good)');
  const rf = gauge('netatmo_sensor_rf_signal_strength', 'RF signal strength (90: lowest, 60: highest)');

  async function fillAll(): Promise<void> {
    const devices = await stations();
    // Reset and refill in one synchronous step, so no scrape sees a half-filled set.
    for (const each of [updated, battery, wifi, rf, ...sensors.map((sensor) => sensor.gauge)]) each.reset();
    for (const station of devices) {
      const name = station.station_name ?? station.home_name ?? station._id;
      fill(station, name);
      for (const module of station.modules ?? []) fill(module, name);
    }
  }

  const fill = (device: Station | StationModule, station: string): void => {
    const data = device.dashboard_data;
    const labels = { module: device.module_name ?? device._id, station };
    if (data?.time_utc !== undefined) updated.set(labels, data.time_utc);
    for (const { field, gauge } of sensors) {
      const value = (data as Record<string, unknown> | undefined)?.[field];
      if (typeof value === 'number') gauge.set(labels, value);
    }
    if ('battery_percent' in device && typeof device.battery_percent === 'number') battery.set(labels, device.battery_percent);
    if ('wifi_status' in device && typeof device.wifi_status === 'number') wifi.set(labels, device.wifi_status);
    if ('rf_status' in device && typeof device.rf_status === 'number') rf.set(labels, device.rf_status);
  };

  new Gauge({
    name: 'netatmo_up',
    help: 'Zero if there was an error during the last refresh try.',
    registers: [registry],
    async collect() {
      await ready();
      this.set(lastRefresh === 0 || lastError !== undefined ? 0 : 1);
    },
  });
  new Gauge({
    name: 'netatmo_last_refresh_time',
    help: 'Contains the time of the last refresh try, successful or not.',
    registers: [registry],
    async collect() {
      await ready();
      this.set(lastRefresh === 0 ? 0 : Math.floor(lastRefresh / 1000));
    },
  });
  new Gauge({
    name: 'netatmo_cache_updated_time',
    help: 'Contains the time of the cached data.',
    registers: [registry],
    async collect() {
      await ready();
      this.set(cached ? Math.floor(cached.at / 1000) : 0);
    },
  });
  new Gauge({
    name: 'netatmo_exporter_token_valid',
    help: 'Set to 1 if there is a valid token, 0 otherwise.',
    registers: [registry],
    async collect() {
      const { state } = await client.tokens.status();
      this.set(state === 'valid' || state === 'expiring' ? 1 : 0);
    },
  });
  new Gauge({
    name: 'netatmo_exporter_token_expiry_time',
    help: 'Set to the unix timestamp when the token will expire. 0 if no expiry is set.',
    registers: [registry],
    async collect() {
      const { state, expiresAt } = await client.tokens.status();
      this.set((state === 'valid' || state === 'expiring') && expiresAt ? Math.floor(expiresAt.getTime() / 1000) : 0);
    },
  });
}

/** A client with request metrics, and a registry holding every metric above. */
export function createExporter(options: NetatmoClientOptions, settings: { refreshIntervalMs?: number } = {}): { client: NetatmoClient; registry: Registry } {
  const registry = new Registry();
  const client = createNetatmoClient({ ...options, hooks: requestMetrics(registry), userAgent: 'netatmo-connect-prometheus-example' });
  registerStationMetrics(client, registry, settings);
  return { client, registry };
}

/** Serves `registry` on GET /metrics. */
export function serveMetrics(registry: Registry, port: number, host = '127.0.0.1'): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.url !== '/metrics') {
      response.writeHead(404).end('see /metrics\n');
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (error: unknown) => response.writeHead(500).end(`${String(error)}\n`),
    );
  });
  return new Promise((resolve) => server.listen(port, host, () => resolve(server)));
}

if (isMain(import.meta.url)) {
  const { NETATMO_CLIENT_ID, NETATMO_CLIENT_SECRET, NETATMO_TOKEN_FILE = './netatmo-token.json', PORT = '9210' } = process.env;
  if (!NETATMO_CLIENT_ID || !NETATMO_CLIENT_SECRET) {
    console.error('Set NETATMO_CLIENT_ID and NETATMO_CLIENT_SECRET, and NETATMO_TOKEN_FILE (made by `netatmo-connect login`, or netatmo-exporter\'s).');
    process.exit(1);
  }
  const { registry } = createExporter({ clientId: NETATMO_CLIENT_ID, clientSecret: NETATMO_CLIENT_SECRET, tokenStore: new FileTokenStore(NETATMO_TOKEN_FILE) });
  await serveMetrics(registry, Number(PORT));
  console.log(`Serving http://127.0.0.1:${PORT}/metrics`);
}
