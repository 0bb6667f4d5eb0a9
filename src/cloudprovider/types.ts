/**
 * THE boundary between karpd's core and a cloud: one narrow interface,
 * its typed errors and the interruption events a cloud emits
 * (kubernetes-sigs/karpenter pkg/cloudprovider/types.go, aws/karpenter-provider-aws pkg/providers/instance CreateFleet launch). Pure types: the
 * scheduler and the disruption code may import this file.
 */
import type { NodeClaim } from '../apis/nodeclaim.js';
import type { NodePool } from '../apis/nodepool.js';
import type { CapacityType } from '../apis/well-known-labels.js';
import type { InstanceType } from '../scheduling/instance-type.js';
import { AutoscalerError, hasError } from '../apis/errors.js';

/** Why a provider considers a launched NodeClaim drifted (https://karpenter.sh/docs/concepts/disruption/#drift), or a provider-defined reason. */
export type DriftReason =
  | 'NodeClassDrift'
  | 'AMIDrift'
  | 'SecurityGroupDrift'
  | 'SubnetDrift'
  | 'CapacityReservationDrift'
  | 'PlacementGroupDrift'
  | (string & {});

/** Launches and removes machines. Implementations: `fake`, `sim`, `aws`; decorators wrap any of them. */
export interface CloudProvider {
  /** Short provider name (`aws`, `sim`, `fake`), used in metrics and logs. */
  readonly name: string;
  /**
   * Launches one machine satisfying the NodeClaim's requirements (any listed
   * instance type, zone and capacity type) and `resources.requests`; returns
   * a copy with `status.providerID`, `imageID`, `capacity`, `allocatable` and
   * the resolved labels (instance type, zone, capacity type, arch, os, provider labels).
   * Throws {@link InsufficientCapacityError} when no offering could be
   * launched (the caller deletes the NodeClaim and re-schedules),
   * {@link NodeClassNotReadyError} when the NodeClass is missing its Ready
   * condition, and {@link CreateError} for anything else (retry with backoff).
   */
  create(nodeClaim: NodeClaim): Promise<NodeClaim>;
  /**
   * Terminates the NodeClaim's instance. Idempotent: calling it again while
   * the instance shuts down succeeds; once the instance is gone it throws
   * {@link NodeClaimNotFoundError}, which is how the caller knows it may
   * remove its finalizer.
   */
  delete(nodeClaim: NodeClaim): Promise<void>;
  /** The NodeClaim rebuilt from the instance with this providerID; {@link NodeClaimNotFoundError} when it is gone or unknown. */
  get(providerID: string): Promise<NodeClaim>;
  /** Every instance this provider launched for this cluster that is not yet terminated, as NodeClaims (shutting-down ones carry a deletionTimestamp). */
  list(): Promise<NodeClaim[]>;
  /**
   * Every instance type the pool can use, including types with no available
   * offering (their offerings say `available: false`). Unknown NodeClass → empty list.
   */
  getInstanceTypes(nodePool: NodePool): Promise<InstanceType[]>;
  /** Provider-side drift of a launched NodeClaim, or undefined when it is not drifted. */
  isDrifted(nodeClaim: NodeClaim): Promise<DriftReason | undefined>;
  /**
   * Marks one offering unavailable in the provider's unavailable-offerings (ICE) cache for its TTL (3 min for
   * `sim` and `aws`), as upstream's interruption controller does on a spot interruption warning: the next
   * `getInstanceTypes` reports it `available: false` and launches skip it. Providers without such a cache leave
   * it out; callers then skip the step.
   */
  markOfferingUnavailable?(offering: OfferingKey, reason: string): void;
}

/** One offering: an instance type in a zone at a capacity type. */
export interface OfferingKey {
  readonly instanceType: string;
  readonly zone: string;
  readonly capacityType: CapacityType;
}

/** One offering a launch tried and could not get. */
export interface FailedOffering {
  readonly instanceType: string;
  readonly zone: string;
  readonly capacityType: CapacityType;
  /** The cloud's error code, e.g. `InsufficientInstanceCapacity`. */
  readonly code?: string;
}

/** Base class of every cloud-provider error; `retryable` tells the caller whether trying again can help. */
export class CloudProviderError extends AutoscalerError {
  override readonly name: string = 'CloudProviderError';
  readonly retryable: boolean = false;
}

/** The instance behind a NodeClaim / providerID no longer exists (or never did). */
export class NodeClaimNotFoundError extends CloudProviderError {
  override readonly name = 'NodeClaimNotFoundError';
  constructor(
    readonly providerID: string,
    options?: ErrorOptions,
  ) {
    super(`instance ${providerID || '<no providerID>'} not found: it is terminated or was never launched`, options);
  }
}

/** No offering the NodeClaim allows could be launched; `offerings` lists what was tried. */
export class InsufficientCapacityError extends CloudProviderError {
  override readonly name = 'InsufficientCapacityError';
  constructor(
    message: string,
    readonly offerings: readonly FailedOffering[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The NodeClass is missing, not Ready, or its Ready condition is stale. */
export class NodeClassNotReadyError extends CloudProviderError {
  override readonly name = 'NodeClassNotReadyError';
  constructor(
    readonly nodeClass: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`nodeclass ${nodeClass} is not ready: ${reason}`, options);
  }
}

/** A launch failed for another reason; `conditionReason`/`message` go onto the NodeClaim's Launched condition. */
export class CreateError extends CloudProviderError {
  override readonly name = 'CreateError';
  override readonly retryable = true;
  constructor(
    readonly conditionReason: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Is `error` a {@link CloudProviderError}? */
export function isCloudProviderError(error: unknown): boolean {
  return hasError(error, CloudProviderError);
}
/** Is `error` a {@link NodeClaimNotFoundError}? */
export function isNodeClaimNotFoundError(error: unknown): boolean {
  return hasError(error, NodeClaimNotFoundError);
}
/** Is `error` an {@link InsufficientCapacityError}? */
export function isInsufficientCapacityError(error: unknown): boolean {
  return hasError(error, InsufficientCapacityError);
}
/** Is `error` a {@link NodeClassNotReadyError}? */
export function isNodeClassNotReadyError(error: unknown): boolean {
  return hasError(error, NodeClassNotReadyError);
}
/** Is `error` a {@link CreateError}? */
export function isCreateError(error: unknown): boolean {
  return hasError(error, CreateError);
}

/** The interruption message kinds of https://karpenter.sh/docs/concepts/disruption/#interruption */
export type InterruptionKind =
  | 'spot_interrupted'
  | 'scheduled_change'
  | 'instance_stopped'
  | 'instance_terminated'
  | 'rebalance_recommendation'
  | 'capacity_reservation_interrupted';

/** What the core should do about an interruption: drain and delete the NodeClaim, or only record an event. */
export type InterruptionAction = 'CordonAndDrain' | 'NoAction';

/** One interruption notice for one or more instances, from the SQS queue (aws) or the simulated EC2 (sim). */
export interface InterruptionEvent {
  /** The message id (SQS / EventBridge id, or a sim sequence id). */
  readonly id: string;
  readonly kind: InterruptionKind;
  readonly action: InterruptionAction;
  /** EC2 instance ids (`i-…`); match them against `providerID`'s last segment. */
  readonly instanceIDs: readonly string[];
  /** When the cloud sent the notice. */
  readonly time: Date;
  /** Free text for events and the dashboard (e.g. the health event code). */
  readonly detail?: string;
}

/**
 * Handles one interruption. Throwing (or rejecting) means "not handled":
 * the source delivers the event again later instead of dropping it.
 */
export type InterruptionHandler = (event: InterruptionEvent) => void | Promise<void>;

/** A stream of interruption events; `subscribe` returns an unsubscribe function. */
export interface InterruptionSource {
  subscribe(handler: InterruptionHandler): () => void;
}

/** The action the core takes for a kind (rebalance recommendations are recorded only). */
export function interruptionAction(kind: InterruptionKind): InterruptionAction {
  return kind === 'rebalance_recommendation' ? 'NoAction' : 'CordonAndDrain';
}

/** The provider-ID format `aws:///<zone>/<instance-id>`. */
export function awsProviderID(zone: string, instanceID: string): string {
  return `aws:///${zone}/${instanceID}`;
}

/** The instance id and zone of an `aws:///<zone>/<id>` provider ID, or undefined when it has another shape. */
export function parseAwsProviderID(providerID: string): { zone: string; instanceID: string } | undefined {
  const match = /^(.*):\/\/\/(.*)\/(.*)$/.exec(providerID);
  if (match === null || match[3] === '') return undefined;
  return { zone: match[2], instanceID: match[3] };
}
