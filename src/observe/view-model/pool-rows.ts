/**
 * Window 1, Pools: one row per NodePool, by name. CPU and memory used are the requests of the pods bound to the
 * pool's nodes, against `spec.limits` (else the nodes' allocatable, `limited` says which); $/h sums the pool's
 * launched NodeClaims; budgetLeft is the disruption controller's report for the pool's most constrained reason
 * (`remaining` of `allowed`, and until when a scheduled budget limits it; karpenter-semantics.md §4.5), else the
 * budgets computed here (`src/disruption/budgets.ts`) until the controller has run. Defaults are upstream's
 * (`src/apis/defaults.ts`). Pure.
 */
import { NodePoolDefaults } from '../../apis/defaults.js';
import type { NodePool } from '../../apis/nodepool.js';
import { allowedDisruptions } from '../../disruption/budgets.js';
import type { PoolBudgetReport } from '../../disruption/report.js';
import { type ClusterIndex, loadOf } from './cluster-index.js';
import { formatConditions, formatRequirements, formatResourceList, formatTaints, line } from './describe-lines.js';
import { type DisruptionIndex, indexDisruption } from './disruption-index.js';
import type { ClaimFacts } from './object-cache.js';
import { conditionOf, usage } from './object-facts.js';
import type { ClusterViewInput } from './view-input.js';
import type { BudgetLeft, DescribeLine, PoolRow } from './view-model.js';

/** `Ready`, or why the pool is not (its Ready condition's message or reason; a missing NodeClass). */
export function poolReadiness(pool: NodePool, input: ClusterViewInput): { ready: boolean; readiness: string } {
  const ref = pool.spec.template.spec.nodeClassRef;
  if (ref?.kind === 'EC2NodeClass' && !input.objects.nodeClasses.some((nodeClass) => nodeClass.metadata.name === ref.name)) {
    return { ready: false, readiness: `EC2NodeClass ${ref.name} not found` };
  }
  const ready = conditionOf(pool.status?.conditions, 'Ready');
  if (ready === undefined) return { ready: false, readiness: 'Unknown (no status yet)' };
  if (ready.status === 'True') return { ready: true, readiness: 'Ready' };
  const why = ready.message !== undefined && ready.message !== '' ? ready.message : ready.reason;
  return { ready: false, readiness: why === undefined || why === '' ? 'not ready' : why };
}

/** The pool's Git comparison status: `-` without GitOps, `unmanaged` when Git has no such pool. */
export function poolSyncStatus(name: string, input: ClusterViewInput): string {
  if (input.sync === undefined) return '-';
  return input.sync.objects.find((object) => object.kind === 'NodePool' && object.name === name)?.status ?? 'unmanaged';
}

/** Nodes that count for budgets (initialized, not terminating) and, of those, the ones already disrupting. */
function budgetNodes(claims: readonly ClaimFacts[]): { nodes: number; disrupting: number } {
  let nodes = 0;
  let disrupting = 0;
  for (const claim of claims) {
    if (!claim.countsForBudgets) continue;
    nodes += 1;
    if (claim.disrupting) disrupting += 1;
  }
  return { nodes, disrupting };
}

/** The budget left as the report says it: `Underutilized: 2 of 3 left (1 disrupting, 12 nodes)`. */
export function reportedBudgetLeft(budget: PoolBudgetReport): BudgetLeft {
  return {
    nodes: budget.remaining,
    allowed: budget.allowed,
    reason: budget.reason,
    detail: `${budget.reason}: ${budget.remaining} of ${budget.allowed} left (${budget.disrupting} disrupting, ${budget.total} node${budget.total === 1 ? '' : 's'})`,
    ...(budget.until === undefined ? {} : { until: budget.until }),
  };
}

function describePool(pool: NodePool): DescribeLine[] {
  const template = pool.spec.template.spec;
  const budgets = pool.spec.disruption?.budgets ?? NodePoolDefaults.budgets;
  const budgetText = budgets.map((budget) =>
    [
      `nodes=${budget.nodes}`,
      budget.schedule === undefined ? '' : ` schedule="${budget.schedule}"`,
      budget.duration === undefined ? '' : ` duration=${budget.duration}`,
      budget.reasons === undefined ? '' : ` reasons=${budget.reasons.join('|')}`,
    ].join(''),
  );
  const ref = template.nodeClassRef;
  return [
    line('Requirements', formatRequirements(template.requirements)),
    line('Taints', formatTaints(template.taints)),
    line('Startup taints', formatTaints(template.startupTaints)),
    line('Limits', formatResourceList(pool.spec.limits)),
    line('NodeClass', ref === undefined ? '<none>' : `${ref.kind}/${ref.name}`),
    line('Budgets', budgetText.length === 0 ? '<none>' : budgetText.join('; ')),
    line('Expire after', template.expireAfter ?? NodePoolDefaults.expireAfter),
    line('Conditions', formatConditions(pool.status?.conditions)),
  ];
}

/** What is left of the pool's budget: the report's tightest reason, else computed from the pool's budgets at `now`. */
function budgetLeftOf(pool: NodePool, claims: readonly ClaimFacts[], disruption: DisruptionIndex, now: Date): BudgetLeft {
  const reported = disruption.tightestBudgetOf(pool.metadata.name ?? '');
  if (reported !== undefined) return reportedBudgetLeft(reported);
  const counted = budgetNodes(claims);
  const budget = allowedDisruptions({ budgets: pool.spec.disruption?.budgets, nodes: counted.nodes, disrupting: counted.disrupting, now });
  return { nodes: budget.nodes, detail: budget.detail };
}

/** One pool's row. */
export function poolRow(
  pool: NodePool,
  input: ClusterViewInput,
  index: ClusterIndex,
  now: Date,
  disruption: DisruptionIndex = indexDisruption(input.disruption),
): PoolRow {
  const name = pool.metadata.name ?? '';
  const claims = index.claimsByPool.get(name) ?? [];
  const nodes = index.nodesByPool.get(name) ?? [];
  let cpuUsed = 0;
  let memoryUsed = 0;
  let cpuAllocatable = 0;
  let memoryAllocatable = 0;
  for (const node of nodes) {
    const load = loadOf(index, node.metadata.name);
    cpuUsed += load.cpu;
    memoryUsed += load.memory;
    const allocatable = index.cache.cpuMemory(node.status?.allocatable);
    cpuAllocatable += allocatable.cpu ?? 0;
    memoryAllocatable += allocatable.memory ?? 0;
  }
  const limits = index.cache.cpuMemory(pool.spec.limits);
  const cpuLimit = limits.cpu ?? (nodes.length > 0 ? cpuAllocatable : undefined);
  const memoryLimit = limits.memory ?? (nodes.length > 0 ? memoryAllocatable : undefined);
  let pricePerHour = 0;
  let pricesIncomplete = false;
  let driftedNodes = 0;
  for (const claim of claims) {
    if (claim.drifted) driftedNodes += 1;
    if (!claim.launched) continue;
    const price = index.priceOf(claim);
    if (price === undefined) pricesIncomplete = true;
    else pricePerHour += price;
  }
  const policy = pool.spec.disruption;
  return {
    key: name,
    name,
    weight: pool.spec.weight ?? 0,
    nodes: nodes.length,
    cpu: usage(cpuUsed, cpuLimit),
    memory: usage(memoryUsed, memoryLimit),
    limited: { cpu: limits.cpu !== undefined, memory: limits.memory !== undefined },
    pricePerHour,
    pricesIncomplete,
    consolidationPolicy: policy?.consolidationPolicy ?? NodePoolDefaults.consolidationPolicy,
    consolidateAfter: policy?.consolidateAfter ?? NodePoolDefaults.consolidateAfter,
    budgetLeft: budgetLeftOf(pool, claims, disruption, now),
    driftedNodes,
    syncStatus: poolSyncStatus(name, input),
    ...poolReadiness(pool, input),
    describe: describePool(pool),
  };
}

/** The Pools window's rows, by name. */
export function poolRows(
  input: ClusterViewInput,
  index: ClusterIndex,
  now: Date,
  disruption: DisruptionIndex = indexDisruption(input.disruption),
): PoolRow[] {
  return [...input.objects.nodePools]
    .sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : (a.metadata.name ?? '') > (b.metadata.name ?? '') ? 1 : 0))
    .map((pool) => poolRow(pool, input, index, now, disruption));
}
