/**
 * The simulated kubelet of every `sim` instance. When an instance becomes
 * running it registers the Node (unregistered + not-ready taints, Ready=False),
 * reports Ready after `readyDelayMs`, and — once karpd has registered the node
 * and it is Ready — drops the NodeClaim's startup taints after
 * `startupTaintDelayMs`, as a node daemon would. Pods bound to its nodes are
 * run by {@link PodRunner}. When the instance shuts down, its pods are deleted
 * (grace 0) and its Node is deleted.
 */
import type { Node, Taint } from '../../apis/core-v1.js';
import type { CancelTimer, Clock } from '../../apis/clock.js';
import type { NodeClaim } from '../../apis/nodeclaim.js';
import { Labels } from '../../apis/well-known-labels.js';
import type { SimCloudProvider } from '../../cloudprovider/sim/sim-cloud-provider.js';
import type { InstanceChange, SimInstance } from '../../cloudprovider/sim/instances.js';
import { isNodeClaimNotFoundError } from '../../cloudprovider/types.js';
import { KubeWriter } from '../../kube/kube-writer.js';
import type { Logger } from '../../kube/logger.js';
import { Kinds } from '../../kube/resource-kinds.js';
import type { RestClient } from '../../kube/rest-client.js';
import type { ClusterState } from '../../state/cluster-state.js';
import { mergePatch, registerNode } from './cluster-api.js';
import { Coalescer } from './coalescer.js';
import { PodRunner } from './kubelet-pods.js';
import { isNodeReady } from './node-info.js';
import { bootNode, NOT_READY_TAINT, nodeIdentity, readyCondition, type NodeFacts } from './node-template.js';

/** Collaborators of the simulated kubelet. */
export interface SimKubeletDeps {
  readonly rest: RestClient;
  readonly cloud: SimCloudProvider;
  /** The simulated cluster's own cache (fed by its informers). */
  readonly state: ClusterState;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** Timing of the simulated kubelet. */
export interface SimKubeletOptions {
  /** From Node creation to Ready=True. @default 5000 */
  readonly readyDelayMs?: number;
  /** From registered-and-Ready to startup taints removed. @default 3000 */
  readonly startupTaintDelayMs?: number;
  /** From binding to Running. @default 1000 */
  readonly podStartDelayMs?: number;
}

/** One node this kubelet runs. */
export interface ManagedNode {
  readonly instanceID: string;
  readonly providerID: string;
  readonly nodeName: string;
  readonly hostIP: string;
  readonly startupTaints: readonly Taint[];
  /** The Node has been seen in the cache. */
  seen: boolean;
  /** The instance is shutting down (or the Node was deleted after being seen). */
  gone: boolean;
  startupTaintsScheduled: boolean;
  readonly timers: CancelTimer[];
}

const sameTaint = (a: Taint, b: Taint) => a.key === b.key && a.effect === b.effect;

/** The simulated kubelet; see the module comment. */
export class SimKubelet {
  private readonly managed = new Map<string, ManagedNode>();
  private readonly writer: KubeWriter;
  private readonly pods: PodRunner;
  private readonly pass: Coalescer;
  private readonly stops: Array<() => void> = [];
  private readonly options: Required<SimKubeletOptions>;

  constructor(
    private readonly deps: SimKubeletDeps,
    options: SimKubeletOptions = {},
  ) {
    this.options = {
      readyDelayMs: options.readyDelayMs ?? 5000,
      startupTaintDelayMs: options.startupTaintDelayMs ?? 3000,
      podStartDelayMs: options.podStartDelayMs ?? 1000,
    };
    this.writer = new KubeWriter(deps.rest, () => deps.clock.now());
    this.pods = new PodRunner({ ...deps, writer: this.writer }, { podStartDelayMs: this.options.podStartDelayMs });
    this.pass = new Coalescer(() => this.reconcile(), deps.logger, 'sim-kubelet');
  }

  /** Starts watching instances and the cache; registers nodes for instances already running. Call after the cache synced. */
  start(): void {
    this.stops.push(this.deps.cloud.instances.watch((change) => this.onInstance(change)));
    this.stops.push(this.deps.state.onChange((kind) => (kind === 'nodes' || kind === 'pods' ? this.pass.trigger() : undefined)));
    const known = new Map(this.deps.state.snapshot().nodes.map((node) => [node.spec.providerID, node]));
    for (const instance of this.deps.cloud.instances.live()) {
      if (instance.state !== 'running') continue;
      const node = known.get(instance.providerID);
      if (node === undefined) void this.boot(instance);
      else this.adopt(instance, node);
    }
    this.pass.trigger();
  }

  /** Takes over a running instance whose Node exists already (a restarted simulation). */
  private adopt(instance: SimInstance, node: Node): void {
    const claim = this.deps.state.get('nodeClaims', instance.tags['karpenter.sh/nodeclaim'] ?? '');
    const hostIP = node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? nodeIdentity(instance.id, instance.zone).ip;
    const entry: ManagedNode = {
      instanceID: instance.id,
      providerID: instance.providerID,
      nodeName: node.metadata.name ?? '',
      hostIP,
      startupTaints: claim?.spec.startupTaints ?? [],
      seen: true,
      gone: false,
      startupTaintsScheduled: false,
      timers: [],
    };
    this.managed.set(instance.id, entry);
    if (!isNodeReady(node)) entry.timers.push(this.deps.clock.setTimeout(() => void this.markReady(entry), this.options.readyDelayMs));
  }

  /** Stops timers and watches; the Nodes stay. */
  async stop(): Promise<void> {
    for (const stop of this.stops.splice(0)) stop();
    for (const node of this.managed.values()) for (const cancel of node.timers.splice(0)) cancel();
    this.pods.stop();
    await this.pass.stop();
  }

  /** The nodes this kubelet runs, by instance id. */
  nodes(): ReadonlyMap<string, ManagedNode> {
    return this.managed;
  }

  private onInstance(change: InstanceChange): void {
    if (change.to === 'running') void this.boot(change.instance);
    else if (change.to === 'shutting-down' || change.to === 'terminated') void this.shutDown(change.instance);
  }

  private factsOf(instance: SimInstance, claim: NodeClaim | undefined, cloudClaim: NodeClaim | undefined): NodeFacts {
    return {
      instanceID: instance.id,
      providerID: instance.providerID,
      zone: instance.zone,
      instanceType: instance.instanceType,
      capacityType: instance.capacityType,
      claim,
      cloudClaim,
    };
  }

  private async boot(instance: SimInstance): Promise<void> {
    if (this.managed.has(instance.id)) return;
    const claim = this.deps.state.get('nodeClaims', instance.tags['karpenter.sh/nodeclaim'] ?? '');
    const identity = nodeIdentity(instance.id, instance.zone);
    const entry: ManagedNode = {
      instanceID: instance.id,
      providerID: instance.providerID,
      nodeName: identity.name,
      hostIP: identity.ip,
      startupTaints: claim?.spec.startupTaints ?? [],
      seen: false,
      gone: false,
      startupTaintsScheduled: false,
      timers: [],
    };
    this.managed.set(instance.id, entry);
    const cloudClaim = await this.cloudClaimOf(entry);
    if (entry.gone) return;
    try {
      const node = bootNode(this.factsOf(instance, claim, cloudClaim), this.deps.clock.now());
      await registerNode(this.deps.rest, node);
      this.deps.logger.debug(
        {
          component: 'sim-kubelet',
          node: entry.nodeName,
          providerID: entry.providerID,
          nodeClaim: claim?.metadata.name,
          instanceType: instance.instanceType,
        },
        'node registered',
      );
      entry.timers.push(this.deps.clock.setTimeout(() => void this.markReady(entry), this.options.readyDelayMs));
    } catch (error) {
      this.managed.delete(instance.id);
      this.deps.logger.warn(
        {
          component: 'sim-kubelet',
          node: entry.nodeName,
          providerID: entry.providerID,
          reason: error instanceof Error ? error.message : String(error),
        },
        'node registration failed',
      );
    }
  }

  /** The instance as the cloud reports it (for its labels); gone is expected, any other failure is logged. */
  private async cloudClaimOf(entry: ManagedNode): Promise<NodeClaim | undefined> {
    try {
      return await this.deps.cloud.get(entry.providerID);
    } catch (error) {
      if (!isNodeClaimNotFoundError(error)) {
        this.deps.logger.warn(
          { component: 'sim-kubelet', node: entry.nodeName, providerID: entry.providerID, reason: reasonOf(error) },
          'reading the instance failed; registering the node from its NodeClaim',
        );
      }
      return undefined;
    }
  }

  private async markReady(entry: ManagedNode): Promise<void> {
    if (entry.gone) return;
    try {
      await mergePatch(
        this.deps.rest,
        Kinds.node,
        entry.nodeName,
        undefined,
        { status: { conditions: [readyCondition(true, this.deps.clock.now())] } },
        'status',
      );
      await this.writer.updateNode(entry.nodeName, (node) => withoutTaints(node, [NOT_READY_TAINT]));
      this.deps.logger.debug({ component: 'sim-kubelet', node: entry.nodeName }, 'node ready');
    } catch (error) {
      this.deps.logger.warn(
        { component: 'sim-kubelet', node: entry.nodeName, reason: error instanceof Error ? error.message : String(error) },
        'marking node ready failed; retrying',
      );
      if (!entry.gone) entry.timers.push(this.deps.clock.setTimeout(() => void this.markReady(entry), this.options.readyDelayMs));
    }
  }

  private async removeStartupTaints(entry: ManagedNode): Promise<void> {
    if (entry.gone) return;
    await this.writer
      .updateNode(entry.nodeName, (node) => withoutTaints(node, entry.startupTaints))
      .catch((error: unknown) => {
        entry.startupTaintsScheduled = false;
        this.deps.logger.warn(
          { component: 'sim-kubelet', node: entry.nodeName, reason: error instanceof Error ? error.message : String(error) },
          'removing startup taints failed; retrying on the next change',
        );
      });
  }

  private async shutDown(instance: SimInstance): Promise<void> {
    const entry = this.managed.get(instance.id);
    if (entry === undefined || entry.gone) return;
    entry.gone = true;
    for (const cancel of entry.timers.splice(0)) cancel();
    const pods = this.deps.state.snapshot().podsByNode.get(entry.nodeName) ?? [];
    await this.pods.deleteAll(pods, 'instance shutting down');
    const deleted = await this.writer.deleteNode(entry.nodeName).catch((error: unknown) => {
      this.deps.logger.warn(
        { component: 'sim-kubelet', node: entry.nodeName, providerID: entry.providerID, reason: reasonOf(error) },
        'deleting the node of a shut-down instance failed',
      );
      return false;
    });
    this.deps.logger.debug(
      { component: 'sim-kubelet', node: entry.nodeName, providerID: entry.providerID, pods: pods.length, deleted },
      'node removed: instance shutting down',
    );
  }

  private async reconcile(): Promise<void> {
    const snapshot = this.deps.state.snapshot();
    const byName = new Map(snapshot.nodes.map((node) => [node.metadata.name ?? '', node]));
    for (const [id, entry] of this.managed) {
      const node = byName.get(entry.nodeName);
      if (node === undefined && entry.gone && this.deps.cloud.instances.get(id)?.state !== 'running') {
        this.managed.delete(id);
        continue;
      }
      if (node !== undefined) entry.seen = true;
      else if (entry.seen && !entry.gone) {
        entry.gone = true;
        await this.pods.deleteAll(snapshot.podsByNode.get(entry.nodeName) ?? [], 'node deleted');
      }
      if (node !== undefined && !entry.gone) this.scheduleStartupTaints(entry, node);
    }
    await this.pods.reconcile(snapshot, this.managed.values());
  }

  private scheduleStartupTaints(entry: ManagedNode, node: Node): void {
    if (entry.startupTaintsScheduled || entry.startupTaints.length === 0) return;
    if (node.metadata.labels?.[Labels.registered] !== 'true' || !isNodeReady(node)) return;
    if (!entry.startupTaints.some((s) => (node.spec.taints ?? []).some((t) => sameTaint(s, t)))) return;
    entry.startupTaintsScheduled = true;
    entry.timers.push(this.deps.clock.setTimeout(() => void this.removeStartupTaints(entry), this.options.startupTaintDelayMs));
  }
}

function withoutTaints(node: Node, taints: readonly Taint[]): Node | undefined {
  const current = node.spec.taints ?? [];
  const kept = current.filter((t) => !taints.some((r) => sameTaint(r, t)));
  return kept.length === current.length ? undefined : { ...node, spec: { ...node.spec, taints: kept } };
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
