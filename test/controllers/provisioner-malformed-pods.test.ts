import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../../src/apis/core-v1.js';
import { instanceType } from '../../src/testing/index.js';
import { InflightHarness, pendingPod } from './inflight-harness.js';

const types = () => [instanceType({ name: 'm', cpu: '4', memory: '16Gi' })];

function malformed(name: string, spec: unknown): Pod {
  return { ...pendingPod(name, { app: name }), spec: spec as Pod['spec'] };
}

describe('provisioner: a pending pod it cannot read', () => {
  for (const [label, spec] of [
    ['"containers": "nope"', { containers: 'nope' }],
    ['cpu: "lots"', { containers: [{ name: 'app', image: 'app', resources: { requests: { cpu: 'lots' } } }] }],
  ] as const) {
    it(`GIVEN a pending pod with ${label} WHEN a round runs THEN it is skipped with a reason naming the field and the other pod gets a claim`, async () => {
      const h = new InflightHarness(types(), () => 0);
      h.addPods([malformed('bad', spec), pendingPod('good', { app: 'good' })]);
      await h.step();
      await h.step();
      assert.equal(h.created.length, 1);
      assert.equal(h.state.get('pods', 'default/good')?.spec.nodeName, h.created[0].metadata.name);
      const warnings = h.events.filter((e) => e.involved.metadata.name === 'bad');
      assert.equal(warnings.length, 1, 'one event, not one per round');
      assert.equal(warnings[0].type, 'Warning');
      assert.match(warnings[0].message, /spec\.containers/);
      assert.match(h.provisioner.pendingReasons().get('default/bad') ?? '', /cannot be read/);
    });
  }

  it('GIVEN a malformed pod bound to a node WHEN a round runs THEN the pending pods are still planned', async () => {
    const h = new InflightHarness(types(), () => 0);
    h.addPods([pendingPod('first', { app: 'a' })]);
    await h.step();
    const nodeName = h.created[0].metadata.name ?? '';
    h.addPods([
      {
        ...malformed('bound-bad', { nodeName, containers: [{ name: 'x', resources: { requests: { cpu: 'lots' } } }] }),
        status: { phase: 'Running' },
      },
    ]);
    h.addPods([pendingPod('second', { app: 'b' }, [], '2')]);
    await h.step();
    assert.ok(h.state.get('pods', 'default/second')?.spec.nodeName !== undefined, 'the round planned the pending pod');
  });
});
