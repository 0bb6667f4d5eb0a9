/** Drift detection of one NodeClaim (karpenter-semantics.md §5): each cause, first-match order, readable messages. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { EC2NodeClass } from '../../src/apis/ec2nodeclass.js';
import type { NodeClaim } from '../../src/apis/nodeclaim.js';
import type { NodeSelectorRequirementWithMinValues, NodePool } from '../../src/apis/nodepool.js';
import { Annotations, Labels } from '../../src/apis/well-known-labels.js';
import { type DriftInput, driftOf, providerDrift } from '../../src/disruption/drift-detection.js';
import { requirementsDrift } from '../../src/disruption/requirements-drift.js';
import type { InstanceType } from '../../src/scheduling/instance-type.js';
import { Requirements } from '../../src/scheduling/requirements.js';
import { nodeClaim, nodePool } from '../../src/testing/builders.js';
import { instanceType } from '../../src/testing/instance-types.js';

const CREATED = Date.parse('2026-01-01T00:00:00Z');
const HOUR = 3_600_000;

const hashes = (hash: string, version = 'karpd-v1') => ({ [Annotations.nodePoolHash]: hash, [Annotations.nodePoolHashVersion]: version });

/** A launched m5.large on-demand claim in zone-a, stamped with hash `aaaa`. */
function claim(overrides: { annotations?: Record<string, string>; labels?: Record<string, string>; imageID?: string } = {}): NodeClaim {
  return nodeClaim({
    metadata: {
      name: 'c1',
      annotations: overrides.annotations ?? hashes('aaaa'),
      labels: {
        [Labels.nodePool]: 'default',
        [Labels.instanceType]: 'm5.large',
        [Labels.zone]: 'zone-a',
        [Labels.capacityType]: 'on-demand',
        ...overrides.labels,
      },
    },
    status: { providerID: 'aws:///zone-a/i-1', imageID: overrides.imageID ?? 'ami-old' },
  });
}

function pool(requirements: NodeSelectorRequirementWithMinValues[] = [], annotations: Record<string, string> = hashes('aaaa')): NodePool {
  return nodePool({ metadata: { name: 'default', annotations }, spec: { template: { spec: { requirements } } } });
}

const m5 = (options: Parameters<typeof instanceType>[0] = {}) =>
  instanceType({ name: 'm5.large', zones: ['zone-a', 'zone-b'], ...options });

function input(overrides: Partial<DriftInput> = {}): DriftInput {
  return { nodeClaim: claim(), nodePool: pool(), instanceTypes: [m5()], now: CREATED + 2 * HOUR, ...overrides };
}

describe('driftOf — static drift (NodePoolDrifted)', () => {
  it('GIVEN pool and claim hashes of the same version that differ WHEN judged THEN NodePoolDrifted names both hashes', () => {
    const drift = driftOf(input({ nodePool: pool([], hashes('cccc')) }));
    assert.deepEqual(drift, { reason: 'NodePoolDrifted', message: 'NodePool default template changed (hash aaaa → cccc)' });
  });

  it('GIVEN equal hashes WHEN judged THEN not drifted', () => {
    assert.equal(driftOf(input()), undefined);
  });

  it('GIVEN the claim carries another hash version (upstream v3) WHEN the hashes differ THEN it is not drifted', () => {
    assert.equal(
      driftOf(input({ nodeClaim: claim({ annotations: hashes('1234567890', 'v3') }), nodePool: pool([], hashes('cccc')) })),
      undefined,
    );
  });

  it('GIVEN either side lacks the version annotation WHEN the hashes differ THEN it is not drifted', () => {
    const unversioned = { [Annotations.nodePoolHash]: 'cccc' };
    assert.equal(driftOf(input({ nodePool: pool([], unversioned) })), undefined);
    assert.equal(
      driftOf(input({ nodeClaim: claim({ annotations: { [Annotations.nodePoolHash]: 'aaaa' } }), nodePool: pool([], hashes('cccc')) })),
      undefined,
    );
  });
});

describe('driftOf — requirement drift (RequirementsDrifted)', () => {
  it('GIVEN the pool narrows the instance types so the node is excluded WHEN judged THEN the message names key and value', () => {
    const drift = driftOf(input({ nodePool: pool([{ key: Labels.instanceType, operator: 'In', values: ['c5.large'] }]) }));
    assert.deepEqual(drift, {
      reason: 'RequirementsDrifted',
      message: 'requirement node.kubernetes.io/instance-type no longer allows m5.large',
    });
  });

  it('GIVEN the pool widens a requirement or drops it WHEN judged THEN not drifted', () => {
    assert.equal(
      driftOf(input({ nodePool: pool([{ key: Labels.instanceType, operator: 'In', values: ['m5.large', 'c5.large'] }]) })),
      undefined,
    );
    assert.equal(
      driftOf(input({ nodePool: pool([{ key: Labels.capacityType, operator: 'In', values: ['on-demand', 'spot'] }]) })),
      undefined,
    );
    assert.equal(driftOf(input({ nodePool: pool([]) })), undefined);
  });

  it('GIVEN a pool requirement on a custom key the node lacks WHEN judged THEN it drifts, unless the requirement only excludes', () => {
    const exists = driftOf(input({ nodePool: pool([{ key: 'team', operator: 'Exists' }]) }));
    assert.equal(exists?.reason, 'RequirementsDrifted');
    assert.match(exists?.message ?? '', /team Exists needs label team, which the node does not have/);
    assert.equal(driftOf(input({ nodePool: pool([{ key: 'team', operator: 'NotIn', values: ['a'] }]) })), undefined);
    assert.equal(driftOf(input({ nodePool: pool([{ key: 'team', operator: 'DoesNotExist' }]) })), undefined);
  });

  it('GIVEN a requirement on a well-known key the node lacks WHEN judged THEN not drifted (the provider fills those in)', () => {
    assert.equal(driftOf(input({ nodePool: pool([{ key: Labels.arch, operator: 'In', values: ['arm64'] }]) })), undefined);
  });

  it('GIVEN a custom label the pool now forbids WHEN judged THEN the message says so', () => {
    const drift = driftOf(
      input({ nodeClaim: claim({ labels: { team: 'a' } }), nodePool: pool([{ key: 'team', operator: 'DoesNotExist' }]) }),
    );
    assert.equal(drift?.message, 'requirement team DoesNotExist, but the node has team=a');
  });

  it('widening a requirement that admits the node never drifts it (property)', () => {
    const values = ['m5.large', 'c5.large', 'r5.large', 't3.large', 'm6i.large'];
    fc.assert(
      fc.property(fc.subarray(values, { minLength: 1 }), fc.subarray(values), (allowed, extra) => {
        const before = Requirements.from([{ key: Labels.instanceType, operator: 'In', values: allowed }]);
        const after = Requirements.from([{ key: Labels.instanceType, operator: 'In', values: [...new Set([...allowed, ...extra])] }]);
        const labels = claim().metadata.labels;
        if (requirementsDrift(labels, before) === undefined) assert.equal(requirementsDrift(labels, after), undefined);
        assert.equal(requirementsDrift(labels, before) === undefined, allowed.includes('m5.large'));
      }),
    );
  });
});

describe('driftOf — instance type drift (InstanceTypeNotFound)', () => {
  const gone: InstanceType[] = [instanceType({ name: 'c5.large' })];

  it('GIVEN the instance type is no longer offered WHEN the claim is younger than 1 h THEN not drifted; older THEN drifted', () => {
    assert.equal(driftOf(input({ instanceTypes: gone, now: CREATED + HOUR - 1 })), undefined);
    assert.deepEqual(driftOf(input({ instanceTypes: gone, now: CREATED + HOUR })), {
      reason: 'InstanceTypeNotFound',
      message: 'instance type m5.large is no longer offered for NodePool default',
    });
  });

  it('GIVEN the type has no offering for the claim zone and capacity type WHEN judged THEN drifted, naming zone and capacity type', () => {
    const drift = driftOf(input({ instanceTypes: [m5({ zones: ['zone-b'] })] }));
    assert.deepEqual(drift, {
      reason: 'InstanceTypeNotFound',
      message: 'instance type m5.large has no zone-a on-demand offering for NodePool default any more',
    });
  });

  it('GIVEN the offering exists but is unavailable (ICE) WHEN judged THEN not drifted (availability is not required)', () => {
    assert.equal(driftOf(input({ instanceTypes: [m5({ unavailable: ['zone-a/on-demand'] })] })), undefined);
  });

  it('GIVEN a reserved claim WHEN only an on-demand offering remains THEN not drifted (reservations can be demoted)', () => {
    const reserved = claim({ labels: { [Labels.capacityType]: 'reserved' } });
    assert.equal(driftOf(input({ nodeClaim: reserved, instanceTypes: [m5({ capacityTypes: ['on-demand'] })] })), undefined);
    assert.equal(driftOf(input({ nodeClaim: reserved, instanceTypes: [m5({ capacityTypes: ['spot'] })] }))?.reason, 'InstanceTypeNotFound');
  });

  it('GIVEN the instance types are not known WHEN judged THEN the check is skipped', () => {
    assert.equal(driftOf(input({ instanceTypes: undefined })), undefined);
  });
});

describe('driftOf — provider drift', () => {
  const nodeClass = {
    apiVersion: 'karpenter.k8s.aws/v1',
    kind: 'EC2NodeClass',
    metadata: { name: 'default' },
    spec: {},
    status: { amis: [{ id: 'ami-new', requirements: [] }] },
  } as unknown as EC2NodeClass;

  it('GIVEN the provider says AMIDrift WHEN judged THEN the message names the image and the NodeClass', () => {
    assert.deepEqual(driftOf(input({ providerReason: 'AMIDrift', nodeClass })), {
      reason: 'AMIDrift',
      message: 'image ami-old is no longer selected by EC2NodeClass default amiSelectorTerms (it selects ami-new)',
    });
  });

  it('GIVEN subnet, security group and NodeClass hash drift WHEN judged THEN each reads as a sentence', () => {
    assert.equal(providerDrift('SubnetDrift', claim()).message, 'subnet is no longer selected by EC2NodeClass default subnetSelectorTerms');
    assert.match(providerDrift('SecurityGroupDrift', claim()).message, /security groups differ from those EC2NodeClass default/);
    assert.equal(providerDrift('NodeClassDrift', claim()).message, 'EC2NodeClass default changed since the node was launched');
  });

  it('GIVEN a reason karpd does not know (even one named like an Object method) WHEN judged THEN it is passed on as it is', () => {
    assert.deepEqual(providerDrift('KernelDrift', claim()), {
      reason: 'KernelDrift',
      message: 'cloud provider reports drift: KernelDrift',
    });
    assert.equal(providerDrift('toString', claim()).message, 'cloud provider reports drift: toString');
  });
});

describe('driftOf — first match wins', () => {
  it('GIVEN every cause at once WHEN judged THEN static, then requirements, then instance type, then provider', () => {
    const narrowed = [{ key: Labels.instanceType, operator: 'In' as const, values: ['c5.large'] }];
    const all = input({ nodePool: pool(narrowed, hashes('cccc')), instanceTypes: [], providerReason: 'AMIDrift' });
    assert.equal(driftOf(all)?.reason, 'NodePoolDrifted');
    assert.equal(driftOf({ ...all, nodePool: pool(narrowed) })?.reason, 'RequirementsDrifted');
    assert.equal(driftOf({ ...all, nodePool: pool() })?.reason, 'InstanceTypeNotFound');
    assert.equal(driftOf({ ...all, nodePool: pool(), instanceTypes: [m5()] })?.reason, 'AMIDrift');
    assert.equal(driftOf({ ...all, nodePool: pool(), instanceTypes: [m5()], providerReason: undefined }), undefined);
  });
});
