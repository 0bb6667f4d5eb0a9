/**
 * The simulated kube-scheduler: on every change of nodes or pods (and every
 * `resyncMs` as a safety net) it plans one pass with {@link planScheduling},
 * binds pods through `pods/binding`, and writes `PodScheduled=False,
 * reason Unschedulable` with kube-scheduler's message on pods that fit
 * nowhere — the signal karpd provisions on. Bindings it sent are "assumed"
 * until the cache shows them, so a pass never double-books a node.
 */
import type { Pod, PodCondition } from '../../apis/core-v1.js';
import type { CancelTimer, Clock } from '../../apis/clock.js';
import { isConflictError, isNotFoundError } from '../../kube/errors.js';
import type { Logger } from '../../kube/logger.js';
import type { RestClient } from '../../kube/rest-client.js';
import type { ClusterState } from '../../state/cluster-state.js';
import { unreadablePodReason } from '../../apis/pod-readable.js';
import { EventRecorder } from '../../kube/event-recorder.js';
import { bindPod, patchPodStatus } from './cluster-api.js';
import { Coalescer } from './coalescer.js';
import { podName } from './node-info.js';
import { planScheduling, type ScoringStrategy, type UnschedulablePod } from './placement.js';

/** Collaborators of the simulated scheduler. */
export interface SimSchedulerDeps {
  readonly rest: RestClient;
  readonly state: ClusterState;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** Options of the simulated scheduler. */
export interface SimSchedulerOptions {
  /** @default 'MostAllocated' (bin-packing, as clusters running Karpenter often configure) */
  readonly scoring?: ScoringStrategy;
  /** A pass at least this often even when nothing changed. @default 10000 */
  readonly resyncMs?: number;
}

const UNSCHEDULABLE = 'Unschedulable';

/** The component name the simulated scheduler writes into Events, as kube-scheduler does. */
export const SCHEDULER_COMPONENT = 'default-scheduler';

function scheduledCondition(pod: Pod): PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
}

/** The pod's conditions with PodScheduled=False/Unschedulable and this message. */
export function unschedulableConditions(pod: Pod, message: string, now: Date): PodCondition[] {
  const previous = scheduledCondition(pod);
  const time =
    previous?.status === 'False' && previous.lastTransitionTime !== undefined
      ? previous.lastTransitionTime
      : now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const others = (pod.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
  return [...others, { type: 'PodScheduled', status: 'False', reason: UNSCHEDULABLE, message, lastTransitionTime: time }];
}

/** Does the pod already carry exactly this Unschedulable condition? */
export function hasUnschedulableCondition(pod: Pod, message: string): boolean {
  const condition = scheduledCondition(pod);
  return condition?.status === 'False' && condition.reason === UNSCHEDULABLE && condition.message === message;
}

/** The simulated kube-scheduler; see the module comment. */
export class SimScheduler {
  private readonly assumed = new Map<string, string>();
  private readonly pass: Coalescer;
  private readonly stops: Array<() => void> = [];
  private readonly events: EventRecorder;
  /** Pods skipped because they cannot be read: key → `resourceVersion|reason` last reported. */
  private readonly unreadable = new Map<string, string>();
  /** Pods (`namespace/name`) whose current Unschedulable state was logged: a pass that runs before the
   * watch shows the condition it wrote must not log it again. Pruned with the assumed bindings. */
  private readonly reportedUnschedulable = new Set<string>();
  private resyncTimer: CancelTimer | undefined;
  private stopped = false;

  constructor(
    private readonly deps: SimSchedulerDeps,
    private readonly options: SimSchedulerOptions = {},
  ) {
    this.pass = new Coalescer(() => this.schedule(), deps.logger, 'sim-scheduler');
    this.events = new EventRecorder(deps.rest, () => deps.clock.now());
  }

  /** Starts scheduling. Call after the cache synced. */
  start(): void {
    this.stops.push(this.deps.state.onChange((kind) => (kind === 'nodes' || kind === 'pods' ? this.pass.trigger() : undefined)));
    this.resync();
  }

  /** Stops scheduling (a pass in flight finishes). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.resyncTimer?.();
    for (const stop of this.stops.splice(0)) stop();
    await this.pass.stop();
  }

  /** Resolves once no pass is running or queued. */
  async settled(): Promise<void> {
    await this.pass.settled();
  }

  private resync(): void {
    if (this.stopped) return;
    this.pass.trigger();
    this.resyncTimer = this.deps.clock.setTimeout(() => this.resync(), this.options.resyncMs ?? 10_000);
  }

  private pruneAssumed(pods: readonly Pod[]): void {
    const byKey = new Map(pods.map((pod) => [podName(pod), pod]));
    for (const key of [...this.assumed.keys()]) {
      const pod = byKey.get(key);
      if (pod === undefined || (pod.spec.nodeName ?? '') !== '') this.assumed.delete(key);
    }
    for (const key of [...this.reportedUnschedulable]) {
      const pod = byKey.get(key);
      if (pod === undefined || (pod.spec.nodeName ?? '') !== '') this.reportedUnschedulable.delete(key);
    }
  }

  private async schedule(): Promise<void> {
    const snapshot = this.deps.state.snapshot();
    this.pruneAssumed(snapshot.pods);
    const pods = await this.readablePods(snapshot.pods);
    const plan = planScheduling({ nodes: snapshot.nodes, pods, assumed: this.assumed, scoring: this.options.scoring });
    for (const binding of plan.bindings) {
      if (this.stopped) return;
      await this.bind(binding.pod, binding.nodeName, binding.nominated);
    }
    for (const unschedulable of plan.unschedulable) {
      if (this.stopped) return;
      await this.markUnschedulable(unschedulable);
    }
  }

  /**
   * Leaves out pods it cannot read (a malformed pod the API server stored), so one never stops the pass for
   * the others; each is reported once per change of the pod or the reason, with a Warning event on it.
   */
  private async readablePods(pods: readonly Pod[]): Promise<Pod[]> {
    const readable: Pod[] = [];
    const seen = new Set<string>();
    for (const pod of pods) {
      const reason = unreadablePodReason(pod);
      if (reason === undefined) {
        readable.push(pod);
        continue;
      }
      const key = podName(pod);
      seen.add(key);
      const marker = `${pod.metadata.resourceVersion ?? ''}|${reason}`;
      if (this.unreadable.get(key) === marker) continue;
      this.unreadable.set(key, marker);
      this.deps.logger.warn({ component: 'sim-scheduler', pod: key, reason }, 'skipping a pod that cannot be read');
      await this.event(pod, 'Warning', 'FailedScheduling', `skipped: the pod cannot be read (${reason})`);
    }
    for (const key of [...this.unreadable.keys()]) if (!seen.has(key)) this.unreadable.delete(key);
    return readable;
  }

  private async bind(pod: Pod, nodeName: string, nominated: boolean): Promise<void> {
    const key = podName(pod);
    this.assumed.set(key, nodeName);
    try {
      await bindPod(this.deps.rest, pod, nodeName);
      this.deps.logger.info({ component: 'sim-scheduler', pod: key, node: nodeName, ...(nominated ? { nominated } : {}) }, 'pod bound');
      await this.event(pod, 'Normal', 'Scheduled', `Successfully assigned ${key} to ${nodeName}`);
    } catch (error) {
      this.assumed.delete(key);
      const expected = isConflictError(error) || isNotFoundError(error);
      const log = expected ? this.deps.logger.debug.bind(this.deps.logger) : this.deps.logger.warn.bind(this.deps.logger);
      log(
        { component: 'sim-scheduler', pod: key, node: nodeName, reason: error instanceof Error ? error.message : String(error) },
        'binding failed',
      );
    }
  }

  private async event(pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string): Promise<void> {
    const failed = await this.events.record({ involved: pod, type, reason, message, component: SCHEDULER_COMPONENT });
    if (failed !== undefined)
      this.deps.logger.debug({ component: 'sim-scheduler', pod: podName(pod), reason: failed.message }, 'recording event failed');
  }

  /**
   * Every failed attempt is an event, as in kube-scheduler; repeats aggregate into one Event (count,
   * lastTimestamp). The condition is written only when it changes.
   */
  private async markUnschedulable({ pod, message }: UnschedulablePod): Promise<void> {
    await this.event(pod, 'Warning', 'FailedScheduling', message);
    if (hasUnschedulableCondition(pod, message)) return;
    const first = scheduledCondition(pod)?.reason !== UNSCHEDULABLE;
    const conditions = unschedulableConditions(pod, message, this.deps.clock.now());
    await patchPodStatus(this.deps.rest, pod, { conditions });
    const fields = { component: 'sim-scheduler', pod: podName(pod), reason: message };
    const unreported = !this.reportedUnschedulable.has(podName(pod));
    this.reportedUnschedulable.add(podName(pod));
    if (first && unreported) this.deps.logger.info(fields, 'pod unschedulable');
    else this.deps.logger.debug(fields, 'pod still unschedulable');
  }
}
