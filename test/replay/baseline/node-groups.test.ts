import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NodePool } from '../../../src/apis/nodepool.js';
import { Labels } from '../../../src/apis/well-known-labels.js';
import { buildNodeGroups, podConstraints } from '../../../src/replay/baseline/index.js';
import { instanceType, nodePool, pod } from '../../../src/testing/index.js';
import { A_XLARGE, B_LARGE, namedPods, pinnedPool } from './timeline-fixtures.js';

const C_2XLARGE = instanceType({ name: 'c.2xlarge', cpu: '8', memory: '16Gi', price: 0.3, spotPrice: 0.12 });
const CATALOG = [A_XLARGE, B_LARGE, C_2XLARGE];
const open = nodePool({ metadata: { name: 'open' } });

function chosen(pods: ReturnType<typeof pod>[], nodePools = [open]): string[] {
  return buildNodeGroups({ nodePools, instanceTypes: CATALOG, pods: pods.map(podConstraints) }).groups.map((g) => g.instanceType.name);
}

describe('node groups: the instance type of a pool that names none', () => {
  it('GIVEN cpu-heavy pods THEN the type serving them cheapest in aggregate is chosen (c.2xlarge: $0.30 for 8 vCPU)', () => {
    assert.deepEqual(chosen(namedPods('cpu', 4, { requests: { cpu: '2', memory: '1Gi' } })), ['c.2xlarge']);
  });

  it('GIVEN memory-heavy pods THEN b.large ($0.10 for 16 GiB) is chosen', () => {
    assert.deepEqual(chosen(namedPods('mem', 8, { requests: { cpu: '500m', memory: '4Gi' } })), ['b.large']);
  });

  it('GIVEN a pod larger than b.large THEN b.large is not chosen even though it would be cheapest', () => {
    const pods = [
      ...namedPods('mem', 8, { requests: { cpu: '500m', memory: '4Gi' } }),
      pod({ name: 'big', requests: { cpu: '3', memory: '1Gi' } }),
    ];
    assert.deepEqual(chosen(pods), ['a.xlarge']);
  });

  it('GIVEN no pod targets the pool THEN the cheapest node is chosen', () => {
    const tainted = nodePool({
      metadata: { name: 'open' },
      spec: { template: { spec: { taints: [{ key: 'x', effect: 'NoSchedule' }] } } },
    });
    assert.deepEqual(chosen(namedPods('cpu', 4, { requests: { cpu: '2', memory: '1Gi' } }), [tainted]), ['b.large']);
  });

  it('GIVEN an override THEN it wins over the rules', () => {
    const groups = buildNodeGroups({
      nodePools: [open],
      instanceTypes: CATALOG,
      pods: [],
      instanceTypeOverrides: { open: 'a.xlarge' },
    }).groups;
    assert.equal(groups[0].instanceType.name, 'a.xlarge');
  });
});

describe('node groups: named types', () => {
  it('GIVEN a pool naming a type missing from the catalog first THEN the next named type is used', () => {
    assert.deepEqual(chosen([], [pinnedPool('p', ['zz.missing', 'a.xlarge'])]), ['a.xlarge']);
  });

  it('GIVEN a pool naming only unknown types THEN it is skipped with the reason', () => {
    const { groups, skipped } = buildNodeGroups({ nodePools: [pinnedPool('p', ['zz.missing'])], instanceTypes: CATALOG, pods: [] });
    assert.equal(groups.length, 0);
    assert.match(skipped[0].reason, /no instance type of the catalog is compatible with the pool and offered as on-demand/);
  });
});

describe('node groups: capacity type', () => {
  const both = pinnedPool('both', ['a.xlarge'], { capacityTypes: ['spot', 'on-demand'] });
  const onDemandOnly = pinnedPool('od', ['a.xlarge'], { capacityTypes: ['on-demand'] });
  const spotOnly = pinnedPool('sp', ['a.xlarge'], { capacityTypes: ['spot'] });
  const groupsOf = (nodePools: NodePool[], capacityType?: 'on-demand' | 'spot', instanceTypes = CATALOG) =>
    buildNodeGroups({ nodePools, instanceTypes, pods: [], ...(capacityType !== undefined ? { capacityType } : {}) });

  it('GIVEN a pool allowing both WHEN no capacity type is asked THEN the group is on-demand at the on-demand price', () => {
    const [group] = groupsOf([both]).groups;
    assert.equal(group.capacityType, 'on-demand');
    assert.equal(group.pricePerHour, 0.2);
  });

  it('GIVEN a pool allowing both WHEN capacityType spot THEN the group is spot at the spot price, its nodes labelled spot, same type and capacity', () => {
    const [onDemand] = groupsOf([both]).groups;
    const [spot] = groupsOf([both], 'spot').groups;
    assert.equal(spot.capacityType, 'spot');
    assert.equal(spot.pricePerHour, 0.08);
    assert.deepEqual(spot.requirements.find(Labels.capacityType)?.values, ['spot']);
    assert.equal(spot.instanceType.name, 'a.xlarge');
    assert.deepEqual(spot.allocatable, onDemand.allocatable);
    assert.equal(spot.maxNodes, onDemand.maxNodes);
  });

  it('GIVEN a pool that says nothing about capacity types WHEN capacityType spot THEN the group is spot', () => {
    assert.equal(groupsOf([pinnedPool('any', ['a.xlarge'])], 'spot').groups[0].capacityType, 'spot');
  });

  it('GIVEN a pool allowing only on-demand WHEN capacityType spot THEN it stays on-demand; a spot-only pool stays spot either way', () => {
    const [od] = groupsOf([onDemandOnly], 'spot').groups;
    assert.equal(od.capacityType, 'on-demand');
    assert.equal(od.pricePerHour, 0.2);
    assert.equal(groupsOf([spotOnly]).groups[0].capacityType, 'spot');
    assert.equal(groupsOf([spotOnly], 'spot').groups[0].pricePerHour, 0.08);
  });

  it('GIVEN spot unavailable in one zone WHEN capacityType spot THEN the group keeps the zones with a spot offering (one zone rule for price and zones)', () => {
    const patchy = instanceType({
      name: 'a.xlarge',
      cpu: '4',
      memory: '16Gi',
      price: 0.2,
      spotPrice: 0.08,
      unavailable: ['test-zone-1/spot'],
    });
    const [spot] = groupsOf([both], 'spot', [patchy]).groups;
    assert.deepEqual(spot.requirements.find(Labels.zone)?.values, ['test-zone-2', 'test-zone-3']);
    assert.equal(spot.pricePerHour, 0.08);
    const [onDemand] = groupsOf([both], undefined, [patchy]).groups;
    assert.deepEqual(onDemand.requirements.find(Labels.zone)?.values, ['test-zone-1', 'test-zone-2', 'test-zone-3']);
  });

  it('GIVEN a pool allowing both whose type has no spot offering WHEN capacityType spot THEN the group falls back to on-demand instead of vanishing', () => {
    const onDemandType = instanceType({ name: 'a.xlarge', cpu: '4', memory: '16Gi', price: 0.2, capacityTypes: ['on-demand'] });
    const { groups, skipped } = groupsOf([both], 'spot', [onDemandType]);
    assert.deepEqual(skipped, []);
    assert.equal(groups[0].capacityType, 'on-demand');
    assert.equal(groups[0].pricePerHour, 0.2);
  });
});
