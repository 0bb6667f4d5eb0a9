/**
 * What `karpd status` prints: one block per cluster — its sync status word
 * and glyph, policies, the Git source, the revision applied and seen, the
 * last sync, a suspension, the sync window, the error and the problems of a
 * refused revision, and how many Decisions wait.
 */
import type { ClusterSyncState } from '../../gitops/decisions/gitops-service.js';
import { formatProblem } from '../../gitops/render/format-problems.js';
import { relativeAge } from './relative-age.js';
import { syncStatusLabel } from './sync-status-label.js';

/** How a block is printed. */
export interface StatusTextOptions {
  readonly unicode: boolean;
  readonly now: Date;
}

const shortRevision = (revision: string | undefined): string => (revision === undefined ? 'none' : revision.slice(0, 7));

const when = (at: string | undefined, now: Date): string => (at === undefined ? 'never' : `${at} (${relativeAge(at, now)} ago)`);

function row(label: string, value: string): string {
  return `  ${label.padEnd(11)} ${value}`;
}

function sourceRows(state: ClusterSyncState, now: Date): string[] {
  const { source } = state;
  const fetched = source.fetchedAt === undefined ? 'not fetched yet' : `fetched ${relativeAge(source.fetchedAt, now)} ago`;
  const rows = [row('git', `${source.url} ${source.ref} (${fetched})`)];
  if (source.error !== undefined) {
    const retry = source.nextFetchAt === undefined ? '' : `, next try ${source.nextFetchAt}`;
    rows.push(row('git error', `${source.error} (${source.failures} failed fetches${retry})`));
  }
  if (source.refused !== undefined) rows.push(row('refused', `${shortRevision(source.refused.commit)}: ${source.refused.reason}`));
  return rows;
}

function stateRows(state: ClusterSyncState, now: Date): string[] {
  const rows: string[] = [];
  if (state.suspended) {
    const by = state.suspendedBy === undefined ? [] : [`by ${state.suspendedBy}`];
    const since = state.suspendedAt === undefined ? [] : [`since ${state.suspendedAt}`];
    rows.push(row('suspended', [...by, ...since].join(' ') || 'yes'));
  }
  if (state.window !== undefined) rows.push(row('window', `${state.window.allowed ? 'allowed' : 'denied'}: ${state.window.reason}`));
  if (state.error !== undefined) rows.push(row('error', state.error));
  for (const problem of state.problems ?? []) rows.push(`    ${formatProblem(problem)}`);
  if (state.lastAttemptAt !== undefined && state.lastAttemptAt !== state.lastSyncAt)
    rows.push(row('last try', when(state.lastAttemptAt, now)));
  return rows;
}

/** One cluster's block. */
export function formatClusterStatus(state: ClusterSyncState, options: StatusTextOptions): string {
  const { unicode, now } = options;
  const pending = state.pendingDecisions;
  const decisions = pending === 0 ? 'none pending' : `${pending} pending (karpd decisions --cluster ${state.cluster})`;
  return [
    `${state.cluster}  ${syncStatusLabel(state.status, unicode)}`,
    row('cloud', state.cloud),
    row('policy', `sync ${state.syncPolicy}, drift ${state.driftPolicy}`),
    ...(state.follower === true
      ? [row('role', 'follower: the leader syncs this cluster; the rows below are from when this agent last led')]
      : []),
    ...sourceRows(state, now),
    row('revision', `applied ${shortRevision(state.appliedRevision)}, seen ${shortRevision(state.seenRevision)}`),
    row('last sync', when(state.lastSyncAt, now)),
    ...stateRows(state, now),
    row('decisions', decisions),
  ].join('\n');
}

/** Every cluster's block, separated by a blank line. */
export function formatStatus(states: readonly ClusterSyncState[], options: StatusTextOptions): string {
  if (states.length === 0) return 'this agent syncs no cluster from Git';
  return states.map((state) => formatClusterStatus(state, options)).join('\n\n');
}
