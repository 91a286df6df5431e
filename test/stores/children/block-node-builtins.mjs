// Preload: makes node:fs, node:path and node:os unresolvable, as in a runtime that lacks them.
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
const blocked = new Set(['fs', 'fs/promises', 'path', 'os', 'node:fs', 'node:fs/promises', 'node:path', 'node:os']);
export async function resolve(specifier, context, next) {
  if (blocked.has(specifier)) throw new Error('blocked ' + specifier);
  return next(specifier, context);
}`),
);
