import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
/** The CLI as the tests run it: built with the bin's own tsup settings, into a folder no one else cleans. */
export const builtCli = join(root, '.tmp', 'cli-build', 'cli.js');
const lockDir = join(root, '.tmp', 'cli-build.lock');

let built: Promise<void> | undefined;

/**
 * Builds the bin once per test run: only when a source file is newer than the last build, under
 * a lock folder so parallel workers do not build twice (the second waits and finds it fresh).
 * It builds into `.tmp/cli-build`, not `dist/`, so it never races another suite over `dist/`.
 */
export function ensureBuilt(): Promise<void> {
  built ??= buildIfStale();
  return built;
}

async function buildIfStale(): Promise<void> {
  mkdirSync(join(root, '.tmp'), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch {
      // A lock older than two minutes belongs to a worker that died mid-build.
      if (Date.now() - statSync(lockDir, { throwIfNoEntry: false })!.mtimeMs > 120_000) rmSync(lockDir, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`cannot take ${lockDir}: delete it if no test run is building`);
      await new Promise((done) => setTimeout(done, 200));
    }
  }
  try {
    if (existsSync(builtCli) && statSync(builtCli).mtimeMs > newestSource(join(root, 'src'), Math.max(statSync(join(root, 'package.json')).mtimeMs, statSync(join(root, 'tsup.config.ts')).mtimeMs))) return;
    const { build } = await import('tsup');
    const configs = (await import('../../tsup.config.js')).default as unknown as Record<string, unknown>[];
    const cliConfig = configs.find((config) => JSON.stringify(config['entry']).includes('src/cli/main.ts'));
    if (!cliConfig) throw new Error('tsup.config.ts has no entry for src/cli/main.ts');
    // Built aside, then renamed into place: a CLI child of another test file keeps running the
    // previous build instead of finding the file gone halfway (others may edit src/ meanwhile).
    const aside = join(root, '.tmp', `cli-build-${process.pid}-${Date.now()}`);
    try {
      await build({ ...cliConfig, outDir: aside, config: false, silent: true, clean: true });
      mkdirSync(dirname(builtCli), { recursive: true });
      renameSync(join(aside, 'cli.js'), builtCli);
    } finally {
      rmSync(aside, { recursive: true, force: true });
    }
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function newestSource(folder: string, newest: number): number {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    newest = entry.isDirectory() ? newestSource(path, newest) : Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** What a finished CLI run produced. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Options of {@link runCliProcess}. */
export interface RunOptions {
  /** Extra environment; NETATMO_* from the test runner's own environment are removed first. */
  env?: Record<string, string>;
  cwd?: string;
  stdin?: string;
  timeoutMs?: number;
}

/** A running CLI child, for commands that wait (login). */
export interface CliChild {
  /** Resolves with the first stdout match of `pattern`. */
  waitForStdout(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves when the process exits. */
  done: Promise<CliRun>;
  kill(signal?: NodeJS.Signals): void;
  readonly stdout: string;
  readonly stderr: string;
}

const children = new Set<ReturnType<typeof spawn>>();

afterEach(() => {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
});

/** Starts the built bin as a child process, the way a user's shell would. */
export function startCli(args: readonly string[], options: RunOptions = {}): CliChild {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('NETATMO_') && key !== 'BROWSER') env[key] = value;
  }
  const child = spawn(process.execPath, [builtCli, ...args], {
    cwd: options.cwd ?? root,
    env: { ...env, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const listener of listeners) listener();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    for (const listener of listeners) listener();
  });
  if (options.stdin !== undefined) child.stdin.end(options.stdin);
  else child.stdin.end();
  const done = new Promise<CliRun>((resolveRun) => {
    child.once('close', (code) => {
      children.delete(child);
      for (const listener of listeners) listener();
      resolveRun({ code, stdout, stderr });
    });
  });
  const timeout = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
  void done.then(() => clearTimeout(timeout));
  const waitFor = (which: () => string, pattern: RegExp, timeoutMs = 10_000): Promise<RegExpMatchArray> =>
    new Promise((resolveMatch, reject) => {
      const check = (): void => {
        const match = which().match(pattern);
        if (match) {
          cleanup();
          resolveMatch(match);
        } else if (child.exitCode !== null) {
          cleanup();
          reject(new Error(`the CLI exited (${child.exitCode}) before printing ${pattern}\nstdout:\n${stdout}\nstderr:\n${stderr}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no ${pattern} within ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });
  return {
    waitForStdout: (pattern, timeoutMs) => waitFor(() => stdout, pattern, timeoutMs),
    waitForStderr: (pattern, timeoutMs) => waitFor(() => stderr, pattern, timeoutMs),
    done,
    kill: (signal = 'SIGTERM') => child.kill(signal),
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
  };
}

/** Runs the built bin to completion. */
export function runCliProcess(args: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  return startCli(args, options).done;
}

const folders: string[] = [];

afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

/** A fresh temporary folder, deleted after the test. */
export async function tempFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'netatmo-cli-test-'));
  folders.push(folder);
  return folder;
}

/** The authorize URL `login` printed on its own line. */
export const authorizeUrlLine = /^ {2}(http:\/\/\S+\/oauth2\/authorize\?\S+)$/m;

