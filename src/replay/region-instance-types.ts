/**
 * The priced instance types the cluster-autoscaler model and the lower bound read (issue #13): what the simulated
 * cloud karpd's side runs on offers the scenario's pools at the replay's start (same region, same seed, so the
 * same spot prices), one entry per instance type. Prices are read once: the baseline's groups do not re-price.
 */
import type { EC2NodeClass } from '../apis/ec2nodeclass.js';
import type { NodePool } from '../apis/nodepool.js';
import { SimCloudProvider } from '../cloudprovider/sim/sim-cloud-provider.js';
import type { InstanceType } from '../scheduling/instance-type.js';
import { VirtualClock } from './virtual-clock.js';

/** What {@link regionInstanceTypes} reads. */
export interface RegionInstanceTypesInput {
  readonly region: string;
  readonly seed: number;
  readonly startMs: number;
  readonly nodePools: readonly NodePool[];
  readonly nodeClasses: readonly EC2NodeClass[];
}

/** Every instance type some pool of the scenario is offered, with its offerings priced at `startMs`. */
export async function regionInstanceTypes(input: RegionInstanceTypesInput): Promise<InstanceType[]> {
  const classes = new Map(input.nodeClasses.map((nodeClass) => [nodeClass.metadata.name ?? '', nodeClass]));
  const cloud = new SimCloudProvider(
    { clock: new VirtualClock(input.startMs) },
    { region: input.region, seed: input.seed, nodeClasses: (name) => classes.get(name) },
  );
  const byName = new Map<string, InstanceType>();
  for (const pool of input.nodePools) {
    for (const type of await cloud.getInstanceTypes(pool)) if (!byName.has(type.name)) byName.set(type.name, type);
  }
  return [...byName.values()];
}
