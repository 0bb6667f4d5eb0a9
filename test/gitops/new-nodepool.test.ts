/** The pure generator behind `karpd new nodepool`: the YAML is the object, names that YAML would misread stay strings. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { NodePool } from '../../src/apis/nodepool.js';
import { newNodePool, newNodePoolYaml, podSchedulingYaml } from '../../src/gitops/render/new-nodepool.js';
import { nodePool } from '../../src/testing/builders.js';

describe('newNodePoolYaml', () => {
  it('parses back to the object newNodePool builds, keys in the template order', () => {
    const input = { name: 'spark-worker', nodeClass: 'default-class' };
    const text = newNodePoolYaml(input);
    assert.deepEqual(parse(text), newNodePool(input));
    assert.deepEqual(Object.keys(parse(text) as object), ['apiVersion', 'kind', 'metadata', 'spec']);
    assert.deepEqual(Object.keys((parse(text) as NodePool).spec), ['template', 'disruption', 'limits']);
    assert.match(text, /values: \["c", "m", "r"\]/);
  });

  it('keeps a name YAML would read as a number or boolean a string, in the manifest and the pod fragment', () => {
    for (const name of ['123', 'true', 'no']) {
      const pool = parse(newNodePoolYaml({ name, nodeClass: 'default-class' })) as NodePool;
      assert.equal(pool.metadata.name, name);
      assert.deepEqual(pool.spec.template.metadata?.labels, { NodePool: name });
      const fragment = parse(podSchedulingYaml(name)) as { nodeSelector: Record<string, unknown>; tolerations: Array<{ key: unknown }> };
      assert.equal(fragment.nodeSelector.NodePool, name);
      assert.equal(fragment.tolerations[0]?.key, name);
    }
  });

  it('copies only what the --like pool sets, so the API defaults apply to what it leaves out', () => {
    const like = nodePool({ metadata: { name: 'bare' } });
    delete (like.spec as { disruption?: unknown }).disruption;
    delete (like.spec as { limits?: unknown }).limits;
    delete (like.spec.template.spec as { expireAfter?: unknown }).expireAfter;
    const pool = newNodePool({ name: 'copy', nodeClass: 'default-class', like });
    assert.equal(pool.spec.disruption, undefined);
    assert.equal(pool.spec.limits, undefined);
    assert.equal(pool.spec.template.spec.expireAfter, undefined);
    assert.deepEqual(pool.spec.template.spec.taints, [{ key: 'copy', effect: 'NoSchedule' }]);
  });
});
