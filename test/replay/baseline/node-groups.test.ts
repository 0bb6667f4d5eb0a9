import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
