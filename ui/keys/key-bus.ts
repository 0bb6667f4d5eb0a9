/**
 * The priority bus: a key press goes to the first layer that takes it — an open dialog, then the `/` filter or
 * `:` command input, then the focused window, then the global keys. A dialog or the input is modal: it takes
 * every key, even the ones it does nothing with.
 */
import type { DialogKind } from '../state/ui-state.js';
import type { WindowId } from '../state/windows.js';
import type { KeyPress } from './key-press.js';
import { type CommandId, KEYMAP, type KeyBinding, type Scope } from './keymap.js';

/** What the bus needs to know about the screen. */
export interface BusContext {
  readonly window: WindowId;
  readonly dialog?: DialogKind;
  readonly input?: 'filter' | 'command';
}

/** Where a key went: the layer that took it, and the command or the text it typed (nothing: swallowed). */
export interface Route {
  readonly layer: 'dialog' | 'input' | 'window' | 'global';
  readonly command?: CommandId;
  readonly binding?: KeyBinding;
  readonly text?: string;
  /** The key belongs to other windows (`a` outside Decisions): they are listed so the app can say so. */
  readonly elsewhere?: readonly WindowId[];
}

/** One layer of the bus: whether it is active now and what it makes of a key. */
interface Layer {
  readonly name: Route['layer'];
  active(context: BusContext): boolean;
  take(key: KeyPress, context: BusContext, keymap: readonly KeyBinding[]): Route | undefined;
}

const find = (keymap: readonly KeyBinding[], key: KeyPress, accept: (b: KeyBinding) => boolean) =>
  keymap.find((b) => accept(b) && b.keys.includes(key.name));

const LAYERS: readonly Layer[] = [
  {
    name: 'dialog',
    active: (context) => context.dialog !== undefined,
    take(key, context, keymap) {
      const scope: Scope = `dialog.${context.dialog!}`;
      const binding = find(keymap, key, (b) => b.scope === scope);
      if (binding !== undefined) return { layer: 'dialog', command: binding.id, binding };
      if (context.dialog === 'reject' && key.text !== undefined) return { layer: 'dialog', text: key.text };
      return { layer: 'dialog' };
    },
  },
  {
    name: 'input',
    active: (context) => context.input !== undefined,
    take(key, _context, keymap) {
      const binding = find(keymap, key, (b) => b.scope === 'input');
      if (binding !== undefined) return { layer: 'input', command: binding.id, binding };
      if (key.text !== undefined) return { layer: 'input', text: key.text };
      return { layer: 'input' };
    },
  },
  {
    name: 'window',
    active: () => true,
    take(key, context, keymap) {
      const binding = find(keymap, key, (b) => b.scope === 'window' && (b.windows ?? []).includes(context.window));
      return binding === undefined ? undefined : { layer: 'window', command: binding.id, binding };
    },
  },
  {
    name: 'global',
    active: () => true,
    take(key, _context, keymap) {
      const binding = find(keymap, key, (b) => b.scope === 'global');
      if (binding !== undefined) return { layer: 'global', command: binding.id, binding };
      const other = find(keymap, key, (b) => b.scope === 'window');
      return other === undefined ? undefined : { layer: 'global', command: other.id, binding: other, elsewhere: other.windows ?? [] };
    },
  },
];

/** Routes one key press; undefined when no layer wants it. */
export function routeKey(key: KeyPress, context: BusContext, keymap: readonly KeyBinding[] = KEYMAP): Route | undefined {
  for (const layer of LAYERS) {
    if (!layer.active(context)) continue;
    const route = layer.take(key, context, keymap);
    if (route !== undefined) return route;
  }
  return undefined;
}

/** The bindings valid right now, in keymap order (the status line's list). */
export function activeBindings(context: BusContext, keymap: readonly KeyBinding[] = KEYMAP): readonly KeyBinding[] {
  if (context.dialog !== undefined) return keymap.filter((b) => b.scope === `dialog.${context.dialog}`);
  if (context.input !== undefined) return keymap.filter((b) => b.scope === 'input');
  return keymap.filter((b) => b.scope === 'global' || (b.scope === 'window' && (b.windows ?? []).includes(context.window)));
}
