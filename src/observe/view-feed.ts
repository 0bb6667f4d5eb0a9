/**
 * The live view model of a running agent: gathers every cluster's inputs (the state cache, the provisioner's
 * reasons, the interruptions handled, the GitOps Decisions and sync state, prices, the cost history, the log
 * ring), rebuilds the {@link ViewModel} when any of them changes (at most every 250 ms, so a burst of watch
 * events is one rebuild), and tells the in-process dashboard (`subscribe`) and the agent API's stream
 * (`onDelta`) what changed. The version only moves when the view did. All I/O and time here; the building is pure.
 */
import type { Clock, CancelTimer } from '../apis/clock.js';
import type { Logger } from '../apis/logger.js';
import type { NodePool } from '../apis/nodepool.js';
import type { Decision } from '../apis/decision.js';
import type { InterruptionKind, InterruptionAction } from '../cloudprovider/types.js';
import type { DisruptionReport } from '../disruption/report.js';
import type { ClusterSyncState, GitOpsService } from '../gitops/decisions/gitops-service.js';
import type { InstanceType } from '../scheduling/instance-type.js';
import type { ClusterSnapshot, StateKind } from '../state/cluster-state.js';
import type { ViewFeedReader } from './dashboard-launch.js';
import type { LogRing } from './log-ring.js';
import { createViewModelBuilder, trackSpotEvents } from './view-model/build-view.js';
import type { ClusterObjects, ClusterSyncInput, InterruptedClaim, SpotEventRecord, ViewInput } from './view-model/view-input.js';
import { viewChanges } from './view-model/view-changes.js';
import {
  HISTORY_SAMPLE_MS,
  HISTORY_SAMPLES,
  type HistorySample,
  type ViewChange,
  type ViewDelta,
  type ViewModel,
} from './view-model/view-model.js';

/** One interruption the controller handled, as the feed reads it (`HandledInterruption` of the interruption controller). */
export interface HandledInterruptionInput {
  readonly event: {
    readonly id: string;
    readonly kind: InterruptionKind;
    readonly action: InterruptionAction;
    readonly instanceIDs: readonly string[];
    readonly time: Date;
  };
  readonly action: 'deleted' | 'recorded' | 'unknown-instance';
  readonly handledAt: string;
  readonly claims: readonly InterruptedClaim[];
  readonly actions?: SpotEventRecord['actions'];
  readonly deadline?: string;
  /** The replacements the controller launched before draining (they open `replacedBy`). */
  readonly replacements?: readonly string[];
}

/** What the feed reads of one cluster. */
export interface FeedCluster {
  readonly name: string;
  readonly cloud: 'sim' | 'aws';
  /** The cluster's state cache (`ClusterState`). */
  readonly state: { snapshot(): ClusterSnapshot; onChange(listener: (kind: StateKind) => void): () => void };
  /** Why each pending pod waits (the provisioner's `pendingReasons()`). */
  readonly pendingReasons: () => ReadonlyMap<string, string>;
  /** The interruption controller's `history()`, oldest first; absent when the cloud sends none. */
  readonly interruptions?: () => readonly HandledInterruptionInput[];
  /** The cloud's instance types for a pool (`cloud.getInstanceTypes`), for prices. */
  readonly instanceTypes?: (pool: NodePool) => Promise<readonly InstanceType[]>;
  /** The disruption controller's latest report (`Agent.disruption.report()`); absent when it does not run. */
  readonly disruption?: () => DisruptionReport | undefined;
}

/**
 * Fills in what became of each interruption (its claims gone, their replacements) from the cluster's objects;
 * `previous` is its own last output. The default keeps what `previous` knew.
 */
export type SpotTracker = (input: {
  readonly previous: readonly SpotEventRecord[];
  readonly records: readonly SpotEventRecord[];
  readonly objects: ClusterObjects;
  readonly now: Date;
}) => SpotEventRecord[];

/** Options of {@link startViewFeed}. */
export interface ViewFeedOptions {
  readonly clusters: readonly FeedCluster[];
  /** The GitOps service (Decisions and sync state); absent when no cluster is synced from Git. */
  readonly gitops?: GitOpsService;
  readonly logRing?: LogRing;
  readonly clock: Clock;
  /** Where the feed's own trouble goes (a price refresh or a build that failed), once per distinct message. */
  readonly logger?: Logger;
  /** Least time between two rebuilds. @default 250 */
  readonly throttleMs?: number;
  /** How often the GitOps Decisions and sync state are read. @default 2000 */
  readonly gitopsPollMs?: number;
  /** How often prices are read again. @default 60000 */
  readonly pricesRefreshMs?: number;
  /** @default a memoising `createViewModelBuilder({ ages: 'display' })` (ages in kubectl's steps, so a  second passing does not change every row) */
  readonly build?: (input: ViewInput) => ViewModel;
  /** @default viewChanges */
  readonly changes?: (before: ViewModel, after: ViewModel) => ViewChange[];
  /** @default what the previous round knew of each record, then `trackSpotEvents` */
  readonly trackSpotEvents?: SpotTracker;
}

/** The running feed. */
export interface ViewFeed extends ViewFeedReader {
  /** Calls `listener` with every change of the view (what the agent API streams); returns an unsubscribe function. */
  onDelta(listener: (delta: ViewDelta) => void): () => void;
  /** Reads the GitOps state now (after an action) and rebuilds when it changed. */
  refreshGitOps(): Promise<void>;
  /** Rebuilds now, without waiting for the throttle (tests, `r`). */
  rebuildNow(): void;
  stop(): void;
}

const DEFAULT_THROTTLE_MS = 250;
const DEFAULT_GITOPS_POLL_MS = 2000;
const DEFAULT_PRICES_MS = 60_000;

/** The key of one offering in the price map. */
function offeringKey(instanceType: string, capacityType: string, zone: string): string {
  return `${instanceType}/${capacityType}/${zone}`;
}

/** The sync state as the view's input names it. */
export function syncInputOf(state: ClusterSyncState): ClusterSyncInput {
  return {
    status: state.status,
    ref: state.source.ref,
    ...(state.appliedRevision !== undefined ? { appliedRevision: state.appliedRevision } : {}),
    ...(state.error !== undefined ? { error: state.error } : {}),
    ...(state.source.error !== undefined ? { sourceError: state.source.error } : {}),
    ...(state.suspended && state.suspendedBy !== undefined ? { suspendedBy: state.suspendedBy } : {}),
    ...(state.window !== undefined ? { window: state.window } : {}),
    objects: state.objects.map(({ kind, name, status }) => ({ kind, name, status })),
  };
}

/** One handled interruption as the view's input names it. */
export function spotEventRecordOf(handled: HandledInterruptionInput): SpotEventRecord {
  return {
    id: handled.event.id,
    kind: handled.event.kind,
    action: handled.event.action,
    outcome: handled.action,
    instanceIds: [...handled.event.instanceIDs],
    time: handled.event.time.toISOString(),
    handledAt: handled.handledAt,
    claims: handled.claims,
    ...(handled.actions === undefined ? {} : { actions: handled.actions }),
    ...(handled.deadline === undefined ? {} : { deadline: handled.deadline }),
    ...(handled.replacements === undefined || handled.replacements.length === 0 ? {} : { replacedBy: handled.replacements }),
  };
}

/**
 * The default tracker: each record as the previous round left it (its `goneAt` / `replacedBy`, and its identity
 * so the builder's memo holds), new ones as recorded, then {@link trackSpotEvents} over the live NodeClaims.
 */
const trackWithPrevious: SpotTracker = ({ previous, records, objects, now }) => {
  const known = new Map(previous.map((record) => [record.id, record]));
  return trackSpotEvents(
    records.map((record) => known.get(record.id) ?? record),
    objects.nodeClaims,
    now,
  );
};

/** A cluster snapshot as the view's input reads it. */
export function clusterObjectsOf(snapshot: ClusterSnapshot): ClusterObjects {
  const nominatedPods = new Map<string, readonly string[]>();
  for (const stateNode of snapshot.stateNodes) {
    const claim = stateNode.nodeClaim?.metadata.name;
    if (claim !== undefined && stateNode.nominatedPods !== undefined) nominatedPods.set(claim, stateNode.nominatedPods);
  }
  return {
    nodes: snapshot.nodes,
    pods: snapshot.pods,
    nodeClaims: snapshot.nodeClaims,
    nodePools: snapshot.nodePools,
    nodeClasses: snapshot.nodeClasses,
    daemonSets: snapshot.daemonSets,
    podDisruptionBudgets: snapshot.podDisruptionBudgets,
    nominatedPods,
  };
}

/** The cluster's disruption report as the view input's optional field. */
function disruptionOf(cluster: FeedCluster): { disruption?: DisruptionReport } {
  const report = cluster.disruption?.();
  return report === undefined ? {} : { disruption: report };
}

/** The pools a price map was read for (a new pool needs its prices). */
function poolNames(snapshot: ClusterSnapshot): string {
  return snapshot.nodePools
    .map((pool) => pool.metadata.name ?? '')
    .sort()
    .join(',');
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Per-cluster state the feed keeps between rebuilds. */
interface ClusterMemory {
  prices: ReadonlyMap<string, number>;
  pricedPools: string;
  spotEvents: readonly SpotEventRecord[];
  history: HistorySample[];
  sync?: ClusterSyncInput;
  decisions: readonly Decision[];
}

class LiveViewFeed implements ViewFeed {
  private view: ViewModel | undefined;
  private readonly memory = new Map<string, ClusterMemory>();
  private readonly listeners = new Set<() => void>();
  private readonly deltaListeners = new Set<(delta: ViewDelta) => void>();
  private readonly cancels: Array<() => void> = [];
  private timer: CancelTimer | undefined;
  private lastBuildAt = Number.NEGATIVE_INFINITY;
  private gitopsSeen = '';
  private gitopsReading: Promise<void> | undefined;
  private readonly reported = new Set<string>();
  private stopped = false;
  private readonly build: (input: ViewInput) => ViewModel;

  constructor(private readonly options: ViewFeedOptions) {
    const builder = options.build === undefined ? createViewModelBuilder({ ages: 'display' }) : undefined;
    this.build = options.build ?? ((input) => (builder as ReturnType<typeof createViewModelBuilder>).build(input));
    for (const cluster of options.clusters)
      this.memory.set(cluster.name, { prices: new Map(), pricedPools: '', spotEvents: [], history: [], decisions: [] });
  }

  async start(): Promise<void> {
    const { clock } = this.options;
    await Promise.all([this.refreshGitOps(), ...this.options.clusters.map((cluster) => this.refreshPrices(cluster))]);
    this.rebuildNow();
    this.sample();
    this.rebuildNow();
    for (const cluster of this.options.clusters) this.cancels.push(cluster.state.onChange(() => this.schedule()));
    if (this.options.logRing !== undefined) this.cancels.push(this.options.logRing.subscribe(() => this.schedule()));
    this.cancels.push(clock.setInterval(() => void this.refreshGitOps(), this.options.gitopsPollMs ?? DEFAULT_GITOPS_POLL_MS));
    this.cancels.push(
      clock.setInterval(() => {
        for (const cluster of this.options.clusters) void this.refreshPrices(cluster).then(() => this.schedule());
      }, this.options.pricesRefreshMs ?? DEFAULT_PRICES_MS),
    );
    this.cancels.push(
      clock.setInterval(() => {
        this.sample();
        this.schedule();
      }, HISTORY_SAMPLE_MS),
    );
  }

  current(): ViewModel {
    if (this.view === undefined) throw new Error('the view feed has not built a view yet (await startViewFeed)');
    return this.view;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onDelta(listener: (delta: ViewDelta) => void): () => void {
    this.deltaListeners.add(listener);
    return () => this.deltaListeners.delete(listener);
  }

  refreshGitOps(): Promise<void> {
    const gitops = this.options.gitops;
    if (gitops === undefined || this.stopped) return Promise.resolve();
    this.gitopsReading ??= this.readGitOps(gitops).finally(() => {
      this.gitopsReading = undefined;
    });
    return this.gitopsReading;
  }

  rebuildNow(): void {
    this.timer?.();
    this.timer = undefined;
    if (this.stopped) return;
    this.lastBuildAt = this.options.clock.now().getTime();
    try {
      this.rebuild();
    } catch (error) {
      this.report(`building the dashboard's view failed: ${message(error)}`);
    }
  }

  stop(): void {
    this.stopped = true;
    this.timer?.();
    this.timer = undefined;
    for (const cancel of this.cancels.splice(0)) cancel();
    this.listeners.clear();
    this.deltaListeners.clear();
  }

  private schedule(): void {
    if (this.stopped || this.timer !== undefined) return;
    const throttle = this.options.throttleMs ?? DEFAULT_THROTTLE_MS;
    const wait = Math.max(0, this.lastBuildAt + throttle - this.options.clock.now().getTime());
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = undefined;
      this.rebuildNow();
    }, wait);
  }

  private rebuild(): void {
    const now = this.options.clock.now();
    const previous = this.view;
    const version = (previous?.version ?? 0) + 1;
    const clusters = this.options.clusters.map((cluster) => {
      const memory = this.memoryOf(cluster.name);
      const snapshot = cluster.state.snapshot();
      const objects = clusterObjectsOf(snapshot);
      if (cluster.instanceTypes !== undefined && poolNames(snapshot) !== memory.pricedPools)
        void this.refreshPrices(cluster).then(() => this.schedule());
      const records = (cluster.interruptions?.() ?? []).map(spotEventRecordOf);
      memory.spotEvents = (this.options.trackSpotEvents ?? trackWithPrevious)({ previous: memory.spotEvents, records, objects, now });
      const prices = memory.prices;
      return {
        name: cluster.name,
        cloud: cluster.cloud,
        objects,
        ...(memory.sync !== undefined ? { sync: memory.sync } : {}),
        decisions: memory.decisions,
        pendingReasons: cluster.pendingReasons(),
        spotEvents: memory.spotEvents,
        price: (instanceType: string, capacityType: string, zone: string) => prices.get(offeringKey(instanceType, capacityType, zone)),
        history: memory.history.slice(),
        ...disruptionOf(cluster),
      };
    });
    const built = this.build({ now, version, clusters, log: this.options.logRing?.lines() ?? [] });
    if (previous === undefined) {
      this.view = built;
      this.notify();
      return;
    }
    const changes = (this.options.changes ?? viewChanges)(previous, built);
    if (changes.length === 0) return;
    this.view = built;
    const delta: ViewDelta = { from: previous.version, to: built.version, generatedAt: built.generatedAt, changes };
    for (const listener of [...this.deltaListeners]) listener(delta);
    this.notify();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** Appends one history point per cluster from the view in force. */
  private sample(): void {
    const view = this.view;
    if (view === undefined) return;
    const at = this.options.clock.now().toISOString();
    for (const cluster of view.clusters) {
      const memory = this.memory.get(cluster.name);
      if (memory === undefined) continue;
      memory.history.push({ at, pricePerHour: cluster.header.pricePerHour, pendingPods: cluster.header.pendingPods });
      if (memory.history.length > HISTORY_SAMPLES) memory.history.splice(0, memory.history.length - HISTORY_SAMPLES);
    }
  }

  private async readGitOps(gitops: GitOpsService): Promise<void> {
    try {
      const states = gitops.clusters();
      const names = this.options.clusters.map((cluster) => cluster.name);
      const decisions = await Promise.all(
        names.map((name) => (states.some((state) => state.cluster === name) ? gitops.decisions({ cluster: name }) : Promise.resolve([]))),
      );
      if (this.stopped) return;
      const seen = JSON.stringify([states, decisions]);
      if (seen === this.gitopsSeen) return;
      this.gitopsSeen = seen;
      for (const [index, name] of names.entries()) {
        const memory = this.memoryOf(name);
        const state = states.find((candidate) => candidate.cluster === name);
        if (state === undefined) delete memory.sync;
        else memory.sync = syncInputOf(state);
        memory.decisions = decisions[index] ?? [];
      }
      if (this.view !== undefined) this.schedule();
    } catch (error) {
      this.report(`reading GitOps state for the dashboard failed: ${message(error)}`);
    }
  }

  /** Reads the prices of every pool's instance types; a pool that fails keeps the prices known before. */
  private async refreshPrices(cluster: FeedCluster): Promise<void> {
    if (cluster.instanceTypes === undefined) return;
    const memory = this.memoryOf(cluster.name);
    const prices = new Map(memory.prices);
    const snapshot = cluster.state.snapshot();
    memory.pricedPools = poolNames(snapshot);
    for (const pool of snapshot.nodePools) {
      try {
        for (const type of await cluster.instanceTypes(pool))
          for (const offering of type.offerings) prices.set(offeringKey(type.name, offering.capacityType, offering.zone), offering.price);
      } catch (error) {
        this.report(`reading prices for nodepool ${pool.metadata.name ?? ''} of ${cluster.name} failed: ${message(error)}`);
      }
    }
    memory.prices = prices;
  }

  private memoryOf(name: string): ClusterMemory {
    const memory = this.memory.get(name);
    if (memory === undefined) throw new Error(`no cluster ${name} in the view feed`);
    return memory;
  }

  /** Logs a problem once (a failing build must not log on every rebuild, which would rebuild again). */
  private report(text: string): void {
    if (this.reported.has(text)) return;
    if (this.reported.size > 100) this.reported.clear();
    this.reported.add(text);
    this.options.logger?.warn({ component: 'view-feed' }, text);
  }
}

/** Starts the feed: reads GitOps and prices once, builds the first view, then follows every change. */
export async function startViewFeed(options: ViewFeedOptions): Promise<ViewFeed> {
  const feed = new LiveViewFeed(options);
  await feed.start();
  return feed;
}
