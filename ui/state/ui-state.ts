/**
 * The dashboard's own state (what the operator is looking at, not what the agent knows): the focused window,
 * the cluster, cursors, filters, sorts, the open input or dialog, the detail pane and the flash message.
 * Plain data; `ui-reducer.ts` changes it.
 */
import type { WindowId } from './windows.js';

/** What a sort key sorts by. */
export type SortKey = 'cpu' | 'memory' | 'price' | 'age';

/** A window's sort: by a key, largest first unless reversed. */
export interface SortState {
  readonly by: SortKey;
  readonly reverse: boolean;
}

/** The `/` filter or the `:` command being typed. */
export interface InputState {
  readonly mode: 'filter' | 'command';
  readonly text: string;
}

/** A modal dialog. */
export type DialogState =
  | { readonly kind: 'approve'; readonly decision: string; readonly scroll: number }
  | { readonly kind: 'reject'; readonly decision: string; readonly reason: string }
  | { readonly kind: 'inject'; readonly cluster: string; readonly instanceId: string; readonly nodeClaim: string }
  | { readonly kind: 'quit'; readonly prompt?: string }
  | { readonly kind: 'help'; readonly scroll: number };

/** Which dialog kinds exist. */
export type DialogKind = DialogState['kind'];

/** What the detail pane shows. */
export type DetailMode = 'describe' | 'diff' | 'yaml';

/** The YAML fetched for one row (`y`). */
export interface YamlState {
  /** `window:rowKey` it belongs to. */
  readonly for: string;
  readonly status: 'loading' | 'ok' | 'error';
  readonly text: string;
}

/** The last action's message, until `until` (ms since the epoch). */
export interface FlashState {
  readonly message: string;
  readonly ok: boolean;
  readonly until: number;
}

/** The whole UI state. */
export interface UiState {
  readonly window: WindowId;
  /** The selected cluster's name; undefined means the first. */
  readonly cluster?: string;
  /** Cursor index into each window's visible rows. */
  readonly cursor: Readonly<Record<WindowId, number>>;
  /** The log window follows its tail until the cursor moves up. */
  readonly followLog: boolean;
  readonly filter: Readonly<Record<WindowId, string>>;
  readonly sort: Readonly<Partial<Record<WindowId, SortState>>>;
  readonly input?: InputState;
  readonly dialog?: DialogState;
  readonly detail: { readonly mode: DetailMode; readonly focused: boolean; readonly scroll: number };
  readonly yaml?: YamlState;
  readonly flash?: FlashState;
  /** What is running now (`approving d-1…`), shown until its result flashes. */
  readonly busy?: string;
}

const perWindow = <T>(value: T): Record<WindowId, T> => ({
  pools: value,
  nodeClaims: value,
  pods: value,
  spotEvents: value,
  decisions: value,
  log: value,
});

/** The state the dashboard opens with: Pools focused, nothing filtered or sorted. */
export function initialUiState(window: WindowId = 'pools'): UiState {
  return {
    window,
    cursor: perWindow(0),
    followLog: true,
    filter: perWindow(''),
    sort: {},
    detail: { mode: 'describe', focused: false, scroll: 0 },
  };
}

/** How long a flash message stays, ms. */
export const FLASH_MS = 3000;
