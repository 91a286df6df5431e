/**
 * One process of the bench's latency figure (see `latencyInProcesses`): measures the three sides
 * against the fake named in BENCH_TARGET and prints its figures as one JSON line.
 */
import { measureLatency } from './latency.js';
import { benchSides, importBuiltSdk, type BenchTarget } from './sides.js';

const target = JSON.parse(process.env['BENCH_TARGET']!) as BenchTarget;
const options = JSON.parse(process.env['BENCH_LATENCY']!) as { rounds: number; callsPerRound: number };
const run = await measureLatency(benchSides(await importBuiltSdk(), target), options);
process.stdout.write(`${JSON.stringify(run)}\n`);
