import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { locateProblems, parseManifests } from '../../src/apis/manifest.js';

const TEXT = `# leading comment
---
apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: a
spec:
  template:
    spec:
      requirements:
        - key: kubernetes.io/arch
          operator: Equals
---
---
apiVersion: karpenter.sh/v1
kind: NodePool
metadata: {name: b}
`;

describe('parseManifests', () => {
  it('skips empty documents and keeps each document index', () => {
    const parsed = parseManifests(TEXT, 'pools.yaml');
    assert.equal(parsed.documents.length, 2);
    assert.deepEqual(
      parsed.documents.map((document) => document.index),
      [0, 2],
    );
  });

  it('locates a field by its path, or its nearest ancestor when missing', () => {
    const [first, second] = parseManifests(TEXT, 'pools.yaml').documents;
    assert.deepEqual(first.locate(['spec', 'template', 'spec', 'requirements', 0, 'operator']), { line: 12, column: 11 });
    assert.deepEqual(first.locate(['spec', 'template', 'spec', 'requirements', 0]), { line: 11, column: 11 });
    assert.equal(first.locate(['spec', 'template', 'spec', 'nodeClassRef']).line, 9);
    assert.equal(first.locate([]).line, 3);
    assert.equal(second.locate(['metadata', 'name']).line, 17);
  });

  it('turns a YAML syntax error into a problem with its line', () => {
    const parsed = parseManifests('apiVersion: v1\nkind: NodePool\nmetadata:\n  name: [a\n', 'broken.yaml');
    assert.equal(parsed.documents.length, 0);
    assert.equal(parsed.problems.length, 1);
    assert.equal(parsed.problems[0].code, 'yaml-syntax');
    assert.equal(parsed.problems[0].file, 'broken.yaml');
    assert.ok((parsed.problems[0].line ?? 0) >= 4);
  });

  it('reports duplicate keys as syntax errors on their line', () => {
    const parsed = parseManifests('kind: NodePool\nkind: EC2NodeClass\n', 'dup.yaml');
    assert.equal(parsed.problems[0].line, 2);
  });

  it('attaches file, line, kind and name to validator problems', () => {
    const [first] = parseManifests(TEXT, 'pools.yaml').documents;
    const [problem] = locateProblems(
      [
        {
          severity: 'error',
          code: 'unknown-operator',
          at: ['spec', 'template', 'spec', 'requirements', 0, 'operator'],
          message: 'm',
          hint: 'h',
        },
      ],
      first,
      { kind: 'NodePool', name: 'a' },
    );
    assert.deepEqual(problem, {
      severity: 'error',
      code: 'unknown-operator',
      path: 'spec.template.spec.requirements[0].operator',
      message: 'm',
      hint: 'h',
      file: 'pools.yaml',
      line: 12,
      column: 11,
      kind: 'NodePool',
      name: 'a',
    });
  });
});
