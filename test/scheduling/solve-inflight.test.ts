import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { PodAffinityTerm } from '../../src/apis/core-v1.js';
import type { SchedulingNode } from '../../src/scheduling/snapshot.js';
import { solve } from '../../src/scheduling/solve.js';
import { claimLabel, instanceType, nodeClaim, nodePool, pod, snapshot } from '../../src/testing/index.js';

const ZONE = 'topology.kubernetes.io/zone';
const HOST = 'kubernetes.io/hostname';
const ZONES = ['eu-west-2a', 'eu-west-2b', 'eu-west-2c'];
const app = { app: 'web' };
const pools = () => [{ pool: nodePool(), types: [instanceType({ name: 'm', cpu: '4', memory: '16Gi', zones: ZONES })] }];
const anti = (key: string): PodAffinityTerm[] => [{ topologyKey: key, labelSelector: { matchLabels: app } }];

/** A NodeClaim created by an earlier round, not launched: zone open to `zones`, no providerID, no Node. */
function undecided(name: string, zones: string[], nominatedPods: string[]): SchedulingNode {
  const requirements = [
    { key: 'node.kubernetes.io/instance-type', operator: 'In' as const, values: ['m'] },
    { key: ZONE, operator: 'In' as const, values: zones },
  ];
  return { nodeClaim: nodeClaim({ metadata: { name }, spec: { requirements } }), pods: [], markedForDeletion: false, nominatedPods };
}

describe('solve: in-flight NodeClaims with an undecided zone', () => {
  it('GIVEN a pod nominated to an undecided claim WHEN solving again THEN it stays on that claim and no claim is created', () => {
    const web1 = pod({ name: 'web-1', labels: app, requests: { cpu: '100m' }, podAntiAffinity: anti(ZONE) });
    const snap = { ...snapshot({ pools: pools() }), nodes: [undecided('default-abc', ['eu-west-2b', 'eu-west-2c'], ['default/web-1'])] };
    const result = solve(snap, [web1]);
    assert.deepEqual(result.newNodeClaims, []);
    assert.deepEqual(result.placements, [{ pod: 'default/web-1', kind: 'in-flight', target: 'default-abc' }]);
  });

  it('GIVEN the undecided claim may land in b or c WHEN a new pod of the group comes THEN its claim is pinned to a', () => {
    const web1 = pod({ name: 'web-1', labels: app, requests: { cpu: '100m' }, podAntiAffinity: anti(ZONE) });
    const web2 = pod({ name: 'web-2', labels: app, requests: { cpu: '100m' }, podAntiAffinity: anti(ZONE) });
    const snap = { ...snapshot({ pools: pools() }), nodes: [undecided('default-abc', ['eu-west-2b', 'eu-west-2c'], ['default/web-1'])] };
    const result = solve(snap, [web2, web1]);
    assert.equal(result.newNodeClaims.length, 1);
    assert.deepEqual(result.newNodeClaims[0].pods, ['default/web-2']);
    assert.equal(claimLabel(result, web2, ZONE), 'eu-west-2a');
  });

  it('GIVEN an undecided claim nominated to nobody WHEN a pod with zonal anti-affinity comes THEN it may take the claim (all its zones are free)', () => {
    const web1 = pod({ name: 'web-1', labels: app, requests: { cpu: '100m' }, podAntiAffinity: anti(ZONE) });
    const snap = { ...snapshot({ pools: pools() }), nodes: [undecided('default-abc', ['eu-west-2b', 'eu-west-2c'], [])] };
    const result = solve(snap, [web1]);
    assert.deepEqual(result.placements, [{ pod: 'default/web-1', kind: 'in-flight', target: 'default-abc' }]);
  });

  it('GIVEN a running pod of the group in b WHEN the undecided claim may land in b or c THEN the pod does not join it', () => {
    const running = pod({ name: 'web-0', labels: app, nodeName: 'n-b' });
    const web1 = pod({ name: 'web-1', labels: app, requests: { cpu: '100m' }, podAntiAffinity: anti(ZONE) });
    const base = snapshot({ pools: pools() });
    const nodeB = { ...undecided('n-b', ['eu-west-2b'], []), pods: [running] };
    const result = solve({ ...base, nodes: [nodeB, undecided('default-abc', ['eu-west-2b', 'eu-west-2c'], [])] }, [web1]);
    assert.ok(!result.placements.some((p) => p.target === 'default-abc'), JSON.stringify(result.placements));
  });

  it('GIVEN hostname anti-affinity and a pod nominated to an undecided claim THEN the next pod gets its own claim', () => {
    const web1 = pod({ name: 'web-1', labels: app, requests: { cpu: '100m' }, podAntiAffinity: anti(HOST) });
    const web2 = pod({ name: 'web-2', labels: app, requests: { cpu: '100m' }, podAntiAffinity: anti(HOST) });
    const snap = { ...snapshot({ pools: pools() }), nodes: [undecided('default-abc', ZONES, ['default/web-1'])] };
    const result = solve(snap, [web2, web1]);
    assert.deepEqual(
      result.newNodeClaims.map((c) => c.pods),
      [['default/web-2']],
    );
    assert.ok(result.placements.some((p) => p.pod === 'default/web-1' && p.target === 'default-abc'));
  });
});
