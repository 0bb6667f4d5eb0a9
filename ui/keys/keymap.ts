/**
 * Every key of the dashboard as data: the command it runs, the keys, the label the status line shows, the help
 * text, and where it is valid (everywhere, some windows, one dialog, or the `/`/`:` input). The key bus routes
 * presses through it; the status line and `?` help read it.
 */
import type { DialogKind } from '../state/ui-state.js';
import type { WindowId } from '../state/windows.js';

/** What a key does. */
export type CommandId =
  | 'view.pools'
  | 'view.nodeClaims'
  | 'view.pods'
  | 'view.spotEvents'
  | 'view.decisions'
  | 'view.log'
  | 'view.next'
  | 'view.prev'
  | 'nav.down'
  | 'nav.up'
  | 'nav.top'
  | 'nav.bottom'
  | 'nav.pageDown'
  | 'nav.pageUp'
  | 'detail.open'
  | 'back'
  | 'filter.open'
  | 'command.open'
  | 'cluster.next'
  | 'decision.approve'
  | 'decision.reject'
  | 'detail.diff'
  | 'detail.yaml'
  | 'sync.toggle'
  | 'refresh'
  | 'spot.inject'
  | 'sort.cpu'
  | 'sort.memory'
  | 'sort.price'
  | 'sort.age'
  | 'help'
  | 'quit'
  | 'dialog.confirm'
  | 'dialog.cancel'
  | 'dialog.scrollDown'
  | 'dialog.scrollUp'
  | 'dialog.backspace'
  | 'quit.now'
  | 'input.submit'
  | 'input.cancel'
  | 'input.backspace';

/** Where a binding works: on every window, on the windows it lists, in one dialog, or in the text input. */
export type Scope = 'global' | 'window' | `dialog.${DialogKind}` | 'input';

/** One binding. */
export interface KeyBinding {
  readonly id: CommandId;
  /** Key names as {@link import('./key-press.js').KeyPress} names them; the first is the one shown. */
  readonly keys: readonly string[];
  /** The status line's word. */
  readonly label: string;
  /** The help dialog's sentence. */
  readonly help: string;
  readonly scope: Scope;
  /** For `window` scope: the windows it works in. */
  readonly windows?: readonly WindowId[];
  /** It calls the agent (refused with `--read-only`). */
  readonly action?: boolean;
  /** Shown in the status line (the others are in `?` help). */
  readonly status?: boolean;
}

const ALL_BUT_LOG: readonly WindowId[] = ['pools', 'nodeClaims', 'pods', 'spotEvents', 'decisions'];

/** The keymap, in the order the status line and help list it. */
export const KEYMAP: readonly KeyBinding[] = [
  // Window keys first: the status line shows what the focused window adds.
  {
    id: 'decision.approve',
    keys: ['a'],
    label: 'approve',
    help: 'approve the selected decision (a dialog shows what happens; Enter confirms)',
    scope: 'window',
    windows: ['decisions'],
    action: true,
    status: true,
  },
  {
    id: 'decision.reject',
    keys: ['x'],
    label: 'reject',
    help: 'reject the selected decision, with an optional reason',
    scope: 'window',
    windows: ['decisions'],
    action: true,
    status: true,
  },
  {
    id: 'spot.inject',
    keys: ['i'],
    label: 'interrupt',
    help: 'inject a spot interruption on the selected node (simulated cloud only)',
    scope: 'window',
    windows: ['nodeClaims'],
    action: true,
    status: true,
  },
  {
    id: 'sort.cpu',
    keys: ['C'],
    label: 'sort cpu',
    help: 'sort by CPU (again to reverse)',
    scope: 'window',
    windows: ['pools', 'nodeClaims', 'pods'],
  },
  {
    id: 'sort.memory',
    keys: ['M'],
    label: 'sort mem',
    help: 'sort by memory (again to reverse)',
    scope: 'window',
    windows: ['pools', 'nodeClaims', 'pods'],
  },
  {
    id: 'sort.price',
    keys: ['P'],
    label: 'sort $',
    help: 'sort by price (again to reverse)',
    scope: 'window',
    windows: ['pools', 'nodeClaims'],
  },
  {
    id: 'sort.age',
    keys: ['A'],
    label: 'sort age',
    help: 'sort by age (again to reverse)',
    scope: 'window',
    windows: ['nodeClaims', 'pods', 'spotEvents', 'decisions'],
  },
  {
    id: 'detail.diff',
    keys: ['d'],
    label: 'diff',
    help: 'show the diff or plan of the selected item (the "why" for others)',
    scope: 'window',
    windows: ALL_BUT_LOG,
    status: true,
  },
  {
    id: 'detail.yaml',
    keys: ['y'],
    label: 'yaml',
    help: 'show the YAML of the selected object',
    scope: 'window',
    windows: ALL_BUT_LOG,
    status: true,
  },
  // Global keys.
  { id: 'view.pools', keys: ['1'], label: 'pools', help: 'window 1: Pools', scope: 'global' },
  { id: 'view.nodeClaims', keys: ['2'], label: 'claims', help: 'window 2: NodeClaims', scope: 'global' },
  { id: 'view.pods', keys: ['3'], label: 'pods', help: 'window 3: Pods', scope: 'global' },
  { id: 'view.spotEvents', keys: ['4'], label: 'spot', help: 'window 4: Spot events', scope: 'global' },
  { id: 'view.decisions', keys: ['5'], label: 'decisions', help: 'window 5: Diffs & decisions', scope: 'global' },
  { id: 'view.log', keys: ['6'], label: 'log', help: 'window 6: Log', scope: 'global' },
  { id: 'view.next', keys: ['tab'], label: 'next', help: 'next window', scope: 'global' },
  { id: 'view.prev', keys: ['shift-tab'], label: 'previous', help: 'previous window', scope: 'global' },
  { id: 'nav.down', keys: ['j', 'down'], label: 'down', help: 'move down', scope: 'global' },
  { id: 'nav.up', keys: ['k', 'up'], label: 'up', help: 'move up', scope: 'global' },
  { id: 'nav.top', keys: ['g', 'home'], label: 'top', help: 'first row', scope: 'global' },
  { id: 'nav.bottom', keys: ['G', 'end'], label: 'bottom', help: 'last row (the log follows its tail again)', scope: 'global' },
  { id: 'nav.pageDown', keys: ['pgdn'], label: 'page down', help: 'one page down', scope: 'global' },
  { id: 'nav.pageUp', keys: ['pgup'], label: 'page up', help: 'one page up', scope: 'global' },
  { id: 'detail.open', keys: ['enter'], label: 'detail', help: 'open and focus the detail pane', scope: 'global' },
  { id: 'back', keys: ['esc'], label: 'back', help: 'back: leave the detail pane, then clear the filter', scope: 'global' },
  { id: 'help', keys: ['?'], label: 'help', help: 'this help: every key, in every window', scope: 'global', status: true },
  { id: 'quit', keys: ['q', 'ctrl-c'], label: 'quit', help: 'quit (asks first)', scope: 'global', status: true },
  {
    id: 'filter.open',
    keys: ['/'],
    label: 'filter',
    help: 'filter the table (text; a leading ! negates; Esc clears)',
    scope: 'global',
    status: true,
  },
  {
    id: 'command.open',
    keys: [':'],
    label: 'command',
    help: 'command: :pools :claims :pods :spot :decisions :log :cluster NAME :q',
    scope: 'global',
    status: true,
  },
  { id: 'cluster.next', keys: ['c'], label: 'cluster', help: 'switch to the next cluster', scope: 'global', status: true },
  {
    id: 'sync.toggle',
    keys: ['p'],
    label: 'pause',
    help: 'pause or resume sync for the cluster',
    scope: 'global',
    action: true,
    status: true,
  },
  { id: 'refresh', keys: ['r'], label: 'refresh', help: 'refresh now (fetch Git, re-list)', scope: 'global', action: true, status: true },
  // Dialogs.
  {
    id: 'dialog.confirm',
    keys: ['enter'],
    label: 'approve',
    help: 'approve: apply what the dialog shows',
    scope: 'dialog.approve',
    status: true,
  },
  { id: 'dialog.cancel', keys: ['esc'], label: 'cancel', help: 'cancel', scope: 'dialog.approve', status: true },
  { id: 'dialog.scrollDown', keys: ['j', 'down'], label: 'scroll', help: 'scroll the diff down', scope: 'dialog.approve', status: true },
  { id: 'dialog.scrollUp', keys: ['k', 'up'], label: 'scroll up', help: 'scroll the diff up', scope: 'dialog.approve' },
  {
    id: 'dialog.confirm',
    keys: ['enter'],
    label: 'reject',
    help: 'reject with the reason typed (optional)',
    scope: 'dialog.reject',
    status: true,
  },
  { id: 'dialog.cancel', keys: ['esc'], label: 'cancel', help: 'cancel', scope: 'dialog.reject', status: true },
  { id: 'dialog.backspace', keys: ['backspace'], label: 'erase', help: 'erase a character of the reason', scope: 'dialog.reject' },
  {
    id: 'dialog.confirm',
    keys: ['enter', 'y'],
    label: 'interrupt',
    help: 'inject the spot interruption',
    scope: 'dialog.inject',
    status: true,
  },
  { id: 'dialog.cancel', keys: ['esc', 'n'], label: 'cancel', help: 'cancel', scope: 'dialog.inject', status: true },
  { id: 'dialog.confirm', keys: ['y', 'enter'], label: 'quit', help: 'quit the dashboard', scope: 'dialog.quit', status: true },
  { id: 'dialog.cancel', keys: ['n', 'esc'], label: 'stay', help: 'stay', scope: 'dialog.quit', status: true },
  { id: 'quit.now', keys: ['ctrl-c'], label: 'quit', help: 'Ctrl-C again quits', scope: 'dialog.quit' },
  { id: 'dialog.cancel', keys: ['esc', '?', 'q'], label: 'close', help: 'close the help', scope: 'dialog.help', status: true },
  { id: 'dialog.scrollDown', keys: ['j', 'down', 'pgdn'], label: 'scroll', help: 'scroll down', scope: 'dialog.help', status: true },
  { id: 'dialog.scrollUp', keys: ['k', 'up', 'pgup'], label: 'scroll up', help: 'scroll up', scope: 'dialog.help' },
  // The `/` filter and `:` command input.
  { id: 'input.submit', keys: ['enter'], label: 'apply', help: 'apply the filter / run the command', scope: 'input', status: true },
  { id: 'input.cancel', keys: ['esc'], label: 'cancel', help: 'close the input (a filter is cleared)', scope: 'input', status: true },
  { id: 'input.backspace', keys: ['backspace'], label: 'erase', help: 'erase a character', scope: 'input' },
];

/** How a key name is written for people (`Enter`, `Shift-Tab`, `Ctrl-C`, `↑`). */
export function keyLabel(name: string): string {
  const names: Record<string, string> = {
    enter: 'Enter',
    esc: 'Esc',
    tab: 'Tab',
    'shift-tab': 'Shift-Tab',
    'ctrl-c': 'Ctrl-C',
    up: '↑',
    down: '↓',
    pgup: 'PgUp',
    pgdn: 'PgDn',
    home: 'Home',
    end: 'End',
    backspace: 'Backspace',
    C: 'Shift-C',
    M: 'Shift-M',
    P: 'Shift-P',
    A: 'Shift-A',
  };
  return names[name] ?? name;
}
