/**
 * The size budget of each entry, checked in CI after `npm run build`: gzipped bytes (level 9) of
 * every file the package's exports point at, and of the main entry as a browser or edge app ships
 * it (bundled with ky, zod, p-retry and mitt, minified). Over budget exits 1.
 *
 *   node --import tsx scripts/size-budget.ts          # check dist/ against the budget
 *
 * Budgets are bytes in `size-budget.json`. The main entry's bundle is held near its size on the day
 * the budget was set (83 114 B on 2026-12-02; 121 694 B at 0.1.0); raise a number only in a commit
 * that says what the bytes buy.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../', import.meta.url));

/** The name of the bundled main entry in the budget file. */
export const MAIN_BUNDLE = 'main entry bundled for browsers (with its dependencies, minified)';

/** Gzipped size in bytes, at the level CDNs and registries use for static files. */
export function gzipSize(code: string | Uint8Array): number {
  return gzipSync(code, { level: 9 }).length;
}

/**
 * Bundles `entry` as a browser app would (every dependency in, nothing external, minified) and
 * returns its gzipped size.
 */
export async function bundledSize(entry: string): Promise<{ minified: number; gzipped: number }> {
  const result = await build({ entryPoints: [entry], bundle: true, platform: 'browser', format: 'esm', minify: true, write: false, logLevel: 'silent' });
  const code = result.outputFiles[0]!.contents;
  return { minified: code.length, gzipped: gzipSize(code) };
}

/** Every budget line: what was measured, its budget, and whether it fits. */
export async function measure(dist = join(root, 'dist')): Promise<{ name: string; bytes: number; budget: number }[]> {
  const budgets = JSON.parse(await readFile(join(root, 'size-budget.json'), 'utf8')) as Record<string, number>;
  const lines: { name: string; bytes: number; budget: number }[] = [];
  for (const [name, budget] of Object.entries(budgets)) {
    if (name.startsWith('$')) continue;
    const bytes = name === MAIN_BUNDLE ? (await bundledSize(join(dist, 'index.js'))).gzipped : gzipSize(await readFile(join(dist, '..', name)));
    lines.push({ name, bytes, budget });
  }
  return lines;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const lines = await measure();
  const width = Math.max(...lines.map((line) => line.name.length));
  let over = 0;
  for (const { name, bytes, budget } of lines) {
    const fits = bytes <= budget;
    if (!fits) over++;
    console.log(`${name.padEnd(width)}  ${String(bytes).padStart(7)} B gzipped  budget ${String(budget).padStart(7)} B  ${fits ? 'ok' : `OVER by ${bytes - budget} B`}`);
  }
  if (over > 0) {
    console.error(`\n${over} entr${over === 1 ? 'y is' : 'ies are'} over budget: make it smaller, or raise size-budget.json in a commit that says what the bytes buy.`);
    process.exit(1);
  }
}
