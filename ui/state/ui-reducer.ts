/** The pure reducer of the dashboard's {@link UiState}: every key's effect on the screen is one action here. */
import { FLASH_MS, type DetailMode, type DialogState, type SortKey, type UiState, type YamlState } from './ui-state.js';
import { type WindowId, windowAfter } from './windows.js';

/** What can happen to the UI state. Counts are the focused window's visible rows (for clamping). */
export type UiAction =
  | { readonly type: 'window'; readonly window: WindowId }
  | { readonly type: 'window.offset'; readonly offset: number }
  | { readonly type: 'move'; readonly delta: number; readonly count: number }
  | { readonly type: 'move.top' }
  | { readonly type: 'move.bottom'; readonly count: number }
  | { readonly type: 'cluster.set'; readonly name: string }
  | { readonly type: 'cluster.next'; readonly names: readonly string[] }
  | { readonly type: 'input.open'; readonly mode: 'filter' | 'command' }
  | { readonly type: 'input.type'; readonly text: string }
  | { readonly type: 'input.backspace' }
  /** Enter: a filter stays applied; a command is closed (the app runs it). */
  | { readonly type: 'input.submit' }
  /** Esc: closes the input; a filter is cleared. */
  | { readonly type: 'input.cancel' }
  | { readonly type: 'filter.clear' }
  | { readonly type: 'sort'; readonly by: SortKey }
  | { readonly type: 'dialog.open'; readonly dialog: DialogState }
  | { readonly type: 'dialog.close' }
  | { readonly type: 'dialog.scroll'; readonly delta: number }
  | { readonly type: 'dialog.type'; readonly text: string }
  | { readonly type: 'dialog.backspace' }
  | { readonly type: 'detail.mode'; readonly mode: DetailMode }
  | { readonly type: 'detail.focus'; readonly focused: boolean }
  | { readonly type: 'detail.scroll'; readonly delta: number }
  | { readonly type: 'yaml'; readonly yaml: YamlState }
  | { readonly type: 'flash'; readonly message: string; readonly ok: boolean; readonly now: number }
  | { readonly type: 'busy'; readonly busy?: string }
  | { readonly type: 'tick'; readonly now: number };

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

function withCursor(state: UiState, index: number, count: number): UiState {
  const cursor = clamp(index, 0, Math.max(0, count - 1));
  const moved = cursor !== state.cursor[state.window];
  const followLog = state.window === 'log' ? cursor >= count - 1 : state.followLog;
  if (!moved && followLog === state.followLog) return state;
  return {
    ...state,
    cursor: { ...state.cursor, [state.window]: cursor },
    followLog,
    detail: moved ? { ...state.detail, scroll: 0 } : state.detail,
  };
}

function cursorNow(state: UiState, count: number): number {
  if (state.window === 'log' && state.followLog) return Math.max(0, count - 1);
  return clamp(state.cursor[state.window], 0, Math.max(0, count - 1));
}

function setFilter(state: UiState, text: string): UiState {
  return { ...state, filter: { ...state.filter, [state.window]: text }, cursor: { ...state.cursor, [state.window]: 0 } };
}

/** The next UI state. */
export function uiReducer(state: UiState, action: UiAction): UiState {
  switch (action.type) {
    case 'window':
      return action.window === state.window
        ? state
        : { ...state, window: action.window, detail: { mode: 'describe', focused: false, scroll: 0 } };
    case 'window.offset':
      return uiReducer(state, { type: 'window', window: windowAfter(state.window, action.offset) });
    case 'move':
      return withCursor(state, cursorNow(state, action.count) + action.delta, action.count);
    case 'move.top':
      return withCursor(state, 0, Number.MAX_SAFE_INTEGER);
    case 'move.bottom':
      return withCursor(state, action.count - 1, action.count);
    case 'cluster.set':
      return action.name === state.cluster ? state : { ...state, cluster: action.name, yaml: undefined };
    case 'cluster.next': {
      if (action.names.length === 0) return state;
      const index = state.cluster === undefined ? 0 : action.names.indexOf(state.cluster);
      return uiReducer(state, { type: 'cluster.set', name: action.names[(index + 1) % action.names.length] });
    }
    case 'input.open':
      return {
        ...(action.mode === 'filter' ? setFilter(state, '') : state),
        input: { mode: action.mode, text: '' },
      };
    case 'input.type': {
      if (state.input === undefined) return state;
      const text = state.input.text + action.text;
      const next = { ...state, input: { ...state.input, text } };
      return state.input.mode === 'filter' ? setFilter(next, text) : next;
    }
    case 'input.backspace': {
      if (state.input === undefined) return state;
      const text = [...state.input.text].slice(0, -1).join('');
      const next = { ...state, input: { ...state.input, text } };
      return state.input.mode === 'filter' ? setFilter(next, text) : next;
    }
    case 'input.submit':
      return { ...state, input: undefined };
    case 'input.cancel':
      return state.input?.mode === 'filter' ? { ...setFilter(state, ''), input: undefined } : { ...state, input: undefined };
    case 'filter.clear':
      return state.filter[state.window] === '' ? state : setFilter(state, '');
    case 'sort': {
      const current = state.sort[state.window];
      const reverse = current?.by === action.by ? !current.reverse : false;
      return {
        ...state,
        sort: { ...state.sort, [state.window]: { by: action.by, reverse } },
        cursor: { ...state.cursor, [state.window]: 0 },
      };
    }
    case 'dialog.open':
      return { ...state, dialog: action.dialog, input: undefined };
    case 'dialog.close':
      return state.dialog === undefined ? state : { ...state, dialog: undefined };
    case 'dialog.scroll': {
      const dialog = state.dialog;
      if (dialog === undefined || (dialog.kind !== 'approve' && dialog.kind !== 'help')) return state;
      return { ...state, dialog: { ...dialog, scroll: Math.max(0, dialog.scroll + action.delta) } };
    }
    case 'dialog.type':
      return state.dialog?.kind === 'reject' ? { ...state, dialog: { ...state.dialog, reason: state.dialog.reason + action.text } } : state;
    case 'dialog.backspace':
      return state.dialog?.kind === 'reject'
        ? { ...state, dialog: { ...state.dialog, reason: [...state.dialog.reason].slice(0, -1).join('') } }
        : state;
    case 'detail.mode':
      return { ...state, detail: { ...state.detail, mode: state.detail.mode === action.mode ? 'describe' : action.mode, scroll: 0 } };
    case 'detail.focus':
      return {
        ...state,
        detail: { ...state.detail, focused: action.focused, scroll: 0, mode: action.focused ? state.detail.mode : 'describe' },
      };
    case 'detail.scroll':
      return { ...state, detail: { ...state.detail, scroll: Math.max(0, state.detail.scroll + action.delta) } };
    case 'yaml':
      return { ...state, yaml: action.yaml };
    case 'flash':
      return { ...state, busy: undefined, flash: { message: action.message, ok: action.ok, until: action.now + FLASH_MS } };
    case 'busy':
      return { ...state, busy: action.busy };
    case 'tick':
      return state.flash !== undefined && action.now >= state.flash.until ? { ...state, flash: undefined } : state;
  }
}
