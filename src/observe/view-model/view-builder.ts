/**
 * The memoising view builder: each build reuses the row objects (and whole sections, headers and clusters)
 * of the last build whose inputs are the same — the objects they were built from by reference (ClusterState
 * keeps an unchanged object's identity) and every other value they read by equality — so a rebuild after one
 * NodeClaim changes costs little more than walking the lists, and {@link viewChanges} finds unchanged rows by
 * reference. Pure: no clock (`input.now`), no I/O.
 */
import type { Decision } from '../../apis/decision.js';
import { clusterHeader } from './cluster-header.js';
import { PodIndexMemo, indexCluster } from './cluster-index.js';
import { decisionRow, MAX_DECISION_ROWS, sortDecisions } from './decision-rows.js';
import { DisruptionIndexMemo } from './disruption-index.js';
import { keepIfEqual } from './json-equal.js';
import { NodeClaimMemos, nodeClaimRows } from './nodeclaim-rows.js';
import { ObjectCache } from './object-cache.js';
import { type AgeMode, type AgeOf, agesAt, timeMs } from './object-facts.js';
import { PodMemos, podRows } from './pod-rows.js';
import { poolRows } from './pool-rows.js';
import { ObjectMemo, sameArrayOr } from './row-memo.js';
import { newestSpotEvents, spotEventRow } from './spot-event-rows.js';
import type { ClusterViewInput, SpotEventRecord, ViewInput } from './view-input.js';
import {
  type ClusterView,
  type DecisionRow,
  HISTORY_SAMPLES,
  type LogLineRow,
  type SpotEventRow,
  VIEW_MODEL_SCHEMA,
  type ViewModel,
} from './view-model.js';

/** How many log lines the view keeps (the newest). */
export const MAX_LOG_LINES = 1000;

/** Builds views, reusing what did not change since its last build. */
export interface ViewModelBuilder {
  /** The view of every cluster at `input.now` (equal to `buildViewModel(input)`). */
  build(input: ViewInput): ViewModel;
}

/** What one cluster's builds remember. */
class ClusterMemo {
  readonly claims = new NodeClaimMemos();
  readonly pods = new PodMemos();
  readonly podIndex = new PodIndexMemo();
  readonly disruption = new DisruptionIndexMemo();
  readonly decisions = new ObjectMemo<Decision, DecisionRow>();
  readonly spotEvents = new ObjectMemo<SpotEventRecord, SpotEventRow>();
  previous: ClusterView | undefined;
}

function decisionRows(decisions: readonly Decision[], ageOf: AgeOf, memo: ObjectMemo<Decision, DecisionRow>): DecisionRow[] {
  return sortDecisions(decisions)
    .slice(0, MAX_DECISION_ROWS)
    .map((decision) => {
      const age = ageOf(timeMs(decision.metadata.creationTimestamp));
      return memo.get(decision, [age], () => decisionRow(decision, ageOf));
    });
}

function spotRows(records: readonly SpotEventRecord[], memo: ObjectMemo<SpotEventRecord, SpotEventRow>): SpotEventRow[] {
  return newestSpotEvents(records).map((record) => memo.get(record, [], () => spotEventRow(record)));
}

/** Each row of `next` replaced by the previous row of its key when the two are structurally equal. */
function keepRowsIfEqual<T extends { readonly key: string }>(previous: readonly T[] | undefined, next: readonly T[]): T[] {
  if (previous === undefined) return [...next];
  const byKey = new Map(previous.map((row) => [row.key, row]));
  return next.map((row) => keepIfEqual(byKey.get(row.key), row));
}

function buildCluster(input: ClusterViewInput, now: Date, ages: AgeMode, cache: ObjectCache, memo: ClusterMemo): ClusterView {
  const ageOf = agesAt(now.getTime(), ages);
  const index = indexCluster(input.objects, cache, input.price, memo.podIndex);
  const disruption = memo.disruption.of(input.disruption);
  const previous = memo.previous;
  const simulated = input.cloud === 'sim';
  const view: ClusterView = {
    name: input.name,
    cloud: input.cloud,
    simulated,
    header: keepIfEqual(previous?.header, clusterHeader(input, index)),
    pools: sameArrayOr(previous?.pools, keepRowsIfEqual(previous?.pools, poolRows(input, index, now, disruption))),
    nodeClaims: sameArrayOr(previous?.nodeClaims, nodeClaimRows(index, ageOf, memo.claims, disruption)),
    pods: sameArrayOr(previous?.pods, podRows(input, index, ageOf, memo.pods)),
    spotEvents: sameArrayOr(previous?.spotEvents, spotRows(input.spotEvents, memo.spotEvents)),
    decisions: sameArrayOr(previous?.decisions, decisionRows(input.decisions, ageOf, memo.decisions)),
    history: keepIfEqual(previous?.history, input.history.slice(-HISTORY_SAMPLES)),
  };
  const same =
    previous !== undefined &&
    previous.name === view.name &&
    previous.cloud === view.cloud &&
    previous.header === view.header &&
    previous.pools === view.pools &&
    previous.nodeClaims === view.nodeClaims &&
    previous.pods === view.pods &&
    previous.spotEvents === view.spotEvents &&
    previous.decisions === view.decisions &&
    previous.history === view.history;
  const result = same ? previous : view;
  memo.previous = result;
  return result;
}

/** Options of {@link createViewModelBuilder}. */
export interface ViewModelBuilderOptions {
  /**
   * `exact` (default): every age in whole seconds. `display`: ages rounded down to the step a kubectl-style age
   * shows (`displayResolution`: seconds below 10 min, minutes below 8 h, …), so rows older than 10 minutes do
   * not change every second — which keeps a rebuild and the streamed delta small when only time moved on.
   */
  readonly ages?: AgeMode;
}

/** A builder that remembers its last build (one per feed; not shared between unrelated inputs). */
export function createViewModelBuilder(options: ViewModelBuilderOptions = {}): ViewModelBuilder {
  const ages = options.ages ?? 'exact';
  const cache = new ObjectCache();
  let memos = new Map<string, ClusterMemo>();
  let previousClusters: readonly ClusterView[] | undefined;
  let previousLog: readonly LogLineRow[] | undefined;
  return {
    build(input) {
      const next = new Map<string, ClusterMemo>();
      const clusters = input.clusters.map((cluster) => {
        const memo = memos.get(cluster.name) ?? new ClusterMemo();
        next.set(cluster.name, memo);
        return buildCluster(cluster, input.now, ages, cache, memo);
      });
      memos = next;
      previousClusters = sameArrayOr(previousClusters, clusters);
      previousLog = sameArrayOr(previousLog, input.log.slice(-MAX_LOG_LINES));
      return {
        schema: VIEW_MODEL_SCHEMA,
        version: input.version,
        generatedAt: input.now.toISOString(),
        clusters: previousClusters,
        log: previousLog,
      };
    },
  };
}
