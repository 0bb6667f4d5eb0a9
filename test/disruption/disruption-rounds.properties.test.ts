/**
 * Disruption rounds over random clusters (karpenter-semantics.md §4.2–§4.8): a test-local round driver runs the
 * graceful methods in upstream's order (emptiness → static drift → drift → multi-node → single-node) over ONE
 * ConsolidationContext per snapshot, takes the first method's commands and carries them out on the cluster as
 * karpd would once they succeed (candidates gone, replacements up as their cheapest option, evicted pods where
 * the simulation put them), then moves the clock on (20 min) and runs the next round, with the PDBs' status
 * written anew from the pods. Every round must keep the rules:
 * - no pool loses more nodes than its budget for the command's reason allows (counted here from the nodes);
 * - no evicted pod is under a PDB with 0 disruptions allowed or under two PDBs (§4.3), or has an active
 *   do-not-disrupt, and no node with do-not-disrupt goes. Upstream (and karpd) let ONE command evict more pods of
 *   a PDB than it allows when it has room for one (two replicas on one node, or one on each of two multi-node
 *   candidates): the drain's Eviction API then lets them go one by one (§4.11), so that is not a rule of the round;
 * - the consolidation methods take no node of a `consolidateAfter: Never` pool nor one not Consolidatable;
 * - every pod that ran before runs after, and no node has more cpu requested than it has;
 * - a consolidation replace saves at least max(minimumSavings.perHour, percent × price before), computed here;
 * - a consolidation command scores at least 1/k = 0.5 in every source pool whose policy is `Balanced` (§4.8.4),
 *   the score computed here from the snapshot's nodes (prices from the catalog, disruption 1 + Σ max(0, eviction
 *   cost) per node).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Pod, PodDisruptionBudget } from '../../src/apis/core-v1.js';
import { Annotations, Labels } from '../../src/apis/well-known-labels.js';
import { BudgetAllowance } from '../../src/disruption/budget-allowance.js';
import { allowedDisruptions } from '../../src/disruption/budgets.js';
import { buildCandidates, stateNodeLabels } from '../../src/disruption/candidates.js';
import { ConsolidationContext } from '../../src/disruption/consolidation.js';
import { consolidationCandidates } from '../../src/disruption/consolidation-candidates.js';
import { drift } from '../../src/disruption/drift.js';
import { emptiness } from '../../src/disruption/emptiness.js';
import { multiNodeConsolidation } from '../../src/disruption/multi-node-consolidation.js';
import { isReschedulable, podEvictionCost } from '../../src/disruption/pod-disruption.js';
import { singleNodeConsolidation } from '../../src/disruption/single-node-consolidation.js';
import { staticDrift } from '../../src/disruption/static-drift.js';
import type { DisruptionCommand, DisruptionMethod, DisruptionSnapshot, MethodResult } from '../../src/disruption/types.js';
import { compileSelector } from '../../src/scheduling/label-selector.js';
import { podKey } from '../../src/scheduling/pod-info.js';
import { podRequests } from '../../src/scheduling/pod-requests.js';
import type { StateNode } from '../../src/state/state-node.js';
import { stateNodeName } from '../../src/state/state-node.js';
import {
  type ClusterSpec,
  DISRUPTION_CATALOG,
  type GeneratedCluster,
  buildCluster,
  catalogNode,
  clusterSpecArbitrary,
  generatedSnapshot,
  started,
} from '../../src/testing/disruption-arbitraries.js';
import { bindPod } from '../../src/testing/disruption.js';

const ROUNDS = 5;
const ROUND_MS = 20 * 60_000;
const EPSILON = 1e-9;

/** What one round decided: the first method with commands (none when no method had any), over which snapshot. */
interface Round {
  readonly snapshot: DisruptionSnapshot;
  readonly context: ConsolidationContext;
  readonly method?: DisruptionMethod;
  readonly commands: readonly DisruptionCommand[];
}

/** The disruption loop of one snapshot, as upstream orders it; a fresh allowance per method run. */
function runRound(snapshot: DisruptionSnapshot): Round {
  const context = new ConsolidationContext(snapshot);
  const methods: Array<[DisruptionMethod, () => MethodResult]> = [
    ['emptiness', () => emptiness(snapshot)],
    ['static-drift', () => staticDrift(buildCandidates(snapshot).candidates)],
    ['drift', () => drift(snapshot, buildCandidates(snapshot, 'drift').candidates, new BudgetAllowance(snapshot), { context })],
    [
      'multi-node-consolidation',
      () =>
        multiNodeConsolidation(
          snapshot,
          consolidationCandidates(snapshot, 'multi-node-consolidation').candidates,
          new BudgetAllowance(snapshot),
          { context },
        ),
    ],
    [
      'single-node-consolidation',
      () =>
        singleNodeConsolidation(
          snapshot,
          consolidationCandidates(snapshot, 'single-node-consolidation').candidates,
          new BudgetAllowance(snapshot),
          { context },
        ),
    ],
  ];
  for (const [method, run] of methods) {
    const { commands } = run();
    if (commands.length > 0) return { snapshot, context, method, commands };
  }
  return { snapshot, context, commands: [] };
}

/** The cluster once `command` has been carried out (see the module comment). */
function carryOut(cluster: GeneratedCluster, round: Round, command: DisruptionCommand, label: string): GeneratedCluster {
  const now = round.snapshot.now;
  const removed = new Set(command.candidates.map((c) => c.name));
  const simulation = round.context.simulator.simulate(command.candidates);
  const launchedAs = new Map<string, string>();
  const launched = command.replacements.map((claim, i) => {
    const option = claim.instanceTypeOptions[0];
    const name = `${label}-r${i}`;
    launchedAs.set(claim.name, name);
    return catalogNode({
      name,
      pool: claim.nodePool,
      type: DISRUPTION_CATALOG.find((t) => t.name === option.name)!,
      zone: option.zone,
      capacityType: option.capacityType,
      ...(cluster.daemonSets.length > 0 ? { daemon: cluster.daemonSets[0] } : {}),
    });
  });
  const target = new Map(simulation.placements.map((p) => [p.pod, p.kind === 'new' ? launchedAs.get(p.target) : p.target]));
  const arriving = new Map<string, Pod[]>();
  for (const pod of command.candidates.flatMap((c) => c.reschedulablePods)) {
    const to = target.get(podKey(pod));
    if (to === undefined) continue; // lost: the pod check after the round says so
    arriving.set(to, [...(arriving.get(to) ?? []), started(bindPod({ ...pod, spec: { ...pod.spec, nodeName: undefined } }, to), now)]);
  }
  const nodes = [...cluster.nodes.filter((n) => !removed.has(stateNodeName(n))), ...launched].map((n) => {
    const pods = arriving.get(stateNodeName(n));
    return pods === undefined ? n : { ...n, pods: [...n.pods, ...pods] };
  });
  return { ...cluster, nodes };
}

function poolOfNode(stateNode: StateNode): string {
  return stateNodeLabels(stateNode)[Labels.nodePool] ?? '';
}

/** The budget of `pool` for `reason` at the snapshot, counted here from the nodes (all generated nodes are initialized). */
function budgetOf(snapshot: DisruptionSnapshot, pool: string, reason: DisruptionCommand['reason']): number {
  const nodes = snapshot.nodes.filter((n) => poolOfNode(n) === pool);
  const disrupting = nodes.filter((n) => !(n.node?.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')).length;
  const budgets = snapshot.nodePools.find((p) => p.metadata.name === pool)?.spec.disruption?.budgets;
  return allowedDisruptions({ budgets, nodes: nodes.length, disrupting, now: new Date(snapshot.now), reason }).nodes;
}

/** Does `pod` carry a do-not-disrupt that still protects it at `now` (`"true"`, or `"30m"` since it started)? */
function protectedNow(pod: Pod, now: number): boolean {
  const value = pod.metadata.annotations?.[Annotations.doNotDisrupt];
  if (value === 'true') return true;
  if (value !== '30m') return false;
  return Date.parse(pod.status?.startTime ?? '') + 30 * 60_000 > now;
}

function pdbsOf(pod: Pod, pdbs: readonly PodDisruptionBudget[]): PodDisruptionBudget[] {
  return pdbs.filter((pdb) => compileSelector(pdb.spec.selector)(pod.metadata.labels));
}

/** What the rounds of one cluster did, for the generator's coverage check. */
interface Tally {
  commands: number;
  replaces: number;
  evictions: number;
  byMethod: Map<string, number>;
  /** Consolidation commands scored in a Balanced pool. */
  balanced: number;
}

/** A node's price (its offering in the catalog) and its Balanced disruption, computed here. */
function priceAndDisruption(stateNode: StateNode): { price: number; disruption: number } {
  const labels = stateNodeLabels(stateNode);
  const type = DISRUPTION_CATALOG.find((t) => t.name === labels[Labels.instanceType]);
  const offering = type?.offerings.find((o) => o.zone === labels[Labels.zone] && o.capacityType === labels[Labels.capacityType]);
  const disruption = stateNode.pods.filter(isReschedulable).reduce((sum, p) => sum + Math.max(0, podEvictionCost(p)), 1);
  return { price: offering?.price ?? 0, disruption };
}

/** The command's score in each Balanced source pool: (pool's savings / pool cost) ÷ (its disruption / pool disruption). */
function balancedScoresHere(snapshot: DisruptionSnapshot, command: DisruptionCommand): Array<[string, number]> {
  const scores: Array<[string, number]> = [];
  const allPrice = command.candidates.reduce((sum, c) => sum + c.price, 0);
  const pools = new Set(
    command.candidates
      .filter((c) => c.nodePool.spec.disruption?.consolidationPolicy === 'Balanced')
      .map((c) => c.nodePool.metadata.name ?? ''),
  );
  for (const pool of pools) {
    const own = command.candidates.filter((c) => poolOfNode(c.stateNode) === pool);
    if (own.every((c) => c.reschedulablePods.length === 0)) continue; // +∞
    const nodes = snapshot.nodes.filter((n) => poolOfNode(n) === pool && !n.markedForDeletion).map(priceAndDisruption);
    const ownPrice = own.reduce((sum, c) => sum + c.price, 0);
    const savings = ownPrice - (ownPrice / allPrice) * command.priceAfter;
    const disruption = own.reduce((sum, c) => sum + priceAndDisruption(c.stateNode).disruption, 0);
    const cost = nodes.reduce((sum, n) => sum + n.price, 0);
    const total = nodes.reduce((sum, n) => sum + n.disruption, 0);
    scores.push([pool, savings / cost / (disruption / total)]);
  }
  return scores;
}

/** The rules of one round's command over its snapshot (before it is carried out). */
function checkCommand(round: Round, command: DisruptionCommand): void {
  const { snapshot } = round;
  const what = `${command.method}: ${command.summary}`;
  const perPool = new Map<string, number>();
  for (const c of command.candidates) perPool.set(c.nodePool.metadata.name ?? '', (perPool.get(c.nodePool.metadata.name ?? '') ?? 0) + 1);
  for (const [pool, count] of perPool) {
    const budget = budgetOf(snapshot, pool, command.reason);
    assert.ok(count <= budget, `${what}: takes ${count} node(s) of ${pool}, its ${command.reason} budget allows ${budget}`);
  }
  const evicted = new Set(command.evictedPods);
  for (const candidate of command.candidates) {
    const node = candidate.stateNode;
    assert.notEqual(node.node?.metadata.annotations?.[Annotations.doNotDisrupt], 'true', `${what}: ${candidate.name} has do-not-disrupt`);
    for (const pod of node.pods.filter(isReschedulable)) {
      assert.ok(evicted.has(podKey(pod)), `${what}: ${podKey(pod)} goes with its node but is not evicted`);
      assert.ok(!protectedNow(pod, snapshot.now), `${what}: ${podKey(pod)} has an active do-not-disrupt`);
      const covering = pdbsOf(pod, snapshot.podDisruptionBudgets);
      assert.ok(covering.length <= 1, `${what}: ${podKey(pod)} is under ${covering.length} PDBs`);
      for (const pdb of covering)
        assert.ok(
          (pdb.status?.disruptionsAllowed ?? 0) > 0,
          `${what}: ${podKey(pod)} is evicted though ${pdb.metadata.name} allows no disruption`,
        );
    }
    if (command.method !== 'drift') {
      const disruption = candidate.nodePool.spec.disruption;
      assert.notEqual(disruption?.consolidateAfter, 'Never', `${what}: ${candidate.name}'s pool never consolidates`);
      const consolidatable = candidate.nodeClaim.status?.conditions?.some((c) => c.type === 'Consolidatable' && c.status === 'True');
      assert.ok(consolidatable, `${what}: ${candidate.name} is not Consolidatable`);
    }
  }
  if (command.decision === 'replace' && command.method !== 'drift') {
    const saved = command.priceBefore - command.priceAfter;
    const { perHour, percent } = snapshot.settings.minimumSavings;
    const required = Math.max(perHour, (percent / 100) * command.priceBefore);
    assert.ok(saved >= required - EPSILON, `${what}: saves ${saved.toFixed(4)}/h, needs ${required.toFixed(4)}/h`);
    assert.equal(command.replacements.length, 1, `${what}: consolidation replaces with one node`);
  }
  if (command.method === 'multi-node-consolidation' || command.method === 'single-node-consolidation')
    for (const [pool, score] of balancedScoresHere(snapshot, command))
      assert.ok(score >= 0.5 - EPSILON, `${what}: scores ${score.toFixed(4)} < 0.5 in Balanced pool ${pool}`);
}

/** Every pod bound before still runs (on a node that exists), pending pods stay pending, no node is over-committed. */
function checkPods(before: GeneratedCluster, after: GeneratedCluster, what: string): void {
  const where = new Map<string, string>();
  for (const n of after.nodes) for (const p of n.pods) where.set(podKey(p), stateNodeName(n));
  for (const n of before.nodes)
    for (const p of n.pods.filter(isReschedulable))
      assert.ok(where.has(podKey(p)), `${what}: pod ${podKey(p)} ran on ${stateNodeName(n)} and now runs nowhere`);
  for (const n of after.nodes) {
    const used = n.pods.reduce((sum, p) => sum + (podRequests(p).cpu ?? 0), 0);
    const allocatable = DISRUPTION_CATALOG.find((t) => t.name === stateNodeLabels(n)[Labels.instanceType])!.allocatable.cpu;
    assert.ok(used <= allocatable, `${what}: ${stateNodeName(n)} has ${used}m cpu requested of ${allocatable}m`);
  }
}

/** Runs `ROUNDS` rounds over the cluster of `spec`, checking every command and every carried-out round. */
function runRounds(spec: ClusterSpec, tally: Tally): void {
  let cluster = buildCluster(spec);
  let now = cluster.now;
  for (let r = 0; r < ROUNDS; r++) {
    const round = runRound(generatedSnapshot(cluster, now));
    for (const [i, command] of round.commands.entries()) {
      checkCommand(round, command);
      const next = carryOut(cluster, round, command, `round${r}-${i}`);
      checkPods(cluster, next, `round ${r}, ${command.method}: ${command.summary}`);
      cluster = next;
      tally.commands++;
      tally.evictions += command.evictedPods.length;
      if (command.decision === 'replace') tally.replaces++;
      if (command.balanced !== undefined && command.balanced.length > 0) tally.balanced++;
      tally.byMethod.set(command.method, (tally.byMethod.get(command.method) ?? 0) + 1);
    }
    now += ROUND_MS;
  }
}

describe('disruption rounds over random clusters', () => {
  it('GIVEN random clusters (budgets, PDBs, do-not-disrupt, DaemonSets, pending pods) WHEN rounds of the methods run in upstream order and their commands are carried out THEN budgets hold, no PDB- or do-not-disrupt-protected pod is evicted, no pod is lost, and every consolidation replace saves the minimum and scores ≥ 0.5 in Balanced pools', () => {
    const tally: Tally = { commands: 0, replaces: 0, evictions: 0, byMethod: new Map(), balanced: 0 };
    fc.assert(
      fc.property(clusterSpecArbitrary(), (spec) => runRounds(spec, tally)),
      { numRuns: 400, seed: 20261203, includeErrorInReport: true },
    );
    for (const method of ['emptiness', 'drift', 'multi-node-consolidation', 'single-node-consolidation'])
      assert.ok((tally.byMethod.get(method) ?? 0) > 0, `the generator makes ${method} commands (${[...tally.byMethod]})`);
    assert.ok(tally.replaces > 0 && tally.evictions > 0, `replaces ${tally.replaces}, evictions ${tally.evictions}`);
    assert.ok(tally.balanced > 0, 'the generator makes consolidation commands in Balanced pools');
  });
});
