import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildViewModel } from '../../../src/observe/view-model/build-view.js';
import { syncDetail } from '../../../src/observe/view-model/cluster-header.js';
import type { ClusterSyncInput } from '../../../src/observe/view-model/view-input.js';
import { pod } from '../../../src/testing/builders.js';
import { clusterInput, decision, launchedClaim, nodeFor, prices, viewInput } from './builders.js';

const sync = (overrides: Partial<ClusterSyncInput>): ClusterSyncInput => ({ status: 'synced', ref: 'main', objects: [], ...overrides });

function header(input: Parameters<typeof clusterInput>[0]) {
  return buildViewModel(viewInput([clusterInput(input)])).clusters[0].header;
}

describe('cluster header', () => {
  it('maps each sync status to its badge, and no sync to unknown', () => {
    const cases: Array<[ClusterSyncInput['status'], string]> = [
      ['synced', 'synced'],
      ['out-of-sync', 'out-of-sync'],
      ['drifted', 'drifted'],
      ['pending', 'pending'],
      ['suspended', 'paused'],
      ['error', 'error'],
    ];
    for (const [status, badge] of cases) assert.equal(header({ sync: sync({ status }) }).sync, badge, status);
    assert.equal(header({}).sync, 'unknown');
    assert.equal(header({}).syncDetail, 'no GitOps');
  });

  it('says the sync state in words', () => {
    assert.equal(syncDetail(sync({ status: 'synced' }), 0), 'synced');
    assert.equal(syncDetail(sync({ status: 'pending' }), 2), '2 decisions waiting');
    assert.equal(syncDetail(sync({ status: 'pending' }), 1), '1 decision waiting');
    assert.equal(syncDetail(sync({ status: 'suspended', suspendedBy: 'alice' }), 0), 'paused by alice');
    assert.equal(syncDetail(sync({ status: 'error', error: 'render failed: bad yaml\n  at line 3' }), 0), 'render failed: bad yaml');
    assert.equal(syncDetail(sync({ status: 'synced', sourceError: 'remote unreachable\nmore' }), 0), 'synced; git: remote unreachable');
    assert.equal(
      syncDetail(sync({ status: 'pending', window: { allowed: false, reason: 'deny window "freeze" until 18:00' } }), 1),
      '1 decision waiting; deny window "freeze" until 18:00',
    );
  });

  it('shows the applied revision as 7 characters and the ref', () => {
    const h = header({ sync: sync({ appliedRevision: '0123456789abcdef', ref: 'release' }) });
    assert.equal(h.revision, '0123456');
    assert.equal(h.ref, 'release');
  });

  it('sums the prices of launched NodeClaims, $/month = $/h × 730', () => {
    const a = launchedClaim('a', { instanceType: 'm5.large' });
    const b = launchedClaim('b', { instanceType: 'c5.xlarge', capacityType: 'spot', zone: 'us-east-1b' });
    const notLaunched = launchedClaim('c', { instanceType: 'm5.large' });
    notLaunched.status = { conditions: [{ type: 'Launched', status: 'Unknown' }] };
    const h = header({
      objects: { nodeClaims: [a, b, notLaunched], nodes: [nodeFor(a), nodeFor(b)] },
      price: prices({ 'm5.large/on-demand/us-east-1a': 0.1, 'c5.xlarge/spot/us-east-1b': 0.05 }),
    });
    assert.ok(Math.abs(h.pricePerHour - 0.15) < 1e-9);
    assert.ok(Math.abs(h.pricePerMonth - 0.15 * 730) < 1e-9);
    assert.equal(h.pricesIncomplete, false);
    assert.equal(h.nodes, 2);
  });

  it('marks the totals incomplete when a launched claim has no price', () => {
    const a = launchedClaim('a');
    const b = launchedClaim('b', { instanceType: 'x9.mystery' });
    const h = header({ objects: { nodeClaims: [a, b] }, price: prices({ 'm5.large/on-demand/us-east-1a': 0.1 }) });
    assert.equal(h.pricePerHour, 0.1);
    assert.equal(h.pricesIncomplete, true);
  });

  it('counts pending pods (not deleting, not finished) and pending decisions', () => {
    const h = header({
      objects: {
        pods: [
          pod({ name: 'waiting' }),
          pod({ name: 'going', metadata: { deletionTimestamp: '2026-01-01T00:00:00Z' } }),
          pod({ name: 'done', phase: 'Succeeded' }),
          pod({ name: 'running', nodeName: 'n1' }),
        ],
      },
      decisions: [
        decision('d1', 'pending', '2026-01-01T00:00:00Z'),
        decision('d2', 'applied', '2026-01-01T00:00:00Z'),
        decision('d3', 'pending', '2026-01-01T00:10:00Z'),
      ],
    });
    assert.equal(h.pendingPods, 1);
    assert.equal(h.pendingDecisions, 2);
  });
});
