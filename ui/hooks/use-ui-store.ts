/**
 * The UI state kept outside React: a ref holds it and the reducer runs synchronously on dispatch (two keys in
 * one tick both see the latest state); React re-renders only when the state object changed.
 */
import { useCallback, useReducer, useRef } from 'react';
import { type UiAction, uiReducer } from '../state/ui-reducer.js';
import type { UiState } from '../state/ui-state.js';

/** The store: read the state now, dispatch an action. */
export interface UiStore {
  readonly state: UiState;
  get(): UiState;
  dispatch(action: UiAction): void;
}

/** A UI store starting at `initial`. */
export function useUiStore(initial: () => UiState): UiStore {
  const ref = useRef<UiState | undefined>(undefined);
  if (ref.current === undefined) ref.current = initial();
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const get = useCallback(() => ref.current!, []);
  const dispatch = useCallback((action: UiAction) => {
    const next = uiReducer(ref.current!, action);
    if (next === ref.current) return;
    ref.current = next;
    rerender();
  }, []);
  return { state: ref.current, get, dispatch };
}
