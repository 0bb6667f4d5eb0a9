/**
 * The workload controller of the simulated cluster.
 *
 * - **Deployments** (apps/v1, served by the embedded control plane): keeps
 *   `spec.replicas` active pods stamped from `spec.template`, owned directly
 *   by the Deployment (no ReplicaSet layer); evicted, deleted, finished or
 *   lost pods are replaced; scale-down removes unscheduled, then not-ready,
 *   then the newest pods; `status` reports replicas and readiness.
 * - **DaemonSets** (from the cache): one pod per matching node, see
 *   {@link missingDaemonPods}.
 * - **Batches** (Job-like, in-process, see {@link BatchSpec}): `completions`
 *   pods labelled {@link BATCH_LABEL}, at most `parallelism` at a time, each
 *   annotated with {@link RUN_FOR_ANNOTATION} so the simulated kubelet
 *   completes it; succeeded pods are counted and deleted, lost pods replaced,
 *   and the batch is forgotten once complete.
 *
 * Creations and deletions in flight are remembered ("expectations", as the
 * ReplicaSet controller does) so a pass never acts twice on a stale cache.
 */
import type { DaemonSet, Node, Pod } from '../../apis/core-v1.js';
import type { Clock } from '../../apis/clock.js';
import type { KubeWriter } from '../../kube/kube-writer.js';
import { startInformer, type RunningInformer } from '../../kube/informer.js';
import type { Logger } from '../../kube/logger.js';
import { Kinds } from '../../kube/resource-kinds.js';
import type { RestClient } from '../../kube/rest-client.js';
import type { ClusterState } from '../../state/cluster-state.js';
import { DeploymentKind, createObject, mergePatch } from './cluster-api.js';
import { missingDaemonPods } from './daemon-pods.js';
import { Coalescer } from './coalescer.js';
import { RUN_FOR_ANNOTATION } from './kubelet-pods.js';
import { podName } from './node-info.js';
import {
  BATCH_LABEL,
  batchPodsToAdd,
  deploymentOwner,
  deploymentStatus,
  isActive,
  isOwnedBy,
  podFromTemplate,
  podsToDelete,
  statusDiffers,
  workloadPodName,
  type BatchSpec,
  type Deployment,
} from './workload-pods.js';

/** Collaborators of the workload controller. */
export interface WorkloadControllerDeps {
  readonly rest: RestClient;
  readonly state: ClusterState;
  readonly writer: KubeWriter;
  readonly clock: Clock;
  readonly logger: Logger;
}

const DAEMON_KEY = '<daemonsets>';

/** Progress of one batch. */
export interface BatchProgress {
  readonly succeeded: number;
  readonly active: number;
  readonly done: boolean;
}

interface BatchState {
  readonly spec: BatchSpec;
  readonly succeeded: Set<string>;
  done: boolean;
}

/** The workload controller; see the module comment. */
export class WorkloadController {
  private readonly deployments = new Map<string, Deployment>();
  private readonly batches = new Map<string, BatchState>();
  private readonly expectedCreates = new Map<string, Set<string>>();
  private readonly expectedDeletes = new Set<string>();
  private readonly pass: Coalescer;
  private informer: RunningInformer | undefined;
  private unsubscribe: (() => void) | undefined;
  private counter = 0;

  constructor(
    private readonly deps: WorkloadControllerDeps,
    private readonly options: { readonly seed?: number } = {},
  ) {
    this.pass = new Coalescer(() => this.reconcile(), deps.logger, 'sim-workloads');
  }

  /** Starts watching Deployments and pods; resolves once Deployments are listed. */
  async start(): Promise<void> {
    this.informer = startInformer<Deployment>(
      this.deps.rest,
      DeploymentKind,
      {
        upsert: (d) => {
          this.deployments.set(`${d.metadata.namespace}/${d.metadata.name}`, d);
          this.pass.trigger();
        },
        remove: (d) => {
          this.deployments.delete(`${d.metadata.namespace}/${d.metadata.name}`);
          this.pass.trigger();
        },
      },
      { logger: this.deps.logger },
    );
    await this.informer.whenSynced;
    this.unsubscribe = this.deps.state.onChange((kind) =>
      kind === 'pods' || kind === 'nodes' || kind === 'daemonSets' ? this.pass.trigger() : undefined,
    );
    this.pass.trigger();
  }

  /** Stops the controller (pods and Deployments stay). */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    await this.pass.stop();
    await this.informer?.stop();
  }

  /** Resolves once no pass is running or queued. */
  async settled(): Promise<void> {
    await this.pass.settled();
  }

  /** Starts a batch; a batch of the same namespace/name still running is left alone (returns false). */
  submitBatch(spec: BatchSpec): boolean {
    const key = `${spec.namespace}/${spec.name}`;
    if (this.batches.has(key)) return false;
    this.batches.set(key, { spec, succeeded: new Set(), done: false });
    this.deps.logger.info(
      {
        component: 'sim-workloads',
        batch: key,
        completions: spec.completions,
        parallelism: spec.parallelism ?? spec.completions,
        runForSeconds: spec.runForSeconds,
      },
      'batch started',
    );
    this.pass.trigger();
    return true;
  }

  /** How far a running batch is; undefined once it completed (or was never submitted). */
  batchProgress(namespace: string, name: string): BatchProgress | undefined {
    const batch = this.batches.get(`${namespace}/${name}`);
    if (batch === undefined) return undefined;
    const active = this.batchPods(batch.spec).filter(isActive).length;
    return { succeeded: batch.succeeded.size, active, done: batch.done };
  }

  private settleExpectations(pods: readonly Pod[]): void {
    const byKey = new Map(pods.map((pod) => [podName(pod), pod]));
    for (const names of this.expectedCreates.values()) for (const key of [...names]) if (byKey.has(key)) names.delete(key);
    for (const key of [...this.expectedDeletes]) {
      const pod = byKey.get(key);
      if (pod === undefined || pod.metadata.deletionTimestamp !== undefined) this.expectedDeletes.delete(key);
    }
  }

  private activeOf(pods: readonly Pod[]): Pod[] {
    return pods.filter((pod) => isActive(pod) && !this.expectedDeletes.has(podName(pod)));
  }

  private async reconcile(): Promise<void> {
    const snapshot = this.deps.state.snapshot();
    const pods = snapshot.pods;
    this.settleExpectations(pods);
    await this.reconcileDaemonSets(snapshot.daemonSets, snapshot.nodes, pods);
    for (const key of [...this.deployments.keys()].sort()) await this.reconcileDeployment(this.deployments.get(key) as Deployment, pods);
    for (const key of [...this.batches.keys()].sort()) await this.reconcileBatch(key, this.batches.get(key) as BatchState);
  }

  private async reconcileDeployment(deployment: Deployment, pods: readonly Pod[]): Promise<void> {
    if (deployment.metadata.deletionTimestamp !== undefined) return;
    const key = `${deployment.metadata.namespace}/${deployment.metadata.name}`;
    const owned = pods.filter((pod) => isOwnedBy(pod, deployment.metadata.uid));
    for (const finished of owned.filter((pod) => !isActive(pod) && pod.metadata.deletionTimestamp === undefined))
      await this.deletePod(finished);
    const active = this.activeOf(owned);
    const inFlight = this.expectedCreates.get(key)?.size ?? 0;
    const want = deployment.spec.replicas ?? 1;
    const have = active.length + inFlight;
    if (have < want)
      await this.createPods(
        key,
        want - have,
        (name) =>
          podFromTemplate(deployment.spec.template, {
            name,
            namespace: deployment.metadata.namespace ?? 'default',
            owner: deploymentOwner(deployment),
          }),
        deployment.metadata.uid ?? key,
      );
    if (active.length > want) for (const pod of podsToDelete(active, active.length - want)) await this.deletePod(pod);
    const status = deploymentStatus(deployment, this.activeOf(owned));
    if (statusDiffers(deployment.status, status))
      await mergePatch(this.deps.rest, DeploymentKind, deployment.metadata.name ?? '', deployment.metadata.namespace, { status }, 'status');
  }

  private async reconcileDaemonSets(daemonSets: readonly DaemonSet[], nodes: readonly Node[], pods: readonly Pod[]): Promise<void> {
    const expected = this.expectedCreates.get(DAEMON_KEY) ?? new Set<string>();
    this.expectedCreates.set(DAEMON_KEY, expected);
    for (const missing of missingDaemonPods(daemonSets, nodes, pods, this.options.seed ?? 1)) {
      const key = podName(missing.pod);
      if (expected.has(key)) continue;
      expected.add(key);
      const created = await createObject(this.deps.rest, Kinds.pod, missing.pod).catch((error: unknown) => {
        expected.delete(key);
        throw error;
      });
      if (created === undefined) expected.delete(key);
      else
        this.deps.logger.debug(
          { component: 'sim-workloads', daemonSet: missing.daemonSet.metadata.name, node: missing.nodeName, pod: key },
          'daemon pod created',
        );
    }
  }

  private batchPods(spec: BatchSpec): Pod[] {
    return this.deps.state
      .snapshot()
      .pods.filter((pod) => pod.metadata.namespace === spec.namespace && pod.metadata.labels?.[BATCH_LABEL] === spec.name);
  }

  private async reconcileBatch(key: string, batch: BatchState): Promise<void> {
    const { spec } = batch;
    const pods = this.batchPods(spec);
    for (const pod of pods.filter((p) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed')) {
      if (pod.status?.phase === 'Succeeded') batch.succeeded.add(pod.metadata.name ?? '');
      if (pod.metadata.deletionTimestamp === undefined && !this.expectedDeletes.has(podName(pod))) await this.deletePod(pod);
    }
    const active = this.activeOf(pods).length + (this.expectedCreates.get(key)?.size ?? 0);
    if (batch.succeeded.size >= spec.completions) {
      if (!batch.done) this.deps.logger.info({ component: 'sim-workloads', batch: key, completions: spec.completions }, 'batch completed');
      batch.done = true;
      if (active === 0) this.batches.delete(key);
      return;
    }
    const add = batchPodsToAdd(spec, batch.succeeded.size, active);
    const labels = { [BATCH_LABEL]: spec.name };
    const annotations = { [RUN_FOR_ANNOTATION]: String(spec.runForSeconds) };
    await this.createPods(
      key,
      add,
      (name) => podFromTemplate(spec.template, { name, namespace: spec.namespace, labels, annotations }),
      key,
    );
  }

  private async createPods(ownerKey: string, count: number, build: (name: string) => Pod, ownerUid: string): Promise<void> {
    const owner = ownerKey.split('/')[1] ?? ownerKey;
    const expected = this.expectedCreates.get(ownerKey) ?? new Set<string>();
    this.expectedCreates.set(ownerKey, expected);
    for (let i = 0; i < count; i++) {
      const pod = build(workloadPodName(owner, this.options.seed ?? 1, ownerUid, ++this.counter));
      const key = podName(pod);
      expected.add(key);
      try {
        const created = await createObject(this.deps.rest, Kinds.pod, pod);
        if (created === undefined) expected.delete(key);
        else this.deps.logger.debug({ component: 'sim-workloads', owner: ownerKey, pod: key }, 'pod created');
      } catch (error) {
        expected.delete(key);
        throw error;
      }
    }
  }

  private async deletePod(pod: Pod): Promise<void> {
    const key = podName(pod);
    this.expectedDeletes.add(key);
    const deleted = await this.deps.writer.deletePod(
      pod.metadata.namespace ?? 'default',
      pod.metadata.name ?? '',
      pod.spec.terminationGracePeriodSeconds ?? 30,
    );
    if (!deleted) this.expectedDeletes.delete(key);
  }
}
