/**
 * What changed between two views, as the events `karpd up --no-tui` prints one line each for: a NodeClaim launched
 * or terminated, a Decision created or changing state, a sync reconcile (badge or revision changed), a spot
 * event; and the periodic one-line summary. Pure (the caller adds the time); `src/operator/console-events.ts`
 * prints them as text or JSON.
 */
import { dollarsText } from './view-model/price-text.js';
import type { ClusterView, DecisionRow, NodeClaimRow, SpotEventRow, ViewModel } from './view-model/view-model.js';

/** One printable event; `type` and `cluster` always, the rest by type (JSON output prints it as is). */
export type ConsoleEvent =
  | {
      readonly type: 'launch' | 'terminate';
      readonly cluster: string;
      readonly nodeClaim: string;
      readonly nodePool: string;
      readonly instanceType?: string;
      readonly capacityType?: string;
      readonly zone?: string;
    }
  | {
      readonly type: 'decision';
      readonly cluster: string;
      readonly decision: string;
      readonly kind: string;
      readonly state: string;
      /** The state before, when it changed (absent for a new Decision). */
      readonly previous?: string;
      readonly summary: string;
      readonly message?: string;
    }
  | {
      readonly type: 'reconcile';
      readonly cluster: string;
      readonly sync: string;
      readonly previousSync: string;
      readonly revision?: string;
      readonly previousRevision?: string;
      readonly detail: string;
    }
  | {
      readonly type: 'spot';
      readonly cluster: string;
      readonly kind: string;
      readonly instanceId: string;
      readonly instanceType?: string;
      readonly zone?: string;
      readonly nodeClaim?: string;
      readonly action: string;
    };

function byKey<T extends { readonly key: string }>(rows: readonly T[]): Map<string, T> {
  return new Map(rows.map((row) => [row.key, row]));
}

/** The claim's instance exists: it has an instance id, or got past Pending. */
function isLaunched(row: NodeClaimRow): boolean {
  return row.instanceId !== undefined || (row.state !== 'Pending' && row.state !== 'Failed');
}

function claimEvent(type: 'launch' | 'terminate', cluster: string, row: NodeClaimRow): ConsoleEvent {
  return {
    type,
    cluster,
    nodeClaim: row.name,
    nodePool: row.nodePool,
    ...(row.instanceType !== undefined ? { instanceType: row.instanceType } : {}),
    ...(row.capacityType !== undefined ? { capacityType: row.capacityType } : {}),
    ...(row.zone !== undefined ? { zone: row.zone } : {}),
  };
}

function decisionEvent(cluster: string, row: DecisionRow, previous?: DecisionRow): ConsoleEvent {
  return {
    type: 'decision',
    cluster,
    decision: row.name,
    kind: row.kind,
    state: row.state,
    ...(previous !== undefined ? { previous: previous.state } : {}),
    summary: row.summary,
    ...(row.message !== undefined ? { message: row.message } : {}),
  };
}

function spotEvent(cluster: string, row: SpotEventRow): ConsoleEvent {
  return {
    type: 'spot',
    cluster,
    kind: row.kind,
    instanceId: row.instanceId,
    ...(row.instanceType !== undefined ? { instanceType: row.instanceType } : {}),
    ...(row.zone !== undefined ? { zone: row.zone } : {}),
    ...(row.nodeClaim !== undefined ? { nodeClaim: row.nodeClaim } : {}),
    action: row.action,
  };
}

function clusterEvents(before: ClusterView, after: ClusterView): ConsoleEvent[] {
  const events: ConsoleEvent[] = [];
  const name = after.name;
  const was = before.header;
  const now = after.header;
  if (was.sync !== now.sync || was.revision !== now.revision)
    events.push({
      type: 'reconcile',
      cluster: name,
      sync: now.sync,
      previousSync: was.sync,
      ...(now.revision !== undefined ? { revision: now.revision } : {}),
      ...(was.revision !== undefined ? { previousRevision: was.revision } : {}),
      detail: now.syncDetail,
    });
  const claimsBefore = byKey(before.nodeClaims);
  const claimsAfter = byKey(after.nodeClaims);
  // A launch is news once the instance exists (its type, capacity and zone known), not when the claim is created.
  for (const row of after.nodeClaims) {
    const previous = claimsBefore.get(row.key);
    if (isLaunched(row) && (previous === undefined || !isLaunched(previous))) events.push(claimEvent('launch', name, row));
  }
  for (const row of before.nodeClaims) if (!claimsAfter.has(row.key)) events.push(claimEvent('terminate', name, row));
  const decisionsBefore = byKey(before.decisions);
  for (const row of after.decisions) {
    const previous = decisionsBefore.get(row.key);
    if (previous === undefined) events.push(decisionEvent(name, row));
    else if (previous.state !== row.state) events.push(decisionEvent(name, row, previous));
  }
  const spotBefore = byKey(before.spotEvents);
  for (const row of [...after.spotEvents].reverse()) if (!spotBefore.has(row.key)) events.push(spotEvent(name, row));
  return events;
}

/**
 * The events from `before` to `after`: nothing for the first view or a cluster that just appeared (its rows
 * are not news), else launches, terminations, Decisions, reconciles and spot events, cluster by cluster.
 */
export function eventLines(before: ViewModel | undefined, after: ViewModel): ConsoleEvent[] {
  if (before === undefined) return [];
  const previous = new Map(before.clusters.map((cluster) => [cluster.name, cluster]));
  return after.clusters.flatMap((cluster) => {
    const was = previous.get(cluster.name);
    return was === undefined ? [] : clusterEvents(was, cluster);
  });
}

function optional(...parts: Array<string | undefined>): string {
  return parts.filter((part): part is string => part !== undefined && part !== '').join(' ');
}

/** One event as text, without the time: `launch sandbox nodeclaim airflow-worker-x7k2p m5.large spot eu-west-2a`. */
export function eventText(event: ConsoleEvent): string {
  switch (event.type) {
    case 'launch':
    case 'terminate':
      return optional(event.type, event.cluster, 'nodeclaim', event.nodeClaim, event.instanceType, event.capacityType, event.zone);
    case 'decision': {
      const state = event.previous === undefined ? event.state : `${event.previous} → ${event.state}`;
      const why = event.message ?? (event.previous === undefined ? event.summary : undefined);
      return `${optional('decision', event.cluster, event.kind, event.decision, state)}${why ? `: ${why}` : ''}`;
    }
    case 'reconcile': {
      const revision =
        event.previousRevision !== undefined && event.previousRevision !== event.revision
          ? `${event.previousRevision} → ${event.revision ?? 'none'}`
          : event.revision;
      const detail = event.detail !== '' && event.detail !== event.sync ? `: ${event.detail}` : '';
      return `${optional('sync', event.cluster, event.previousSync === event.sync ? event.sync : `${event.previousSync} → ${event.sync}`, revision)}${detail}`;
    }
    case 'spot':
      return `${optional('spot', event.cluster, event.kind, event.instanceId, event.instanceType, event.zone, event.nodeClaim)}: ${event.action}`;
  }
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** `sandbox: 12 nodes $4.21/h, 3 pods pending, 1 decision waiting`, one part per cluster joined by `; `. */
export function summaryLine(view: ViewModel): string {
  return view.clusters
    .map((cluster) => {
      const { header } = cluster;
      const price = `${dollarsText(header.pricePerHour, header.pricesIncomplete)}/h`;
      return `${cluster.name}: ${plural(header.nodes, 'node', 'nodes')} ${price}, ${plural(header.pendingPods, 'pod', 'pods')} pending, ${plural(header.pendingDecisions, 'decision', 'decisions')} waiting`;
    })
    .join('; ');
}
