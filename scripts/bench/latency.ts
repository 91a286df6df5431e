import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { BenchSide, BenchTarget } from './sides.js';

/** One process's figures: the median over its rounds of each side's ms per call and of the SDK's ratios. */
export interface LatencyRun {
  ms: Record<BenchSide, number>;
  ratio: { kyZod: number; raw: number };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * The orders of a Williams design: over its turns, each side comes first equally often and, within
 * a turn, follows every other side equally often (an odd count needs each order mirrored too). A
 * plain rotation puts each side behind the same neighbour in most turns, and a call can pay for
 * what the one before it left behind (a connection still being released, garbage).
 */
export function williamsOrders(count: number): number[][] {
  const first = [0];
  for (let step = 1; first.length < count; step++) {
    first.push(step);
    if (first.length < count) first.push(count - step);
  }
  const orders = first.map((_, row) => first.map((side) => (side + row) % count));
  return count % 2 === 0 ? orders : [...orders, ...orders.map((order) => [...order].reverse())];
}

/**
 * Sequential calls, interleaved one by one: each round makes `callsPerRound` calls of every side,
 * one of each in turn in a carry-over balanced order, so all sides see the same machine, pool and
 * heap at every moment. A round's ratio divides sums taken side by side.
 */
export async function measureLatency(
  sides: Record<BenchSide, () => Promise<unknown>>,
  { rounds, callsPerRound }: { rounds: number; callsPerRound: number },
): Promise<LatencyRun> {
  const names = Object.keys(sides) as BenchSide[];
  for (const name of names) for (let index = 0; index < callsPerRound; index++) await sides[name](); // JIT and pool
  const orders = williamsOrders(names.length);
  const roundMs: Record<BenchSide, number[]> = { sdk: [], kyZod: [], raw: [] };
  const ratios = { kyZod: [] as number[], raw: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    const spent: Record<BenchSide, number> = { sdk: 0, kyZod: 0, raw: 0 };
    for (let index = 0; index < callsPerRound; index++) {
      for (const position of orders[index % orders.length]!) {
        const name = names[position]!;
        const started = performance.now();
        await sides[name]();
        spent[name] += performance.now() - started;
      }
    }
    for (const name of names) roundMs[name].push(spent[name] / callsPerRound);
    ratios.kyZod.push(spent.sdk / spent.kyZod);
    ratios.raw.push(spent.sdk / spent.raw);
  }
  return {
    ms: { sdk: median(roundMs.sdk), kyZod: median(roundMs.kyZod), raw: median(roundMs.raw) },
    ratio: { kyZod: median(ratios.kyZod), raw: median(ratios.raw) },
  };
}

/**
 * Runs {@link measureLatency} in `processes` fresh processes, one after another, against the same
 * fake. One process's figure carries that process's own luck (where the JIT inlined, how its heap
 * is laid out): the same build measured 0.98–1.07× ky + zod from one process to the next, so the
 * goal figure is the median over the processes, and their range is printed beside it.
 */
export async function latencyInProcesses(target: BenchTarget, processes: number, options: { rounds: number; callsPerRound: number }): Promise<LatencyRun[]> {
  const worker = fileURLToPath(new URL('./latency-worker.ts', import.meta.url));
  const runs: LatencyRun[] = [];
  for (let index = 0; index < processes; index++) {
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', worker], {
        env: { ...process.env, BENCH_TARGET: JSON.stringify(target), BENCH_LATENCY: JSON.stringify(options) },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`the latency worker exited with ${code}`))));
    });
    runs.push(JSON.parse(output) as LatencyRun);
  }
  return runs;
}
