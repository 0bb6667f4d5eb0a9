/**
 * The header: `karpd ─ cluster: NAME ▾ ─ git: REF@REV BADGE ─ $X.XX/h ($Y/mo) ─ HH:MM:SS` in the top border,
 * and under it the sparklines of $/h and pending pods over the last hour with the connection state when not live.
 */
import type { ClusterView } from '../../src/observe/view-model/view-model.js';
import type { ConnectionState } from '../source/dashboard-source.js';
import { sparkline } from '../components/meter.js';
import { clock, money, wholeMoney } from '../state/format.js';
import type { Glyphs } from '../theme/glyphs.js';
import { type Line, type Segment, lineWidth, seg } from '../theme/line.js';
import type { Token } from '../theme/tokens.js';
import { sideLine, topBorder } from './border.js';

const BADGE_TOKENS: Readonly<Record<ClusterView['header']['sync'], Token>> = {
  synced: 'ok',
  'out-of-sync': 'warn',
  drifted: 'warn',
  pending: 'warn',
  paused: 'muted',
  error: 'error',
  unknown: 'muted',
};

/**
 * The top line's content (without the border). `compact` 1 drops the monthly price, 2 also the words
 * `cluster:` and `git:` (narrow terminals keep the clock).
 */
export function headerContent(cluster: ClusterView | undefined, now: Date, glyphs: Glyphs, compact = 0): Line {
  const dash = seg(` ${glyphs.horizontal} `, 'border');
  const out: Segment[] = [seg('karpd', 'accent', { bold: true })];
  if (cluster !== undefined) {
    const h = cluster.header;
    out.push(dash, seg(compact >= 2 ? '' : 'cluster: '), seg(cluster.name, 'accent', { bold: true }), seg(` ${glyphs.dropdown}`));
    out.push(dash, seg(compact >= 2 ? '' : 'git: '));
    if (h.ref !== undefined || h.revision !== undefined)
      out.push(seg(h.revision === undefined ? `${h.ref} (nothing applied yet) ` : `${h.ref ?? '?'}@${h.revision} `));
    out.push(seg(`${glyphs.badge[h.sync]} ${h.syncDetail || h.sync}`, BADGE_TOKENS[h.sync]));
    const atLeast = h.pricesIncomplete ? glyphs.atLeast : '';
    const month = compact >= 1 ? '' : ` (${atLeast}${wholeMoney(h.pricePerMonth)}/mo)`;
    out.push(dash, seg(`${money(h.pricePerHour, h.pricesIncomplete, glyphs.atLeast)}/h${month}`, 'text', { bold: true }));
  }
  out.push(dash, seg(clock(now)));
  return out;
}

/** The connection in words when it is not live (`reconnecting: agent unreachable…`). */
export function connectionSegments(connection: ConnectionState, glyphs: Glyphs): Segment[] {
  if (connection.state === 'live') return [];
  const text = connection.message === undefined ? connection.state : `${connection.state}: ${connection.message}`;
  return [seg(`${glyphs.badge.error} ${text}`, 'warn', { bold: true })];
}

/** The second header line: sparklines of $/h and pending pods, nodes and decisions waiting, the connection. */
export function statsContent(cluster: ClusterView | undefined, connection: ConnectionState, glyphs: Glyphs, width: number): Line {
  const out: Segment[] = connectionSegments(connection, glyphs);
  if (out.length > 0) out.push(seg('  '));
  if (cluster === undefined) return out;
  const h = cluster.header;
  const sparkWidth = Math.max(8, Math.min(30, Math.floor((width - 60) / 2)));
  const prices = cluster.history.map((s) => s.pricePerHour);
  const pending = cluster.history.map((s) => s.pendingPods);
  out.push(
    seg('$/h '),
    seg(sparkline(prices, sparkWidth, glyphs), 'accent'),
    seg(` ${money(h.pricePerHour, h.pricesIncomplete, glyphs.atLeast)}`),
  );
  out.push(
    seg('   pending pods '),
    seg(sparkline(pending, sparkWidth, glyphs), h.pendingPods > 0 ? 'warn' : 'ok'),
    seg(` ${h.pendingPods}`),
  );
  out.push(seg(`   nodes ${h.nodes}`));
  if (h.pendingDecisions > 0) out.push(seg(`   ${glyphs.badge.pending} ${h.pendingDecisions} waiting for approval`, 'warn'));
  return out;
}

/** Both header lines, `width` columns each. */
export function headerLines(
  cluster: ClusterView | undefined,
  connection: ConnectionState,
  now: Date,
  glyphs: Glyphs,
  width: number,
): readonly [Line, Line] {
  let content = headerContent(cluster, now, glyphs);
  for (let compact = 1; compact <= 2 && lineWidth(content) > width - 4; compact++) content = headerContent(cluster, now, glyphs, compact);
  return [topBorder(content, width, glyphs), sideLine(statsContent(cluster, connection, glyphs, width), width, glyphs)];
}
