import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildViewModel, createViewModelBuilder } from '../../../src/observe/view-model/build-view.js';
import { applyViewDelta, viewChanges } from '../../../src/observe/view-model/view-changes.js';
import { agesAt } from '../../../src/observe/view-model/object-facts.js';
import type { LogLineRow } from '../../../src/observe/view-model/view-model.js';
import { nodePool, pod } from '../../../src/testing/builders.js';
import { clusterInput, decision, launchedClaim, NOW, nodeFor, prices, runningPod, spotRecord, viewInput } from './builders.js';

function fleet() {
  const claims = ['a', 'b', 'c'].map((name) => launchedClaim(name));
  return {
    nodeClaims: claims,
    nodes: claims.map((claim) => nodeFor(claim)),
    nodePools: [nodePool()],
    pods: [runningPod('p-a', 'a'), runningPod('p-b', 'b'), pod({ name: 'waiting' })],
  };
}

const price = prices({ 'm5.large/on-demand/us-east-1a': 0.1 });

describe('createViewModelBuilder', () => {
  it('reuses every row, section and cluster when nothing changed', () => {
    const objects = fleet();
    const builder = createViewModelBuilder();
    const input = viewInput([
      clusterInput({
        objects,
        price,
        decisions: [decision('d', 'pending', '2026-01-01T00:00:00Z')],
        spotEvents: [spotRecord('e', '2026-01-01T00:00:00Z', ['a'])],
      }),
    ]);
    const first = builder.build(input);
    const second = builder.build({ ...input, version: 2 });
    assert.equal(second.clusters[0], first.clusters[0]);
    assert.equal(second.version, 2);
    assert.deepEqual(viewChanges(first, second), []);
  });

  it('builds a new row only for the NodeClaim that changed', () => {
    const objects = fleet();
    const builder = createViewModelBuilder();
    const first = builder.build(viewInput([clusterInput({ objects, price })]));
    const changedB = {
      ...objects.nodeClaims[1],
      metadata: { ...objects.nodeClaims[1].metadata, deletionTimestamp: '2026-01-01T00:59:00Z' },
    };
    const second = builder.build(
      viewInput([clusterInput({ objects: { ...objects, nodeClaims: [objects.nodeClaims[0], changedB, objects.nodeClaims[2]] }, price })], {
        version: 2,
      }),
    );
    const [a1, b1, c1] = first.clusters[0].nodeClaims;
    const [a2, b2, c2] = second.clusters[0].nodeClaims;
    assert.equal(a2, a1);
    assert.equal(c2, c1);
    assert.notEqual(b2, b1);
    assert.equal(b2.state, 'Terminating');
    assert.equal(second.clusters[0].pods, first.clusters[0].pods);
    const changes = viewChanges(first, second);
    const rows = changes.filter((change) => change.op === 'rows');
    assert.deepEqual(
      rows.map((change) => [change.section, change.upsert.map((row) => (row as { key: string }).key)]),
      [
        ['pools', ['default']],
        ['nodeClaims', ['b']],
      ],
    );
    assert.equal(second.clusters[0].pools[0].budgetLeft.detail, '10% of 3 nodes = 1, 1 disrupting');
  });

  it('rebuilds a NodeClaim row when a pod lands on its node, and the pod row', () => {
    const objects = fleet();
    const builder = createViewModelBuilder();
    const first = builder.build(viewInput([clusterInput({ objects, price })]));
    const landed = runningPod('waiting', 'c');
    const second = builder.build(
      viewInput([clusterInput({ objects: { ...objects, pods: [objects.pods[0], objects.pods[1], landed] }, price })], { version: 2 }),
    );
    const claimC = second.clusters[0].nodeClaims[2];
    assert.notEqual(claimC, first.clusters[0].nodeClaims[2]);
    assert.equal(claimC.pods, 1);
    assert.equal(second.clusters[0].nodeClaims[0], first.clusters[0].nodeClaims[0]);
    assert.equal(
      second.clusters[0].pods.find((row) => row.name === 'p-a'),
      first.clusters[0].pods.find((row) => row.name === 'p-a'),
    );
    assert.equal(second.clusters[0].header.pendingPods, 0);
  });

  it('rebuilds rows whose age changed when time moves on', () => {
    const objects = fleet();
    const builder = createViewModelBuilder();
    const first = builder.build(viewInput([clusterInput({ objects, price })]));
    const later = builder.build(viewInput([clusterInput({ objects, price })], { now: new Date(NOW.getTime() + 1000), version: 2 }));
    assert.equal(later.clusters[0].nodeClaims[0].ageSeconds, first.clusters[0].nodeClaims[0].ageSeconds + 1);
    assert.equal(later.clusters[0].nodeClaims[0].describe, first.clusters[0].nodeClaims[0].describe);
  });

  it('gives the same view as buildViewModel, and its deltas apply', () => {
    const objects = fleet();
    const builder = createViewModelBuilder();
    const a = builder.build(viewInput([clusterInput({ objects, price })]));
    const bInput = viewInput(
      [clusterInput({ objects: { ...objects, pods: objects.pods.slice(1) }, price }), clusterInput({ name: 'lab', cloud: 'aws' })],
      {
        version: 2,
      },
    );
    const b = builder.build(bInput);
    assert.deepEqual(b, buildViewModel(bInput));
    assert.deepEqual(applyViewDelta(a, { from: 1, to: 2, generatedAt: b.generatedAt, changes: viewChanges(a, b) }), b);
  });
});

describe('display ages', () => {
  it('rounds ages down to what a kubectl-style age shows', () => {
    assert.deepEqual(
      [59, 599, 600, 661, 8 * 3600 - 1, 8 * 3600 + 3599, 8 * 86_400 + 5000].map((s) => agesAt(s * 1000, 'display')(0)),
      [59, 599, 600, 660, 8 * 3600 - 60, 8 * 3600, 8 * 86_400],
    );
    assert.equal(agesAt(661_000, 'exact')(0), 661);
    assert.equal(agesAt(1000, 'display')(5000), 0);
  });

  it('keeps rows older than 10 minutes when only a second passed', () => {
    const young = launchedClaim('young', { createdAt: '2026-01-01T00:58:00Z' });
    const old = launchedClaim('old');
    const builder = createViewModelBuilder({ ages: 'display' });
    const first = builder.build(viewInput([clusterInput({ objects: { nodeClaims: [old, young] } })]));
    const later = builder.build(
      viewInput([clusterInput({ objects: { nodeClaims: [old, young] } })], { now: new Date(NOW.getTime() + 1000), version: 2 }),
    );
    const [old1, young1] = first.clusters[0].nodeClaims;
    const [old2, young2] = later.clusters[0].nodeClaims;
    assert.equal(old2, old1);
    assert.equal(old2.ageSeconds, 3600);
    assert.notEqual(young2, young1);
    assert.equal(young2.ageSeconds, 121);
  });
});

describe('buildViewModel', () => {
  it('is plain JSON: no undefined fields, survives a round trip', () => {
    const objects = fleet();
    const view = buildViewModel(
      viewInput([
        clusterInput({
          objects,
          price,
          decisions: [decision('d', 'applied', '2026-01-01T00:00:00Z')],
          spotEvents: [spotRecord('e', '2026-01-01T00:00:00Z', ['a'])],
        }),
      ]),
    );
    assert.deepEqual(JSON.parse(JSON.stringify(view)), view);
    assert.equal(view.generatedAt, NOW.toISOString());
    assert.equal(view.clusters[0].simulated, true);
  });

  it('keeps the newest 1000 log lines and the last 120 history samples', () => {
    const log: LogLineRow[] = Array.from({ length: 1200 }, (_, i) => ({
      key: String(i),
      time: 't',
      level: 'info',
      message: `m${i}`,
      fields: '',
    }));
    const history = Array.from({ length: 150 }, (_, i) => ({ at: `t${i}`, pricePerHour: i, pendingPods: 0 }));
    const view = buildViewModel(viewInput([clusterInput({ history })], { log }));
    assert.equal(view.log.length, 1000);
    assert.equal(view.log[0].key, '200');
    assert.equal(view.clusters[0].history.length, 120);
    assert.equal(view.clusters[0].history[0].at, 't30');
  });
});
