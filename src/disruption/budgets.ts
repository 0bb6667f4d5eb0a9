/**
 * NodePool disruption budgets, with upstream Karpenter's semantics (karpenter-semantics.md §4.5,
 * https://karpenter.sh/docs/concepts/disruption/#nodepool-disruption-budgets): how many of a pool's nodes a
 * graceful method (emptiness, consolidation, drift) may disrupt now. Pure: `now` is an input, croner is only
 * asked for dates.
 *
 * - A budget's `nodes` is a count (`"5"`) or a percentage of the pool's nodes (`"10%"`), rounded **up**
 *   (`5%` of 10 nodes = 1, as upstream's `GetScaledValueFromIntOrPercent(…, roundUp=true)`).
 * - A budget with `schedule` + `duration` is active iff the first cron hit after `now − duration` is at or before
 *   `now` (UTC), i.e. during `[hit, hit + duration)`; an inactive one does not limit anything.
 * - A budget with `reasons` limits only those reasons; without a `reason`, every budget counts (the pool's
 *   tightest limit over all reasons).
 * - The most restrictive active budget wins; nodes already disrupting are subtracted; never below 0.
 * - A budget that cannot be read (bad `nodes`, schedule or duration, or only one of schedule/duration) fails
 *   closed: it allows 0.
 * - No budget given means the upstream default `[{ nodes: "10%" }]`; an empty list means no limit.
 */
import { Cron } from 'croner';
import { NodePoolDefaults } from '../apis/defaults.js';
import { Duration } from '../apis/duration.js';
import type { Budget, DisruptionReason } from '../apis/nodepool.js';
import { formatInstant } from './time-text.js';

/** What {@link allowedDisruptions} is asked. */
export interface AllowedDisruptionsInput {
  /** The pool's `spec.disruption.budgets`; undefined means the default `[{ nodes: "10%" }]`. */
  readonly budgets: readonly Budget[] | undefined;
  /** The pool's nodes that count (upstream: managed, initialized, not `InstanceTerminating`). */
  readonly nodes: number;
  /** Of those, the nodes already being disrupted (NotReady or marked for deletion). */
  readonly disrupting: number;
  readonly now: Date;
  /** The disruption method's reason; absent means every budget applies. */
  readonly reason?: DisruptionReason;
}

/** How many more nodes may be disrupted now, and why, in words. */
export interface AllowedDisruptions {
  /** Never negative; at most `nodes − disrupting` when no budget limits. */
  readonly nodes: number;
  /** `10% of 12 nodes = 2, 1 disrupting`, `0 until 17:00 (schedule "0 9 * * 1-5")`, `no active budget`. */
  readonly detail: string;
  /** Index in the budgets of the one that bound the result; absent when none did. */
  readonly binding?: number;
  /** True when no active budget limits the pool (the result is then every node not already disrupting). */
  readonly unlimited: boolean;
}

/** One budget evaluated at an instant: what it allows and how to say it. */
export interface BudgetVerdict {
  /** False when it is scheduled and outside its window (it then limits nothing). */
  readonly active: boolean;
  /** The nodes it allows (0 when it cannot be read); meaningful only when active. */
  readonly allowed: number;
  /** `10% of 12 nodes = 2`, `5`, `0 (invalid schedule "x": …)`. */
  readonly text: string;
  /** When an active scheduled budget's window closes. */
  readonly until?: Date;
}

const NODES_PATTERN = /^((100|[0-9]{1,2})%|[0-9]+)$/;

/** Cron nicknames robfig/cron (upstream's parser) reads, in the spelling croner reads. */
function cronPattern(schedule: string): string {
  const text = schedule.trim();
  if (text === '@midnight') return '@daily';
  if (text === '@annually') return '@yearly';
  return text.replace(/\?/g, '*');
}

function closed(text: string): BudgetVerdict {
  return { active: true, allowed: 0, text: `0 (${text})` };
}

/** The nodes `budget.nodes` allows for a pool of `nodes` nodes, or undefined when it cannot be read. */
export function budgetNodes(budget: Pick<Budget, 'nodes'>, nodes: number): { allowed: number; text: string } | undefined {
  const value = String(budget.nodes ?? '').trim();
  if (!NODES_PATTERN.test(value)) return undefined;
  if (!value.endsWith('%')) {
    const count = Number(value);
    return { allowed: count, text: String(count) };
  }
  const percent = Number(value.slice(0, -1));
  const allowed = Math.floor((percent * nodes + 99) / 100);
  return { allowed, text: `${percent}% of ${nodes} node${nodes === 1 ? '' : 's'} = ${allowed}` };
}

/** Evaluates one budget at `now` for a pool of `nodes` nodes. */
export function evaluateBudget(budget: Budget, nodes: number, now: Date): BudgetVerdict {
  const amount = budgetNodes(budget, nodes);
  if (amount === undefined) return closed(`invalid nodes "${String(budget.nodes)}"`);
  if (budget.schedule === undefined && budget.duration === undefined) return { active: true, ...amount };
  if (budget.schedule === undefined || budget.duration === undefined) return closed('schedule and duration go together');
  const duration = Duration.tryParse(budget.duration);
  if (duration === undefined || duration.isNever() || duration.toMillis() <= 0) {
    return closed(`invalid duration "${budget.duration}"`);
  }
  let cron: Cron;
  try {
    cron = new Cron(cronPattern(budget.schedule), { timezone: 'UTC', mode: '5-part' });
  } catch (error) {
    return closed(`invalid schedule "${budget.schedule}": ${error instanceof Error ? error.message : String(error)}`);
  }
  const hit = cron.nextRun(new Date(now.getTime() - duration.toMillis()));
  if (hit === null || hit.getTime() > now.getTime()) return { active: false, ...amount };
  const until = new Date(hit.getTime() + duration.toMillis());
  return {
    active: true,
    allowed: amount.allowed,
    text: `${amount.text} until ${formatInstant(until.getTime(), now.getTime(), 'minutes')} (schedule "${budget.schedule}")`,
    until,
  };
}

function appliesTo(budget: Budget, reason: DisruptionReason | undefined): boolean {
  return reason === undefined || budget.reasons === undefined || budget.reasons.length === 0 || budget.reasons.includes(reason);
}

/** How many more of a pool's nodes may be disrupted now under its budgets (see the module comment for the rules). */
export function allowedDisruptions(input: AllowedDisruptionsInput): AllowedDisruptions {
  const nodes = Math.max(0, Math.floor(input.nodes));
  const disrupting = Math.max(0, Math.floor(input.disrupting));
  const budgets = input.budgets ?? NodePoolDefaults.budgets;
  let best: { index: number; verdict: BudgetVerdict } | undefined;
  budgets.forEach((budget, index) => {
    if (!appliesTo(budget, input.reason)) return;
    const verdict = evaluateBudget(budget, nodes, input.now);
    if (!verdict.active) return;
    if (best === undefined || verdict.allowed < best.verdict.allowed) best = { index, verdict };
  });
  const busy = disrupting > 0 ? `, ${disrupting} disrupting` : '';
  if (best === undefined) {
    const left = Math.max(nodes - disrupting, 0);
    return { nodes: left, detail: `no active budget: ${nodes} node${nodes === 1 ? '' : 's'}${busy}`, unlimited: true };
  }
  const left = Math.max(best.verdict.allowed - disrupting, 0);
  return { nodes: left, detail: `${best.verdict.text}${busy}`, binding: best.index, unlimited: false };
}
