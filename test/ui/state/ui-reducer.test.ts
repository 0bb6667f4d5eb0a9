import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { uiReducer, type UiAction } from '../../../ui/state/ui-reducer.js';
import { FLASH_MS, initialUiState, type UiState } from '../../../ui/state/ui-state.js';

const run = (state: UiState, ...actions: UiAction[]) => actions.reduce(uiReducer, state);

describe('uiReducer', () => {
  it('switches windows by id and by offset, wrapping around', () => {
    const s = initialUiState();
    assert.equal(run(s, { type: 'window', window: 'pods' }).window, 'pods');
    assert.equal(run(s, { type: 'window.offset', offset: -1 }).window, 'log');
    assert.equal(run(s, { type: 'window.offset', offset: 7 }).window, 'nodeClaims');
  });

  it('moves the cursor within the rows and resets the detail scroll', () => {
    let s = run(initialUiState(), { type: 'detail.scroll', delta: 3 });
    s = run(s, { type: 'move', delta: 2, count: 5 });
    assert.equal(s.cursor.pools, 2);
    assert.equal(s.detail.scroll, 0);
    assert.equal(run(s, { type: 'move', delta: 10, count: 5 }).cursor.pools, 4);
    assert.equal(run(s, { type: 'move', delta: -10, count: 5 }).cursor.pools, 0);
    assert.equal(run(s, { type: 'move.bottom', count: 9 }).cursor.pools, 8);
    assert.equal(run(s, { type: 'move.top' }).cursor.pools, 0);
  });

  it('keeps one cursor per window', () => {
    const s = run(
      initialUiState(),
      { type: 'move', delta: 3, count: 10 },
      { type: 'window', window: 'pods' },
      { type: 'move', delta: 1, count: 10 },
    );
    assert.equal(s.cursor.pools, 3);
    assert.equal(s.cursor.pods, 1);
  });

  it('follows the log tail until the cursor moves up, and again at the bottom', () => {
    let s = run(initialUiState('log'));
    assert.equal(s.followLog, true);
    s = run(s, { type: 'move', delta: -1, count: 10 });
    assert.equal(s.followLog, false);
    assert.equal(s.cursor.log, 8);
    s = run(s, { type: 'move.bottom', count: 10 });
    assert.equal(s.followLog, true);
  });

  it('applies a filter while it is typed, keeps it on Enter and clears it on Esc', () => {
    let s = run(
      initialUiState(),
      { type: 'move', delta: 2, count: 5 },
      { type: 'input.open', mode: 'filter' },
      { type: 'input.type', text: 'a' },
      { type: 'input.type', text: 'b' },
    );
    assert.equal(s.filter.pools, 'ab');
    assert.equal(s.cursor.pools, 0);
    s = run(s, { type: 'input.backspace' });
    assert.equal(s.filter.pools, 'a');
    const kept = run(s, { type: 'input.submit' });
    assert.equal(kept.input, undefined);
    assert.equal(kept.filter.pools, 'a');
    const cleared = run(s, { type: 'input.cancel' });
    assert.equal(cleared.input, undefined);
    assert.equal(cleared.filter.pools, '');
  });

  it('types a command without touching the filter', () => {
    const s = run(initialUiState(), { type: 'input.open', mode: 'command' }, { type: 'input.type', text: 'pods' });
    assert.deepEqual(s.input, { mode: 'command', text: 'pods' });
    assert.equal(s.filter.pools, '');
    assert.equal(run(s, { type: 'input.cancel' }).input, undefined);
  });

  it('sorts largest first, and reverses when the same key is pressed again', () => {
    let s = run(initialUiState(), { type: 'sort', by: 'cpu' });
    assert.deepEqual(s.sort.pools, { by: 'cpu', reverse: false });
    s = run(s, { type: 'sort', by: 'cpu' });
    assert.deepEqual(s.sort.pools, { by: 'cpu', reverse: true });
    s = run(s, { type: 'sort', by: 'price' });
    assert.deepEqual(s.sort.pools, { by: 'price', reverse: false });
  });

  it('cycles clusters', () => {
    const names = ['a', 'b', 'c'];
    let s = run(initialUiState(), { type: 'cluster.next', names });
    assert.equal(s.cluster, 'b');
    s = run(s, { type: 'cluster.next', names }, { type: 'cluster.next', names });
    assert.equal(s.cluster, 'a');
  });

  it('types a reject reason only into the reject dialog', () => {
    let s = run(
      initialUiState(),
      { type: 'dialog.open', dialog: { kind: 'reject', decision: 'd', reason: '' } },
      { type: 'dialog.type', text: 'no' },
      { type: 'dialog.type', text: 'pe' },
      { type: 'dialog.backspace' },
    );
    assert.deepEqual(s.dialog, { kind: 'reject', decision: 'd', reason: 'nop' });
    s = run(initialUiState(), { type: 'dialog.open', dialog: { kind: 'quit' } }, { type: 'dialog.type', text: 'x' });
    assert.deepEqual(s.dialog, { kind: 'quit' });
  });

  it('toggles the detail mode and leaves it when the detail loses focus', () => {
    let s = run(initialUiState(), { type: 'detail.mode', mode: 'diff' });
    assert.equal(s.detail.mode, 'diff');
    assert.equal(run(s, { type: 'detail.mode', mode: 'diff' }).detail.mode, 'describe');
    s = run(s, { type: 'detail.focus', focused: true });
    assert.equal(s.detail.focused, true);
    assert.equal(s.detail.mode, 'diff');
    assert.equal(run(s, { type: 'detail.focus', focused: false }).detail.mode, 'describe');
  });

  it('shows a flash for FLASH_MS, then drops it on a tick; a flash ends the busy state', () => {
    let s = run(initialUiState(), { type: 'busy', busy: 'approving d…' }, { type: 'flash', message: 'approved', ok: true, now: 1000 });
    assert.equal(s.busy, undefined);
    assert.equal(s.flash?.message, 'approved');
    s = run(s, { type: 'tick', now: 1000 + FLASH_MS - 1 });
    assert.ok(s.flash);
    assert.equal(run(s, { type: 'tick', now: 1000 + FLASH_MS }).flash, undefined);
  });

  it('returns the same state object when nothing changes (no re-render)', () => {
    const s = initialUiState();
    assert.equal(uiReducer(s, { type: 'tick', now: 5 }), s);
    assert.equal(uiReducer(s, { type: 'window', window: 'pools' }), s);
    assert.equal(uiReducer(s, { type: 'move', delta: -1, count: 3 }), s);
  });
});
