/**
 * A recording CloudProvider for unit tests: it remembers every call, launches
 * instantly on the cheapest compatible offering, and throws whatever error a
 * test queued for the next call of a method.
 */
import type { NodeClaim } from '../../apis/nodeclaim.js';
import type { NodePool } from '../../apis/nodepool.js';
import type { InstanceType } from '../../scheduling/instance-type.js';
import { planLaunch } from '../launch/select.js';
import { launchedNodeClaim, nodeClaimFromInstance } from '../launch/nodeclaim.js';
import {
  awsProviderID,
  InsufficientCapacityError,
  NodeClaimNotFoundError,
  type CloudProvider,
  type DriftReason,
  type OfferingKey,
} from '../types.js';

/** The methods whose calls are recorded and can be made to fail. */
export type FakeMethod = 'create' | 'delete' | 'get' | 'list' | 'getInstanceTypes' | 'isDrifted' | 'markOfferingUnavailable';

/** One recorded call. */
export interface FakeCall {
  readonly method: FakeMethod;
  readonly argument?: NodeClaim | NodePool | OfferingKey | string;
}

/** Options of {@link FakeCloudProvider}. */
export interface FakeCloudProviderOptions {
  /** The instance types every pool gets. @default [] */
  readonly instanceTypes?: readonly InstanceType[];
  /** @default 'fake' */
  readonly name?: string;
}

/** A CloudProvider that records calls and accepts injected failures. */
export class FakeCloudProvider implements CloudProvider {
  readonly name: string;
  /** Every call, in order. */
  readonly calls: FakeCall[] = [];
  /** Launched, not yet deleted NodeClaims by providerID. */
  readonly created = new Map<string, NodeClaim>();
  /** providerID → drift reason returned by isDrifted. */
  readonly drifted = new Map<string, DriftReason>();
  /** Offerings marked unavailable (`capacityType:instanceType:zone`): getInstanceTypes reports them unavailable. */
  readonly unavailable = new Set<string>();
  instanceTypes: readonly InstanceType[];
  private readonly nextErrors = new Map<FakeMethod, Error[]>();
  private sequence = 0;

  /** Creates a fake over the given instance types. */
  constructor(options: FakeCloudProviderOptions = {}) {
    this.name = options.name ?? 'fake';
    this.instanceTypes = options.instanceTypes ?? [];
  }

  /** Queues `error` to be thrown by the next call of `method` (several queue up in order). */
  failNext(method: FakeMethod, error: Error): void {
    this.nextErrors.set(method, [...(this.nextErrors.get(method) ?? []), error]);
  }

  /** The recorded calls of one method. */
  callsOf(method: FakeMethod): FakeCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Forgets calls, instances, drift and queued errors. */
  reset(): void {
    this.calls.length = 0;
    this.created.clear();
    this.drifted.clear();
    this.unavailable.clear();
    this.nextErrors.clear();
    this.sequence = 0;
  }

  private record(method: FakeMethod, argument?: FakeCall['argument']): void {
    this.calls.push({ method, argument });
    const queued = this.nextErrors.get(method);
    const error = queued?.shift();
    if (error !== undefined) throw error;
  }

  /** Launches on the cheapest compatible available offering, instantly. */
  async create(nodeClaim: NodeClaim): Promise<NodeClaim> {
    this.record('create', nodeClaim);
    const plan = planLaunch(nodeClaim, this.availableTypes());
    if (!plan.ok) throw new InsufficientCapacityError(plan.reason);
    const { instanceType, offering } = plan.candidates[0];
    this.sequence++;
    const providerID = awsProviderID(offering.zone, `i-${this.sequence.toString(16).padStart(17, '0')}`);
    const launched = launchedNodeClaim(nodeClaim, {
      instanceType,
      zone: offering.zone,
      capacityType: offering.capacityType,
      providerID,
      imageID: 'ami-fake',
    });
    this.created.set(providerID, launched);
    return launched;
  }

  /** Removes the instance; NodeClaimNotFoundError when it is not there. */
  async delete(nodeClaim: NodeClaim): Promise<void> {
    this.record('delete', nodeClaim);
    const providerID = nodeClaim.status?.providerID ?? '';
    if (!this.created.delete(providerID)) throw new NodeClaimNotFoundError(providerID);
  }

  /** The launched NodeClaim; NodeClaimNotFoundError when unknown. */
  async get(providerID: string): Promise<NodeClaim> {
    this.record('get', providerID);
    const found = this.created.get(providerID);
    if (found === undefined) throw new NodeClaimNotFoundError(providerID);
    return found;
  }

  /** Every launched NodeClaim. */
  async list(): Promise<NodeClaim[]> {
    this.record('list');
    return [...this.created.values()];
  }

  /** The configured instance types, whatever the pool, with the offerings marked unavailable made so. */
  async getInstanceTypes(nodePool: NodePool): Promise<InstanceType[]> {
    this.record('getInstanceTypes', nodePool);
    return this.availableTypes();
  }

  private availableTypes(): InstanceType[] {
    if (this.unavailable.size === 0) return [...this.instanceTypes];
    return this.instanceTypes.map((type) => ({
      ...type,
      offerings: type.offerings.map((o) =>
        this.unavailable.has(`${o.capacityType}:${type.name}:${o.zone}`) ? { ...o, available: false } : o,
      ),
    }));
  }

  /** Remembers the offering as unavailable (no TTL: until {@link reset}). */
  markOfferingUnavailable(offering: OfferingKey, _reason: string): void {
    this.record('markOfferingUnavailable', offering);
    this.unavailable.add(`${offering.capacityType}:${offering.instanceType}:${offering.zone}`);
  }

  /** The drift reason set in {@link drifted} for the claim's providerID. */
  async isDrifted(nodeClaim: NodeClaim): Promise<DriftReason | undefined> {
    this.record('isDrifted', nodeClaim);
    return this.drifted.get(nodeClaim.status?.providerID ?? '');
  }
}

/** Rebuilds a minimal NodeClaim for a providerID (handy in tests of list-based controllers). */
export const fakeNodeClaimFor = (providerID: string, instanceType: string, zone: string): NodeClaim =>
  nodeClaimFromInstance({ providerID, instanceType, zone, capacityType: 'on-demand', tags: {}, launchTime: new Date(0) });
