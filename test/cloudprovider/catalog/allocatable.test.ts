import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  computeAllocatable,
  computeCapacity,
  computeOverhead,
  kubeReservedCPU,
  loadEc2Catalog,
  type CapacityOptions,
} from '../../../src/cloudprovider/catalog/index.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

function allocatableOf(name: string, options: CapacityOptions = {}) {
  const info = loadEc2Catalog().byName.get(name);
  assert.ok(info, `${name} is in the catalog`);
  const capacity = computeCapacity(info, options);
  return { capacity, allocatable: computeAllocatable(capacity, computeOverhead(info, capacity, options)) };
}

describe('allocatable (https://karpenter.sh/docs/reference/instance-types/)', () => {
  it('matches the karpenterAllocatable golden vector of every catalog entry', () => {
    const catalog = loadEc2Catalog();
    assert.equal(catalog.entries.length, 1366);
    const mismatches: string[] = [];
    for (const entry of catalog.entries) {
      const { allocatable } = allocatableOf(entry.name);
      const want = entry.karpenterAllocatable;
      const got = {
        cpuMillis: allocatable.cpu,
        memoryMiB: allocatable.memory / MiB,
        ephemeralStorageGiB: allocatable['ephemeral-storage'] / GiB,
        pods: allocatable.pods,
      };
      if (JSON.stringify(got) !== JSON.stringify(want))
        mismatches.push(`${entry.name}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
    }
    assert.deepEqual(mismatches.slice(0, 10), []);
  });

  it('computes the documented m5.large and r8g.large examples', () => {
    const m5 = allocatableOf('m5.large');
    assert.equal(m5.capacity.memory, 7577 * MiB);
    assert.equal(m5.allocatable.memory, 6903 * MiB);
    assert.equal(m5.allocatable.cpu, 1930);
    assert.equal(m5.allocatable['ephemeral-storage'], 17 * GiB);
    assert.equal(m5.allocatable.pods, 29);
    assert.equal(allocatableOf('r8g.large').allocatable.memory, 14422 * MiB);
  });

  it('reserves kube cpu by core ranges', () => {
    assert.deepEqual([1, 2, 4, 8, 96].map(kubeReservedCPU), [60, 70, 80, 90, 310]);
  });

  it('applies kubelet maxPods without changing the ENI-based kube-reserved memory', () => {
    const { capacity, allocatable } = allocatableOf('m5.large', { kubelet: { maxPods: 110 } });
    assert.equal(capacity.pods, 110);
    assert.equal(allocatable.memory, 6903 * MiB);
  });

  it('caps pods with podsPerCore and leaves ENIs out with reservedENIs', () => {
    assert.equal(allocatableOf('m5.large', { kubelet: { podsPerCore: 4 } }).capacity.pods, 8);
    assert.equal(allocatableOf('m5.large', { reservedENIs: 1 }).capacity.pods, 2 * 9 + 2);
    assert.equal(allocatableOf('m5.large', { amiFamily: 'Windows2022' }).capacity.pods, 110);
  });

  it('lets kubeReserved, systemReserved and evictionHard override the defaults', () => {
    const { allocatable } = allocatableOf('m5.large', {
      kubelet: {
        kubeReserved: { cpu: '100m' },
        systemReserved: { memory: '100Mi' },
        evictionHard: { 'memory.available': '5%', 'nodefs.available': '100%' },
      },
    });
    assert.equal(allocatable.cpu, 1900);
    assert.equal(allocatable.memory, 7577 * MiB - 574 * MiB - 100 * MiB - Math.ceil(7577 * MiB * 0.05));
    assert.equal(allocatable['ephemeral-storage'], 19 * GiB);
  });

  it('takes ephemeral storage from the root volume mapping or RAID0 instance store', () => {
    const root = allocatableOf('m5.large', {
      blockDeviceMappings: [{ deviceName: '/dev/xvda', rootVolume: true, ebs: { volumeSize: '100Gi' } }],
    });
    assert.equal(root.capacity['ephemeral-storage'], 100 * GiB);
    const raid = allocatableOf('m5d.large', { instanceStorePolicy: 'RAID0' });
    assert.equal(raid.capacity['ephemeral-storage'], 75e9);
  });

  it('exposes GPUs as extended resources', () => {
    assert.equal(allocatableOf('p3.2xlarge').capacity['nvidia.com/gpu'], 1);
  });
});
