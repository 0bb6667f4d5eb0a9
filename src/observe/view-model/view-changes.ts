/**
 * The difference between two views as {@link ViewChange}s (what the agent API streams) and applying them:
 * `applyViewDelta(a, { changes: viewChanges(a, b), … })` equals `b`. Pure.
 */
import type { ViewChange, ViewDelta, ViewModel } from './view-model.js';

/** The changes that turn `before` into `after`. */
export function viewChanges(before: ViewModel, after: ViewModel): ViewChange[] {
  void before;
  void after;
  throw new Error('viewChanges: not built yet');
}

/** `view` with `delta` applied; throws when `delta.from` is not `view.version` (the client must re-read the snapshot). */
export function applyViewDelta(view: ViewModel, delta: ViewDelta): ViewModel {
  void view;
  void delta;
  throw new Error('applyViewDelta: not built yet');
}
