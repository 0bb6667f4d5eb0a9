/**
 * An in-memory {@link KubeWrites} for controller unit tests (Karpenter's
 * controller tests style): every write is recorded, applied to a
 * ClusterState as the API server and the informers would (names from
 * `generateName`, increasing resourceVersions, deletion held by finalizers),
 * and any method can be made to fail on its next call.
 */
import type { Node, Taint } from '../apis/core-v1.js';
import type { EC2NodeClass, EC2NodeClassStatus } from '../apis/ec2nodeclass.js';
import type { NodeClaim, NodeClaimStatus } from '../apis/nodeclaim.js';
import type { NodePool, NodePoolStatus } from '../apis/nodepool.js';
import type { KubeObject, ObjectMeta } from '../apis/object-meta.js';
import { EvictionBlockedError, KubeApiError } from '../kube/errors.js';
import type { EventRecord, KubeWrites } from '../kube/kube-writer.js';
import type { ResourceKind } from '../kube/resource-kinds.js';
import type { ClusterState, StateKind } from '../state/cluster-state.js';

/** The methods of {@link KubeWrites}. */
export type KubeWriteMethod = keyof KubeWrites;

/** One recorded call. */
export interface KubeWriteCall {
  readonly method: KubeWriteMethod;
  readonly args: readonly unknown[];
}

const STATE_KIND_OF: Record<string, StateKind> = {
  Node: 'nodes',
  Pod: 'pods',
  NodeClaim: 'nodeClaims',
  NodePool: 'nodePools',
  EC2NodeClass: 'nodeClasses',
};

function keyOf(name: string, namespace?: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

/** Records writes and applies them to a ClusterState. */
export class FakeKubeWriter implements KubeWrites {
  readonly calls: KubeWriteCall[] = [];
  readonly events: EventRecord[] = [];
  /** `namespace/name` of pods whose eviction a PodDisruptionBudget blocks. */
  readonly blockedEvictions = new Set<string>();
  private readonly failures = new Map<KubeWriteMethod, Error[]>();
  private readonly persistent: Array<{ method: KubeWriteMethod; when: (args: readonly unknown[]) => boolean; error: Error }> = [];
  private version = 1000;
  private sequence = 0;

  constructor(
    private readonly state: ClusterState,
    private readonly now: () => Date = () => new Date('2026-01-01T00:00:00Z'),
  ) {}

  /** Makes the next call of `method` throw `error` (several queue up in order). */
  failNext(method: KubeWriteMethod, error: Error = new KubeApiError(`${method}: injected failure`, 500, 'InternalError')): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), error]);
  }

  /** Makes every call of `method` whose arguments match `when` throw `error` (a poisoned object); returns an undo function. */
  failWhen(method: KubeWriteMethod, when: (args: readonly unknown[]) => boolean, error: Error): () => void {
    const rule = { method, when, error };
    this.persistent.push(rule);
    return () => void this.persistent.splice(this.persistent.indexOf(rule), 1);
  }

  /** The recorded calls of one method. */
  callsOf(method: KubeWriteMethod): KubeWriteCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Events with `reason`. */
  eventsWith(reason: string): EventRecord[] {
    return this.events.filter((event) => event.reason === reason);
  }

  async createNodeClaim(nodeClaim: NodeClaim): Promise<NodeClaim> {
    this.record('createNodeClaim', nodeClaim);
    this.sequence += 1;
    const name =
      nodeClaim.metadata.name ?? `${nodeClaim.metadata.generateName ?? 'nodeclaim-'}${this.sequence.toString(36).padStart(5, '0')}`;
    const created: NodeClaim = {
      ...nodeClaim,
      metadata: {
        ...nodeClaim.metadata,
        name,
        uid: `uid-${name}`,
        creationTimestamp: this.now().toISOString(),
        resourceVersion: this.nextVersion(),
        generation: 1,
      },
    };
    this.state.upsert('nodeClaims', created);
    return created;
  }

  async patchNodeClaimStatus(name: string, status: NodeClaimStatus): Promise<NodeClaim> {
    this.record('patchNodeClaimStatus', name, status);
    return this.patchStatus('nodeClaims', name, status);
  }

  async patchNodePoolStatus(name: string, status: NodePoolStatus): Promise<NodePool> {
    this.record('patchNodePoolStatus', name, status);
    return this.patchStatus('nodePools', name, status);
  }

  async patchEC2NodeClassStatus(name: string, status: EC2NodeClassStatus): Promise<EC2NodeClass> {
    this.record('patchEC2NodeClassStatus', name, status);
    return this.patchStatus('nodeClasses', name, status);
  }

  async patchNodeClaimMetadata(name: string, metadata: Partial<ObjectMeta>): Promise<NodeClaim> {
    this.record('patchNodeClaimMetadata', name, metadata);
    const claim = this.mustGet('nodeClaims', name);
    const merged = {
      ...claim.metadata,
      ...metadata,
      labels: { ...claim.metadata.labels, ...metadata.labels },
      annotations: { ...claim.metadata.annotations, ...metadata.annotations },
    };
    return this.store('nodeClaims', { ...claim, metadata: merged });
  }

  async patchNodePoolMetadata(name: string, metadata: Partial<ObjectMeta>): Promise<NodePool> {
    this.record('patchNodePoolMetadata', name, metadata);
    const pool = this.mustGet('nodePools', name);
    const merged = {
      ...pool.metadata,
      ...metadata,
      labels: { ...pool.metadata.labels, ...metadata.labels },
      annotations: { ...pool.metadata.annotations, ...metadata.annotations },
    };
    return this.store('nodePools', { ...pool, metadata: merged });
  }

  async deleteNodeClaim(name: string): Promise<boolean> {
    this.record('deleteNodeClaim', name);
    return this.deleteFrom('nodeClaims', name);
  }

  async deleteNode(name: string): Promise<boolean> {
    this.record('deleteNode', name);
    return this.deleteFrom('nodes', name);
  }

  async deletePod(namespace: string, name: string, graceSeconds: number): Promise<boolean> {
    this.record('deletePod', namespace, name, graceSeconds);
    return this.deleteFrom('pods', keyOf(name, namespace));
  }

  async removeFinalizer(kind: ResourceKind, name: string, finalizer: string, namespace?: string): Promise<boolean> {
    this.record('removeFinalizer', kind.kind, name, finalizer, namespace);
    const stateKind = STATE_KIND_OF[kind.kind];
    const object = stateKind === undefined ? undefined : (this.state.get(stateKind, keyOf(name, namespace)) as KubeObject | undefined);
    if (object === undefined || !(object.metadata.finalizers ?? []).includes(finalizer)) return false;
    const finalizers = (object.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    const next = { ...object, metadata: { ...object.metadata, finalizers, resourceVersion: this.nextVersion() } };
    if (finalizers.length === 0 && object.metadata.deletionTimestamp !== undefined) this.state.remove(stateKind, next as never);
    else this.state.upsert(stateKind, next as never);
    return true;
  }

  async addFinalizer(kind: ResourceKind, name: string, finalizer: string, namespace?: string): Promise<void> {
    this.record('addFinalizer', kind.kind, name, finalizer, namespace);
    const stateKind = STATE_KIND_OF[kind.kind];
    const object = stateKind === undefined ? undefined : (this.state.get(stateKind, keyOf(name, namespace)) as KubeObject | undefined);
    if (object === undefined || (object.metadata.finalizers ?? []).includes(finalizer)) return;
    this.state.upsert(stateKind, {
      ...object,
      metadata: { ...object.metadata, finalizers: [...(object.metadata.finalizers ?? []), finalizer], resourceVersion: this.nextVersion() },
    } as never);
  }

  async updateNode(name: string, change: (node: Node) => Node | undefined): Promise<Node | undefined> {
    this.record('updateNode', name);
    const node = this.state.get('nodes', name);
    if (node === undefined) return undefined;
    const next = change(node);
    return next === undefined ? node : this.store('nodes', next);
  }

  async taintNode(name: string, taint: Taint): Promise<void> {
    this.record('taintNode', name, taint);
    const node = this.state.get('nodes', name);
    if (node === undefined || (node.spec.taints ?? []).some((t) => t.key === taint.key && t.effect === taint.effect)) return;
    this.store('nodes', { ...node, spec: { ...node.spec, taints: [...(node.spec.taints ?? []), taint] } });
  }

  async cordonNode(name: string): Promise<void> {
    this.record('cordonNode', name);
    const node = this.state.get('nodes', name);
    if (node !== undefined && node.spec.unschedulable !== true)
      this.store('nodes', { ...node, spec: { ...node.spec, unschedulable: true } });
  }

  async evictPod(namespace: string, name: string): Promise<boolean> {
    this.record('evictPod', namespace, name);
    const key = keyOf(name, namespace);
    if (this.blockedEvictions.has(key))
      throw new EvictionBlockedError(key, "Cannot evict pod as it would violate the pod's disruption budget.");
    return this.deleteFrom('pods', key);
  }

  async recordEvent(event: EventRecord): Promise<Error | undefined> {
    try {
      this.record('recordEvent', event);
    } catch (error) {
      return error as Error;
    }
    this.events.push(event);
    return undefined;
  }

  private record(method: KubeWriteMethod, ...args: unknown[]): void {
    this.calls.push({ method, args });
    const error = this.failures.get(method)?.shift() ?? this.persistent.find((rule) => rule.method === method && rule.when(args))?.error;
    if (error !== undefined) throw error;
  }

  private nextVersion(): string {
    this.version += 1;
    return String(this.version);
  }

  private mustGet<K extends 'nodeClaims' | 'nodePools' | 'nodeClasses'>(kind: K, name: string) {
    const object = this.state.get(kind, name);
    if (object === undefined) throw new KubeApiError(`${kind} "${name}" not found`, 404, 'NotFound');
    return object;
  }

  private patchStatus<K extends 'nodeClaims' | 'nodePools' | 'nodeClasses'>(kind: K, name: string, status: object) {
    const object = this.mustGet(kind, name);
    return this.store(kind, { ...object, status: { ...(object.status ?? {}), ...status } } as typeof object);
  }

  private store<K extends StateKind, T extends KubeObject>(kind: K, object: T): T {
    const stored = { ...object, metadata: { ...object.metadata, resourceVersion: this.nextVersion() } };
    this.state.upsert(kind, stored as never);
    return stored;
  }

  private deleteFrom(kind: StateKind, key: string): boolean {
    const object = this.state.get(kind, key) as KubeObject | undefined;
    if (object === undefined) return false;
    if ((object.metadata.finalizers ?? []).length === 0) this.state.remove(kind, object as never);
    else if (object.metadata.deletionTimestamp === undefined)
      this.store(kind, { ...object, metadata: { ...object.metadata, deletionTimestamp: this.now().toISOString() } });
    return true;
  }
}
