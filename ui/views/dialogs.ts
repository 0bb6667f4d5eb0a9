/**
 * The modal dialogs as lines: approve (what approving does: objects, what-if, diff; for a node Decision its plan),
 * reject (with a reason),
 * the spot-interruption confirm, the quit confirm and `?` help. Each is a bordered box the frame centres over
 * its body.
 */
import type { ClusterView, DecisionRow } from '../../src/observe/view-model/view-model.js';
import { KEYMAP, type KeyBinding, keyLabel } from '../keys/keymap.js';
import type { DialogState } from '../state/ui-state.js';
import { WINDOWS, WINDOW_INFO } from '../state/windows.js';
import type { Glyphs } from '../theme/glyphs.js';
import { type Line, seg } from '../theme/line.js';
import { bottomBorder, sideLine, topBorder } from './border.js';
import { changeLines, planLines, whatIfLines } from './decision-lines.js';
import { diffLines } from './diff-lines.js';

/** A box of `width`×(at most `height`) lines: title, body, keys. The body is cut to fit. */
export function dialogBox(title: string, body: readonly Line[], keys: Line, width: number, height: number, glyphs: Glyphs): Line[] {
  const room = Math.max(0, height - 2);
  const shown = body.slice(0, room);
  return [
    topBorder([seg(title, 'accent', { bold: true })], width, glyphs),
    ...shown.map((line) => sideLine(line, width, glyphs)),
    bottomBorder(keys, [], width, glyphs),
  ];
}

const keyHints = (...pairs: Array<[string, string]>): Line =>
  pairs.flatMap(([key, label], i) => [seg(i > 0 ? '  ' : ''), seg(key, 'accent', { bold: true }), seg(` ${label}`)]);

/** A window of `lines` from `scroll`, `height` lines, with `↑ N lines above` / `… N more lines` markers. */
export function scrolled(lines: readonly Line[], scroll: number, height: number, glyphs: Glyphs): Line[] {
  if (lines.length <= height) return [...lines];
  const start = Math.min(Math.max(0, scroll), Math.max(0, lines.length - height + 1));
  const above = start > 0 ? 1 : 0;
  const room = height - above - 1;
  const shown = lines.slice(start, start + room);
  const below = lines.length - start - shown.length;
  const out: Line[] = [];
  if (above) out.push([seg(`  ${glyphs.up} ${start} line${start === 1 ? '' : 's'} above`, 'muted')]);
  out.push(...shown);
  if (below > 0) out.push([seg(`  ${glyphs.ellipsis} ${below} more line${below === 1 ? '' : 's'}`, 'muted')]);
  else out.push([]);
  return out;
}

/** A node Decision's approval: its plan (scrolled when long); no revision, objects or diff (it comes from no commit). */
function approvePlanBody(
  decision: DecisionRow,
  plan: NonNullable<DecisionRow['plan']>,
  scroll: number,
  height: number,
  glyphs: Glyphs,
): Line[] {
  const head: Line[] = [
    [seg('Approve '), seg(decision.name, 'accent', { bold: true }), seg(` (${decision.kind})?`)],
    [seg(decision.summary)],
    [seg('What approving does:', 'heading', { bold: true })],
  ];
  return [...head, ...scrolled(planLines(plan, glyphs), scroll, Math.max(2, height - head.length), glyphs)];
}

function approveBody(decision: DecisionRow, scroll: number, height: number, glyphs: Glyphs): Line[] {
  if (decision.plan !== undefined) return approvePlanBody(decision, decision.plan, scroll, height, glyphs);
  const head: Line[] = [
    [
      seg('Approve '),
      seg(decision.name, 'accent', { bold: true }),
      seg(` (${decision.kind}${decision.revision === undefined ? '' : ` at ${decision.revision}`})?`),
    ],
    [seg(decision.summary)],
    [seg('Objects:', 'heading', { bold: true })],
    ...changeLines(decision),
    [seg('What approving does:', 'heading', { bold: true })],
    ...whatIfLines(decision, glyphs, 3),
    [seg('Diff:', 'heading', { bold: true })],
  ];
  const diffRoom = Math.max(2, height - head.length);
  return [...head, ...scrolled(diffLines(decision.diff), scroll, diffRoom, glyphs)];
}

/** Every key, grouped: everywhere, each window's own, the dialogs, the input. */
export function helpLines(keymap: readonly KeyBinding[] = KEYMAP): Line[] {
  const line = (b: KeyBinding): Line => [seg(`  ${b.keys.map(keyLabel).join(' ').padEnd(16)}`, 'accent'), seg(b.help)];
  const out: Line[] = [[seg('Everywhere', 'heading', { bold: true })], ...keymap.filter((b) => b.scope === 'global').map(line)];
  WINDOWS.forEach((window, index) => {
    const own = keymap.filter((b) => b.scope === 'window' && (b.windows ?? []).includes(window));
    out.push([seg(`${index + 1} ${WINDOW_INFO[window].title}`, 'heading', { bold: true })]);
    out.push(...(own.length === 0 ? [[seg('  (only the keys above)', 'muted')] as Line] : own.map(line)));
  });
  const groups: Array<[string, string]> = [
    ['dialog.approve', 'Approve dialog'],
    ['dialog.reject', 'Reject dialog'],
    ['dialog.inject', 'Spot interruption dialog'],
    ['dialog.quit', 'Quit dialog'],
    ['dialog.help', 'This help'],
    ['input', 'Filter / command input'],
  ];
  for (const [scope, title] of groups) {
    out.push([seg(title, 'heading', { bold: true })], ...keymap.filter((b) => b.scope === scope).map(line));
  }
  return out;
}

/** The dialog's box for the open dialog. */
export function dialogLines(dialog: DialogState, cluster: ClusterView | undefined, width: number, height: number, glyphs: Glyphs): Line[] {
  switch (dialog.kind) {
    case 'approve': {
      const decision = cluster?.decisions.find((d) => d.name === dialog.decision);
      if (decision === undefined)
        return dialogBox(
          'approve',
          [[seg(`decision ${dialog.decision} is gone`, 'error')]],
          keyHints(['Esc', 'close']),
          width,
          height,
          glyphs,
        );
      return dialogBox(
        `approve ${decision.name}`,
        approveBody(decision, dialog.scroll, height - 2, glyphs),
        keyHints(['Enter', 'approve'], ['Esc', 'cancel'], ['j/k', decision.plan === undefined ? 'scroll the diff' : 'scroll the plan']),
        width,
        height,
        glyphs,
      );
    }
    case 'reject': {
      const decision = cluster?.decisions.find((d) => d.name === dialog.decision);
      const body: Line[] = [
        [seg('Reject '), seg(dialog.decision, 'accent', { bold: true }), seg('?')],
        [seg(decision?.summary ?? '', 'muted')],
        [],
        [seg('Reason (optional): ', 'muted'), seg(dialog.reason), seg('_', 'accent')],
      ];
      return dialogBox(`reject ${dialog.decision}`, body, keyHints(['Enter', 'reject'], ['Esc', 'cancel']), width, height, glyphs);
    }
    case 'inject': {
      const body: Line[] = [
        [seg('Inject a spot interruption on '), seg(dialog.nodeClaim, 'accent', { bold: true }), seg(` (instance ${dialog.instanceId})?`)],
        [
          seg(
            `The simulated cloud of cluster ${dialog.cluster} sends the two-minute warning; karpd cordons, drains and replaces the node.`,
            'muted',
          ),
        ],
      ];
      return dialogBox('spot interruption', body, keyHints(['Enter/y', 'interrupt'], ['Esc/n', 'cancel']), width, height, glyphs);
    }
    case 'quit':
      return dialogBox(
        'quit',
        [[seg(dialog.prompt ?? 'Quit the dashboard?')]],
        keyHints(['y/Enter', 'quit'], ['n/Esc', 'stay'], ['Ctrl-C', 'quit now']),
        width,
        height,
        glyphs,
      );
    case 'help':
      return dialogBox(
        'help: every key, in every window',
        scrolled(helpLines(), dialog.scroll, height - 2, glyphs),
        keyHints(['Esc', 'close'], ['j/k', 'scroll']),
        width,
        height,
        glyphs,
      );
  }
}

/** How tall a dialog wants to be (the frame gives it at most the body's height). */
export function dialogHeight(dialog: DialogState, available: number): number {
  if (dialog.kind === 'quit') return Math.min(available, 3);
  if (dialog.kind === 'inject') return Math.min(available, 4);
  if (dialog.kind === 'reject') return Math.min(available, 6);
  return available;
}
