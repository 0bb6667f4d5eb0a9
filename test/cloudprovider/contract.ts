/**
 * The CloudProvider contract (kubernetes-sigs/karpenter pkg/cloudprovider/types.go) as one suite,
 * run against every implementation: fake, sim and aws (over mocked clients).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { NodeClaim } from '../../src/apis/nodeclaim.js';
import {
  isInsufficientCapacityError,
  isNodeClaimNotFoundError,
  isNodeClassNotReadyError,
  type CloudProvider,
} from '../../src/cloudprovider/types.js';
import { nodeClaim, nodePool } from './builders.js';

/** What the suite needs from one implementation. */
export interface ContractHarness {
  readonly provider: CloudProvider;
  /** Lets time pass (clock, mocked EC2 state) so shutting-down instances become terminated. */
  settle(): Promise<void>;
  /** The name of a NodeClass that is not Ready, when the implementation knows NodeClasses. */
  readonly notReadyNodeClass?: string;
}

const LABEL_KEYS = ['node.kubernetes.io/instance-type', 'topology.kubernetes.io/zone', 'karpenter.sh/capacity-type'];

function assertLaunched(claim: NodeClaim, requested: NodeClaim): void {
  assert.ok(claim.status?.providerID, 'providerID is set');
  assert.ok(claim.status?.capacity?.cpu, 'capacity is set');
  assert.ok(claim.status?.allocatable?.memory, 'allocatable is set');
  for (const key of LABEL_KEYS) assert.ok(claim.metadata.labels?.[key], `label ${key} is resolved`);
  const allowed = requested.spec.requirements.find((req) => req.key === 'node.kubernetes.io/instance-type')?.values ?? [];
  assert.ok(allowed.includes(claim.metadata.labels!['node.kubernetes.io/instance-type']), 'the instance type is one the claim allows');
  assert.equal(claim.metadata.name, requested.metadata.name);
}

/** Registers the contract suite for one implementation. */
export function cloudProviderContract(name: string, makeHarness: () => Promise<ContractHarness> | ContractHarness): void {
  describe(`CloudProvider contract: ${name}`, () => {
    it('returns instance types with labels, capacity and offerings', async () => {
      const { provider } = await makeHarness();
      const types = await provider.getInstanceTypes(nodePool());
      assert.ok(types.length > 0);
      const m5 = types.find((type) => type.name === 'm5.large');
      assert.ok(m5, 'm5.large is offered');
      assert.deepEqual(m5.requirements.find((req) => req.key === 'node.kubernetes.io/instance-type')?.values, ['m5.large']);
      assert.ok(m5.offerings.length > 0 && m5.offerings.every((offering) => offering.price > 0));
      assert.ok(m5.allocatable.cpu < m5.capacity.cpu);
    });

    it('launches a NodeClaim and finds it again with get and list', async () => {
      const { provider } = await makeHarness();
      const request = nodeClaim('contract-a');
      const launched = await provider.create(request);
      assertLaunched(launched, request);
      const providerID = launched.status!.providerID!;
      const got = await provider.get(providerID);
      assert.equal(got.status?.providerID, providerID);
      assert.equal(
        got.metadata.labels?.['node.kubernetes.io/instance-type'],
        launched.metadata.labels?.['node.kubernetes.io/instance-type'],
      );
      const listed = await provider.list();
      assert.ok(listed.some((claim) => claim.status?.providerID === providerID));
    });

    it('deletes idempotently and reports NodeClaimNotFound once the instance is gone', async () => {
      const harness = await makeHarness();
      const launched = await harness.provider.create(nodeClaim('contract-b'));
      await harness.provider.delete(launched);
      await harness.settle();
      await assert.rejects(harness.provider.get(launched.status!.providerID!), isNodeClaimNotFoundError);
      await assert.rejects(harness.provider.delete(launched), isNodeClaimNotFoundError);
      const listed = await harness.provider.list();
      assert.ok(!listed.some((claim) => claim.status?.providerID === launched.status?.providerID));
    });

    it('reports NodeClaimNotFound for an unknown providerID', async () => {
      const { provider } = await makeHarness();
      await assert.rejects(provider.get('aws:///us-west-2a/i-0000000000000dead'), isNodeClaimNotFoundError);
    });

    it('throws InsufficientCapacity when no instance type satisfies the claim', async () => {
      const { provider } = await makeHarness();
      const impossible = nodeClaim('contract-c', {
        requirements: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m5.large'] }],
        requests: { cpu: '64' },
      });
      await assert.rejects(provider.create(impossible), isInsufficientCapacityError);
    });

    it('throws NodeClassNotReady for a NodeClass that is not Ready', async (t) => {
      const harness = await makeHarness();
      if (harness.notReadyNodeClass === undefined) return t.skip(`${name} does not model NodeClasses`);
      await assert.rejects(
        harness.provider.create(nodeClaim('contract-d', { nodeClass: harness.notReadyNodeClass })),
        isNodeClassNotReadyError,
      );
    });

    it('does not report drift for a freshly launched NodeClaim', async () => {
      const { provider } = await makeHarness();
      const launched = await provider.create(nodeClaim('contract-e'));
      assert.equal(await provider.isDrifted(launched), undefined);
    });

    it('GIVEN an offering marked unavailable (a spot interruption) THEN getInstanceTypes reports it unavailable and the others not', async () => {
      const { provider } = await makeHarness();
      assert.ok(provider.markOfferingUnavailable, 'the provider has an unavailable-offerings cache');
      const spot = (await provider.getInstanceTypes(nodePool()))
        .find((type) => type.name === 'm5.large')
        ?.offerings.find((o) => o.capacityType === 'spot' && o.available);
      assert.ok(spot, 'm5.large has an available spot offering');
      provider.markOfferingUnavailable({ instanceType: 'm5.large', zone: spot.zone, capacityType: 'spot' }, 'SpotInterruption');
      const offerings = (await provider.getInstanceTypes(nodePool())).find((type) => type.name === 'm5.large')?.offerings ?? [];
      assert.equal(offerings.find((o) => o.capacityType === 'spot' && o.zone === spot.zone)?.available, false);
      assert.ok(
        offerings.some((o) => o.available),
        'the other offerings stay available',
      );
    });
  });
}
