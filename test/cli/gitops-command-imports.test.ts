/**
 * The commands that talk to a running agent must answer in well under a
 * second, so what they load at import is held to node built-ins and small
 * local modules: no zod, yaml, kube client, scheduler or simulator. This
 * follows each command module's static imports (type-only imports are
 * erased and not followed; dynamic `import()` is lazy and not followed).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

const COMMANDS = ['status', 'decisions', 'approve', 'reject', 'refresh', 'suspend', 'why'].map(
  (name) => `src/operator/cli/${name}-command.ts`,
);

/** Local folders a light command must not reach. */
const HEAVY_FOLDERS = [
  'src/kube/',
  'src/scheduling/',
  'src/sim/',
  'src/cloudprovider/',
  'src/provisioning/',
  'src/disruption/',
  'src/controllers/',
  'ui/',
];

const STATIC_IMPORT = /^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;

/** The runtime (non-type) import specifiers of a source text. */
function runtimeImports(text: string): string[] {
  return [...text.matchAll(STATIC_IMPORT)].map((match) => match[1]);
}

/** Every repository file and package `entry` loads at import, following relative imports. */
function importGraph(entry: string): { files: Set<string>; packages: Map<string, string> } {
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    for (const spec of runtimeImports(readFileSync(resolve(ROOT, file), 'utf8'))) {
      if (spec.startsWith('.')) pending.push(relative(ROOT, resolve(ROOT, dirname(file), spec)).replace(/\.js$/, '.ts'));
      else packages.set(spec, file);
    }
  }
  return { files, packages };
}

describe('the agent commands load only what they need', () => {
  it('finds the imports it is meant to find (the checker can fail)', () => {
    assert.deepEqual(
      runtimeImports("import { z } from 'zod';\nimport type { A } from './a.js';\nexport { b } from './b.js';\nimport './c.js';"),
      ['zod', './b.js', './c.js'],
    );
    assert.ok(importGraph('src/operator/agent-file.ts').packages.has('zod'));
  });

  for (const command of COMMANDS) {
    it(`${command} reaches no package but node built-ins, and no heavy folder`, () => {
      const { files, packages } = importGraph(command);
      const foreign = [...packages].filter(([spec]) => !spec.startsWith('node:')).map(([spec, from]) => `${spec} (from ${from})`);
      assert.deepEqual(foreign, []);
      const heavy = [...files].filter((file) => HEAVY_FOLDERS.some((folder) => file.startsWith(folder)));
      assert.deepEqual(heavy, []);
    });
  }
});
