/**
 * The thin adapter `karpd replay` runs the systems through (issue #13): loading a scenario (by name or file),
 * expanding it to a pod timeline, loading the pools of its cluster folder, and running karpd
 * ({@link runKarpdSystem}), the cluster-autoscaler model twice — with on-demand node groups (`baseline`, the
 * issue's baseline: spot only where a pool allows only spot) and with spot node groups wherever a pool allows spot
 * (`baselineSpot`), both interrupted like karpd's spot nodes — and the cost lower bound over the same timeline (with
 * the repacked fleet, `repacked-fleet.ts`, which breaks the gap to the bound down). karpd buys spot, so the spot
 * baseline is the like-for-like comparison; the on-demand one is what the issue asked for.
 *
 * The scenario parser (`scenario/`), the baseline (`baseline/`) and the lower bound (`lower-bound.ts`) are reached
 * through {@link ReplayParts}, so tests can replace any of them.
 */
import { isAbsolute, join, resolve } from 'node:path';
import type { EC2NodeClass } from '../apis/ec2nodeclass.js';
import type { NodePool } from '../apis/nodepool.js';
import { withEC2NodeClassDefaults, withNodePoolDefaults } from '../apis/defaults.js';
import { loadClusterManifests } from '../gitops/source/load-cluster.js';
import { type PreferredCapacityType, runClusterAutoscalerModel } from './baseline/index.js';
import { type KarpdSystemInput, REPLAY_START_MS, runKarpdSystem } from './karpd-system.js';
import { lowerBound } from './lower-bound.js';
import { regionInstanceTypes } from './region-instance-types.js';
import { type RepackedFleetFigures, repackedFleet } from './repacked-fleet.js';
import { expandWorkloads } from './scenario/expand-workloads.js';
import { loadScenario as loadScenarioFile } from './scenario/scenario-files.js';
import { startOffsetMs } from './scenario/time-of-day.js';
import type { MinuteSample, Scenario, SystemFigures, WorkloadTimeline } from './types.js';

/** The lower bound's figures: its cost and its per-minute rate (nodes and pending pods are 0 there). */
export interface LowerBoundFigures {
  readonly cost: number;
  readonly samples: readonly MinuteSample[];
  /** Each pool's own bound (lower-bound.ts). */
  readonly costByPool?: Readonly<Record<string, number>>;
  /** The repacked fleet over the same prices (repacked-fleet.ts): between the bound and what a real system pays. */
  readonly repacked?: RepackedFleetFigures;
}

/** The pools of a scenario's cluster folder. */
export interface ScenarioPools {
  readonly nodePools: readonly NodePool[];
  readonly nodeClasses: readonly EC2NodeClass[];
}

/** What a baseline or lower bound is given: the scenario, its timeline, its pools, the seed. */
export interface SystemInput {
  readonly scenario: Scenario;
  readonly timeline: WorkloadTimeline;
  readonly pools: ScenarioPools;
  readonly seed: number;
  readonly onProgress?: (doneMs: number, totalMs: number) => void;
}

/** What the baseline is given: a system's input and the capacity type its node groups prefer. */
export interface BaselineInput extends SystemInput {
  /** `on-demand`: spot only where a pool allows only spot (the issue's baseline); `spot`: spot wherever a pool allows it. */
  readonly capacityType: PreferredCapacityType;
}

/** The parts of the replay built elsewhere (see the module comment). */
export interface ReplayParts {
  /** A scenario by shipped name (`data-platform`) or by YAML file path (relative to `cwd`). */
  loadScenario(nameOrFile: string, cwd: string): Promise<Scenario>;
  /** `scenario/expand-workloads.ts` `expandWorkloads(scenario, seed)`. */
  expandWorkloads(scenario: Scenario, seed: number): WorkloadTimeline;
  /** The cluster-autoscaler model (`baseline/`), run once per capacity type. */
  runBaseline(input: BaselineInput): Promise<SystemFigures>;
  /** `lower-bound.ts`. */
  lowerBound(input: SystemInput): Promise<LowerBoundFigures>;
}

/** The parts as they are wired: the scenario files and parser, the pod timeline, the baseline, the lower bound. */
export const DEFAULT_PARTS: ReplayParts = {
  loadScenario: async (nameOrFile, cwd) => {
    const loaded = await loadScenarioFile(nameOrFile, { cwd });
    // The cluster folder as an absolute path: it is relative to the scenario file, not to karpd's folder.
    return { ...loaded.scenario, clusterFolder: loaded.clusterFolderPath };
  },
  expandWorkloads: (scenario, seed) => expandWorkloads(scenario, seed),
  runBaseline: async (input) =>
    runClusterAutoscalerModel({
      scenario: input.scenario,
      nodePools: input.pools.nodePools,
      instanceTypes: await instanceTypesOf(input),
      timeline: input.timeline,
      seed: input.seed,
      spotInterruptionRate: input.scenario.spotInterruptionRate,
      options: { capacityType: input.capacityType },
    }),
  lowerBound: async (input) => {
    const prices = { nodePools: input.pools.nodePools, instanceTypes: await instanceTypesOf(input), timeline: input.timeline };
    const figures = lowerBound(prices);
    return {
      cost: figures.cost,
      samples: figures.samples,
      ...(figures.costByPool !== undefined ? { costByPool: figures.costByPool } : {}),
      repacked: repackedFleet(prices),
    };
  },
};

/** The priced instance types the baseline and the bound read: the sim cloud's at the replay's start. */
function instanceTypesOf(input: SystemInput) {
  return regionInstanceTypes({
    region: input.scenario.region,
    seed: input.seed,
    startMs: karpdInput(input).startMs ?? REPLAY_START_MS,
    nodePools: input.pools.nodePools,
    nodeClasses: input.pools.nodeClasses,
  });
}

/** The repository root (where `repo-template/` is). */
export const REPOSITORY_ROOT = resolve(import.meta.dirname, '../..');

/**
 * Loads the NodePools and EC2NodeClasses of a cluster folder (`repo-template/clusters/sandbox`: the repository is
 * the folder above `clusters/`), defaults applied. A relative folder is read from `root` (the repository's own).
 */
export async function loadScenarioPools(clusterFolder: string, root: string = REPOSITORY_ROOT): Promise<ScenarioPools> {
  const folder = isAbsolute(clusterFolder) ? clusterFolder : join(root, clusterFolder);
  const match = /^(.*)[\\/]clusters[\\/]([^\\/]+)[\\/]?$/.exec(folder);
  if (match === null) throw new Error(`cluster folder "${clusterFolder}" is not <repository>/clusters/<name>`);
  const manifests = await loadClusterManifests(match[1], match[2]);
  const errors = manifests.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0)
    throw new Error(`cluster folder "${clusterFolder}" has errors: ${errors.map((p) => `${p.file}: ${p.message}`).join('; ')}`);
  const nodePools = manifests.objects.filter((o) => o.kind === 'NodePool').map((o) => withNodePoolDefaults(o as unknown as NodePool));
  const nodeClasses = manifests.objects
    .filter((o) => o.kind === 'EC2NodeClass')
    .map((o) => withEC2NodeClassDefaults(o as unknown as EC2NodeClass));
  if (nodePools.length === 0) throw new Error(`cluster folder "${clusterFolder}" has no NodePools`);
  return { nodePools, nodeClasses };
}

/** karpd's input for a scenario: the replay starts on a Monday at the scenario's `startAt`. */
export function karpdInput(input: SystemInput): KarpdSystemInput {
  return {
    timeline: input.timeline,
    nodePools: input.pools.nodePools,
    nodeClasses: input.pools.nodeClasses,
    region: input.scenario.region,
    bootSeconds: input.scenario.bootSeconds,
    spotInterruptionRate: input.scenario.spotInterruptionRate,
    seed: input.seed,
    startMs: REPLAY_START_MS + startOffsetMs(input.scenario.startAt),
    ...(input.onProgress !== undefined ? { onProgress: input.onProgress } : {}),
  };
}

/** The systems' figures over one scenario. */
export interface ReplayResult {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly durationMs: number;
  readonly karpd: SystemFigures;
  /** The cluster-autoscaler model with on-demand node groups (spot only where a pool allows only spot). */
  readonly baseline: SystemFigures;
  /** The cluster-autoscaler model with spot node groups wherever a pool allows spot. */
  readonly baselineSpot: SystemFigures;
  readonly lowerBound: LowerBoundFigures;
  /** Wall time of each system's run, ms (for the report's footer). */
  readonly wallMs: {
    readonly karpd: number;
    readonly baseline: number;
    readonly baselineSpot: number;
    readonly lowerBound: number;
  };
}

/** Which system a progress report is about. */
export type SystemName = 'karpd' | 'baseline' | 'baselineSpot' | 'lowerBound';

/** Runs the systems over `scenario` with `seed` (the timeline cut to `durationMs` when given). */
export async function runReplay(
  scenario: Scenario,
  options: {
    readonly seed: number;
    readonly durationMs?: number;
    readonly parts?: ReplayParts;
    readonly clock?: () => number;
    readonly onProgress?: (system: SystemName, doneMs: number, totalMs: number) => void;
  },
): Promise<ReplayResult> {
  const parts = options.parts ?? DEFAULT_PARTS;
  const clock = options.clock ?? (() => performance.now());
  const full = parts.expandWorkloads(scenario, options.seed);
  const durationMs = options.durationMs ?? full.durationMs;
  const timeline: WorkloadTimeline = { durationMs, events: full.events.filter((event) => event.at < durationMs) };
  const pools = await loadScenarioPools(scenario.clusterFolder);
  const base = { scenario, timeline, pools, seed: options.seed };
  const timed = async <T>(system: SystemName, run: (input: SystemInput) => Promise<T>): Promise<[T, number]> => {
    const started = clock();
    const result = await run({ ...base, onProgress: (done, total) => options.onProgress?.(system, done, total) });
    options.onProgress?.(system, durationMs, durationMs);
    return [result, clock() - started];
  };
  const [karpd, karpdMs] = await timed('karpd', (input) => runKarpdSystem(karpdInput(input)));
  const [baseline, baselineMs] = await timed('baseline', (input) => parts.runBaseline({ ...input, capacityType: 'on-demand' }));
  const [baselineSpot, baselineSpotMs] = await timed('baselineSpot', (input) => parts.runBaseline({ ...input, capacityType: 'spot' }));
  const [lowerBound, lowerBoundMs] = await timed('lowerBound', (input) => parts.lowerBound(input));
  return {
    scenario,
    seed: options.seed,
    durationMs,
    karpd,
    baseline,
    baselineSpot,
    lowerBound,
    wallMs: { karpd: karpdMs, baseline: baselineMs, baselineSpot: baselineSpotMs, lowerBound: lowerBoundMs },
  };
}
