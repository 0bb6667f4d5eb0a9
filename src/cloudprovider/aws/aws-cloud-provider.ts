/**
 * `aws`: the real provider over `@aws-sdk/client-ec2` (https://karpenter.sh/docs/reference/instance-types/).
 * EC2NodeClasses come from the caller already resolved (see
 * `resolveNodeClassStatus`); launches go through CreateFleet, removal through
 * TerminateInstances, and the ICE cache steers the next launch away from
 * offerings that just failed.
 */
import type { EC2NodeClass } from '../../apis/ec2nodeclass.js';
import type { NodeClaim } from '../../apis/nodeclaim.js';
import type { NodePool } from '../../apis/nodepool.js';
import { Labels } from '../../apis/well-known-labels.js';
import type { Clock } from '../../apis/clock.js';
import type { InstanceType } from '../../scheduling/instance-type.js';
import { loadEc2Catalog, type Ec2Catalog, type Ec2InstanceType } from '../catalog/index.js';
import { silentLogger, type Logger } from '../../apis/logger.js';
import { launchedNodeClaim, nodeClaimFromInstance } from '../launch/nodeclaim.js';
import { planLaunch } from '../launch/select.js';
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
  isCloudProviderError,
  NodeClaimNotFoundError,
  NodeClassNotReadyError,
  parseAwsProviderID,
  type CloudProvider,
  type DriftReason,
  type OfferingKey,
} from '../types.js';
import type { AwsClients } from './clients.js';
import { awsDriftReason } from './drift.js';
import { awsErrorCode } from './errors.js';
import { Ec2Instances, type Ec2Instance } from './instances.js';
import { AwsInstanceTypes } from './instance-types.js';
import { launchInstance } from './launch.js';
import { LaunchTemplates } from './launch-templates.js';
import { AwsPricing } from './pricing.js';
import type { ClusterBootstrap } from './user-data.js';

/** Options of {@link AwsCloudProvider}. */
export interface AwsCloudProviderOptions {
  readonly region: string;
  /** `--cluster-name`, plus endpoint / CA / service CIDR for user data. */
  readonly cluster: ClusterBootstrap;
  /** @default 0.075 */
  readonly vmMemoryOverheadPercent?: number;
  /** @default 0 */
  readonly reservedENIs?: number;
}

/** Collaborators of {@link AwsCloudProvider}. */
export interface AwsCloudProviderDeps {
  readonly clients: Pick<AwsClients, 'ec2' | 'pricing'>;
  /** Looks up an EC2NodeClass (with its resolved status) by name. */
  readonly nodeClasses: (name: string) => EC2NodeClass | undefined;
  readonly clock: Clock;
  readonly catalog?: Ec2Catalog;
  readonly logger?: Logger;
}

/** The AWS CloudProvider. */
export class AwsCloudProvider implements CloudProvider {
  readonly name = 'aws';
  readonly ice: UnavailableOfferings;
  readonly pricing: AwsPricing;
  readonly instanceTypes: AwsInstanceTypes;
  private readonly instances: Ec2Instances;
  private readonly templates: LaunchTemplates;
  private readonly logger: Logger;
  private readonly lastTypes = new Map<string, Map<string, Ec2InstanceType>>();

  /** Wires the provider; no AWS call happens until a method is used. */
  constructor(
    private readonly deps: AwsCloudProviderDeps,
    private readonly options: AwsCloudProviderOptions,
  ) {
    const now = () => deps.clock.now();
    const catalog = deps.catalog ?? loadEc2Catalog();
    const { ec2, pricing } = deps.clients;
    this.logger = deps.logger ?? silentLogger;
    this.ice = new UnavailableOfferings(now);
    this.pricing = new AwsPricing({ ec2, pricing, catalog, now }, options.region);
    this.instanceTypes = new AwsInstanceTypes(
      { ec2, catalog, pricing: this.pricing, ice: this.ice, now },
      { region: options.region, vmMemoryOverheadPercent: options.vmMemoryOverheadPercent, reservedENIs: options.reservedENIs },
    );
    this.instances = new Ec2Instances({ ec2, clusterName: options.cluster.name });
    this.templates = new LaunchTemplates({ ec2 });
  }

  /**
   * Re-reads instance types, offerings and prices (run at startup and every 12 h,
   * https://karpenter.sh/docs/reference/instance-types/); a failed part is logged and its old data kept.
   */
  async refresh(): Promise<void> {
    const parts: Array<[string, () => Promise<unknown>]> = [
      ['instance types', () => this.instanceTypes.refresh()],
      ['spot prices', () => this.pricing.refreshSpot()],
      ['on-demand prices', () => this.pricing.refreshOnDemand()],
    ];
    await Promise.all(
      parts.map(async ([what, run]) => {
        try {
          await run();
        } catch (error) {
          this.logger.error({ provider: this.name, err: error }, `refreshing ${what} failed, keeping the previous data`);
        }
      }),
    );
  }

  /** Marks the offering of a spot instance that got an interruption warning unavailable (spot, type, zone) for 3 minutes. */
  async markSpotInterrupted(instanceID: string): Promise<void> {
    const instance = await this.instances.get(instanceID);
    if (instance !== undefined) this.ice.mark('spot', instance.instanceType, instance.zone, 'spot interruption');
  }

  private readyNodeClass(name: string): EC2NodeClass {
    const nodeClass = this.deps.nodeClasses(name);
    if (nodeClass === undefined) throw new InsufficientCapacityError(`resolving nodeclass ${name}: not found`);
    const readiness = nodeClassReadiness(nodeClass);
    if (!readiness.ok) throw new NodeClassNotReadyError(name, readiness.reason);
    const restricted = restrictedTagKeys(nodeClass.spec.tags);
    if (restricted.length > 0) throw new NodeClassNotReadyError(name, `spec.tags uses restricted keys ${restricted.join(', ')}`);
    return nodeClass;
  }

  private async typesFor(nodeClass: EC2NodeClass): Promise<Ec2InstanceType[]> {
    const types = await this.instanceTypes.forNodeClass(nodeClass);
    this.lastTypes.set(nodeClass.metadata.name ?? '', new Map(types.map((type) => [type.name, type])));
    return types;
  }

  /** Launches through CreateFleet (see {@link CloudProvider.create}). */
  async create(nodeClaim: NodeClaim): Promise<NodeClaim> {
    const nodeClass = this.readyNodeClass(nodeClaim.spec.nodeClassRef.name);
    try {
      return await this.launch(nodeClaim, nodeClass);
    } catch (error) {
      if (isCloudProviderError(error)) throw error;
      throw new CreateError(
        awsErrorCode(error) || 'LaunchFailed',
        `launching nodeclaim ${nodeClaim.metadata.name ?? ''}: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  private async launch(nodeClaim: NodeClaim, nodeClass: EC2NodeClass): Promise<NodeClaim> {
    const nodeClassName = nodeClass.metadata.name ?? '';
    const tags = launchTags({
      clusterName: this.options.cluster.name,
      nodePool: nodeClaim.metadata.labels?.[Labels.nodePool] ?? '',
      nodeClass: nodeClassName,
      nodeClaim: nodeClaim.metadata.name ?? '',
      extra: nodeClass.spec.tags,
    });
    const plan = planLaunch(nodeClaim, await this.typesFor(nodeClass));
    if (!plan.ok) throw new InsufficientCapacityError(plan.reason);
    const launched = await launchInstance(
      { ec2: this.deps.clients.ec2, templates: this.templates, ice: this.ice, cluster: this.options.cluster },
      { nodeClaim, nodeClass, capacityType: plan.capacityType, candidates: plan.candidates, tags },
    );
    const providerID = awsProviderID(launched.zone, launched.instanceID);
    this.logger.debug(
      {
        provider: this.name,
        nodeClaim: nodeClaim.metadata.name,
        providerID,
        instanceType: launched.instanceType.name,
        zone: launched.zone,
        capacityType: launched.capacityType,
      },
      'launched instance',
    );
    return launchedNodeClaim(nodeClaim, {
      instanceType: launched.instanceType,
      zone: launched.zone,
      capacityType: launched.capacityType,
      providerID,
      imageID: launched.imageID,
      extraLabels: { [Labels.ec2NodeClass]: nodeClassName },
      annotations: {
        [NODECLASS_HASH_ANNOTATION]: ec2NodeClassHash(nodeClass),
        [NODECLASS_HASH_VERSION_ANNOTATION]: NODECLASS_HASH_VERSION,
        'karpenter.k8s.aws/instance-profile-name': nodeClass.status?.instanceProfile ?? nodeClass.spec.instanceProfile ?? '',
      },
    });
  }

  private toNodeClaim(instance: Ec2Instance): NodeClaim {
    const type = this.lastTypes.get(instance.tags[Labels.ec2NodeClass] ?? '')?.get(instance.instanceType);
    return nodeClaimFromInstance({
      providerID: awsProviderID(instance.zone, instance.id),
      instanceType: instance.instanceType,
      zone: instance.zone,
      capacityType: instance.capacityType,
      imageID: instance.imageID,
      tags: instance.tags,
      launchTime: instance.launchTime,
      type,
      ...(instance.state === 'shutting-down' ? { terminating: this.deps.clock.now() } : {}),
    });
  }

  private async instanceOf(providerID: string): Promise<Ec2Instance | undefined> {
    const id = parseAwsProviderID(providerID)?.instanceID;
    return id === undefined ? undefined : this.instances.get(id);
  }

  /** TerminateInstances unless already shutting down; NodeClaimNotFoundError once gone. */
  async delete(nodeClaim: NodeClaim): Promise<void> {
    const providerID = nodeClaim.status?.providerID ?? '';
    const instance = await this.instanceOf(providerID);
    if (instance === undefined) throw new NodeClaimNotFoundError(providerID);
    if (instance.state === 'shutting-down') return;
    if (!(await this.instances.terminate(instance.id))) throw new NodeClaimNotFoundError(providerID);
    this.logger.debug({ provider: this.name, nodeClaim: nodeClaim.metadata.name, providerID }, 'terminating instance');
  }

  /** DescribeInstances by id; NodeClaimNotFoundError when terminated or unknown. */
  async get(providerID: string): Promise<NodeClaim> {
    const instance = await this.instanceOf(providerID);
    if (instance === undefined) throw new NodeClaimNotFoundError(providerID);
    return this.toNodeClaim(instance);
  }

  /** DescribeInstances by karpd's tags. */
  async list(): Promise<NodeClaim[]> {
    return (await this.instances.list()).map((instance) => this.toNodeClaim(instance));
  }

  /** Types for the pool's NodeClass (empty when it does not exist). */
  async getInstanceTypes(nodePool: NodePool): Promise<InstanceType[]> {
    const nodeClass = this.deps.nodeClasses(nodePool.spec.template.spec.nodeClassRef.name);
    return nodeClass === undefined ? [] : this.typesFor(nodeClass);
  }

  /** NodeClass hash, AMI, security-group and subnet drift. */
  /** Marks one offering unavailable in the ICE cache for 3 minutes (see {@link CloudProvider.markOfferingUnavailable}). */
  markOfferingUnavailable(offering: OfferingKey, reason: string): void {
    this.ice.mark(offering.capacityType, offering.instanceType, offering.zone, reason);
  }

  async isDrifted(nodeClaim: NodeClaim): Promise<DriftReason | undefined> {
    const nodeClass = this.deps.nodeClasses(nodeClaim.spec.nodeClassRef.name);
    if (nodeClass === undefined) return undefined;
    return awsDriftReason(nodeClaim, nodeClass, await this.instanceOf(nodeClaim.status?.providerID ?? ''));
  }
}
