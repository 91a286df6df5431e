import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

/** The parts of typedoc's JSON output these checks read. */
interface Reflection {
  name: string;
  kind: number;
  flags?: { isExternal?: boolean; isInherited?: boolean };
  inheritedFrom?: unknown;
  comment?: { blockTags?: { tag: string }[] };
  signatures?: Reflection[];
  children?: Reflection[];
}

const Kind = { Module: 2, Interface: 256, Class: 128, Function: 64, Constructor: 512, Method: 2048 } as const;
let work: string;
let project: { readme?: unknown[]; children: Reflection[] };

/** typedoc with the project's typedoc.json, to JSON (the same run `npm run docs` makes, warnings are errors). */
beforeAll(async () => {
  await mkdir(join(root, '.tmp'), { recursive: true });
  work = await mkdtemp(join(root, '.tmp', 'docs-'));
  await run(process.execPath, [join(root, 'node_modules', 'typedoc', 'bin', 'typedoc'), '--json', join(work, 'api.json')], { cwd: root });
  project = JSON.parse(await readFile(join(work, 'api.json'), 'utf8')) as typeof project;
}, 180_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

const hasExample = (reflection: Reflection | undefined): boolean => Boolean(reflection?.comment?.blockTags?.some((tag) => tag.tag === '@example'));
const signaturesHaveExample = (reflection: Reflection): boolean => hasExample(reflection) || (reflection.signatures ?? []).some(hasExample);

test('the docs have the README as landing page and one page per entry', () => {
  expect(project.readme?.length).toBeGreaterThan(0);
  const entries = ['netatmo-connect', 'netatmo-connect/redis', 'netatmo-connect/testing'];
  if (existsSync(join(root, 'src', 'webhooks', 'index.ts'))) entries.push('netatmo-connect/webhooks');
  expect(project.children.filter((child) => child.kind === Kind.Module).map((child) => child.name).sort()).toEqual(entries.sort());
});

test('every class and function a user calls has an @example (on it, its constructor, or each method)', () => {
  const missing: string[] = [];
  // Methods users call on the objects the SDK hands them (the client, the fake), besides exported classes' own.
  const calledInterfaces = new Set(['NetatmoClient', 'FakeNetatmo', 'NetatmoHooks']);
  for (const entry of project.children) {
    for (const item of entry.children ?? []) {
      const where = `${entry.name}: ${item.name}`;
      if (item.kind === Kind.Function && !signaturesHaveExample(item)) missing.push(where);
      if (item.kind === Kind.Class) {
        const constructor = item.children?.find((child) => child.kind === Kind.Constructor);
        if (!hasExample(item) && !(constructor && signaturesHaveExample(constructor))) missing.push(where);
      }
      if (item.kind === Kind.Class || (item.kind === Kind.Interface && calledInterfaces.has(item.name))) {
        for (const method of item.children ?? []) {
          // Error's own statics and toJSON, and the store and rate-limiter methods the SDK (not the user) calls, are left out.
          if (method.kind !== Kind.Method || method.inheritedFrom || ['toJSON', 'captureStackTrace', 'prepareStackTrace', 'load', 'save', 'clear', 'withLock', 'acquire', 'pause'].includes(method.name)) continue;
          if (!signaturesHaveExample(method)) missing.push(`${where}.${method.name}`);
        }
      }
    }
  }
  expect(missing).toEqual([]);
});
