import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatProblem } from '../../src/gitops/render/format-problems.js';
import { validateManifestSet } from '../../src/gitops/render/validate-manifest-set.js';

/**
 * The facts of upstream's example manifests (aws/karpenter-provider-aws
 * examples/v1/*.yaml), one fixture each under test/fixtures/manifests/upstream:
 * each validates on its own without an error or a warning (a ConfigMap is
 * skipped with its one warning). Where an upstream example does not match the
 * API karpd implements, the fixture's header says what was changed and why.
 */
const FOLDER = join(import.meta.dirname, '../fixtures/manifests/upstream');

describe("upstream's example manifests", () => {
  const files = readdirSync(FOLDER)
    .filter((name) => name.endsWith('.yaml'))
    .sort();

  it('has one fixture per upstream example (27)', () => assert.equal(files.length, 27));

  for (const name of files) {
    it(`${name} validates without problems`, () => {
      const text = readFileSync(join(FOLDER, name), 'utf8');
      assert.match(text, /^# Facts of upstream's example examples\/v1\//);
      const report = validateManifestSet({ clusters: [], loose: [{ path: name, text }] });
      const expected = name === 'max-spot-prices.yaml' ? ['warning:ignored-kind'] : [];
      assert.deepEqual(
        report.problems.map((problem) => `${problem.severity}:${problem.code}`),
        expected,
        report.problems.map(formatProblem).join('\n'),
      );
      assert.ok(report.objects.length >= (expected.length === 0 ? 1 : 0));
    });
  }
});
