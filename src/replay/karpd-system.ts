/**
 * karpd's side of `karpd replay` (issue #13): a {@link WorkloadTimeline} run in simulated time through the same
 * decisions the live agent makes, with no API server and no HTTP. A small discrete-event loop on a
 * {@link VirtualClock} calls the pure decisions directly instead of driving the controllers (they are written
 * against an API server, informers, rate-limited retries and wall-clock loops, and a day of them would take far
 * longer than the 60 s the issue allows):
 *
 * - kube-scheduler: src/sim/cluster/placement.ts `planScheduling` (MostAllocated) on every change of pods or nodes;
 *   pods that fit nowhere get `PodScheduled=False/Unschedulable`, which makes them provisionable;
 * - provisioner: a scan every 1 s offers provisionable pods to a batching window (1 s idle / 10 s max,
 *   batch-window.ts); when it closes, `solve` (src/scheduling, the solver behind solverPlanner) plans on the cluster
 *   state, NodeClaims are built with the provisioner's `buildSimulatedNodeClaim` and launched on the simulated EC2
 *   (src/cloudprovider/sim: seeded spot prices, the scenario's boot delay), and nodes are nominated for 20 s;
 * - nodes register, Ready, once their instance runs; the `Consolidatable` condition follows `consolidatableOf`;
 * - disruption: `planDisruptionRound` every 10 s (karpenter-semantics.md §4), commands marked with the
 *   `karpenter.sh/disrupted` taint, re-checked by `validateCommand` after 15 s (§4.9), replacements launched and
 *   Initialized before the candidates are deleted, rolled back after 10 min; deleted nodes' pods become pending;
 * - spot interruptions: seeded per instance (spot-interruption-schedule.ts); on the 2-minute warning the offering
 *   is marked unavailable, the node's pods are simulated without it (`simulateScheduling`, as the interruption
 *   controller's spot-replacement.ts does), replacements launched, and the node deleted and drained at once, as the
 *   interruption controller does.
 *
 * Cost is each instance's launch price from launch until EC2 reports it terminated (also split by the NodePool the
 * instance was launched for, `costByPool`, to see which pool a gap to the lower bound comes from). The loop jumps from one due
 * moment to the next, and skips a disruption round whose input is unchanged since a round that found nothing (same
 * cluster version, nothing in flight, before the next time-dependent moment: a nomination ending, consolidateAfter
 * elapsing, the hourly spot price step). Deterministic for a seed.
 */
import type { Pod } from '../apis/core-v1.js';
import type { EC2NodeClass } from '../apis/ec2nodeclass.js';
import type { NodeClaim } from '../apis/nodeclaim.js';
import { NodeClaimConditions } from '../apis/nodeclaim.js';
import type { NodePool } from '../apis/nodepool.js';
import { Labels } from '../apis/well-known-labels.js';
import type { Ec2Catalog } from '../cloudprovider/catalog/index.js';
import { SimCloudProvider } from '../cloudprovider/sim/sim-cloud-provider.js';
import type { SimInstance } from '../cloudprovider/sim/instances.js';
import { parseAwsProviderID } from '../cloudprovider/types.js';
import { buildSimulatedNodeClaim } from '../controllers/provisioner/nodeclaim-builder.js';
import { ignoredReason, isProvisionable } from '../controllers/provisioner/provisionable-pods.js';
import { orderNodePools } from '../controllers/provisioner/provisioner-controller.js';
import { disruptionCost, stateNodeLabels } from '../disruption/candidates.js';
import { consolidatableOf } from '../disruption/consolidatable.js';
import { planDisruptionRound, validateCommand, withInFlight } from '../disruption/disruption-round.js';
import { isReschedulable } from '../disruption/pod-disruption.js';
import { simulateScheduling } from '../disruption/simulate-scheduling.js';
import {
  type Candidate,
  DEFAULT_DISRUPTION_SETTINGS,
  type DisruptionCommand,
  type DisruptionSettings,
  type DisruptionSnapshot,
} from '../disruption/types.js';
import type { InstanceType } from '../scheduling/instance-type.js';
import { podKey } from '../scheduling/pod-info.js';
import type { NewNodeClaim } from '../scheduling/snapshot.js';
import { SolveCache } from '../scheduling/solve-cache.js';
import { solve } from '../scheduling/solve.js';
import { planScheduling } from '../sim/cluster/placement.js';
import { hasUnschedulableCondition, unschedulableConditions } from '../sim/cluster/scheduler.js';
import { ClusterState, STATE_KINDS } from '../state/cluster-state.js';
import { type StateNode, stateNodeName } from '../state/state-node.js';
import { BatchWindow } from './batch-window.js';
import { PendingTimes } from './pending-times.js';
import {
  boundPod,
  createdNodeClaim,
  evictedPod,
  initializedClaim,
  launchedConditions,
  registeredNode,
  withConsolidatable,
  withDisruptedTaint,
} from './replay-objects.js';
import { DAY_ZERO_EPOCH_MS } from './scenario/time-of-day.js';
import { spotInterruptionDelayMs } from './spot-interruption-schedule.js';
import type { MinuteSample, SystemFigures, WorkloadTimeline } from './types.js';
import { VirtualClock } from './virtual-clock.js';

/** What {@link runKarpdSystem} replays. */
export interface KarpdSystemInput {
  readonly timeline: WorkloadTimeline;
  /** The cluster folder's NodePools (defaults applied). */
  readonly nodePools: readonly NodePool[];
  /** The cluster folder's EC2NodeClasses (defaults applied). */
  readonly nodeClasses: readonly EC2NodeClass[];
  readonly region: string;
  /** Launch → Ready, seconds. */
  readonly bootSeconds: number;
  /** Spot interruptions per spot node-hour. */
  readonly spotInterruptionRate: number;
  readonly seed: number;
  /** The replay's start, ms since the epoch. @default 2026-01-05T00:00:00Z (a Monday) */
  readonly startMs?: number;
  /** @default the EC2 catalog the simulated cloud loads */
  readonly catalog?: Ec2Catalog;
  readonly settings?: DisruptionSettings;
  /** Called about every simulated 10 minutes and at the end with the simulated ms done. */
  readonly onProgress?: (doneMs: number, totalMs: number) => void;
}

/** The default start of a replay: day 0 of the scenario's calendar (Monday, midnight UTC), as the timeline's. */
export const REPLAY_START_MS = DAY_ZERO_EPOCH_MS;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const SCAN_MS = SECOND;
const ROUND_MS = 10 * SECOND;
const VALIDATION_MS = 15 * SECOND;
const NOMINATION_MS = 20 * SECOND;
const REPLACEMENT_NOMINATION_MS = 10 * MINUTE;
const REPLACEMENT_TIMEOUT_MS = 10 * MINUTE;
const PROGRESS_MS = 10 * MINUTE;

/** One disruption command being carried out. */
interface InFlight {
  command: DisruptionCommand;
  phase: 'validating' | 'launching';
  validateAt: number;
  launched: string[];
  deadline: number;
}

/** One instance's bill. */
interface Bill {
  readonly price: number;
  readonly spot: boolean;
  /** The NodePool the instance was launched for (its `karpenter.sh/nodepool` tag). */
  readonly pool: string;
  readonly from: number;
  to?: number;
}

function upTo(at: number, step: number, origin: number): number {
  return origin + Math.ceil((at - origin) / step) * step;
}

/** The simulated cluster and karpd's decisions over it. */
class KarpdReplay {
  readonly clock: VirtualClock;
  private readonly cloud: SimCloudProvider;
  private readonly state = new ClusterState();
  private readonly pending = new PendingTimes();
  private readonly batch = new BatchWindow();
  private readonly solveCache = new SolveCache();
  private readonly settings: DisruptionSettings;
  private readonly bills = new Map<string, Bill>();
  private readonly lastPodEvent = new Map<string, number>();
  private readonly inFlight: InFlight[] = [];
  private readonly samples: MinuteSample[] = [];
  private readonly start: number;
  private readonly end: number;
  private claimSequence = 0;
  private schedulerDirty = false;
  private nextScanAt = Number.POSITIVE_INFINITY;
  private skipRound: { version: number; until: number } | undefined;
  private disruptions = 0;
  private interruptionsHandled = 0;
  private podsEvicted = 0;
  private unseenPools: readonly string[] = [];

  constructor(private readonly input: KarpdSystemInput) {
    this.start = input.startMs ?? REPLAY_START_MS;
    this.end = this.start + input.timeline.durationMs;
    this.clock = new VirtualClock(this.start);
    this.settings = input.settings ?? DEFAULT_DISRUPTION_SETTINGS;
    const classes = new Map(input.nodeClasses.map((nodeClass) => [nodeClass.metadata.name ?? '', nodeClass]));
    this.cloud = new SimCloudProvider(
      { clock: this.clock },
      {
        region: input.region,
        seed: input.seed,
        bootDelayMs: input.bootSeconds * SECOND,
        ...(input.catalog !== undefined ? { catalog: input.catalog } : {}),
        nodeClasses: (name) => classes.get(name),
      },
    );
    for (const pool of input.nodePools) this.state.upsert('nodePools', pool);
    for (const nodeClass of input.nodeClasses) this.state.upsert('nodeClasses', nodeClass);
    for (const kind of STATE_KINDS) this.state.markSynced(kind);
    this.cloud.instances.watch((change) => this.onInstance(change.instance, change.to));
  }

  private now(): number {
    return this.clock.nowMs();
  }

  /** Runs the whole timeline; the figures at the end. */
  async run(): Promise<SystemFigures> {
    const events = this.input.timeline.events;
    let next = 0;
    let nextRoundAt = this.start + ROUND_MS;
    let nextMinuteAt = this.start + MINUTE;
    let nextProgressAt = this.start + PROGRESS_MS;
    for (;;) {
      const candidates = [
        next < events.length ? this.start + events[next].at : Number.POSITIVE_INFINITY,
        this.clock.nextTimerAt() ?? Number.POSITIVE_INFINITY,
        this.batch.closesAt() ?? Number.POSITIVE_INFINITY,
        this.nextScanAt,
        nextRoundAt,
        nextMinuteAt,
        ...this.inFlight.map((entry) => (entry.phase === 'validating' ? entry.validateAt : entry.deadline)),
        this.end,
      ];
      const at = Math.max(this.now(), Math.min(...candidates));
      if (at > this.end) break;
      this.clock.advanceTo(at);
      while (next < events.length && this.start + events[next].at <= at) this.apply(events[next++]);
      this.schedule();
      if (at >= this.nextScanAt) this.scan();
      const closes = this.batch.closesAt();
      if (closes !== undefined && at >= closes) {
        this.batch.close();
        await this.provision();
      }
      await this.progressInFlight();
      if (at >= nextRoundAt) {
        nextRoundAt += ROUND_MS;
        await this.disruptionRound();
      }
      this.schedule();
      if (at >= nextMinuteAt) {
        this.sample((nextMinuteAt - this.start) / MINUTE);
        nextMinuteAt += MINUTE;
      }
      if (at >= nextProgressAt) {
        this.input.onProgress?.(at - this.start, this.end - this.start);
        nextProgressAt += PROGRESS_MS;
      }
      if (at >= this.end) break;
    }
    this.input.onProgress?.(this.end - this.start, this.end - this.start);
    return this.figures();
  }

  // ── workload and kube-scheduler ──────────────────────────────────────────────────────────────────────────

  private apply(event: WorkloadTimeline['events'][number]): void {
    if (event.type === 'create') {
      const key = podKey(event.pod);
      const pod: Pod = { ...event.pod, metadata: { uid: `uid-${key}`, ...event.pod.metadata } };
      this.state.upsert('pods', pod);
      this.pending.start(key, this.now());
      this.schedulerDirty = true;
      return;
    }
    const key = `${event.namespace}/${event.name}`;
    const pod = this.state.get('pods', key);
    if (pod === undefined) return;
    this.state.remove('pods', pod);
    this.pending.stop(key, this.now());
    if (pod.spec.nodeName) this.lastPodEvent.set(pod.spec.nodeName, this.now());
    this.schedulerDirty = true;
  }

  /** One kube-scheduler pass when pods or nodes changed. */
  private schedule(): void {
    if (!this.schedulerDirty) return;
    this.schedulerDirty = false;
    const snapshot = this.state.snapshot();
    const nodes = snapshot.nodes.filter((node) => node.metadata.deletionTimestamp === undefined);
    const plan = planScheduling({ nodes, pods: snapshot.pods, scoring: 'MostAllocated' });
    const now = this.now();
    for (const { pod, nodeName } of plan.bindings) {
      this.state.upsert('pods', boundPod(pod, nodeName, now));
      this.pending.stop(podKey(pod), now);
      this.lastPodEvent.set(nodeName, now);
    }
    let waiting = false;
    for (const { pod, message } of plan.unschedulable) {
      waiting = true;
      if (hasUnschedulableCondition(pod, message)) continue;
      this.state.upsert('pods', { ...pod, status: { ...pod.status, conditions: unschedulableConditions(pod, message, new Date(now)) } });
    }
    if (waiting && this.nextScanAt === Number.POSITIVE_INFINITY) this.nextScanAt = upTo(now + 1, SCAN_MS, this.start);
  }

  // ── provisioner ──────────────────────────────────────────────────────────────────────────────────────────

  /** The provisioner's 1 s scan: every provisionable pod is offered to the batching window. */
  private scan(): void {
    const provisionable = this.state.snapshot().pods.filter(isProvisionable);
    for (const pod of provisionable) this.batch.trigger(pod.metadata.uid ?? podKey(pod), this.now());
    this.nextScanAt = provisionable.length > 0 ? this.now() + SCAN_MS : Number.POSITIVE_INFINITY;
  }

  private async instanceTypes(pools: readonly NodePool[]): Promise<Map<string, readonly InstanceType[]>> {
    const types = new Map<string, readonly InstanceType[]>();
    for (const pool of pools) types.set(pool.metadata.name ?? '', await this.cloud.getInstanceTypes(pool));
    return types;
  }

  /** One provisioning round, as ProvisionerController.provision with solverPlanner. */
  private async provision(): Promise<void> {
    const snapshot = this.state.snapshot();
    const pods = snapshot.pods.filter((pod) => isProvisionable(pod) && ignoredReason(pod) === undefined);
    if (pods.length === 0) return;
    const nodePools = orderNodePools(snapshot.nodePools.filter((pool) => pool.spec.replicas === undefined));
    const instanceTypes = await this.instanceTypes(nodePools);
    const result = solve(
      {
        nodes: snapshot.stateNodes,
        nodePools: nodePools.map((nodePool) => ({ nodePool, instanceTypes: instanceTypes.get(nodePool.metadata.name ?? '') ?? [] })),
        daemonSets: snapshot.daemonSets,
      },
      pods,
      { cache: this.solveCache },
    );
    const until = this.now() + NOMINATION_MS;
    for (const claim of result.newNodeClaims) {
      const pool = nodePools.find((p) => p.metadata.name === claim.nodePool);
      if (pool === undefined) continue;
      const name = await this.launch(pool, claim);
      if (name !== undefined) this.state.nominate(name, until, claim.pods);
    }
    for (const node of result.existingNodes) this.state.nominate(node.name, until, node.pods);
  }

  /** Creates and launches one NodeClaim for a planned (or replacement) claim; its name, or undefined when EC2 refused. */
  private async launch(pool: NodePool, planned: NewNodeClaim): Promise<string | undefined> {
    const name = `${pool.metadata.name ?? planned.nodePool}-${String(++this.claimSequence).padStart(5, '0')}`;
    const built = buildSimulatedNodeClaim(pool, planned);
    const created = createdNodeClaim(built, name, this.now());
    let launched: NodeClaim;
    try {
      launched = await this.cloud.create(created);
    } catch {
      return undefined;
    }
    this.state.upsert('nodeClaims', launchedConditions(launched, this.now()));
    this.armInterruption(launched);
    return name;
  }

  // ── the simulated EC2 ────────────────────────────────────────────────────────────────────────────────────

  private claimOf(providerID: string): NodeClaim | undefined {
    return this.state.snapshot().nodeClaims.find((claim) => claim.status?.providerID === providerID);
  }

  private onInstance(instance: SimInstance, to: SimInstance['state']): void {
    const now = this.now();
    if (to === 'pending')
      this.bills.set(instance.id, {
        price: instance.price,
        spot: instance.capacityType === 'spot',
        pool: instance.tags[Labels.nodePool] ?? '',
        from: instance.launchTime.getTime(),
      });
    if (to === 'terminated') {
      const bill = this.bills.get(instance.id);
      if (bill !== undefined) bill.to = now;
    }
    if (to === 'running') {
      const claim = this.claimOf(instance.providerID);
      if (claim === undefined || claim.metadata.deletionTimestamp !== undefined) return;
      const node = registeredNode(claim, now);
      this.state.upsert('nodes', node);
      this.state.upsert('nodeClaims', initializedClaim(claim, node.metadata.name ?? '', now));
      this.schedulerDirty = true;
    }
    if (to === 'shutting-down' && instance.endedBy !== undefined) {
      const claim = this.claimOf(instance.providerID);
      if (claim !== undefined) void this.terminate(claim.metadata.name ?? '');
    }
  }

  // ── termination ──────────────────────────────────────────────────────────────────────────────────────────

  /** Deletes a NodeClaim: its pods evicted (pending again), its Node and claim gone, its instance terminated. */
  private async terminate(claimName: string): Promise<boolean> {
    const claim = this.state.get('nodeClaims', claimName);
    if (claim === undefined) return false;
    const nodeName = claim.status?.nodeName;
    const node = nodeName === undefined ? undefined : this.state.get('nodes', nodeName);
    const now = this.now();
    if (node !== undefined) {
      for (const pod of this.state.snapshot().podsByNode.get(nodeName ?? '') ?? []) {
        this.state.upsert('pods', evictedPod(pod));
        this.pending.start(podKey(pod), now);
        this.podsEvicted += 1;
      }
      this.state.remove('nodes', node);
      this.lastPodEvent.delete(nodeName ?? '');
    }
    this.state.remove('nodeClaims', claim);
    this.schedulerDirty = true;
    this.skipRound = undefined;
    await this.cloud.delete(claim).catch(() => undefined);
    return true;
  }

  // ── disruption ───────────────────────────────────────────────────────────────────────────────────────────

  /** Sets every initialized claim's Consolidatable condition; returns when it next changes on its own. */
  private updateConsolidatable(): number {
    const now = this.now();
    let nextChange = Number.POSITIVE_INFINITY;
    const pools = new Map(this.state.snapshot().nodePools.map((pool) => [pool.metadata.name ?? '', pool]));
    for (const claim of this.state.snapshot().nodeClaims) {
      const pool = pools.get(claim.metadata.labels?.[Labels.nodePool] ?? '');
      if (pool === undefined) continue;
      const verdict = consolidatableOf(claim, pool, this.lastPodEvent.get(claim.status?.nodeName ?? ''), now);
      const want = verdict.state === 'consolidatable' ? 'True' : verdict.state === 'waiting' ? 'False' : undefined;
      if (verdict.at !== undefined) nextChange = Math.min(nextChange, verdict.at);
      const has = claim.status?.conditions?.find((c) => c.type === NodeClaimConditions.consolidatable)?.status;
      if (has !== want) this.state.upsert('nodeClaims', withConsolidatable(claim, want, now));
    }
    return nextChange;
  }

  private async disruptionSnapshot(): Promise<DisruptionSnapshot> {
    const cluster = this.state.snapshot();
    return {
      now: this.now(),
      nodes: cluster.stateNodes,
      pendingPods: cluster.pods.filter(isProvisionable),
      nodePools: cluster.nodePools,
      instanceTypes: await this.instanceTypes(cluster.nodePools),
      podDisruptionBudgets: cluster.podDisruptionBudgets,
      daemonSets: cluster.daemonSets,
      settings: this.settings,
    };
  }

  private namesInFlight(except?: InFlight): Set<string> {
    return new Set(this.inFlight.filter((e) => e !== except).flatMap((e) => e.command.candidates.map((c) => c.name)));
  }

  /** When a round's outcome can change with time alone: a nomination ends, consolidateAfter elapses, the spot price steps. */
  private nextTimeDependentMoment(consolidatableChange: number): number {
    const now = this.now();
    let at = Math.min(consolidatableChange, upTo(now + 1, HOUR, 0));
    for (const stateNode of this.state.snapshot().stateNodes)
      if (stateNode.nominatedUntil !== undefined && stateNode.nominatedUntil > now) at = Math.min(at, stateNode.nominatedUntil);
    return at;
  }

  private async disruptionRound(): Promise<void> {
    const consolidatableChange = this.updateConsolidatable();
    const version = this.state.snapshot().version;
    if (this.inFlight.length === 0 && this.skipRound?.version === version && this.now() < this.skipRound.until) return;
    if (this.state.snapshot().nodeClaims.length === 0) return;
    const snapshot = await this.disruptionSnapshot();
    const result = planDisruptionRound(snapshot, {
      clock: { now: () => this.now() },
      prioritizedPools: this.unseenPools,
      disrupting: this.namesInFlight(),
      cache: this.solveCache,
    });
    this.unseenPools = result.unseenPools;
    for (const command of result.commands) this.mark(command);
    this.skipRound =
      result.commands.length === 0 && this.inFlight.length === 0
        ? { version: this.state.snapshot().version, until: this.nextTimeDependentMoment(consolidatableChange) }
        : undefined;
  }

  private setTaint(nodeName: string, on: boolean): void {
    const node = this.state.get('nodes', nodeName);
    if (node !== undefined) this.state.upsert('nodes', withDisruptedTaint(node, on));
  }

  private mark(command: DisruptionCommand): void {
    for (const candidate of command.candidates) this.setTaint(candidate.name, true);
    const validateAt = this.now() + (command.reason === 'Drifted' ? 0 : VALIDATION_MS);
    this.inFlight.push({ command, phase: 'validating', validateAt, launched: [], deadline: validateAt });
  }

  private drop(entry: InFlight): void {
    for (const candidate of entry.command.candidates) this.setTaint(candidate.name, false);
    this.inFlight.splice(this.inFlight.indexOf(entry), 1);
    this.schedulerDirty = true;
  }

  private async progressInFlight(): Promise<void> {
    for (const entry of [...this.inFlight]) {
      if (entry.phase === 'validating' && this.now() >= entry.validateAt) await this.validateAndExecute(entry);
      else if (entry.phase === 'launching') await this.checkReplacements(entry);
    }
  }

  private async validateAndExecute(entry: InFlight): Promise<void> {
    this.updateConsolidatable();
    const fresh = withInFlight(await this.disruptionSnapshot(), this.namesInFlight(entry));
    const validation = validateCommand(entry.command, fresh);
    if (!validation.ok) return this.drop(entry);
    const kept = new Set(validation.command.candidates.map((c) => c.name));
    for (const candidate of entry.command.candidates) if (!kept.has(candidate.name)) this.setTaint(candidate.name, false);
    entry.command = validation.command;
    if (entry.command.decision === 'delete') return this.deleteCandidates(entry);
    const launched = await this.launchReplacements(entry.command.replacements);
    if (launched === undefined) return this.drop(entry);
    entry.launched = launched;
    entry.phase = 'launching';
    entry.deadline = this.now() + REPLACEMENT_TIMEOUT_MS;
  }

  /** Launches replacements nominated for the pods that will move (replacement-launcher.ts); undefined (rolled back) on a failure. */
  private async launchReplacements(replacements: readonly NewNodeClaim[]): Promise<string[] | undefined> {
    const pools = this.state.snapshot().nodePools;
    const names: string[] = [];
    for (const planned of replacements) {
      const pool = pools.find((p) => p.metadata.name === planned.nodePool);
      const name = pool === undefined ? undefined : await this.launch(pool, planned);
      if (name === undefined) {
        for (const launched of names) await this.terminate(launched);
        return undefined;
      }
      this.state.nominate(name, this.now() + REPLACEMENT_NOMINATION_MS, planned.pods);
      names.push(name);
    }
    return names;
  }

  private isInitialized(claimName: string): boolean | undefined {
    const claim = this.state.get('nodeClaims', claimName);
    if (claim === undefined) return undefined;
    return claim.status?.conditions?.some((c) => c.type === NodeClaimConditions.initialized && c.status === 'True') ?? false;
  }

  private async checkReplacements(entry: InFlight): Promise<void> {
    const states = entry.launched.map((name) => this.isInitialized(name));
    if (states.some((s) => s === undefined) || this.now() > entry.deadline) {
      for (const name of entry.launched) await this.terminate(name);
      return this.drop(entry);
    }
    if (states.every((s) => s === true)) await this.deleteCandidates(entry);
  }

  private async deleteCandidates(entry: InFlight): Promise<void> {
    for (const candidate of entry.command.candidates)
      if (await this.terminate(candidate.nodeClaim.metadata.name ?? '')) this.disruptions += 1;
    this.inFlight.splice(this.inFlight.indexOf(entry), 1);
  }

  // ── spot interruptions ───────────────────────────────────────────────────────────────────────────────────

  private armInterruption(claim: NodeClaim): void {
    if (claim.metadata.labels?.[Labels.capacityType] !== 'spot') return;
    const instanceID = parseAwsProviderID(claim.status?.providerID ?? '')?.instanceID;
    if (instanceID === undefined) return;
    const delay = spotInterruptionDelayMs(this.input.seed, instanceID, this.input.spotInterruptionRate);
    if (delay === undefined || this.now() + delay > this.end) return;
    this.clock.setTimeout(() => void this.interrupt(instanceID), delay);
  }

  /** The spot warning: the offering marked unavailable, replacements for the node's pods launched, the drain to follow. */
  private async interrupt(instanceID: string): Promise<void> {
    const instance = this.cloud.instances.get(instanceID);
    if (instance === undefined || (instance.state !== 'pending' && instance.state !== 'running')) return;
    if (!this.cloud.controls.spotInterruption(instanceID).ok) return;
    this.interruptionsHandled += 1;
    const claim = this.claimOf(instance.providerID);
    if (claim === undefined) return;
    const name = claim.metadata.name ?? '';
    const stateNode = this.state.snapshot().stateNodes.find((n) => n.nodeClaim?.metadata.name === name);
    if (stateNode?.node === undefined) {
      await this.terminate(name);
      return;
    }
    this.setTaint(stateNode.node.metadata.name ?? '', true);
    const snapshot = await this.disruptionSnapshot();
    const candidate = this.candidateOf(stateNode, claim, snapshot);
    const simulation = candidate === undefined ? undefined : simulateScheduling(snapshot, [candidate]);
    await this.launchReplacements(simulation?.commandClaims ?? []);
    // As the interruption controller does: the NodeClaim is deleted right after the launch, so the drain starts at
    // once and the evicted pods wait for the replacement (or any room) like every pending pod.
    await this.terminate(name);
  }

  /** The interrupted machine as a candidate whatever the candidate filter says (spot-replacement.ts). */
  private candidateOf(stateNode: StateNode, claim: NodeClaim, snapshot: DisruptionSnapshot): Candidate | undefined {
    const labels = stateNodeLabels(stateNode);
    const nodePool = snapshot.nodePools.find((pool) => pool.metadata.name === labels[Labels.nodePool]);
    if (nodePool === undefined) return undefined;
    const instanceType = snapshot.instanceTypes.get(nodePool.metadata.name ?? '')?.find((t) => t.name === labels[Labels.instanceType]);
    const zone = labels[Labels.zone] ?? '';
    const offering = instanceType?.offerings.find((o) => o.zone === zone && o.capacityType === 'spot');
    return {
      name: stateNodeName(stateNode),
      stateNode,
      nodeClaim: claim,
      nodePool,
      instanceType,
      zone,
      capacityType: 'spot',
      price: offering?.price ?? 0,
      priceKnown: offering !== undefined,
      reschedulablePods: stateNode.pods.filter(isReschedulable),
      disruptionCost: disruptionCost(stateNode.pods, claim, nodePool, snapshot.now),
    };
  }

  // ── figures ──────────────────────────────────────────────────────────────────────────────────────────────

  private live(): Bill[] {
    return [...this.bills.values()].filter((bill) => bill.to === undefined);
  }

  private sample(minute: number): void {
    const live = this.live();
    this.samples.push({
      minute,
      pricePerHour: live.reduce((sum, bill) => sum + bill.price, 0),
      nodes: live.length,
      spotNodes: live.filter((bill) => bill.spot).length,
      pendingPods: this.pending.waiting(),
    });
  }

  private figures(): SystemFigures {
    let cost = 0;
    let nodeHours = 0;
    let spotHours = 0;
    const costByPool: Record<string, number> = {};
    for (const bill of this.bills.values()) {
      const hours = ((bill.to ?? this.end) - bill.from) / HOUR;
      cost += bill.price * hours;
      costByPool[bill.pool] = (costByPool[bill.pool] ?? 0) + bill.price * hours;
      nodeHours += hours;
      if (bill.spot) spotHours += hours;
    }
    const pending = this.pending.summary(this.end);
    return {
      cost,
      nodeHours,
      spotShare: nodeHours === 0 ? 0 : spotHours / nodeHours,
      pendingSecondsP50: pending.p50,
      pendingSecondsP95: pending.p95,
      pendingSecondsMax: pending.max,
      disruptions: this.disruptions,
      interruptionsHandled: this.interruptionsHandled,
      // karpd handles every warning it gets (the interruption controller's replacement and drain).
      interruptions: this.interruptionsHandled,
      podsEvicted: this.podsEvicted,
      samples: this.samples,
      costByPool,
    };
  }
}

/** Replays `input.timeline` through karpd's decisions (see the module comment); deterministic for `input.seed`. */
export async function runKarpdSystem(input: KarpdSystemInput): Promise<SystemFigures> {
  return new KarpdReplay(input).run();
}
