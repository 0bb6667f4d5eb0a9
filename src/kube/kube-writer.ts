/**
 * Every write karpd makes to a cluster, behind one typed surface: NodeClaims
 * and their status, Node labels / taints / cordon / finalizers, evictions
 * (429 from a PodDisruptionBudget becomes {@link EvictionBlockedError}), and
 * Kubernetes Events. Controllers get this object passed in; tests can swap it.
 */
import type { Node, Taint } from '../apis/core-v1.js';
import type { EC2NodeClass, EC2NodeClassStatus } from '../apis/ec2nodeclass.js';
import type { NodeClaim, NodeClaimStatus } from '../apis/nodeclaim.js';
import type { NodePool, NodePoolStatus } from '../apis/nodepool.js';
import type { KubeObject, ObjectMeta } from '../apis/object-meta.js';
import { eventTime, newEventBody } from './event-body.js';
import { withConflictRetry } from './conflict-retry.js';
import { EvictionBlockedError, findKubeApiError, isNotFoundError, toKubeApiError } from './errors.js';
import { Kinds, collectionPath, objectPath, type ResourceKind } from './resource-kinds.js';
import { PatchTypes, type RestClient } from './rest-client.js';

/** An event about an object, as `kubectl describe` shows it. */
export interface EventRecord {
  involved: KubeObject;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

/** What controllers need of {@link KubeWriter}: its public methods (tests pass `FakeKubeWriter` from src/testing). */
export type KubeWrites = Pick<KubeWriter, keyof KubeWriter>;

/** The component name written into Events and field managers. */
export const COMPONENT = 'karpd';

/** Typed writes to one cluster. */
export class KubeWriter {
  constructor(
    private readonly rest: RestClient,
    private readonly now: () => Date,
  ) {}

  /** Creates a NodeClaim (use `metadata.generateName` for a fresh name); returns what the server stored. */
  async createNodeClaim(nodeClaim: NodeClaim): Promise<NodeClaim> {
    return this.call(`creating nodeclaim ${nodeClaim.metadata.name ?? nodeClaim.metadata.generateName}`, () =>
      this.rest.request<NodeClaim>({ method: 'POST', path: collectionPath(Kinds.nodeClaim), body: nodeClaim }),
    );
  }

  /** Merges `status` into a NodeClaim's status subresource. */
  async patchNodeClaimStatus(name: string, status: NodeClaimStatus): Promise<NodeClaim> {
    return this.mergePatch(Kinds.nodeClaim, name, { status }, 'status');
  }

  /** Merges `status` into a NodePool's status subresource. */
  async patchNodePoolStatus(name: string, status: NodePoolStatus): Promise<NodePool> {
    return this.mergePatch(Kinds.nodePool, name, { status }, 'status');
  }

  /** Replaces an EC2NodeClass's status (merge patch of the status subresource). */
  async patchEC2NodeClassStatus(name: string, status: EC2NodeClassStatus): Promise<EC2NodeClass> {
    return this.mergePatch(Kinds.ec2NodeClass, name, { status }, 'status');
  }

  /** Merge-patches a NodeClaim's metadata (labels, annotations, finalizers). */
  async patchNodeClaimMetadata(name: string, metadata: Partial<ObjectMeta>): Promise<NodeClaim> {
    return this.mergePatch(Kinds.nodeClaim, name, { metadata });
  }

  /** Merge-patches a NodePool's metadata (karpd writes only its `karpenter.sh/nodepool-hash*` annotations). */
  async patchNodePoolMetadata(name: string, metadata: Partial<ObjectMeta>): Promise<NodePool> {
    return this.mergePatch(Kinds.nodePool, name, { metadata });
  }

  /** Deletes a NodeClaim; resolves `false` when it was already gone. */
  async deleteNodeClaim(name: string): Promise<boolean> {
    return this.deleteObject(Kinds.nodeClaim, name);
  }

  /** Deletes a Node; resolves `false` when it was already gone. */
  async deleteNode(name: string): Promise<boolean> {
    return this.deleteObject(Kinds.node, name);
  }

  /** Deletes a pod with the given grace period (bypasses PDBs: only for termination deadlines); false when already gone. */
  async deletePod(namespace: string, name: string, graceSeconds: number): Promise<boolean> {
    try {
      await this.rest.request({
        method: 'DELETE',
        path: objectPath(Kinds.pod, name, namespace),
        body: { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: graceSeconds },
      });
      return true;
    } catch (error) {
      if (isNotFoundError(error)) return false;
      throw toKubeApiError(error, `deleting pod ${namespace}/${name}`);
    }
  }

  /** Removes one finalizer from an object (re-reading on conflict); false when it was not there (or the object is gone). */
  async removeFinalizer(kind: ResourceKind, name: string, finalizer: string, namespace?: string): Promise<boolean> {
    let removed = false;
    await this.updateObject<KubeObject>(kind, name, namespace, (object) => {
      const finalizers = object.metadata.finalizers ?? [];
      removed = finalizers.includes(finalizer);
      if (!removed) return undefined;
      return { ...object, metadata: { ...object.metadata, finalizers: finalizers.filter((f) => f !== finalizer) } };
    });
    return removed;
  }

  /** Adds one finalizer to an object (re-reading on conflict). */
  async addFinalizer(kind: ResourceKind, name: string, finalizer: string, namespace?: string): Promise<void> {
    await this.updateObject<KubeObject>(kind, name, namespace, (object) => {
      const finalizers = object.metadata.finalizers ?? [];
      if (finalizers.includes(finalizer)) return undefined;
      return { ...object, metadata: { ...object.metadata, finalizers: [...finalizers, finalizer] } };
    });
  }

  /** Applies `change` to a Node read afresh (labels, taints, unschedulable…); retried on 409. */
  async updateNode(name: string, change: (node: Node) => Node | undefined): Promise<Node | undefined> {
    return this.updateObject<Node>(Kinds.node, name, undefined, change);
  }

  /** Adds a taint to a Node unless an equal (key, effect) taint is there. */
  async taintNode(name: string, taint: Taint): Promise<void> {
    await this.updateNode(name, (node) => {
      const taints = node.spec.taints ?? [];
      if (taints.some((t) => t.key === taint.key && t.effect === taint.effect)) return undefined;
      return { ...node, spec: { ...node.spec, taints: [...taints, taint] } };
    });
  }

  /** Marks a Node unschedulable (`kubectl cordon`). */
  async cordonNode(name: string): Promise<void> {
    await this.updateNode(name, (node) =>
      node.spec.unschedulable === true ? undefined : { ...node, spec: { ...node.spec, unschedulable: true } },
    );
  }

  /**
   * Evicts a pod through the eviction API. Resolves `false` when the pod is
   * already gone; rejects with {@link EvictionBlockedError} when a
   * PodDisruptionBudget does not allow it now (HTTP 429).
   */
  async evictPod(namespace: string, name: string): Promise<boolean> {
    const body = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace } };
    try {
      await this.rest.request({ method: 'POST', path: objectPath(Kinds.pod, name, namespace, 'eviction'), body });
      return true;
    } catch (error) {
      if (isNotFoundError(error)) return false;
      if (findKubeApiError(error)?.code === 429)
        throw new EvictionBlockedError(`${namespace}/${name}`, (error as Error).message, { cause: error });
      throw toKubeApiError(error, `evicting pod ${namespace}/${name}`);
    }
  }

  /** Records a Kubernetes Event (core/v1) about an object; failures are returned, never thrown. */
  async recordEvent(event: EventRecord): Promise<Error | undefined> {
    const namespace = event.involved.metadata.namespace ?? 'default';
    const body = newEventBody({ ...event, component: COMPONENT }, eventTime(this.now()));
    try {
      await this.rest.request({ method: 'POST', path: collectionPath(Kinds.event, namespace), body });
      return undefined;
    } catch (error) {
      return toKubeApiError(error, `recording event ${event.reason}`);
    }
  }

  private async mergePatch<T>(kind: ResourceKind, name: string, patch: unknown, subresource?: string): Promise<T> {
    return this.call(`patching ${kind.kind.toLowerCase()} ${name}${subresource ? `/${subresource}` : ''}`, () =>
      this.rest.request<T>({
        method: 'PATCH',
        path: objectPath(kind, name, undefined, subresource),
        body: patch,
        contentType: PatchTypes.merge,
      }),
    );
  }

  private async deleteObject(kind: ResourceKind, name: string, namespace?: string): Promise<boolean> {
    try {
      await this.rest.request({ method: 'DELETE', path: objectPath(kind, name, namespace) });
      return true;
    } catch (error) {
      if (isNotFoundError(error)) return false;
      throw toKubeApiError(error, `deleting ${kind.kind.toLowerCase()} ${name}`);
    }
  }

  /** Read → change → PUT with the read resourceVersion, retried on 409; `undefined` from `change` means no write. */
  private async updateObject<T extends KubeObject>(
    kind: ResourceKind,
    name: string,
    namespace: string | undefined,
    change: (object: T) => T | undefined,
  ): Promise<T | undefined> {
    const path = objectPath(kind, name, namespace);
    return withConflictRetry(async () => {
      let current: T;
      try {
        current = await this.rest.request<T>({ method: 'GET', path });
      } catch (error) {
        if (isNotFoundError(error)) return undefined;
        throw toKubeApiError(error, `reading ${kind.kind.toLowerCase()} ${name}`);
      }
      const next = change(current);
      if (next === undefined) return current;
      return this.call(`updating ${kind.kind.toLowerCase()} ${name}`, () => this.rest.request<T>({ method: 'PUT', path, body: next }));
    });
  }

  private async call<T>(doing: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw toKubeApiError(error, doing);
    }
  }
}
