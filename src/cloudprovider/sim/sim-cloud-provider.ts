/**
 * `sim`: an in-memory EC2 behind the CloudProvider interface, used by the
 * embedded default and by every replay. Launches pick the cheapest available
 * offering as CreateFleet would, instances boot after a delay on the injected
 * clock, and faults (capacity outages, failing launches, slow boots, spot
 * interruptions, rebalance, maintenance) can be injected while it runs.
 */
import type { EC2NodeClass } from '../../apis/ec2nodeclass.js';
import type { NodeClaim } from '../../apis/nodeclaim.js';
import type { NodePool } from '../../apis/nodepool.js';
import { Labels } from '../../apis/well-known-labels.js';
import type { InstanceType } from '../../scheduling/instance-type.js';
import { loadEc2Catalog, type Ec2Catalog } from '../catalog/index.js';
import { silentLogger, type Logger } from '../../apis/logger.js';
import { launchedNodeClaim, nodeClaimFromInstance } from '../launch/nodeclaim.js';
import { planLaunch, type LaunchCandidate } from '../launch/select.js';
import { UnavailableOfferings } from '../launch/unavailable-offerings.js';
import {
  ec2NodeClassHash,
  NODECLASS_HASH_ANNOTATION,
  NODECLASS_HASH_VERSION,
  NODECLASS_HASH_VERSION_ANNOTATION,
} from '../nodeclass/hash.js';
import { launchTags, nodeClassReadiness, restrictedTagKeys } from '../nodeclass/readiness.js';
import {
  awsProviderID,
  CreateError,
  InsufficientCapacityError,
  NodeClaimNotFoundError,
  NodeClassNotReadyError,
  parseAwsProviderID,
  type CloudProvider,
  type DriftReason,
  type OfferingKey,
  type FailedOffering,
  type InterruptionHandler,
  type InterruptionSource,
} from '../types.js';
import type { Clock } from './clock.js';
import { SimFaults } from './faults.js';
import { SimInstanceTypes } from './instance-types.js';
import { SimInstances, type SavedSimInstance, type SimInstance } from './instances.js';
import { InterruptionBus } from './interruption-bus.js';
import { SimMarket } from './market.js';
import { resolveSimNodeClass, type SimNodeClassResolution } from './nodeclass.js';
import { hexHash } from './seeded.js';
import { SimControls } from './sim-controls.js';

/** Options of {@link SimCloudProvider}; every field has a default. */
export interface SimCloudProviderOptions {
  /** @default 'us-west-2' */
  readonly region?: string;
  /** @default 1 */
  readonly seed?: number;
  /** @default 'karpd-sim' */
  readonly clusterName?: string;
  /** Time from launch to running. @default 30_000 */
  readonly bootDelayMs?: number;
  /** Time from shutting-down to terminated. @default 5_000 */
  readonly terminateDelayMs?: number;
  /** @default loadEc2Catalog() */
  readonly catalog?: Ec2Catalog;
  /** Fraction of (type, zone) pairs not offered. @default 0.08 */
  readonly missingFraction?: number;
  /** Restricts the catalog (e.g. to a few families for small demos). */
  readonly instanceTypeFilter?: (name: string) => boolean;
  /** Looks up EC2NodeClasses by name; without it every NodeClass counts as a default, ready one. */
  readonly nodeClasses?: (name: string) => EC2NodeClass | undefined;
}

/** What a simulated EC2 keeps in the state folder across restarts. */
export interface SavedSimCloud {
  readonly sequence: number;
  readonly eventSequence: number;
  readonly amiVersion: number;
  readonly instances: readonly SavedSimInstance[];
}

/** The collaborators of {@link SimCloudProvider}. */
export interface SimCloudProviderDeps {
  readonly clock: Clock;
  readonly logger?: Logger;
}

/** The simulated EC2 CloudProvider; also the source of its interruption events. */
export class SimCloudProvider implements CloudProvider, InterruptionSource {
  readonly name = 'sim';
  readonly clock: Clock;
  readonly market: SimMarket;
  readonly instances: SimInstances;
  readonly faults = new SimFaults();
  readonly ice: UnavailableOfferings;
  readonly bus: InterruptionBus;
  readonly clusterName: string;
  readonly seed: number;
  readonly terminateDelayMs: number;
  private readonly logger: Logger;
  private readonly types: SimInstanceTypes;
  private readonly bootDelayMs: number;
  private readonly lookupNodeClass?: (name: string) => EC2NodeClass | undefined;
  private sequence = 0;
  private eventSequence = 0;
  /** Bumped by {@link publishNewAmi}: `@latest` aliases resolve to a new AMI. */
  amiVersion = 1;
  /** Fault injection for tests and the dashboard. */
  readonly controls: SimControls = new SimControls(this);

  /** Builds a simulated EC2 on the given clock. */
  constructor(deps: SimCloudProviderDeps, options: SimCloudProviderOptions = {}) {
    this.clock = deps.clock;
    this.logger = deps.logger ?? silentLogger;
    this.seed = options.seed ?? 1;
    this.clusterName = options.clusterName ?? 'karpd-sim';
    this.bootDelayMs = options.bootDelayMs ?? 30_000;
    this.terminateDelayMs = options.terminateDelayMs ?? 5_000;
    this.lookupNodeClass = options.nodeClasses;
    const catalog = options.catalog ?? loadEc2Catalog();
    this.market = new SimMarket({
      region: options.region ?? 'us-west-2',
      seed: this.seed,
      catalog,
      missingFraction: options.missingFraction,
    });
    this.instances = new SimInstances(this.clock);
    this.ice = new UnavailableOfferings(() => this.clock.now());
    this.bus = new InterruptionBus(this.clock, this.logger);
    this.types = new SimInstanceTypes({ clock: this.clock, market: this.market, ice: this.ice, catalog }, options.instanceTypeFilter);
  }

  /** The instances and counters, for the state folder. */
  save(): SavedSimCloud {
    return { sequence: this.sequence, eventSequence: this.eventSequence, amiVersion: this.amiVersion, instances: this.instances.save() };
  }

  /** Continues from a saved cloud (before anything is launched): instance ids keep counting up. */
  restore(saved: SavedSimCloud): void {
    this.sequence = saved.sequence;
    this.eventSequence = saved.eventSequence;
    this.amiVersion = saved.amiVersion;
    this.instances.restore(saved.instances, { bootDelayMs: this.bootDelayMs, terminateDelayMs: this.terminateDelayMs });
  }

  /** Subscribes to interruption events (spot warnings, rebalance, maintenance, state changes). */
  subscribe(handler: InterruptionHandler): () => void {
    return this.bus.subscribe(handler);
  }

  /** The next interruption event id. */
  nextEventID(): string {
    return `sim-${++this.eventSequence}`;
  }

  /** Resolves a NodeClass the way the simulated EC2 sees it (subnets, security groups, AMIs). */
  resolve(nodeClass: EC2NodeClass | undefined): SimNodeClassResolution {
    return resolveSimNodeClass(nodeClass, {
      seed: this.seed,
      zones: this.market.zones,
      zoneIDs: this.market.zoneIDs,
      amiVersion: this.amiVersion,
    });
  }

  /** Makes `@latest` aliases resolve to a new AMI, so running nodes drift. */
  publishNewAmi(): void {
    this.amiVersion++;
  }

  private nodeClassFor(name: string): { found: boolean; nodeClass?: EC2NodeClass } {
    if (this.lookupNodeClass === undefined) return { found: true };
    const nodeClass = this.lookupNodeClass(name);
    return { found: nodeClass !== undefined, nodeClass };
  }

  private checkNodeClass(name: string): EC2NodeClass | undefined {
    const { found, nodeClass } = this.nodeClassFor(name);
    if (!found) throw new InsufficientCapacityError(`resolving nodeclass ${name}: not found`);
    if (nodeClass === undefined) return undefined;
    if (nodeClass.status?.conditions !== undefined) {
      const readiness = nodeClassReadiness(nodeClass);
      if (!readiness.ok) throw new NodeClassNotReadyError(name, readiness.reason);
    }
    const restricted = restrictedTagKeys(nodeClass.spec.tags);
    if (restricted.length > 0) throw new NodeClassNotReadyError(name, `spec.tags uses restricted keys ${restricted.join(', ')}`);
    return nodeClass;
  }

  private zonesOf(resolution: SimNodeClassResolution): string[] {
    return resolution.subnets.map((subnet) => subnet.zone);
  }

  /** Launches one instance on the cheapest offering that has capacity (see {@link CloudProvider.create}). */
  async create(nodeClaim: NodeClaim): Promise<NodeClaim> {
    const nodeClassName = nodeClaim.spec.nodeClassRef.name;
    const nodeClass = this.checkNodeClass(nodeClassName);
    const failure = this.faults.takeLaunchFailure();
    if (failure !== undefined)
      throw new CreateError(failure.code, `launching nodeclaim ${nodeClaim.metadata.name ?? ''}: ${failure.message}`);
    const resolution = this.resolve(nodeClass);
    const types = this.types.forNodeClass(nodeClass, this.zonesOf(resolution));
    const plan = planLaunch(nodeClaim, types);
    if (!plan.ok) throw new InsufficientCapacityError(plan.reason);
    const failed: FailedOffering[] = [];
    for (const candidate of plan.candidates) {
      const { instanceType, offering } = candidate;
      if (this.faults.isOutOfCapacity(instanceType.name, offering.zone, offering.capacityType, this.clock.now())) {
        failed.push({
          instanceType: instanceType.name,
          zone: offering.zone,
          capacityType: offering.capacityType,
          code: 'InsufficientInstanceCapacity',
        });
        this.ice.mark(offering.capacityType, instanceType.name, offering.zone, 'InsufficientInstanceCapacity');
        continue;
      }
      return this.launch(nodeClaim, candidate, resolution, nodeClass);
    }
    throw new InsufficientCapacityError(
      `all ${failed.length} ${plan.capacityType} offerings for nodeclaim ${nodeClaim.metadata.name ?? ''} are out of capacity`,
      failed,
    );
  }

  private launch(
    nodeClaim: NodeClaim,
    candidate: LaunchCandidate,
    resolution: SimNodeClassResolution,
    nodeClass: EC2NodeClass | undefined,
  ): NodeClaim {
    const { instanceType, offering } = candidate;
    const id = `i-${hexHash(this.seed, 17, 'instance', ++this.sequence)}`;
    const providerID = awsProviderID(offering.zone, id);
    const arch = instanceType.requirements.find((req) => req.key === Labels.arch)?.values?.[0];
    const imageID = resolution.amis.find((ami) => ami.arch === arch)?.id ?? resolution.amis[0]?.id ?? 'ami-unknown';
    const subnetID = resolution.subnets.find((subnet) => subnet.zone === offering.zone)?.id ?? '';
    const nodeClassName = nodeClaim.spec.nodeClassRef.name;
    const tags = launchTags({
      clusterName: this.clusterName,
      nodePool: nodeClaim.metadata.labels?.[Labels.nodePool] ?? '',
      nodeClass: nodeClassName,
      nodeClaim: nodeClaim.metadata.name ?? '',
      extra: nodeClass?.spec.tags,
    });
    const instance: Omit<SimInstance, 'state'> = {
      id,
      providerID,
      instanceType: instanceType.name,
      zone: offering.zone,
      capacityType: offering.capacityType,
      price: offering.price,
      imageID,
      subnetID,
      securityGroupIDs: resolution.securityGroups.map((group) => group.id),
      tags,
      launchTime: this.clock.now(),
    };
    this.instances.add(instance, this.bootDelayMs + this.faults.takeBootDelay());
    this.logger.debug(
      {
        provider: this.name,
        nodeClaim: nodeClaim.metadata.name,
        providerID,
        instanceType: instanceType.name,
        zone: offering.zone,
        capacityType: offering.capacityType,
      },
      'launched instance',
    );
    const hash: Record<string, string> =
      nodeClass === undefined
        ? {}
        : { [NODECLASS_HASH_ANNOTATION]: ec2NodeClassHash(nodeClass), [NODECLASS_HASH_VERSION_ANNOTATION]: NODECLASS_HASH_VERSION };
    return launchedNodeClaim(nodeClaim, {
      instanceType,
      zone: offering.zone,
      capacityType: offering.capacityType,
      providerID,
      imageID,
      extraLabels: { [Labels.ec2NodeClass]: nodeClassName },
      annotations: hash,
    });
  }

  private instanceOf(providerID: string): SimInstance | undefined {
    const id = parseAwsProviderID(providerID)?.instanceID;
    const instance = id === undefined ? undefined : this.instances.get(id);
    return instance === undefined || instance.state === 'terminated' ? undefined : instance;
  }

  /** Starts terminating the instance; NodeClaimNotFoundError once it is terminated. */
  async delete(nodeClaim: NodeClaim): Promise<void> {
    const providerID = nodeClaim.status?.providerID ?? '';
    const instance = this.instanceOf(providerID);
    if (instance === undefined) throw new NodeClaimNotFoundError(providerID);
    if (instance.state === 'shutting-down') return;
    this.instances.terminate(instance.id, this.terminateDelayMs);
    this.logger.debug({ provider: this.name, nodeClaim: nodeClaim.metadata.name, providerID }, 'terminating instance');
  }

  private toNodeClaim(instance: SimInstance): NodeClaim {
    const type = this.types
      .forNodeClass(this.nodeClassFor(instance.tags[Labels.ec2NodeClass] ?? '').nodeClass)
      .find((t) => t.name === instance.instanceType);
    return nodeClaimFromInstance({
      providerID: instance.providerID,
      instanceType: instance.instanceType,
      zone: instance.zone,
      capacityType: instance.capacityType,
      imageID: instance.imageID,
      tags: instance.tags,
      launchTime: instance.launchTime,
      terminating: instance.shutdownAt,
      type,
    });
  }

  /** The NodeClaim of a live instance; NodeClaimNotFoundError when terminated or unknown. */
  async get(providerID: string): Promise<NodeClaim> {
    const instance = this.instanceOf(providerID);
    if (instance === undefined) throw new NodeClaimNotFoundError(providerID);
    return this.toNodeClaim(instance);
  }

  /** Every live instance of this cluster. */
  async list(): Promise<NodeClaim[]> {
    const clusterTag = `kubernetes.io/cluster/${this.clusterName}`;
    return this.instances
      .live()
      .filter((instance) => instance.tags[clusterTag] === 'owned')
      .map((instance) => this.toNodeClaim(instance));
  }

  /** All types for the pool's NodeClass (empty when the NodeClass does not exist). */
  async getInstanceTypes(nodePool: NodePool): Promise<InstanceType[]> {
    const { found, nodeClass } = this.nodeClassFor(nodePool.spec.template.spec.nodeClassRef.name);
    if (!found) return [];
    return this.types.forNodeClass(nodeClass, this.zonesOf(this.resolve(nodeClass)));
  }

  /** NodeClass hash, AMI, security-group and subnet drift, in that order. */
  /** Marks one offering unavailable in the ICE cache for 3 minutes (see {@link CloudProvider.markOfferingUnavailable}). */
  markOfferingUnavailable(offering: OfferingKey, reason: string): void {
    this.ice.mark(offering.capacityType, offering.instanceType, offering.zone, reason);
  }

  async isDrifted(nodeClaim: NodeClaim): Promise<DriftReason | undefined> {
    const { nodeClass } = this.nodeClassFor(nodeClaim.spec.nodeClassRef.name);
    const annotations = nodeClaim.metadata.annotations ?? {};
    if (nodeClass !== undefined && annotations[NODECLASS_HASH_VERSION_ANNOTATION] === NODECLASS_HASH_VERSION) {
      const stamped = annotations[NODECLASS_HASH_ANNOTATION];
      if (stamped !== undefined && stamped !== ec2NodeClassHash(nodeClass)) return 'NodeClassDrift';
    }
    const resolution = this.resolve(nodeClass);
    const imageID = nodeClaim.status?.imageID;
    if (imageID !== undefined && !resolution.amis.some((ami) => ami.id === imageID)) return 'AMIDrift';
    const instance = this.instanceOf(nodeClaim.status?.providerID ?? '');
    if (instance === undefined) return undefined;
    const groups = new Set(resolution.securityGroups.map((group) => group.id));
    if (instance.securityGroupIDs.length !== groups.size || instance.securityGroupIDs.some((id) => !groups.has(id)))
      return 'SecurityGroupDrift';
    if (!resolution.subnets.some((subnet) => subnet.id === instance.subnetID)) return 'SubnetDrift';
    return undefined;
  }
}
