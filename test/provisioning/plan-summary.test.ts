import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatPlanSummary, solve, summarizePlan } from '../../src/provisioning/index.js';
import { instanceType, node, nodePool, pod, snapshot } from '../../src/testing/index.js';

describe('summarizePlan', () => {
  it('GIVEN a plan with existing, new and unschedulable pods THEN it counts each and prices the new capacity', () => {
    const existing = node({ name: 'n1', allocatable: { cpu: '1', memory: '4Gi', pods: '10' } });
    const pods = [pod({ requests: { cpu: '500m' } }), pod({ requests: { cpu: '2' } }), pod({ requests: { cpu: '64' } })];
    const result = solve(
      snapshot({
        pools: [{ pool: nodePool(), types: [instanceType({ name: 'm', cpu: '4', price: 0.4, spotPrice: 0.2 })] }],
        nodes: [{ node: existing }],
      }),
      pods,
    );
    const summary = summarizePlan(result);
    assert.deepEqual(summary, {
      pods: 3,
      onExistingNodes: 1,
      onInFlightClaims: 0,
      onNewNodeClaims: 1,
      unschedulable: 1,
      newNodeClaims: 1,
      pricePerHour: 0.2,
      byNodePool: { default: 1 },
    });
    assert.equal(formatPlanSummary(summary), '3 pods: 1 on existing nodes, 1 on 1 new NodeClaim ($0.20/h), 1 unschedulable');
  });
});
