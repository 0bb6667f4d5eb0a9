/**
 * What the simulated kubelet registers for an instance: an EC2-style node
 * name and IP derived deterministically from the instance id, the labels and
 * taints a kubelet started by Karpenter's user data would register with, and
 * capacity from the NodeClaim (or the instance type). Pure.
 */
import type { Node, Pod, PodStatus, Taint } from '../../apis/core-v1.js';
import type { NodeClaim } from '../../apis/nodeclaim.js';
import { Labels, Taints } from '../../apis/well-known-labels.js';
import { unitHash } from '../../cloudprovider/sim/seeded.js';

/** The kubelet version the simulated nodes report. */
export const SIM_KUBELET_VERSION = 'v1.32.0-karpd-sim';

/** The taint a node carries until its Ready condition is True (node lifecycle controller). */
export const NOT_READY_TAINT: Taint = { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' };

/** The node's IPv4 address and name. */
export interface NodeIdentity {
  readonly name: string;
  readonly ip: string;
  readonly region: string;
}

/** The region of a zone (`us-west-2a` → `us-west-2`). */
export function regionOfZone(zone: string): string {
  return zone.replace(/[a-z]$/, '');
}

/** A private IPv4 derived from a key: `10.x.y.z` with `z` in 1..254. */
export function privateIp(key: string): string {
  const n = Math.floor(unitHash(0, 'ip', key) * 2 ** 24);
  return `10.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${1 + ((n & 255) % 254)}`;
}

/** `ip-10-1-2-3.us-west-2.compute.internal` (`ec2.internal` in us-east-1, as EC2 names them). */
export function nodeIdentity(instanceID: string, zone: string): NodeIdentity {
  const ip = privateIp(instanceID);
  const region = regionOfZone(zone);
  const domain = region === 'us-east-1' ? 'ec2.internal' : `${region}.compute.internal`;
  return { name: `ip-${ip.replaceAll('.', '-')}.${domain}`, ip, region };
}

/** What the kubelet knows about the machine it runs on. */
export interface NodeFacts {
  readonly instanceID: string;
  readonly providerID: string;
  readonly zone: string;
  readonly instanceType: string;
  readonly capacityType: string;
  /** The NodeClaim the instance was launched for, as karpd wrote it (labels, taints, status capacity). */
  readonly claim?: NodeClaim;
  /** The NodeClaim the cloud rebuilds from the instance (instance-type labels and capacity), a fallback. */
  readonly cloudClaim?: NodeClaim;
}

function sameTaint(a: Taint, b: Taint): boolean {
  return a.key === b.key && a.effect === b.effect;
}

/** The claim's taints, its startup taints, the unregistered taint and the not-ready taint, without duplicates. */
export function bootTaints(claim: NodeClaim | undefined): Taint[] {
  const out: Taint[] = [];
  for (const taint of [...(claim?.spec.taints ?? []), ...(claim?.spec.startupTaints ?? []), Taints.unregistered, NOT_READY_TAINT]) {
    if (!out.some((t) => sameTaint(t, taint))) out.push({ ...taint });
  }
  return out;
}

function nodeLabels(facts: NodeFacts, identity: NodeIdentity): Record<string, string> {
  return {
    [Labels.os]: 'linux',
    ...(facts.cloudClaim?.metadata.labels ?? {}),
    ...(facts.claim?.metadata.labels ?? {}),
    [Labels.instanceType]: facts.instanceType,
    [Labels.zone]: facts.zone,
    [Labels.region]: identity.region,
    [Labels.capacityType]: facts.capacityType,
    [Labels.hostname]: identity.name,
  };
}

/** The Node object the kubelet creates (Ready=False, status written separately through the status subresource). */
export function bootNode(facts: NodeFacts, now: Date): Node {
  const identity = nodeIdentity(facts.instanceID, facts.zone);
  const labels = nodeLabels(facts, identity);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: identity.name,
      labels,
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'alpha.kubernetes.io/provided-node-ip': identity.ip },
    },
    spec: { providerID: facts.providerID, taints: bootTaints(facts.claim) },
    status: nodeStatus(facts, identity, labels, { ready: false, now }),
  };
}

/** The node's status with the Ready condition set as given. */
export function nodeStatus(
  facts: NodeFacts,
  identity: NodeIdentity,
  labels: Readonly<Record<string, string>>,
  ready: { ready: boolean; now: Date },
): NonNullable<Node['status']> {
  const capacity = facts.claim?.status?.capacity ?? facts.cloudClaim?.status?.capacity ?? {};
  const allocatable = facts.claim?.status?.allocatable ?? facts.cloudClaim?.status?.allocatable ?? capacity;
  return {
    capacity: { ...capacity },
    allocatable: { ...allocatable },
    conditions: [readyCondition(ready.ready, ready.now)],
    addresses: [
      { type: 'InternalIP', address: identity.ip },
      { type: 'InternalDNS', address: identity.name },
      { type: 'Hostname', address: identity.name },
    ],
    nodeInfo: {
      architecture: labels[Labels.arch] ?? 'amd64',
      operatingSystem: labels[Labels.os] ?? 'linux',
      kubeletVersion: SIM_KUBELET_VERSION,
      kubeProxyVersion: SIM_KUBELET_VERSION,
      containerRuntimeVersion: 'containerd://1.7.27',
      osImage: 'Amazon Linux 2023 (karpd sim)',
      kernelVersion: '6.1.0-sim',
    },
  };
}

/** The Ready condition as the kubelet reports it. */
export function readyCondition(ready: boolean, now: Date): NonNullable<NonNullable<Node['status']>['conditions']>[number] {
  const time = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return ready
    ? {
        type: 'Ready',
        status: 'True',
        reason: 'KubeletReady',
        message: 'kubelet is posting ready status',
        lastTransitionTime: time,
        lastHeartbeatTime: time,
      }
    : {
        type: 'Ready',
        status: 'False',
        reason: 'KubeletNotReady',
        message: 'container runtime status check may not have completed yet',
        lastTransitionTime: time,
        lastHeartbeatTime: time,
      };
}

/** The status a pod gets once its containers run on `node` (Running, Ready, IPs, start time). */
export function runningPodStatus(pod: Pod, hostIP: string, now: Date): PodStatus & Record<string, unknown> {
  const time = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const podIP = privateIp(`${pod.metadata.uid ?? ''}/${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`);
  const condition = (type: string) => ({ type, status: 'True' as const, lastTransitionTime: time });
  return {
    phase: 'Running',
    conditions: [
      condition('PodReadyToStartContainers'),
      condition('Initialized'),
      condition('ContainersReady'),
      condition('Ready'),
      condition('PodScheduled'),
    ],
    hostIP,
    hostIPs: [{ ip: hostIP }],
    podIP,
    podIPs: [{ ip: podIP }],
    startTime: time,
    containerStatuses: pod.spec.containers.map((c) => ({
      name: c.name,
      image: c.image ?? '',
      imageID: '',
      ready: true,
      started: true,
      restartCount: 0,
      state: { running: { startedAt: time } },
    })),
  };
}

/** The status of a pod whose containers exited 0 (a finished batch pod). */
export function succeededPodStatus(pod: Pod, now: Date): PodStatus & Record<string, unknown> {
  const time = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const conditions = (pod.status?.conditions ?? []).map((c) =>
    c.type === 'Ready' || c.type === 'ContainersReady'
      ? { ...c, status: 'False' as const, reason: 'PodCompleted', lastTransitionTime: time }
      : c,
  );
  return {
    phase: 'Succeeded',
    conditions,
    containerStatuses: pod.spec.containers.map((c) => ({
      name: c.name,
      image: c.image ?? '',
      imageID: '',
      ready: false,
      started: false,
      restartCount: 0,
      state: { terminated: { exitCode: 0, reason: 'Completed', finishedAt: time } },
    })),
  };
}
