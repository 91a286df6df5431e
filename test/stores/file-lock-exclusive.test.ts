import { appendFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { FileTokenStore } from '../../src/index.js';
import { exited, recordingLogger, spawnChild, tempDir } from './helpers.js';

/** The pid of a process that has exited (and been reaped): surely dead on this host. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

/** Replays a log of `enter X` / `exit X` / `die X` / `break …` lines; returns the most holders at once and the counts. */
function replay(lines: string[]): { most: number; entries: number; exits: number; deaths: number; breaks: number; violations: string[] } {
  const holders = new Set<string>();
  const counts = { most: 0, entries: 0, exits: 0, deaths: 0, breaks: 0, violations: [] as string[] };
  for (const [index, line] of lines.entries()) {
    const [kind, who] = line.split(' ');
    if (kind === 'enter') {
      if (holders.size > 0) counts.violations.push(`line ${index}: ${who} entered while ${[...holders].join(', ')} held the lock`);
      holders.add(who!);
      counts.entries++;
    } else if (kind === 'exit' || kind === 'die') {
      if (!holders.delete(who!)) counts.violations.push(`line ${index}: ${who} left without holding`);
      counts[kind === 'exit' ? 'exits' : 'deaths']++;
    } else if (kind === 'break') {
      counts.breaks++;
    }
    counts.most = Math.max(counts.most, holders.size);
  }
  return counts;
}

describe('FileTokenStore.withLock is exclusive', () => {
  test('40 instances on one file in one process, 200 sections at once: exactly 1 holder at a time, in arrival order, no lock broken', async () => {
    const path = join(await tempDir(), 'token.json');
    const logger = recordingLogger();
    const stores = Array.from({ length: 40 }, () => new FileTokenStore(path, { logger }));
    const order: number[] = [];
    let inside = 0;
    let most = 0;
    const sections = Array.from({ length: 200 }, (_, index) =>
      stores[index % stores.length]!.withLock(async () => {
        inside++;
        most = Math.max(most, inside);
        order.push(index);
        // Yield to the file system and timers, where a second holder would get in.
        await new Promise((resolve) => setTimeout(resolve, index % 3));
        inside--;
        return index;
      }),
    );
    expect(await Promise.all(sections)).toEqual(Array.from({ length: 200 }, (_, index) => index));
    expect(most).toBe(1);
    expect(order).toEqual(Array.from({ length: 200 }, (_, index) => index));
    expect(logger.lines.warn).toEqual([]);
    expect((await readdir(join(path, '..'))).sort()).toEqual([]);
  });

  test('generated schedules (fast-check, 25 runs): any mix of instances and outcomes (resolve, reject, synchronous throw, not a function) keeps 1 holder, settles every call, leaves no file behind', async () => {
    const outcome = fc.constantFrom('resolve', 'reject', 'throw', 'not-a-function', 'save');
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 6 }), fc.array(fc.tuple(fc.nat(5), outcome, fc.nat(3)), { minLength: 1, maxLength: 12 }), async (instances, calls) => {
        const dir = await tempDir();
        const path = join(dir, 'token.json');
        const stores = Array.from({ length: instances }, () => new FileTokenStore(path));
        let inside = 0;
        let most = 0;
        const settled = await Promise.allSettled(
          calls.map(([which, kind, delay]) => {
            const store = stores[which % instances]!;
            if (kind === 'not-a-function') return store.withLock(42 as unknown as () => Promise<unknown>);
            return store.withLock(() => {
              if (kind === 'throw') throw new Error('thrown');
              inside++;
              most = Math.max(most, inside);
              return new Promise((resolve, reject) =>
                setTimeout(() => {
                  inside--;
                  if (kind === 'reject') reject(new Error('rejected'));
                  else if (kind === 'save') resolve(store.save({ refreshToken: `r|${which}` }));
                  else resolve(kind);
                }, delay),
              );
            });
          }),
        );
        expect(most).toBe(calls.some(([, kind]) => kind !== 'throw' && kind !== 'not-a-function') ? 1 : 0);
        expect(settled.map((result) => result.status)).toEqual(calls.map(([, kind]) => (kind === 'resolve' || kind === 'save' ? 'fulfilled' : 'rejected')));
        const saved = calls.some(([, kind]) => kind === 'save');
        expect(await readdir(dir)).toEqual(saved ? ['token.json'] : []);
      }),
      { numRuns: 25 },
    );
  });

  test('an in-process waiter is bounded by lockTimeoutMs too, and its error says the holder is in this process', async () => {
    const path = join(await tempDir(), 'token.json');
    let release!: () => void;
    const holding = new FileTokenStore(path).withLock(() => new Promise<void>((resolve) => (release = resolve)));
    const error = await new FileTokenStore(path, { lockTimeoutMs: 200 }).withLock(async () => 'never').catch((caught: unknown) => caught);
    expect((error as Error).message).toBe(
      `Timed out after 200 ms waiting for the token file lock ${path}.lock, held in this process (pid ${process.pid}) by another FileTokenStore on the same file. A refresh is taking longer than lockTimeoutMs; raise it, or share one store.`,
    );
    release();
    await holding;
    // The queue goes on after a waiter gave up.
    expect(await new FileTokenStore(path).withLock(async () => 'next')).toBe('next');
  });

  test(
    '7 processes (6 children with 2 instances each, and this one), 84 sections: exactly 1 holder at a time; 3 holders SIGKILLed inside are broken exactly once each',
    async () => {
      const dir = await tempDir();
      const path = join(dir, 'token.json');
      const logFile = join(dir, 'holders.log');
      appendFileSync(logFile, '');
      const children = Array.from({ length: 6 }, (_, index) =>
        spawnChild('lock-contender.ts', {
          ID: `c${index}`,
          TOKEN_FILE: path,
          LOG_FILE: logFile,
          INSTANCES: '2',
          ROUNDS: '6',
          DIE: index % 2 === 0 ? '1' : '0',
        }),
      );
      for (const child of children) expect(await child.lines.next()).toBe('ready');
      for (const child of children) child.stdin.write('go\n');

      // This process contends too, from two instances, through the same log.
      const log = (line: string): void => appendFileSync(logFile, `${line}\n`);
      const logger = { ...recordingLogger(), warn: (message: string) => log(`break parent ${message}`) };
      const mine = [new FileTokenStore(path, { logger, lockTimeoutMs: 120_000 }), new FileTokenStore(path, { logger, lockTimeoutMs: 120_000 })];
      await Promise.all(
        mine.map(async (store, instance) => {
          for (let round = 0; round < 6; round++) {
            await store.withLock(async () => {
              log(`enter parent.${instance}`);
              await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
              log(`exit parent.${instance}`);
            });
          }
        }),
      );
      await Promise.all(children.map((child) => exited(child)));
      expect(children.map((child) => child.signalCode ?? child.exitCode)).toEqual(['SIGKILL', 0, 'SIGKILL', 0, 'SIGKILL', 0]);
      // The last death may have had no waiter left: one more holder breaks whatever is left.
      await mine[0]!.withLock(async () => log('enter parent.last'));

      const lines = (await readFile(logFile, 'utf8')).split('\n').filter(Boolean);
      const counts = replay(lines);
      expect(counts.violations).toEqual([]);
      expect(counts.most).toBe(1);
      expect(counts.entries).toBe(7 * 2 * 6 + 3 + 1);
      expect(counts.exits).toBe(7 * 2 * 6);
      expect(counts.deaths).toBe(3);
      expect(counts.breaks).toBe(3);
      for (const line of lines.filter((entry) => entry.startsWith('break '))) expect(line).toMatch(/: its holder \(pid \d+\) is dead$/);
      // Nothing left behind but the log and the dead holders' reserved temp files (removed by the next save).
      const left = (await readdir(dir)).filter((name) => name !== 'holders.log' && !name.endsWith('.tmp'));
      expect(left).toEqual([]);
    },
    120_000,
  );

  test(
    '8 processes released at once on a lock left by a dead holder, 6 rounds: it is broken exactly once per round, and exactly 1 holder at a time',
    async () => {
      const dir = await tempDir();
      const path = join(dir, 'token.json');
      const logFile = join(dir, 'holders.log');
      appendFileSync(logFile, '');
      const children = Array.from({ length: 8 }, (_, index) => spawnChild('lock-rounds.ts', { ID: `c${index}`, TOKEN_FILE: path, LOG_FILE: logFile }));
      for (const child of children) expect(await child.lines.next()).toBe('ready');
      const dead = deadPid();
      for (let round = 0; round < 6; round++) {
        // A lock whose holder died: every child finds it at the same moment and judges it abandoned.
        await writeFile(`${path}.lock`, JSON.stringify({ pid: dead, hostname: hostname(), acquiredAt: new Date().toISOString(), nonce: `dead-${round}` }));
        for (const child of children) child.stdin.write('go\n');
        for (const child of children) expect(await child.lines.next()).toBe('done');
      }
      const lines = (await readFile(logFile, 'utf8')).split('\n').filter(Boolean);
      const counts = replay(lines);
      expect(counts.violations).toEqual([]);
      expect(counts.most).toBe(1);
      expect(counts.entries).toBe(48);
      expect(counts.exits).toBe(48);
      expect(counts.breaks).toBe(6);
      for (const child of children) child.stdin.end();
      await Promise.all(children.map((child) => exited(child)));
    },
    120_000,
  );
});

