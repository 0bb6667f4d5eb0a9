import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateManifestSet } from '../../src/gitops/render/validate-manifest-set.js';
import { formatProblem } from '../../src/gitops/render/format-problems.js';

/**
 * Each fixture under test/fixtures/manifests/invalid names the object it
 * holds (`# object: Kind/name`) and marks the offending line with
 * `# <- code field.path`; the validator must report that error on that line.
 */
const FOLDER = join(import.meta.dirname, '../fixtures/manifests/invalid');

interface Expectation {
  readonly line: number;
  readonly code: string;
  readonly path: string;
  readonly object?: string;
}

function expectationOf(text: string): Expectation {
  const lines = text.split('\n');
  const index = lines.findIndex((line) => line.includes('# <- '));
  assert.ok(index >= 0, 'fixture has a "# <- code path" marker');
  const [code, path = ''] = lines[index].split('# <- ')[1].trim().split(/\s+/);
  const object = /^# object: (\S+)/m.exec(text)?.[1];
  return { line: index + 1, code, path, ...(object === undefined || object === '-' ? {} : { object }) };
}

describe('invalid manifests (table over fixture files)', () => {
  const files = readdirSync(FOLDER)
    .filter((name) => name.endsWith('.yaml'))
    .sort();

  it('has at least 15 fixtures', () => {
    assert.ok(files.length >= 15, `found ${files.length}`);
  });

  for (const name of files) {
    it(`rejects ${name} naming file, line, object and field`, () => {
      const path = `fixtures/${name}`;
      const text = readFileSync(join(FOLDER, name), 'utf8');
      const expected = expectationOf(text);
      const report = validateManifestSet({ clusters: [], loose: [{ path, text }] });
      const errors = report.problems.filter((problem) => problem.severity === 'error');
      const match = errors.find((problem) => problem.code === expected.code && problem.path === expected.path);
      assert.ok(match, `expected ${expected.code} at ${expected.path}; got:\n${report.problems.map(formatProblem).join('\n')}`);
      assert.equal(match.file, path);
      assert.equal(match.line, expected.line, formatProblem(match));
      if (expected.object !== undefined) assert.equal(`${match.kind}/${match.name}`, expected.object);
      assert.ok(match.message.length > 0);
    });
  }
});
