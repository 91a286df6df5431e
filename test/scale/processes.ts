import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';

const running = new Set<ChildProcessWithoutNullStreams>();

afterEach(async () => {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all([...running].map((child) => (child.exitCode !== null || child.signalCode !== null ? undefined : new Promise((resolve) => child.once('exit', resolve)))));
  running.clear();
});

/**
 * A worker process running `test/scale/children/<script>` through tsx. It prints `ready` once set
 * up, starts on {@link Worker.go}, and prints one JSON line with its result before it exits.
 */
export interface Worker<Result> {
  /** Resolves once the worker printed `ready`. */
  ready: Promise<void>;
  /** Tells the worker to start (all workers of a test start together). */
  go(): void;
  /** The worker's JSON result; rejects with its stderr if it exits without one. */
  result: Promise<Result>;
}

export function spawnWorker<Result>(script: string, env: Record<string, string>): Worker<Result> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(`./children/${script}`, import.meta.url))], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  running.add(child);
  let stderr = '';
  let stdout = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (stdout.includes('ready\n')) markReady();
  });
  const result = new Promise<Result>((resolve, reject) => {
    child.once('exit', (code) => {
      const last = stdout.trim().split('\n').at(-1) ?? '';
      if (code === 0 && last.startsWith('{')) resolve(JSON.parse(last) as Result);
      else reject(new Error(`worker ${script} exited with ${String(code)}; stdout:\n${stdout}\nstderr:\n${stderr}`));
    });
  });
  // A worker that dies before `ready` must fail the test, not hang it.
  void result.catch(() => markReady());
  return { ready, go: () => void child.stdin.write('go\n'), result };
}

/** Spawns `count` workers, waits until all are ready, starts them together and collects their results. */
export async function runWorkers<Result>(count: number, script: string, env: (index: number) => Record<string, string>): Promise<Result[]> {
  const workers = Array.from({ length: count }, (_, index) => spawnWorker<Result>(script, env(index)));
  await Promise.all(workers.map((worker) => worker.ready));
  for (const worker of workers) worker.go();
  return Promise.all(workers.map((worker) => worker.result));
}
