/**
 * The house rules of ARCHITECTURE.md, checked on every file: imports point
 * downward only, pure folders do no I/O and read no clock, environment or
 * randomness, and `src/kube` is the only runtime user of client-node.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findImportViolations, type SourceFile } from './import-rules.js';

const ROOT = resolve(import.meta.dirname, '../..');

function sourceFiles(folder: string): SourceFile[] {
  let entries: string[];
  try {
    entries = readdirSync(join(ROOT, folder), { recursive: true }).map(String);
  } catch {
    return [];
  }
  return entries
    .filter((entry) => /\.(ts|tsx)$/.test(entry))
    .map((entry) => {
      const path = join(folder, entry).split(sep).join('/');
      return { path, text: readFileSync(join(ROOT, path), 'utf8') };
    });
}

describe('import rules', () => {
  it('hold for every file in src/ and ui/', () => {
    const files = [...sourceFiles('src'), ...sourceFiles('ui')];
    assert.ok(files.length > 0, 'no source files found');
    const violations = findImportViolations(files, (from, spec) =>
      relative(ROOT, resolve(ROOT, dirname(from), spec))
        .split(sep)
        .join('/'),
    );
    assert.deepEqual(violations, []);
  });

  it('catch a src/ file importing ui/', () => {
    const violations = findImportViolations(
      [{ path: 'src/operator/main.ts', text: "import { App } from '../../ui/app.js';" }],
      (from, spec) =>
        relative(ROOT, resolve(ROOT, dirname(from), spec))
          .split(sep)
          .join('/'),
    );
    assert.equal(violations.length, 1);
    assert.match(violations[0], /src\/ must not import ui\//);
  });

  it('catch a pure folder importing node:fs or reading the clock', () => {
    const resolveSpec = (from: string, spec: string) =>
      relative(ROOT, resolve(ROOT, dirname(from), spec))
        .split(sep)
        .join('/');
    const fs = findImportViolations([{ path: 'src/scheduling/x.ts', text: "import { readFileSync } from 'node:fs';" }], resolveSpec);
    assert.match(fs.join('\n'), /pure folder src\/scheduling must not import node:fs/);
    const clock = findImportViolations([{ path: 'src/disruption/x.ts', text: 'const now = Date.now();' }], resolveSpec);
    assert.match(clock.join('\n'), /must not use Date\.now\(\)/);
  });

  it('catch client-node used outside src/kube and ink used below ui/', () => {
    const resolveSpec = (from: string, spec: string) =>
      relative(ROOT, resolve(ROOT, dirname(from), spec))
        .split(sep)
        .join('/');
    const violations = findImportViolations(
      [
        { path: 'src/controllers/x.ts', text: "import * as k8s from '@kubernetes/client-node';" },
        { path: 'src/observe/x.ts', text: "import { Box } from 'ink';" },
        { path: 'src/kube/informer.ts', text: "import * as k8s from '@kubernetes/client-node';" },
      ],
      resolveSpec,
    );
    assert.equal(violations.length, 2, violations.join('\n'));
  });
});
