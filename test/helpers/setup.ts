import { createServer } from 'node:net';
import { afterEach } from 'vitest';
import { createNetatmoClient, MemoryTokenStore, type NetatmoClient, type NetatmoClientOptions } from '../../src/index.js';
import { startFakeNetatmo, type FakeNetatmo, type FakeNetatmoOptions } from '../../src/testing/index.js';

const running: FakeNetatmo[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((fake) => fake.close()));
});

/** Starts a fake Netatmo that is closed after the current test. */
export async function fakeNetatmo(options?: FakeNetatmoOptions): Promise<FakeNetatmo> {
  const fake = await startFakeNetatmo(options);
  running.push(fake);
  return fake;
}

/**
 * A client wired to `fake`: no rate budget and fast retries unless the test says otherwise, so
 * tests count requests, not seconds.
 */
export function clientFor(fake: FakeNetatmo, options: Partial<NetatmoClientOptions> = {}): NetatmoClient {
  return createNetatmoClient({
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    baseUrl: fake.url,
    rateLimit: false,
    retry: { retries: 2, minTimeoutMs: 1, maxTimeoutMs: 5 },
    ...options,
  });
}

/** A store holding a fresh pair issued by `fake`. */
export function storeWithTokens(fake: FakeNetatmo, overrides: Partial<ReturnType<FakeNetatmo['issueTokens']>> = {}): MemoryTokenStore {
  return new MemoryTokenStore({ ...fake.issueTokens(), ...overrides });
}

/** A manually advanced clock, shared by a client and a fake. */
export function manualClock(start = Date.UTC(2026, 0, 1)): { now: () => number; advance: (ms: number) => void; set: (ms: number) => void } {
  let current = start;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
    set: (ms) => {
      current = ms;
    },
  };
}

/** A loopback port nothing listens on: connections to it are refused at once. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
