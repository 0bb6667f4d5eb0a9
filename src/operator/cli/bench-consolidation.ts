/**
 * `karpd bench consolidation`: how long consolidation takes on a large cluster (karpenter-semantics.md §7.2:
 * upstream's single-node consolidation evaluates ~40 of 1,000 candidates before its 3-minute timeout, a
 * SimulateScheduling call costing ~0.9–4 s). On a seeded cluster of `--nodes` initialized nodes it times
 * computeConsolidation for EVERY single-node candidate (not stopping at the first command) and a full multi-node
 * decision, and prints the $/h each would save. Targets on a 2-core machine: 1,000 single-node candidates ≤ 10 s,
 * a multi-node decision ≤ 5 s.
 */
import { performance } from 'node:perf_hooks';
import type { DisruptionReason } from '../../apis/nodepool.js';
import type { Allowance } from '../../disruption/allowance.js';
import { allowedDisruptions } from '../../disruption/budgets.js';
import { ConsolidationContext, computeConsolidation } from '../../disruption/consolidation.js';
import { multiNodeConsolidation } from '../../disruption/multi-node-consolidation.js';
import { interleaveByPool } from '../../disruption/single-node-consolidation.js';
import type { Candidate, DisruptionSnapshot } from '../../disruption/types.js';
import { benchCluster } from './bench-consolidation-cluster.js';
import type { CommandIO } from './command.js';
import { ExitCode } from './command.js';

const USAGE = `Usage: karpd bench consolidation [--nodes N] [--seed N] [--json]

  --nodes N     initialized nodes in the cluster (default 1000)
  --seed N      seed of the cluster (default 42)
  --json        one JSON object instead of the text report

Times computeConsolidation for every single-node candidate (all of them, not stopping at the first
command) and one multi-node decision (budgets: each pool's default 10 %, at most 100 candidates).`;

/** The figures of one run. */
export interface ConsolidationBenchResult {
  readonly nodes: number;
  readonly pods: number;
  readonly clusterPricePerHour: number;
  /** Non-empty candidates evaluated by single-node consolidation. */
  readonly singleNodeCandidates: number;
  readonly singleNodeSeconds: number;
  readonly singleNodeDeletes: number;
  readonly singleNodeReplaces: number;
  /** The largest saving one single-node command found, USD/h. */
  readonly bestSingleSavingsPerHour: number;
  readonly multiNodeSeconds: number;
  readonly multiNodeProbes: number;
  /** Nodes the multi-node command removes (0 when it found none). */
  readonly multiNodeCandidates: number;
  readonly multiNodeDecision: 'delete' | 'replace' | 'none';
  /** What the multi-node decision saves, USD/h. */
  readonly savingsPerHour: number;
}

interface BenchOptions {
  nodes: number;
  seed: number;
  json: boolean;
}

function parseArgs(args: string[]): BenchOptions | string {
  const options: BenchOptions = { nodes: 1000, seed: 42, json: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? args[++i];
    if (flag === '--json') options.json = true;
    else if (flag === '--nodes') {
      options.nodes = Number(value());
      if (!Number.isInteger(options.nodes) || options.nodes < 1) return `--nodes expects a positive integer, got "${args[i]}"`;
    } else if (flag === '--seed') {
      options.seed = Number(value());
      if (!Number.isInteger(options.seed)) return `--seed expects an integer, got "${args[i]}"`;
    } else return `unknown option "${arg}"`;
  }
  return options;
}

/** Each pool's budgets at the snapshot's time (the disruption loop's allowance, without nodes already disrupting). */
function budgetAllowance(snapshot: DisruptionSnapshot, candidates: readonly Candidate[]): Allowance {
  const left = new Map<string, number>();
  const details = new Map<string, string>();
  const key = (pool: string, reason: DisruptionReason): string => `${pool}/${reason}`;
  const now = new Date(snapshot.now);
  for (const pool of snapshot.nodePools) {
    const name = pool.metadata.name ?? '';
    const nodes = candidates.filter((c) => c.nodePool.metadata.name === name).length;
    for (const reason of ['Underutilized', 'Empty', 'Drifted'] as const) {
      const allowed = allowedDisruptions({ budgets: pool.spec.disruption?.budgets, nodes, disrupting: 0, now, reason });
      left.set(key(name, reason), allowed.nodes);
      details.set(key(name, reason), allowed.detail);
    }
  }
  return {
    remaining: (pool, reason) => left.get(key(pool, reason)) ?? 0,
    take: (pool, reason) => left.set(key(pool, reason), Math.max(0, (left.get(key(pool, reason)) ?? 0) - 1)),
    message: (pool, reason) => `NodePool ${pool} allows no more ${reason} disruptions (${details.get(key(pool, reason)) ?? 'no budget'})`,
  };
}

function runSingle(snapshot: DisruptionSnapshot, candidates: readonly Candidate[]) {
  const start = performance.now();
  const context = new ConsolidationContext(snapshot);
  const ordered = interleaveByPool(candidates.filter((c) => c.reschedulablePods.length > 0));
  let deletes = 0;
  let replaces = 0;
  let best = 0;
  for (const candidate of ordered) {
    const outcome = computeConsolidation(context, [candidate], 'single-node-consolidation');
    if (!outcome.ok) continue;
    if (outcome.command.decision === 'delete') deletes++;
    else replaces++;
    best = Math.max(best, outcome.command.priceBefore - outcome.command.priceAfter);
  }
  return { seconds: (performance.now() - start) / 1000, evaluated: ordered.length, deletes, replaces, best };
}

/** Builds the cluster and runs both measurements. */
export function runConsolidationBench(nodes: number, seed: number): ConsolidationBenchResult {
  const { snapshot, candidates } = benchCluster(nodes, seed);
  const single = runSingle(snapshot, candidates);
  const start = performance.now();
  const multi = multiNodeConsolidation(snapshot, candidates, budgetAllowance(snapshot, candidates), {
    clock: { now: () => performance.now() },
  });
  const multiSeconds = (performance.now() - start) / 1000;
  const command = multi.commands[0];
  return {
    nodes,
    pods: snapshot.nodes.reduce((sum, n) => sum + n.pods.length, 0),
    clusterPricePerHour: candidates.reduce((sum, c) => sum + c.price, 0),
    singleNodeCandidates: single.evaluated,
    singleNodeSeconds: single.seconds,
    singleNodeDeletes: single.deletes,
    singleNodeReplaces: single.replaces,
    bestSingleSavingsPerHour: single.best,
    multiNodeSeconds: multiSeconds,
    multiNodeProbes: multi.probes,
    multiNodeCandidates: command?.candidates.length ?? 0,
    multiNodeDecision: command?.decision ?? 'none',
    savingsPerHour: command === undefined ? 0 : command.priceBefore - command.priceAfter,
  };
}

function report(r: ConsolidationBenchResult): string {
  const perCandidate = r.singleNodeCandidates > 0 ? (r.singleNodeSeconds * 1000) / r.singleNodeCandidates : 0;
  const multi =
    r.multiNodeDecision === 'none'
      ? 'no command'
      : `${r.multiNodeDecision} ${r.multiNodeCandidates} nodes, saves $${r.savingsPerHour.toFixed(2)}/h`;
  return [
    `karpd bench consolidation — ${r.nodes} initialized nodes, ${r.pods} pods, cluster $${r.clusterPricePerHour.toFixed(2)}/h`,
    `single-node: ${r.singleNodeCandidates} candidates evaluated in ${r.singleNodeSeconds.toFixed(2)} s (${perCandidate.toFixed(2)} ms each): ${r.singleNodeDeletes} could be deleted, ${r.singleNodeReplaces} replaced; best saves $${r.bestSingleSavingsPerHour.toFixed(2)}/h`,
    `multi-node: decision in ${r.multiNodeSeconds.toFixed(2)} s (${r.multiNodeProbes} simulations): ${multi}`,
    'prices: synthetic c5/m5/r5-shaped catalog (on-demand $/vCPU-hour of us-east-1, spot 30–45 % off by zone)',
  ].join('\n');
}

/** Runs `karpd bench consolidation`. */
export async function run(args: string[], io: CommandIO): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(USAGE);
    return ExitCode.ok;
  }
  const options = parseArgs(args);
  if (typeof options === 'string') {
    io.err(`karpd bench consolidation: ${options}\n\n${USAGE}`);
    return ExitCode.usage;
  }
  const result = runConsolidationBench(options.nodes, options.seed);
  io.out(options.json ? JSON.stringify(result) : report(result));
  return ExitCode.ok;
}
