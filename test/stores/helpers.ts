import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import type { Logger } from '../../src/index.js';

const dirs: string[] = [];
const children = new Set<ChildProcessWithoutNullStreams>();

afterEach(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all([...children].map((child) => exited(child)));
  children.clear();
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A fresh temp folder, removed after the test. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'netatmo-stores-'));
  dirs.push(dir);
  return dir;
}

/** A logger that keeps every line, by level. */
export function recordingLogger(): Logger & { lines: Record<'debug' | 'info' | 'warn' | 'error', string[]> } {
  const lines = { debug: [] as string[], info: [] as string[], warn: [] as string[], error: [] as string[] };
  return {
    lines,
    debug: (message) => void lines.debug.push(message),
    info: (message) => void lines.info.push(message),
    warn: (message) => void lines.warn.push(message),
    error: (message) => void lines.error.push(message),
  };
}

/**
 * A child process running `test/stores/children/<script>` through tsx, after the `preload`
 * modules (also in `children/`); killed after the test.
 */
export function spawnChild(
  script: string,
  env: Record<string, string>,
  preload: string[] = [],
): ChildProcessWithoutNullStreams & { lines: AsyncLineReader } {
  const childPath = (name: string): string => fileURLToPath(new URL(`./children/${name}`, import.meta.url));
  const imports = preload.flatMap((name) => ['--import', childPath(name)]);
  const child = spawn(process.execPath, ['--import', 'tsx', ...imports, childPath(script)], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.add(child);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return Object.assign(child, { lines: new AsyncLineReader(child, () => stderr) });
}

/** Resolves once the child has exited and been reaped (its pid is then dead). */
export function exited(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Reads a child's stdout line by line. */
export class AsyncLineReader {
  readonly #lines: string[] = [];
  readonly #waiters: ((line: string | undefined) => void)[] = [];
  #ended = false;

  constructor(
    child: ChildProcessWithoutNullStreams,
    readonly stderr: () => string,
  ) {
    let buffer = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      for (let index = buffer.indexOf('\n'); index >= 0; index = buffer.indexOf('\n')) {
        this.#push(buffer.slice(0, index));
        buffer = buffer.slice(index + 1);
      }
    });
    child.once('exit', () => {
      this.#ended = true;
      for (const waiter of this.#waiters.splice(0)) waiter(undefined);
    });
  }

  #push(line: string): void {
    const waiter = this.#waiters.shift();
    if (waiter) waiter(line);
    else this.#lines.push(line);
  }

  /** The next line; throws with the child's stderr if it exits first. */
  async next(): Promise<string> {
    const line = this.#lines.shift() ?? (this.#ended ? undefined : await new Promise<string | undefined>((resolve) => this.#waiters.push(resolve)));
    if (line === undefined) throw new Error(`child exited early; stderr:\n${this.stderr()}`);
    return line;
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
