/**
 * One round of the disruption loop (karpenter-semantics.md §4, §4.9; upstream pkg/controllers/disruption
 * controller.go `disrupt`): run the graceful methods in upstream order ({@link DISRUPTION_METHODS}); the first that
 * returns commands ends the round. One {@link ConsolidationContext} (one scheduling simulator) is shared by drift,
 * multi- and single-node consolidation. Every node that no command takes gets one verdict, its most telling one.
 * Also {@link validateCommand}: the re-check of any method's command against a fresh snapshot after the
 * validation delay (§4.9). Pure: time is `snapshot.now` or the injected clock.
 *
 * Nodes of commands already in flight (`disrupting`: marked, launching, draining) are treated as marked for
 * deletion, as upstream's orchestration queue marks them: they are no candidates, count as disrupting in every
 * budget, and their pods must find room in every simulation. Nodes of commands that wait for a person's approval
 * (`held`, karpd's addition) are only kept out of the candidates (as if tainted `karpenter.sh/disrupted`): they
 * disrupt nothing yet, so they use no budget; the budget is checked again when the approved command is validated.
 *
 * Verdict rule (one per node not taken): a verdict that names a method beats one that does not (the candidate
 * filter's); between those, a kind that says more (`budget`, `no-fit`, `savings`, `spot-to-spot`, `balanced`, `pod-blocked`)
 * beats `policy`, which beats `not-candidate`; at equal weight the later method's replaces the earlier's (it
 * looked closer: single-node consolidation simulated the node alone). A candidate no method ran on gets a
 * `policy` verdict without a method saying so.
 */
import type { Taint } from '../apis/core-v1.js';
import type { DisruptionReason } from '../apis/nodepool.js';
import { NodePoolDefaults } from '../apis/defaults.js';
import { Taints } from '../apis/well-known-labels.js';
import { type StateNode, stateNodeName } from '../state/state-node.js';
import { BudgetAllowance } from './budget-allowance.js';
import { allowedDisruptions, evaluateBudget } from './budgets.js';
import { buildCandidates, type CandidateList, candidateVerdict } from './candidates.js';
import { filterConsolidationCandidates } from './consolidation-candidates.js';
import { ConsolidationContext, computeConsolidation, filterOutSameInstanceType } from './consolidation.js';
import { drift, isDriftCandidate } from './drift.js';
import { emptiness } from './emptiness.js';
import { multiNodeConsolidation } from './multi-node-consolidation.js';
import type { PoolBudgetReport } from './report.js';
import { blockingFailuresText } from './simulate-scheduling.js';
import { singleNodeConsolidation } from './single-node-consolidation.js';
import { staticDrift } from './static-drift.js';
import {
  type Candidate,
  DISRUPTION_METHODS,
  type DisruptionCommand,
  type DisruptionMethod,
  type DisruptionSnapshot,
  type MethodResult,
  type NodeVerdict,
  type VerdictKind,
} from './types.js';
import { type CommandValidation, revalidateCandidates, validateEmptinessCommand } from './validate-command.js';
import { commandSummary } from './command-summary.js';
import { podKey } from '../scheduling/pod-info.js';
import type { SolveCache } from '../scheduling/solve-cache.js';

/** The reasons a pool's budgets are reported for. */
export const BUDGET_REASONS: readonly DisruptionReason[] = ['Empty', 'Drifted', 'Underutilized'];

/** Options of {@link planDisruptionRound}. */
export interface RoundOptions {
  /** Read by the consolidation methods for their timeouts. */
  readonly clock?: { now(): number };
  /** The previous round's `unseenPools` (single-node consolidation starts with them). */
  readonly prioritizedPools?: readonly string[];
  /** Node names taken by commands in flight (marked, launching, draining): treated as marked for deletion. */
  readonly disrupting?: ReadonlySet<string>;
  /** Node names of commands waiting for approval: not candidates, no budget used (karpd's addition). */
  readonly held?: ReadonlySet<string>;
  /** Shared by the round's scheduling simulator across rounds (same results, less setup; the replay keeps one). */
  readonly cache?: SolveCache;
}

/** What one round decided. */
export interface RoundResult {
  /** The method whose commands these are (absent when no method returned one). */
  readonly method?: DisruptionMethod;
  readonly commands: readonly DisruptionCommand[];
  /** One per node not taken by a command or in flight, in node-name order. */
  readonly verdicts: readonly NodeVerdict[];
  /** Every pool × {Empty, Drifted, Underutilized}, with this round's commands counted as disrupting. */
  readonly budgets: readonly PoolBudgetReport[];
  /** True when a budget stopped some method that ran from taking a node. */
  readonly budgetConstrained: boolean;
  /** Pools single-node consolidation did not reach (pass as `prioritizedPools` next round). */
  readonly unseenPools: readonly string[];
  /** Candidates each reason's methods may take (upstream `karpenter_disruption_eligible_nodes`), counted for every reason. */
  readonly eligible: Readonly<Record<DisruptionReason, number>>;
}

function hasDisruptedTaint(taints: readonly Taint[] | undefined): boolean {
  return (taints ?? []).some((t) => t.key === Taints.disrupted.key && t.effect === Taints.disrupted.effect);
}

function withTaint(stateNode: StateNode): StateNode {
  const node = stateNode.node;
  if (node === undefined || hasDisruptedTaint(node.spec.taints)) return stateNode;
  const taints = [...(node.spec.taints ?? []), { ...Taints.disrupted }];
  return { ...stateNode, node: { ...node, spec: { ...node.spec, taints } } };
}

/** The snapshot as a round reads it: `disrupting` nodes marked for deletion, `held` nodes tainted (see the module comment). */
export function withInFlight(
  snapshot: DisruptionSnapshot,
  disrupting: ReadonlySet<string>,
  held: ReadonlySet<string> = new Set(),
): DisruptionSnapshot {
  if (disrupting.size === 0 && held.size === 0) return snapshot;
  const nodes = snapshot.nodes.map((stateNode) => {
    const name = stateNodeName(stateNode);
    if (disrupting.has(name)) return stateNode.markedForDeletion ? stateNode : { ...stateNode, markedForDeletion: true };
    if (held.has(name)) return withTaint(stateNode);
    return stateNode;
  });
  return { ...snapshot, nodes };
}

/**
 * The snapshot with every pool's budgets lifted (one `nodes: 100%` budget): what a command waiting for a person is
 * re-checked against. Whether it still holds does not depend on the budget of the moment (another approved command
 * may be using it); the budget is checked when the approved command is carried out.
 */
export function withUnlimitedBudgets(snapshot: DisruptionSnapshot): DisruptionSnapshot {
  const nodePools = snapshot.nodePools.map((pool) => ({
    ...pool,
    spec: { ...pool.spec, disruption: { ...pool.spec.disruption, budgets: [{ nodes: '100%' }] } },
  }));
  return { ...snapshot, nodePools };
}

/** The snapshot with the `karpenter.sh/disrupted` taint taken off the named nodes (a command's own marks). */
export function withoutOwnTaints(snapshot: DisruptionSnapshot, names: ReadonlySet<string>): DisruptionSnapshot {
  const nodes = snapshot.nodes.map((stateNode) => {
    const node = stateNode.node;
    if (node === undefined || !names.has(stateNodeName(stateNode)) || !hasDisruptedTaint(node.spec.taints)) return stateNode;
    const taints = (node.spec.taints ?? []).filter((t) => !(t.key === Taints.disrupted.key && t.effect === Taints.disrupted.effect));
    return { ...stateNode, node: { ...node, spec: { ...node.spec, taints } } };
  });
  return { ...snapshot, nodes };
}

const KIND_WEIGHT: Readonly<Record<VerdictKind, number>> = {
  'not-candidate': 0,
  policy: 1,
  'pod-blocked': 2,
  budget: 2,
  'no-fit': 2,
  savings: 2,
  'spot-to-spot': 2,
  balanced: 2,
};

function weight(verdict: NodeVerdict): number {
  return (verdict.method === undefined ? 0 : 10) + KIND_WEIGHT[verdict.kind];
}

/** Keeps, per node, the most telling verdict (the module comment's rule). */
class VerdictBook {
  private readonly byNode = new Map<string, NodeVerdict>();

  add(verdicts: readonly NodeVerdict[]): void {
    for (const verdict of verdicts) {
      const known = this.byNode.get(verdict.node);
      if (known === undefined || weight(verdict) >= weight(known)) this.byNode.set(verdict.node, verdict);
    }
  }

  has(node: string): boolean {
    return this.byNode.has(node);
  }

  list(skip: ReadonlySet<string>): NodeVerdict[] {
    return [...this.byNode.values()].filter((v) => !skip.has(v.node)).sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : 0));
  }
}

function poolOf(candidate: Candidate): string {
  return candidate.nodePool.metadata.name ?? '';
}

interface MethodRun {
  readonly result: MethodResult;
  readonly unseenPools?: readonly string[];
}

/** Runs one method over the round's shared candidates and context. */
function runMethod(
  method: DisruptionMethod,
  snapshot: DisruptionSnapshot,
  shared: { base: CandidateList; drift: () => CandidateList; context: () => ConsolidationContext },
  options: RoundOptions,
): MethodRun {
  switch (method) {
    case 'emptiness':
      return { result: emptiness(snapshot) };
    case 'static-drift':
      return { result: staticDrift(shared.base.candidates) };
    case 'drift': {
      const list = shared.drift();
      const result = drift(snapshot, list.candidates, new BudgetAllowance(snapshot), { context: shared.context() });
      return { result: { ...result, verdicts: [...list.verdicts, ...result.verdicts] } };
    }
    case 'multi-node-consolidation': {
      const list = filterConsolidationCandidates(shared.base, method);
      const result = multiNodeConsolidation(snapshot, list.candidates, new BudgetAllowance(snapshot), {
        context: shared.context(),
        ...(options.clock !== undefined ? { clock: options.clock } : {}),
      });
      return { result: { ...result, verdicts: [...list.verdicts, ...result.verdicts] } };
    }
    case 'single-node-consolidation': {
      const list = filterConsolidationCandidates(shared.base, method);
      const result = singleNodeConsolidation(snapshot, list.candidates, new BudgetAllowance(snapshot), {
        context: shared.context(),
        ...(options.clock !== undefined ? { clock: options.clock } : {}),
        ...(options.prioritizedPools !== undefined ? { prioritizedPools: options.prioritizedPools } : {}),
      });
      return { result: { ...result, verdicts: [...list.verdicts, ...result.verdicts] }, unseenPools: result.unseenPools };
    }
  }
}

/** Plans one round (see the module comment): the first method with commands, and a verdict for every other node. */
export function planDisruptionRound(input: DisruptionSnapshot, options: RoundOptions = {}): RoundResult {
  const disrupting = options.disrupting ?? new Set<string>();
  const held = options.held ?? new Set<string>();
  const snapshot = withInFlight(input, disrupting, held);
  const base = buildCandidates(snapshot);
  let driftList: CandidateList | undefined;
  let context: ConsolidationContext | undefined;
  const shared = {
    base,
    drift: () => {
      driftList ??= buildCandidates(snapshot, 'drift');
      return { candidates: driftList.candidates.filter(isDriftCandidate), verdicts: driftList.verdicts };
    },
    context: () => {
      context ??= new ConsolidationContext(snapshot, options.cache !== undefined ? { cache: options.cache } : {});
      return context;
    },
  };
  const book = new VerdictBook();
  book.add(base.verdicts);
  let budgetConstrained = false;
  let unseenPools: readonly string[] = [];
  let chosen: { method: DisruptionMethod; commands: readonly DisruptionCommand[] } | undefined;
  for (const method of DISRUPTION_METHODS) {
    const run = runMethod(method, snapshot, shared, options);
    book.add(run.result.verdicts);
    budgetConstrained ||= run.result.budgetConstrained;
    if (run.unseenPools !== undefined) unseenPools = run.unseenPools;
    if (run.result.commands.length > 0) {
      chosen = { method, commands: run.result.commands };
      break;
    }
  }
  const commands = chosen?.commands ?? [];
  const taken = new Set<string>([...disrupting, ...held, ...commands.flatMap((c) => c.candidates.map((x) => x.name))]);
  for (const candidate of base.candidates) {
    if (taken.has(candidate.name) || book.has(candidate.name)) continue;
    const message =
      chosen === undefined
        ? 'no method would disrupt it: not empty, not drifted, and no consolidation found for it'
        : `not looked at this round: ${chosen.method} found ${commands.length === 1 ? 'a command' : 'commands'} first`;
    const { method: _method, ...generic } = candidateVerdict(candidate, 'single-node-consolidation', 'policy', message);
    book.add([generic]);
  }
  return {
    ...(chosen !== undefined ? { method: chosen.method } : {}),
    commands,
    verdicts: book.list(taken),
    budgets: budgetReports(snapshot, commands),
    budgetConstrained,
    unseenPools,
    eligible: {
      Empty: filterConsolidationCandidates(base, 'emptiness').candidates.length,
      Drifted: shared.drift().candidates.length,
      Underutilized: filterConsolidationCandidates(base, 'single-node-consolidation').candidates.length,
    },
  };
}

/** Every pool × reason of `snapshot` (its in-flight nodes marked), with `commands`' candidates counted as disrupting too. */
export function budgetReports(snapshot: DisruptionSnapshot, commands: readonly DisruptionCommand[] = []): PoolBudgetReport[] {
  const allowance = new BudgetAllowance(snapshot);
  const now = new Date(snapshot.now);
  const planned = new Map<string, number>();
  for (const command of commands) for (const c of command.candidates) planned.set(poolOf(c), (planned.get(poolOf(c)) ?? 0) + 1);
  const reports: PoolBudgetReport[] = [];
  const pools = [...snapshot.nodePools].sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
  for (const pool of pools) {
    const name = pool.metadata.name ?? '';
    const counts = allowance.countsOf(name);
    const budgets = pool.spec.disruption?.budgets ?? NodePoolDefaults.budgets;
    for (const reason of BUDGET_REASONS) {
      const whole = allowedDisruptions({ budgets, nodes: counts.nodes, disrupting: 0, now, reason });
      const inFlight = counts.disrupting + (planned.get(name) ?? 0);
      const binding = whole.binding === undefined ? undefined : budgets[whole.binding];
      const until = binding?.schedule === undefined ? undefined : evaluateBudget(binding, counts.nodes, now).until;
      reports.push({
        nodePool: name,
        reason,
        allowed: whole.nodes,
        disrupting: inFlight,
        total: counts.nodes,
        remaining: Math.max(0, whole.nodes - inFlight),
        ...(until !== undefined ? { until: until.toISOString() } : {}),
      });
    }
  }
  return reports;
}

function names(command: DisruptionCommand): ReadonlySet<string> {
  return new Set(command.candidates.map((c) => c.name));
}

function dropAll(reason: string, dropped: readonly NodeVerdict[]): CommandValidation {
  return { ok: false, reason, dropped };
}

function droppedText(dropped: readonly NodeVerdict[]): string {
  return dropped.map((v) => `${v.node} ${v.message}`).join('; ');
}

const PRICE_EPSILON = 1e-9;

/**
 * The fresh simulation of a consolidation command's candidates must give the same decision, no dearer (§4.9), and
 * Balanced pools must still approve it on the fresh snapshot's totals (§4.8.4; computeConsolidation re-scores it).
 */
function validateConsolidation(command: DisruptionCommand, fresh: DisruptionSnapshot): CommandValidation {
  const method = command.method as 'multi-node-consolidation' | 'single-node-consolidation';
  const { kept, dropped } = revalidateCandidates({
    candidates: command.candidates,
    fresh: filterConsolidationCandidates(buildCandidates(fresh), method),
    budgets: new BudgetAllowance(fresh),
    method,
    reason: command.reason,
  });
  if (dropped.length > 0) return dropAll(`a candidate no longer holds: ${droppedText(dropped)}`, dropped);
  const context = new ConsolidationContext(fresh);
  const outcome = computeConsolidation(context, kept, method);
  if (!outcome.ok) return dropAll(`the fresh simulation says no: ${outcome.message}`, []);
  const again = method === 'multi-node-consolidation' ? filterOutSameInstanceType(context, outcome.command) : outcome.command;
  if (again === undefined) return dropAll('a replacement would now be one of the removed instance types', []);
  return sameDecision(command, again);
}

function sameDecision(planned: DisruptionCommand, again: DisruptionCommand): CommandValidation {
  if (again.decision !== planned.decision)
    return dropAll(`the fresh simulation would ${again.decision} instead of ${planned.decision}: ${again.summary}`, []);
  if (again.decision === 'replace' && again.priceAfter > planned.priceAfter + PRICE_EPSILON)
    return dropAll(
      `the replacement now costs $${again.priceAfter.toFixed(4)}/h, more than the planned $${planned.priceAfter.toFixed(4)}/h`,
      [],
    );
  return { ok: true, command: again, dropped: [] };
}

/** Drift: every candidate still drifted, within the Drifted budget, and (non-empty) its pods still fit. */
function validateDrift(command: DisruptionCommand, fresh: DisruptionSnapshot): CommandValidation {
  const list = buildCandidates(fresh, 'drift');
  const { kept, dropped } = revalidateCandidates({
    candidates: command.candidates,
    fresh: { candidates: list.candidates.filter(isDriftCandidate), verdicts: list.verdicts },
    budgets: new BudgetAllowance(fresh),
    method: 'drift',
    reason: command.reason,
    whyLeftOut: () => 'is no longer drifted',
  });
  if (dropped.length > 0) return dropAll(`a candidate no longer holds: ${droppedText(dropped)}`, dropped);
  if (command.decision === 'delete' && command.evictedPods.length === 0) {
    const busy = kept.filter((c) => c.reschedulablePods.length > 0);
    if (busy.length > 0) return dropAll(`no longer empty: ${busy.map((c) => c.name).join(', ')}`, []);
    return { ok: true, command: { ...command, candidates: kept }, dropped: [] };
  }
  const simulation = new ConsolidationContext(fresh).simulator.simulate(kept);
  if (!simulation.allNonPendingScheduled) return dropAll(`its pods would no longer fit elsewhere: ${blockingFailuresText(simulation)}`, []);
  const replacements = simulation.commandClaims;
  const fields = {
    ...command,
    decision: replacements.length === 0 ? ('delete' as const) : ('replace' as const),
    candidates: kept,
    replacements,
    evictedPods: kept.flatMap((c) => c.reschedulablePods.map(podKey)),
    priceBefore: kept.reduce((sum, c) => sum + c.price, 0),
    priceAfter: replacements.reduce((sum, r) => sum + r.price, 0),
  };
  // A drifted node goes whatever it costs; whether its pods need a new node is the fresh simulation's to say. A
  // flip between delete and replace (pods moved meanwhile) is carried out as the simulation says now, so a node-drift
  // Decision waiting for a person is not superseded each time the pods move.
  return { ok: true, command: { ...fields, summary: commandSummary(fields) }, dropped: [] };
}

/**
 * Re-checks `command` against a fresh snapshot (§4.9), for every method: its candidates are still candidates of
 * the method within fresh budgets (emptiness may go on with the ones left; the others need all of them) and, for
 * consolidation, the fresh simulation of the same candidates gives the same decision and a replacement no dearer
 * than planned; for drift, that the pods still fit (delete or replace, as the fresh simulation says). The command's own `karpenter.sh/disrupted` taints are ignored (the controller put them
 * there); pass `fresh` with the other in-flight commands' nodes marked ({@link withInFlight}). The command to carry
 * out is the returned one (fresh candidates and replacements).
 */
export function validateCommand(command: DisruptionCommand, fresh: DisruptionSnapshot): CommandValidation {
  const snapshot = withoutOwnTaints(fresh, names(command));
  switch (command.method) {
    case 'emptiness':
      return validateEmptinessCommand(command, snapshot);
    case 'static-drift':
      return dropAll('karpd does not carry out static drift', []);
    case 'drift':
      return validateDrift(command, snapshot);
    case 'multi-node-consolidation':
    case 'single-node-consolidation':
      return validateConsolidation(command, snapshot);
  }
}
