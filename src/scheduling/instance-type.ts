/**
 * The instance-type model the scheduler packs pods onto: what a cloud provider
 * offers (labels as requirements, capacity, overhead, priced offerings per
 * zone × capacity type). Cloud providers build these; the scheduler only reads
 * them. Spec: kubernetes-sigs/karpenter pkg/cloudprovider/types.go, https://karpenter.sh/docs/reference/instance-types/
 */
import type { NodeSelectorRequirement } from '../apis/core-v1.js';
import type { CapacityType } from '../apis/well-known-labels.js';
import type { Resources } from './resources.js';

/** One way to buy an instance type: a zone and a capacity type at a price. */
export interface Offering {
  readonly zone: string;
  readonly capacityType: CapacityType;
  /** USD per hour. */
  readonly price: number;
  /** False while the offering is known to be out of capacity (ICE cache) or not offered. */
  readonly available: boolean;
  readonly zoneID?: string;
  readonly reservationID?: string;
}

/** The parts of a node's capacity the kubelet and system keep back. */
export interface Overhead {
  readonly kubeReserved: Resources;
  readonly systemReserved: Resources;
  readonly evictionThreshold: Resources;
}

/** An instance type as the scheduler sees it. */
export interface InstanceType {
  /** e.g. `m5.large`. */
  readonly name: string;
  /**
   * The labels a node of this type carries, as requirements: `In` with the
   * type's value(s) for labels it has (zone and capacity type list every
   * offered value), `DoesNotExist` for provider labels it lacks (e.g. GPU
   * labels on a CPU type).
   */
  readonly requirements: readonly NodeSelectorRequirement[];
  /** Total capacity (cpu in millicores, memory in bytes, pods, …). */
  readonly capacity: Resources;
  readonly overhead: Overhead;
  /** capacity − kubeReserved − systemReserved − evictionThreshold. */
  readonly allocatable: Resources;
  readonly offerings: readonly Offering[];
}
