import type * as Crypto from 'node:crypto';
import type * as Fs from 'node:fs/promises';
import type * as Os from 'node:os';
import type * as Path from 'node:path';

/**
 * Node's built-in modules that Node-only features (the file token store) load on first use.
 *
 * @internal
 */
export interface NodeBuiltins {
  'node:fs/promises': typeof Fs;
  'node:path': typeof Path;
  'node:os': typeof Os;
  'node:crypto': typeof Crypto;
}

/**
 * Imports a Node built-in at run time, out of sight of bundlers. A literal `import('node:fs')`
 * makes esbuild, webpack or Vite try to bundle the module for a browser or edge build, and fail;
 * a specifier held in a variable (and the ignore comments webpack and Vite read) leaves the import
 * to the runtime, so the main entry bundles for any platform and only the feature that needs the
 * module fails, with the runtime's own error, where it is missing.
 *
 * @internal
 */
export function importNodeBuiltin<Name extends keyof NodeBuiltins>(name: Name): Promise<NodeBuiltins[Name]> {
  const specifier: string = name;
  return import(/* webpackIgnore: true */ /* @vite-ignore */ specifier) as Promise<NodeBuiltins[Name]>;
}
