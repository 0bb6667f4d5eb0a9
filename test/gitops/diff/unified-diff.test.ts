/** Unified diffs and YAML with stable key order; a diff is empty exactly when the objects are equal after normalisation. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { KubeObject } from '../../../src/apis/object-meta.js';
import { equalAfterNormalisation, normaliseObject } from '../../../src/gitops/diff/normalise-object.js';
import { objectYaml, unifiedDiff } from '../../../src/gitops/diff/unified-diff.js';
import { nodePool } from '../../../src/testing/builders.js';
import { nodePoolModel, spellingChoices, spellNodePool } from './nodepool-arbitrary.js';

describe('objectYaml', () => {
  it('puts apiVersion, kind and metadata first and sorts every other key', () => {
    const text = objectYaml({
      spec: { b: 1, a: { d: 2, c: 3 } },
      metadata: { name: 'p', labels: { z: '1', a: '2' } },
      kind: 'NodePool',
      apiVersion: 'karpenter.sh/v1',
      data: 1,
    } as KubeObject);
    assert.equal(
      text,
      [
        'apiVersion: karpenter.sh/v1',
        'kind: NodePool',
        'metadata:',
        '  labels:',
        '    a: "2"',
        '    z: "1"',
        '  name: p',
        'data: 1',
        'spec:',
        '  a:',
        '    c: 3',
        '    d: 2',
        '  b: 1',
        '',
      ].join('\n'),
    );
  });

  it('is empty for no object', () => {
    assert.equal(objectYaml(undefined), '');
  });
});

describe('unifiedDiff', () => {
  it('shows live → git with headers naming the object', () => {
    const live = normaliseObject(nodePool({ metadata: { name: 'airflow-worker' }, spec: { limits: { cpu: '2000' } } }));
    const git = normaliseObject(nodePool({ metadata: { name: 'airflow-worker' }, spec: { limits: { cpu: '3000' } } }));
    const diff = unifiedDiff(live, git, 'NodePool/airflow-worker');
    const lines = diff.split('\n');
    assert.equal(lines[0], '--- NodePool/airflow-worker (live)');
    assert.equal(lines[1], '+++ NodePool/airflow-worker (git)');
    assert.match(lines[2], /^@@ -\d+,\d+ \+\d+,\d+ @@$/);
    assert.deepEqual(
      lines.filter((line) => /^[-+] /.test(line)),
      ['-    cpu: "2000"', '+    cpu: "3000"'],
    );
  });

  it('names other sides when asked', () => {
    const diff = unifiedDiff(nodePool(), nodePool({ spec: { weight: 5 } }), 'NodePool/default', { before: 'last-applied', after: 'live' });
    assert.match(diff, /^--- NodePool\/default \(last-applied\)\n\+\+\+ NodePool\/default \(live\)\n/);
    assert.match(diff, /\n\+ {2}weight: 5\n/);
  });

  it('is empty when both sides print the same, and for two absent sides', () => {
    assert.equal(unifiedDiff(nodePool(), structuredClone(nodePool()), 'NodePool/default'), '');
    assert.equal(unifiedDiff(undefined, undefined, 'NodePool/default'), '');
  });

  it('diffs an absent side as an empty file (create or prune)', () => {
    const create = unifiedDiff(undefined, nodePool(), 'NodePool/default');
    assert.match(
      create,
      /^--- NodePool\/default \(live\)\n\+\+\+ NodePool\/default \(git\)\n@@ -0,0 \+1,\d+ @@\n\+apiVersion: karpenter.sh\/v1\n/,
    );
    const prune = unifiedDiff(nodePool(), undefined, 'NodePool/default');
    assert.equal(
      prune.split('\n').some((line) => line.startsWith('+') && !line.startsWith('+++')),
      false,
    );
  });

  it('does not depend on the key order of its inputs', () => {
    const a = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'm' }, data: { x: '1', y: '2' } };
    const b = { data: { y: '2', x: '1' }, metadata: { name: 'm' }, kind: 'ConfigMap', apiVersion: 'v1' };
    assert.equal(unifiedDiff(a, b, 'ConfigMap/m'), '');
  });
});

describe('unifiedDiff properties', () => {
  it('the diff of two renders is empty iff they are equal after normalisation', () => {
    let equalPairs = 0;
    let differentPairs = 0;
    const pair = fc.oneof(
      fc
        .tuple(nodePoolModel(), spellingChoices(), spellingChoices())
        .map(([model, a, b]) => [spellNodePool(model, a), spellNodePool(model, b)] as const),
      fc
        .tuple(nodePoolModel(), nodePoolModel(), spellingChoices(), spellingChoices())
        .map(([m1, m2, a, b]) => [spellNodePool(m1, a), spellNodePool(m2, b)] as const),
    );
    fc.assert(
      fc.property(pair, ([a, b]) => {
        const empty = unifiedDiff(normaliseObject(a), normaliseObject(b), 'NodePool/x') === '';
        const equal = equalAfterNormalisation(a, b);
        if (equal) equalPairs++;
        else differentPairs++;
        assert.equal(empty, equal);
      }),
      { numRuns: 400 },
    );
    assert.ok(equalPairs > 50 && differentPairs > 50, `both cases tried (${equalPairs} equal, ${differentPairs} different)`);
  });
});
