import { apiError, ok, type FakeApiRoute } from '../testing/fake-response.js';

/** Seconds between two points at each scale (a month counted as 30 days). */
const stepSeconds: Readonly<Record<string, number>> = {
  max: 300,
  '30min': 1800,
  '1hour': 3600,
  '3hours': 10_800,
  '1day': 86_400,
  '1week': 604_800,
  '1month': 2_592_000,
};

/** A smooth, deterministic value for `type` at epoch second `t`: a daily wave per quantity. */
export function syntheticValue(type: string, t: number): number | null {
  const day = Math.sin((2 * Math.PI * (t % 86_400)) / 86_400);
  const round = (value: number, decimals: number): number => Number(value.toFixed(decimals));
  switch (type.toLowerCase()) {
    case 'temperature':
      return round(12 + 6 * day, 1);
    case 'humidity':
      return Math.round(65 - 15 * day);
    case 'co2':
      return Math.round(600 + 200 * day);
    case 'pressure':
      return round(1013.2 + 2 * day, 1);
    case 'noise':
      return Math.round(40 + 5 * day);
    case 'rain':
    case 'sum_rain':
      return 0;
    case 'windstrength':
    case 'guststrength':
      return Math.round(10 + 5 * day);
    case 'windangle':
    case 'gustangle':
      return 225;
    default:
      return null;
  }
}

/**
 * `/api/getmeasure` for the demo and the CLI tests: points on the scale's grid from `date_begin`
 * to `date_end` (at most `limit`, 1024 by default), in the compressed format, with values from
 * {@link syntheticValue}. Used when the fake has no getmeasure route of its own.
 */
export const syntheticMeasureRoute: FakeApiRoute = {
  endpoint: 'getmeasure',
  methods: ['GET', 'POST'],
  scopes: ['read_station', 'read_homecoach'],
  handle({ params, now }) {
    const { device_id: deviceId, scale = '', type = '' } = params;
    if (!deviceId) return apiError(400, 10, 'Missing device_id');
    const step = stepSeconds[scale];
    if (!step) return apiError(400, 21, 'Invalid scale');
    const types = type.split(',').filter(Boolean);
    if (types.length === 0) return apiError(400, 10, 'Missing type');
    const nowSeconds = Math.floor(now / 1000);
    const end = Math.min(params['date_end'] ? Number(params['date_end']) : nowSeconds, nowSeconds);
    const begin = params['date_begin'] ? Number(params['date_begin']) : end - 1023 * step;
    const limit = Math.min(Number(params['limit'] ?? 1024) || 1024, 1024);
    const first = Math.ceil(begin / step) * step;
    const value: (number | null)[][] = [];
    for (let t = first; t <= end && value.length < limit; t += step) value.push(types.map((name) => syntheticValue(name, t)));
    return ok(value.length === 0 ? [] : [{ beg_time: first, step_time: step, value }], now);
  },
};
