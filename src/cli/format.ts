/** Formatting for people: durations, times, numbers with units. */

/** `2 h 59 min`, `4 min 10 s`, `12 s`; negative durations read `… ago` via {@link relativeTime}. */
export function formatDuration(ms: number): string {
  const seconds = Math.round(Math.abs(ms) / 1000);
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${minutes} min`;
  if (minutes > 0) return `${minutes} min${rest ? ` ${rest} s` : ''}`;
  return `${rest} s`;
}

/** `in 2 h 59 min` or `3 min ago`. */
export function relativeTime(at: number, now: number): string {
  const delta = at - now;
  return delta >= 0 ? `in ${formatDuration(delta)}` : `${formatDuration(delta)} ago`;
}

/** ISO 8601 in UTC without milliseconds: `2026-01-01T12:00:00Z`. */
export function isoTime(at: number | Date): string {
  return new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A number with a fixed count of decimals and its unit, or `–` when absent. */
export function withUnit(value: number | undefined | null, unit: string, decimals = 0): string {
  if (value === undefined || value === null || !Number.isFinite(value)) return '–';
  return `${value.toFixed(decimals)}${unit ? ` ${unit}` : ''}`;
}

const compass = ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'] as const;

/** 0–360 degrees as a compass point. */
export function compassPoint(degrees: number | undefined): string {
  if (degrees === undefined || !Number.isFinite(degrees) || degrees < 0) return '';
  return compass[Math.round(degrees / 45) % 8]!;
}

/**
 * Parses a duration option: `300` (seconds), `90s`, `5m`, `1h`. Returns milliseconds, or
 * `undefined` when the text is not a positive duration.
 */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|min|h)?$/.exec(text.trim());
  if (!match) return undefined;
  const value = Number(match[1]);
  const unit = match[2] ?? 's';
  const ms = value * (unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'h' ? 3_600_000 : 60_000);
  return ms > 0 && Number.isFinite(ms) ? ms : undefined;
}
