/**
 * Per-object readings the view needs on every rebuild (a pod's requests and age, a resource list's cpu and
 * memory), computed once per object: ClusterState keeps an unchanged object's identity, so a WeakMap keyed by
 * the object skips re-parsing quantities for everything that did not change. Pure: no clock, no I/O.
 */
import type { Pod } from '../../apis/core-v1.js';
import type { ResourceList } from '../../apis/object-meta.js';
import { podRequests } from '../../scheduling/pod-requests.js';
import { amountOf } from '../../scheduling/resources.js';
import { timeMs } from './object-facts.js';

/** What the view reads from one pod. */
export interface PodFacts {
  /** The pod these were read from. */
  readonly pod: Pod;
  /** `namespace/name`. */
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  readonly phase: string;
  /** Succeeded or Failed: left out of the view and of every sum. */
  readonly terminal: boolean;
  readonly nodeName?: string;
  readonly deleting: boolean;
  /** No node and not being deleted. */
  readonly pending: boolean;
  readonly createdMs?: number;
  /** Effective requests in millicores and bytes (0 when a quantity cannot be read). */
  readonly cpu: number;
  readonly memory: number;
  /** The requests could not be read: the text of the error. */
  readonly requestsError?: string;
  /** `Kind/name` of the controlling owner (else the first). */
  readonly owner?: string;
}

/** CPU (millicores) and memory (bytes) of a resource list; a field is absent when missing or unreadable. */
export interface CpuMemory {
  readonly cpu?: number;
  readonly memory?: number;
}

const EMPTY: CpuMemory = {};

function readAmount(name: string, list: ResourceList, key: string): number | undefined {
  const value = list[key];
  if (value === undefined) return undefined;
  try {
    return amountOf(name, String(value));
  } catch {
    return undefined;
  }
}

function ownerOf(pod: Pod): string | undefined {
  const owners = pod.metadata.ownerReferences;
  if (owners === undefined || owners.length === 0) return undefined;
  const owner = owners.find((reference) => reference.controller === true) ?? owners[0];
  return `${owner.kind}/${owner.name}`;
}

function readPod(pod: Pod): PodFacts {
  const namespace = pod.metadata.namespace ?? 'default';
  const name = pod.metadata.name ?? '';
  const phase = pod.status?.phase ?? 'Pending';
  const nodeName = pod.spec.nodeName === undefined || pod.spec.nodeName === '' ? undefined : pod.spec.nodeName;
  const deleting = pod.metadata.deletionTimestamp !== undefined;
  let cpu = 0;
  let memory = 0;
  let requestsError: string | undefined;
  try {
    const requests = podRequests(pod);
    cpu = requests.cpu ?? 0;
    memory = requests.memory ?? 0;
  } catch (error) {
    requestsError = error instanceof Error ? error.message : String(error);
  }
  const owner = ownerOf(pod);
  const createdMs = timeMs(pod.metadata.creationTimestamp);
  return {
    pod,
    key: `${namespace}/${name}`,
    namespace,
    name,
    phase,
    terminal: phase === 'Succeeded' || phase === 'Failed',
    ...(nodeName === undefined ? {} : { nodeName }),
    deleting,
    pending: nodeName === undefined && !deleting,
    ...(createdMs === undefined ? {} : { createdMs }),
    cpu,
    memory,
    ...(requestsError === undefined ? {} : { requestsError }),
    ...(owner === undefined ? {} : { owner }),
  };
}

/** Remembers each object's readings for as long as the object lives. */
export class ObjectCache {
  private readonly pods = new WeakMap<Pod, PodFacts>();
  private readonly lists = new WeakMap<ResourceList, CpuMemory>();

  /** The pod's readings (computed on first sight of this object). */
  pod(pod: Pod): PodFacts {
    let facts = this.pods.get(pod);
    if (facts === undefined) {
      facts = readPod(pod);
      this.pods.set(pod, facts);
    }
    return facts;
  }

  /** CPU and memory of a resource list (computed on first sight of this list object). */
  cpuMemory(list: ResourceList | undefined): CpuMemory {
    if (list === undefined) return EMPTY;
    let amounts = this.lists.get(list);
    if (amounts === undefined) {
      const cpu = readAmount('cpu', list, 'cpu');
      const memory = readAmount('memory', list, 'memory');
      amounts = { ...(cpu === undefined ? {} : { cpu }), ...(memory === undefined ? {} : { memory }) };
      this.lists.set(list, amounts);
    }
    return amounts;
  }
}
