import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Every source file `entry` imports at run time (type-only imports are erased, so they do not count). */
function runtimeGraph(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/^(?:import|export)\s+(?!type\b)[^'";]*?from\s+'([^']+)'/gm)) {
      const specifier = match[1]!;
      if (!specifier.startsWith('.')) continue;
      visit(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
    }
  };
  visit(join(root, entry));
  return seen;
}

test('the main entry reaches only the pure webhook event file, which loads no Node module', () => {
  const webhookFiles = [...runtimeGraph('src/index.ts')].map((file) => relative(root, file)).filter((file) => file.startsWith('src/webhooks/'));
  expect(webhookFiles).toEqual(['src/webhooks/webhook-event.ts']);
  expect(readFileSync(join(root, 'src/webhooks/webhook-event.ts'), 'utf8')).not.toMatch(/from 'node:/);
});

test('netatmo-connect/webhooks is its own entry in package.json, tsup and typedoc', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
  expect(pkg.exports['./webhooks']).toEqual({
    import: { types: './dist/webhooks.d.ts', default: './dist/webhooks.js' },
    require: { types: './dist/webhooks.d.cts', default: './dist/webhooks.cjs' },
  });
  expect(readFileSync(join(root, 'tsup.config.ts'), 'utf8')).toContain("webhooks: 'src/webhooks/index.ts'");
  expect((JSON.parse(readFileSync(join(root, 'typedoc.json'), 'utf8')) as { entryPoints: string[] }).entryPoints).toContain('src/webhooks/index.ts');
});
