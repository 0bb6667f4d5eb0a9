/** The last-applied annotation: what karpd records when it applies, and reading it back from a live object. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../src/apis/object-meta.js';
import {
  APPLIED_REVISION_ANNOTATION,
  decodeLastApplied,
  encodeLastApplied,
  LAST_APPLIED_ANNOTATION,
} from '../../../src/gitops/diff/last-applied.js';
import { nodePool } from '../../../src/testing/builders.js';

const annotated = (text: unknown): KubeObject => ({
  apiVersion: 'v1',
  kind: 'X',
  metadata: { annotations: { [LAST_APPLIED_ANNOTATION]: text as string } },
});

describe('last-applied', () => {
  it('round-trips the Git object without karpd’s own annotations', () => {
    const desired = nodePool({
      metadata: { name: 'a', labels: { team: 'data' }, annotations: { 'example.com/x': '1', [APPLIED_REVISION_ANNOTATION]: 'abc' } },
      spec: { limits: { cpu: '1k' } },
    });
    const decoded = decodeLastApplied(annotated(encodeLastApplied(desired)));
    assert.deepEqual(decoded, { ...desired, metadata: { name: 'a', labels: { team: 'data' }, annotations: { 'example.com/x': '1' } } });
  });

  it('writes compact JSON with sorted keys, the same text for the same object', () => {
    const text = encodeLastApplied(nodePool({ spec: { weight: 3, limits: { memory: '1Gi', cpu: '1' } } }));
    assert.match(
      text,
      /^\{"apiVersion":"karpenter.sh\/v1","kind":"NodePool","metadata":\{"name":"default"\},"spec":\{"limits":\{"cpu":"1","memory":"1Gi"\}/,
    );
  });

  it('is undefined when karpd never applied the object or the annotation is not a readable record', () => {
    assert.equal(decodeLastApplied(nodePool()), undefined);
    for (const text of ['{', '[]', 'null', '{"kind":"NodePool"}', '{"kind":"NodePool","apiVersion":"v1","metadata":null}', 42]) {
      assert.equal(decodeLastApplied(annotated(text)), undefined, String(text));
    }
    assert.equal(decodeLastApplied({ apiVersion: 'v1', kind: 'X' } as KubeObject), undefined);
  });
});
