/**
 * What every scale worker shares: reading its settings, the ready/go handshake with the test,
 * and printing its result as the last line.
 */
import { Redis } from 'ioredis';

/** A required environment variable. */
export function setting(name: string): string {
  const value = process.env[name];
  if (value === undefined) throw new Error(`worker: ${name} is not set`);
  return value;
}

/** Prints `ready` and resolves when the test writes `go`. */
export function readyThenGo(): Promise<void> {
  process.stdout.write('ready\n');
  return new Promise((resolve) => {
    process.stdin.setEncoding('utf8').on('data', (chunk: string) => {
      if (chunk.includes('go')) resolve();
    });
  });
}

/** Prints the result as the last line and exits. */
export function finish(result: unknown, redis?: Redis): void {
  process.stdout.write(`${JSON.stringify(result)}\n`, () => {
    redis?.disconnect();
    process.exit(0);
  });
}

/** A connection to the test's redis-server. */
export function connectRedis(): Redis {
  return new Redis(setting('REDIS_URL'), { maxRetriesPerRequest: 1 });
}

/** Counts errors by name, for the result. */
export function countErrors(errors: unknown[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const error of errors) {
    const name = error instanceof Error ? `${error.name}${'code' in error && error.code !== undefined ? ` ${String(error.code)}` : ''}` : String(error);
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}
