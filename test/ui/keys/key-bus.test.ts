import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { activeBindings, routeKey } from '../../../ui/keys/key-bus.js';
import { KEYMAP } from '../../../ui/keys/keymap.js';

const key = (name: string, text?: string) => ({ name, text: text ?? (name.length === 1 ? name : undefined) });

describe('key bus', () => {
  it('routes global keys in every window', () => {
    assert.equal(routeKey(key('j'), { window: 'pools' })?.command, 'nav.down');
    assert.equal(routeKey(key('down'), { window: 'log' })?.command, 'nav.down');
    assert.equal(routeKey(key('3'), { window: 'log' })?.command, 'view.pods');
    assert.equal(routeKey(key('shift-tab'), { window: 'pools' })?.command, 'view.prev');
    assert.equal(routeKey(key('ctrl-c'), { window: 'pools' })?.command, 'quit');
  });

  it('routes a window key in its window before the global keys', () => {
    const route = routeKey(key('a'), { window: 'decisions' });
    assert.equal(route?.layer, 'window');
    assert.equal(route?.command, 'decision.approve');
    assert.equal(route?.elsewhere, undefined);
  });

  it('says where a window key works when pressed elsewhere', () => {
    const route = routeKey(key('a'), { window: 'pools' });
    assert.equal(route?.command, 'decision.approve');
    assert.deepEqual(route?.elsewhere, ['decisions']);
  });

  it('gives an open dialog every key before the window behind it', () => {
    assert.equal(routeKey(key('enter'), { window: 'decisions', dialog: 'approve' })?.command, 'dialog.confirm');
    assert.equal(routeKey(key('esc'), { window: 'decisions', dialog: 'approve' })?.command, 'dialog.cancel');
    // `a` and `j` would approve or move behind the dialog: the dialog swallows or scrolls instead.
    const swallowed = routeKey(key('x'), { window: 'decisions', dialog: 'approve' });
    assert.equal(swallowed?.layer, 'dialog');
    assert.equal(swallowed?.command, undefined);
    assert.equal(routeKey(key('j'), { window: 'decisions', dialog: 'approve' })?.command, 'dialog.scrollDown');
    assert.equal(routeKey(key('q'), { window: 'pools', dialog: 'quit' })?.command, undefined);
    assert.equal(routeKey(key('ctrl-c'), { window: 'pools', dialog: 'quit' })?.command, 'quit.now');
  });

  it('types text into the reject dialog and the filter input', () => {
    assert.deepEqual(routeKey(key('q'), { window: 'decisions', dialog: 'reject' }), { layer: 'dialog', text: 'q' });
    assert.deepEqual(routeKey(key('j'), { window: 'pools', input: 'filter' }), { layer: 'input', text: 'j' });
    assert.equal(routeKey(key('enter'), { window: 'pools', input: 'filter' })?.command, 'input.submit');
    assert.equal(routeKey(key('up'), { window: 'pools', input: 'command' })?.command, undefined);
  });

  it('lists the keys valid now for the status line', () => {
    const ids = (list: ReturnType<typeof activeBindings>) => list.map((b) => b.id);
    assert.ok(ids(activeBindings({ window: 'decisions' })).includes('decision.approve'));
    assert.ok(!ids(activeBindings({ window: 'pools' })).includes('decision.approve'));
    assert.ok(ids(activeBindings({ window: 'nodeClaims' })).includes('spot.inject'));
    assert.deepEqual(
      [...new Set(ids(activeBindings({ window: 'pools', dialog: 'quit' })))],
      ['dialog.confirm', 'dialog.cancel', 'quit.now'],
    );
  });

  it('binds no key twice in one place', () => {
    const seen = new Map<string, string>();
    for (const binding of KEYMAP) {
      const places = binding.scope === 'window' ? (binding.windows ?? []).map((w) => `window:${w}`) : [binding.scope];
      for (const place of places) {
        for (const name of binding.keys) {
          const slot = `${place} ${name}`;
          assert.equal(seen.get(slot), undefined, `${slot} bound to ${seen.get(slot)} and ${binding.id}`);
          seen.set(slot, binding.id);
        }
      }
    }
    // A window key must not shadow a global key in its window (the window would win silently).
    const globals = new Set(KEYMAP.filter((b) => b.scope === 'global').flatMap((b) => b.keys));
    for (const binding of KEYMAP.filter((b) => b.scope === 'window')) for (const name of binding.keys) assert.ok(!globals.has(name), name);
  });
});
