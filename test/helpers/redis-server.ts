import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll } from 'vitest';

/** A real redis-server on a free loopback port, started before the file's tests, stopped after them. */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** A connection closed after the current test. */
  connect(): Redis;
}

/** Registers hooks that start a redis-server for this test file; read `port` inside tests. */
export function useRedisServer(): RedisServer {
  let server: ChildProcess | undefined;
  let port = 0;
  const connections: Redis[] = [];

  beforeAll(async () => {
    if (spawnSync('redis-server', ['--version']).error) {
      throw new Error('redis-server is not installed: apt-get install -y redis-server (npm test and CI install it)');
    }
    port = await freePort();
    server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => {}); // refused until the server listens
    for (let attempt = 0; ; attempt++) {
      try {
        await probe.connect();
        await probe.ping();
        break;
      } catch (error) {
        if (attempt > 100) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    probe.disconnect();
  });

  afterEach(async () => {
    await Promise.all(connections.splice(0).map((connection) => connection.quit().catch(() => connection.disconnect())));
  });

  afterAll(async () => {
    if (!server || server.exitCode !== null) return;
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  });

  return {
    get port() {
      return port;
    },
    get url() {
      return `redis://127.0.0.1:${port}`;
    },
    connect() {
      const connection = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1 });
      connections.push(connection);
      return connection;
    },
  };
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
