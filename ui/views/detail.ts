/**
 * The detail pane's lines for the selected row: describe (default), `d` the diff (Decisions; a node Decision's
 * plan) or the "why" (other windows: for a NodeClaim the disruption verdict with its method and kind, or the
 * phase, command and Decision disrupting it), `y` the YAML (loading…, the text, or the error).
 */
import type {
  DecisionRow,
  DescribeLine,
  LogLineRow,
  NodeClaimRow,
  PodRow,
  PoolRow,
  SpotEventRow,
} from '../../src/observe/view-model/view-model.js';
import { age, budgetText, cpu, memory, money, timeOfDay } from '../state/format.js';
import type { AnyRow } from '../state/rows.js';
import type { DetailMode, YamlState } from '../state/ui-state.js';
import type { WindowId } from '../state/windows.js';
import type { Glyphs } from '../theme/glyphs.js';
import { type Line, seg } from '../theme/line.js';
import { changeLines, planLines, whatIfLines } from './decision-lines.js';
import { diffLines } from './diff-lines.js';
import { spotEventDescribeLines, spotEventWhyLines } from './spot-event-lines.js';

const field = (label: string, value: string): Line => [seg(`${label}: `, 'muted'), seg(value)];
const describeLines = (lines: readonly DescribeLine[]): Line[] => lines.map((l) => field(l.label, l.value));
const usage = (used: number, limit: number | undefined, unit: (n: number) => string, of: string) =>
  limit === undefined ? `${unit(used)} (no limit)` : `${unit(used)} / ${unit(limit)} ${of}`;
const budgetLine = (r: PoolRow): string => `${budgetText(r.budgetLeft)} (${r.budgetLeft.detail})`;

/** The disruption controller's word on a NodeClaim: the verdict (message, kind, method) or what is disrupting it. */
function disruptionLines(r: NodeClaimRow): Line[] {
  const d = r.disruption;
  if (d === undefined) return [field('Why', r.why ?? 'no disruption reason recorded for this node')];
  if (d.status === 'kept')
    return [
      field('Not disrupted because', d.message),
      field('Kind', d.kind),
      field('Method', d.method ?? 'every method (candidate filter)'),
    ];
  return [
    field('Disrupting', r.why ?? d.phase),
    field('Phase', d.phase),
    field('Command', d.summary),
    field('Method', `${d.method} (${d.reason})`),
    field('Decision', d.decision ?? 'none (no approval needed)'),
    field('Since', `${timeOfDay(d.since)} (${d.since})`),
  ];
}

/** What approving a Decision does: a node Decision's plan, else its objects and what-if. */
function decisionEffectLines(r: DecisionRow, glyphs: Glyphs): Line[] {
  if (r.plan !== undefined) return [[seg('Plan:', 'muted')], ...planLines(r.plan, glyphs)];
  return [[seg('Objects:', 'muted')], ...changeLines(r), [seg('What approving does:', 'muted')], ...whatIfLines(r, glyphs)];
}

/** The title of the pane for a mode. */
export function detailTitle(window: WindowId, mode: DetailMode): string {
  if (mode === 'yaml') return 'YAML';
  if (mode === 'diff') return window === 'decisions' ? 'diff' : 'why';
  return 'describe';
}

function describe(window: WindowId, row: AnyRow, glyphs: Glyphs): Line[] {
  switch (window) {
    case 'pools': {
      const r = row as PoolRow;
      return [
        field('NodePool', `${r.name} (weight ${r.weight}, ${r.nodes} node${r.nodes === 1 ? '' : 's'})`),
        field('CPU', usage(r.cpu.used, r.cpu.limit, cpu, r.limited.cpu ? 'limit' : 'allocatable')),
        field('Memory', usage(r.memory.used, r.memory.limit, memory, r.limited.memory ? 'limit' : 'allocatable')),
        field('Cost', `${money(r.pricePerHour, r.pricesIncomplete, glyphs.atLeast)}/h`),
        field('Consolidation', `${r.consolidationPolicy} after ${r.consolidateAfter}`),
        field('Budget left', budgetLine(r)),
        field('Drifted nodes', String(r.driftedNodes)),
        field('Sync', r.syncStatus),
        field('Readiness', r.readiness),
        ...describeLines(r.describe),
      ];
    }
    case 'nodeClaims': {
      const r = row as NodeClaimRow;
      return [
        field('NodeClaim', `${r.name} (pool ${r.nodePool})`),
        field('State', r.state),
        field('Node', r.nodeName ?? '-'),
        field('Instance', `${r.instanceId ?? '-'} ${r.instanceType ?? ''} ${r.capacityType ?? ''} ${r.zone ?? ''}`.trim()),
        field('CPU', usage(r.cpu.used, r.cpu.limit, cpu, 'allocatable')),
        field('Memory', usage(r.memory.used, r.memory.limit, memory, 'allocatable')),
        field('Pods', String(r.pods)),
        field('Cost', r.pricePerHour === undefined ? 'unknown' : `${money(r.pricePerHour)}/h`),
        field('Age', age(r.ageSeconds)),
        ...(r.why === undefined ? [] : [field('Why', r.why)]),
        ...describeLines(r.describe),
      ];
    }
    case 'pods': {
      const r = row as PodRow;
      return [
        field('Pod', `${r.namespace}/${r.name}`),
        field('Phase', r.pending ? `${r.phase} (pending)` : r.phase),
        ...(r.reason === undefined ? [] : [field('Waits because', r.reason)]),
        ...(r.waitingFor === undefined ? [] : [field('Waiting for', r.waitingFor)]),
        field('Node', r.nodeName ?? '-'),
        field('Requests', `cpu ${cpu(r.cpu)}, memory ${memory(r.memory)}`),
        field('Owner', r.owner ?? '-'),
        field('Age', age(r.ageSeconds)),
        ...describeLines(r.describe),
      ];
    }
    case 'spotEvents':
      return spotEventDescribeLines(row as SpotEventRow);
    case 'decisions': {
      const r = row as DecisionRow;
      return [
        field('Decision', `${r.name} (${r.kind}) ${r.state}${r.revision === undefined ? '' : ` at ${r.revision}`}`),
        field('Summary', r.summary),
        ...(r.waitingFor === undefined ? [] : [field('Waiting for', r.waitingFor)]),
        ...(r.decidedBy === undefined ? [] : [field('Decided by', r.decidedBy)]),
        ...(r.message === undefined ? [] : [field('Message', r.message)]),
        ...decisionEffectLines(r, glyphs),
        ...r.history.map((h) => field(`  ${timeOfDay(h.at)}`, `${h.state} by ${h.by}${h.message === undefined ? '' : `: ${h.message}`}`)),
      ];
    }
    case 'log': {
      const r = row as LogLineRow;
      return [
        field(r.level.toUpperCase(), `${r.time} ${r.message}`),
        ...r.fields
          .split(' ')
          .filter(Boolean)
          .map((f) => [seg(`  ${f}`, 'muted')] as Line),
      ];
    }
  }
}

function why(window: WindowId, row: AnyRow, glyphs: Glyphs): Line[] {
  switch (window) {
    case 'pools': {
      const r = row as PoolRow;
      return [
        field('Readiness', r.readiness),
        field('Sync', r.syncStatus),
        field('Budget', `${budgetText(r.budgetLeft)} may be disrupted now: ${r.budgetLeft.detail}`),
      ];
    }
    case 'nodeClaims':
      return disruptionLines(row as NodeClaimRow);
    case 'pods': {
      const r = row as PodRow;
      if (!r.pending) return [field('Why', `${r.phase} on ${r.nodeName ?? 'no node'}`)];
      return [field('Waits because', r.reason ?? 'unknown'), field('Waiting for', r.waitingFor ?? 'no NodeClaim yet')];
    }
    case 'spotEvents':
      return spotEventWhyLines(row as SpotEventRow);
    case 'decisions': {
      const r = row as DecisionRow;
      return r.plan === undefined ? diffLines(r.diff) : planLines(r.plan, glyphs, 20);
    }
    case 'log': {
      const r = row as LogLineRow;
      return [field('Message', r.message), [seg(r.fields, 'muted')]];
    }
  }
}

/** The YAML key of a row: the object kind and name the agent serves, or undefined (log lines, unnamed spot events). */
export function yamlTarget(
  window: WindowId,
  row: AnyRow,
): { kind: 'NodePool' | 'NodeClaim' | 'Pod' | 'Decision'; name: string; namespace?: string } | undefined {
  switch (window) {
    case 'pools':
      return { kind: 'NodePool', name: (row as PoolRow).name };
    case 'nodeClaims':
      return { kind: 'NodeClaim', name: (row as NodeClaimRow).name };
    case 'pods':
      return { kind: 'Pod', name: (row as PodRow).name, namespace: (row as PodRow).namespace };
    case 'decisions':
      return { kind: 'Decision', name: (row as DecisionRow).name };
    case 'spotEvents': {
      const claim = (row as SpotEventRow).nodeClaim;
      return claim === undefined ? undefined : { kind: 'NodeClaim', name: claim };
    }
    case 'log':
      return undefined;
  }
}

/** Every line of the pane (the pane shows a window of them). */
export function detailLines(
  window: WindowId,
  row: AnyRow | undefined,
  mode: DetailMode,
  yaml: YamlState | undefined,
  glyphs: Glyphs,
): Line[] {
  if (row === undefined) return [[seg('nothing selected', 'muted')]];
  if (mode === 'describe') return describe(window, row, glyphs);
  if (mode === 'diff') return why(window, row, glyphs);
  if (yaml === undefined || yaml.for !== `${window}:${row.key}`) return [[seg('loading…', 'muted')]];
  if (yaml.status === 'loading') return [[seg('loading…', 'muted')]];
  if (yaml.status === 'error') return [[seg(`${glyphs.badge.error} ${yaml.text}`, 'error')]];
  return yaml.text
    .replace(/\n$/, '')
    .split('\n')
    .map((text): Line => [seg(text)]);
}
