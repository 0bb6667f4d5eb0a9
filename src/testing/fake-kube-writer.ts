/**
 * An in-memory {@link KubeWriter} for controller unit tests: it applies each
 * write to a {@link ClusterState} as the informers would (NodeClaims, Nodes,
 * Pods, NodePools, EC2NodeClasses), records every call, and throws whatever
 * error a test queued for the next call of a method — so a test can make one
 * status write fail and watch the controller recover.
 */
import type { Node, Taint } from '../apis/core-v1.js';
import type { EC2NodeClass, EC2NodeClassStatus } from '../apis/ec2nodeclass.js';
import type { NodeClaim, NodeClaimStatus } from '../apis/nodeclaim.js';
import type { NodePool, NodePoolStatus } from '../apis/nodepool.js';
import type { KubeObject, ObjectMeta } from '../apis/object-meta.js';
import { KubeApiError } from '../kube/errors.js';
import { KubeWriter, type EventRecord } from '../kube/kube-writer.js';
import type { ResourceKind } from '../kube/resource-kinds.js';
import type { RestClient } from '../kube/rest-client.js';
import type { ClusterState, StateKind, StateObjects } from '../state/cluster-state.js';

/** The writer methods whose calls are recorded and can be made to fail. */
export type FakeKubeMethod = keyof KubeWriter;

/** One recorded call. */
export interface FakeKubeCall {
  readonly method: FakeKubeMethod;
  readonly args: readonly unknown[];
}

/** A RestClient that refuses every request: the fake answers everything itself. */
const NO_REST = { request: () => Promise.reject(new Error('FakeKubeWriter sends no requests')) } as unknown as RestClient;

const STATE_KIND_OF: Record<string, StateKind> = { NodeClaim: 'nodeClaims', Node: 'nodes', Pod: 'pods', NodePool: 'nodePools', EC2NodeClass: 'nodeClasses' };

/** A KubeWriter over a ClusterState, recording calls and accepting injected failures. */
export class FakeKubeWriter extends KubeWriter {
  /** Every call, in order. */
  readonly calls: FakeKubeCall[] = [];
  /** Every event recorded. */
  readonly events: EventRecord[] = [];
  private readonly nextErrors = new Map<FakeKubeMethod, Error[]>();
  private resourceVersion = 1000;

  constructor(
    private readonly state: ClusterState,
    private readonly clock: () => Date = () => new Date(0),
  ) {
    super(NO_REST, clock);
  }

  /** Queues `error` (default: a 500 from the API server) for the next call of `method`. */
  failNext(method: FakeKubeMethod, error: Error = new KubeApiError(`${method}: injected failure`, 500, 'InternalError')): void {
    this.nextErrors.set(method, [...(this.nextErrors.get(method) ?? []), error]);
  }

  /** The recorded calls of one method. */
  callsOf(method: FakeKubeMethod): FakeKubeCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  private record(method: FakeKubeMethod, ...args: unknown[]): void {
    this.calls.push({ method, args });
    const error = this.nextErrors.get(method)?.shift();
    if (error !== undefined) throw error;
  }

  private stored<K extends StateKind>(kind: K, name: string, namespace?: string): StateObjects[K] {
    const found = this.state.get(kind, namespace === undefined ? name : `${namespace}/${name}`);
    if (found === undefined) throw new KubeApiError(`${kind} "${name}" not found`, 404, 'NotFound');
    return found;
  }

  private store<K extends StateKind>(kind: K, object: StateObjects[K]): StateObjects[K] {
    const next = { ...object, metadata: { ...object.metadata, resourceVersion: String(++this.resourceVersion) } } as StateObjects[K];
    this.state.upsert(kind, next);
    return next;
  }

  /** Deletes as the API server does: with finalizers it only sets deletionTimestamp. */
  private remove<K extends StateKind>(kind: K, name: string, namespace?: string): boolean {
    const key = namespace === undefined ? name : `${namespace}/${name}`;
    const found = this.state.get(kind, key);
    if (found === undefined) return false;
    if ((found.metadata.finalizers ?? []).length === 0) this.state.remove(kind, found);
    else if (found.metadata.deletionTimestamp === undefined) this.store(kind, { ...found, metadata: { ...found.metadata, deletionTimestamp: this.clock().toISOString() } });
    return true;
  }

  override async createNodeClaim(nodeClaim: NodeClaim): Promise<NodeClaim> {
    this.record('createNodeClaim', nodeClaim);
    const name = nodeClaim.metadata.name ?? `${nodeClaim.metadata.generateName ?? 'nodeclaim-'}${this.resourceVersion}`;
    if (this.state.get('nodeClaims', name) !== undefined) throw new KubeApiError(`nodeclaims "${name}" already exists`, 409, 'AlreadyExists');
    const uid = nodeClaim.metadata.uid ?? `uid-${name}`;
    return this.store('nodeClaims', { ...nodeClaim, metadata: { ...nodeClaim.metadata, name, uid, creationTimestamp: this.clock().toISOString() } });
  }

  override async patchNodeClaimStatus(name: string, status: NodeClaimStatus): Promise<NodeClaim> {
    this.record('patchNodeClaimStatus', name, status);
    const claim = this.stored('nodeClaims', name);
    return this.store('nodeClaims', { ...claim, status: { ...claim.status, ...status } });
  }

  override async patchNodePoolStatus(name: string, status: NodePoolStatus): Promise<NodePool> {
    this.record('patchNodePoolStatus', name, status);
    const pool = this.stored('nodePools', name);
    return this.store('nodePools', { ...pool, status: { ...pool.status, ...status } });
  }

  override async patchEC2NodeClassStatus(name: string, status: EC2NodeClassStatus): Promise<EC2NodeClass> {
    this.record('patchEC2NodeClassStatus', name, status);
    const nodeClass = this.stored('nodeClasses', name);
    return this.store('nodeClasses', { ...nodeClass, status: { ...nodeClass.status, ...status } });
  }

  override async patchNodeClaimMetadata(name: string, metadata: Partial<ObjectMeta>): Promise<NodeClaim> {
    this.record('patchNodeClaimMetadata', name, metadata);
    const claim = this.stored('nodeClaims', name);
    const labels = metadata.labels === undefined ? claim.metadata.labels : { ...claim.metadata.labels, ...metadata.labels };
    const annotations = metadata.annotations === undefined ? claim.metadata.annotations : { ...claim.metadata.annotations, ...metadata.annotations };
    return this.store('nodeClaims', { ...claim, metadata: { ...claim.metadata, ...metadata, labels, annotations } });
  }

  override async deleteNodeClaim(name: string): Promise<boolean> {
    this.record('deleteNodeClaim', name);
    return this.remove('nodeClaims', name);
  }

  override async deleteNode(name: string): Promise<boolean> {
    this.record('deleteNode', name);
    return this.remove('nodes', name);
  }

  override async deletePod(namespace: string, name: string, graceSeconds: number): Promise<boolean> {
    this.record('deletePod', namespace, name, graceSeconds);
    return this.remove('pods', name, namespace);
  }

  override async evictPod(namespace: string, name: string): Promise<boolean> {
    this.record('evictPod', namespace, name);
    return this.remove('pods', name, namespace);
  }

  override async removeFinalizer(kind: ResourceKind, name: string, finalizer: string, namespace?: string): Promise<void> {
    this.record('removeFinalizer', kind, name, finalizer, namespace);
    this.changeFinalizers(kind, name, namespace, (finalizers) => finalizers.filter((f) => f !== finalizer));
  }

  override async addFinalizer(kind: ResourceKind, name: string, finalizer: string, namespace?: string): Promise<void> {
    this.record('addFinalizer', kind, name, finalizer, namespace);
    this.changeFinalizers(kind, name, namespace, (finalizers) => (finalizers.includes(finalizer) ? finalizers : [...finalizers, finalizer]));
  }

  private changeFinalizers(kind: ResourceKind, name: string, namespace: string | undefined, change: (finalizers: string[]) => string[]): void {
    const stateKind = STATE_KIND_OF[kind.kind];
    if (stateKind === undefined) return;
    const found = this.state.get(stateKind, namespace === undefined ? name : `${namespace}/${name}`) as KubeObject | undefined;
    if (found === undefined) return;
    const finalizers = change(found.metadata.finalizers ?? []);
    const next = { ...found, metadata: { ...found.metadata, finalizers } } as StateObjects[typeof stateKind];
    if (finalizers.length === 0 && found.metadata.deletionTimestamp !== undefined) this.state.remove(stateKind, next);
    else this.store(stateKind, next);
  }

  override async updateNode(name: string, change: (node: Node) => Node | undefined): Promise<Node | undefined> {
    this.record('updateNode', name);
    const node = this.state.get('nodes', name);
    if (node === undefined) return undefined;
    const next = change(node);
    return next === undefined ? node : this.store('nodes', next);
  }

  override async taintNode(name: string, taint: Taint): Promise<void> {
    this.record('taintNode', name, taint);
    const node = this.state.get('nodes', name);
    const taints = node?.spec.taints ?? [];
    if (node === undefined || taints.some((t) => t.key === taint.key && t.effect === taint.effect)) return;
    this.store('nodes', { ...node, spec: { ...node.spec, taints: [...taints, taint] } });
  }

  override async cordonNode(name: string): Promise<void> {
    this.record('cordonNode', name);
    const node = this.state.get('nodes', name);
    if (node !== undefined && node.spec.unschedulable !== true) this.store('nodes', { ...node, spec: { ...node.spec, unschedulable: true } });
  }

  override async recordEvent(event: EventRecord): Promise<Error | undefined> {
    try {
      this.record('recordEvent', event);
    } catch (error) {
      return error as Error;
    }
    this.events.push(event);
    return undefined;
  }
}
