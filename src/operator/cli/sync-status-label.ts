/**
 * The words and glyphs the CLI shows a sync status with, as ux.md has them
 * (`✓ synced`, `~ drifted`, `● pending`, `⏸ paused`, `✗ error`), with
 * ASCII fallbacks for a terminal whose locale is not UTF-8. Meaning is never
 * carried by the glyph alone: the word is always there.
 */
import type { SyncStatus } from '../../gitops/decisions/gitops-service.js';

const LABELS: Record<SyncStatus, { readonly unicode: string; readonly ascii: string; readonly word: string }> = {
  synced: { unicode: '✓', ascii: 'OK', word: 'synced' },
  'out-of-sync': { unicode: '↑', ascii: '^', word: 'out-of-sync' },
  drifted: { unicode: '~', ascii: '~', word: 'drifted' },
  pending: { unicode: '●', ascii: '*', word: 'pending' },
  suspended: { unicode: '⏸', ascii: '||', word: 'paused' },
  error: { unicode: '✗', ascii: 'X', word: 'error' },
};

/** `✓ synced`, or `OK synced` when `unicode` is false. */
export function syncStatusLabel(status: SyncStatus, unicode: boolean): string {
  const label = LABELS[status] ?? { unicode: '?', ascii: '?', word: status };
  return `${unicode ? label.unicode : label.ascii} ${label.word}`;
}

/** The arrow between a before and an after (`→`, or `->`). */
export function arrow(unicode: boolean): string {
  return unicode ? '→' : '->';
}
