/** The dashboard's six windows: their ids in tab order, numbers, titles and `:` command names. Pure. */

/** A window's id. */
export type WindowId = 'pools' | 'nodeClaims' | 'pods' | 'spotEvents' | 'decisions' | 'log';

/** The windows in tab order (`1`–`6`). */
export const WINDOWS: readonly WindowId[] = ['pools', 'nodeClaims', 'pods', 'spotEvents', 'decisions', 'log'];

/** Each window's tab title, the short title for narrow terminals, and its `:` command. */
export const WINDOW_INFO: Readonly<Record<WindowId, { readonly title: string; readonly short: string; readonly command: string }>> = {
  pools: { title: 'Pools', short: 'Pools', command: 'pools' },
  nodeClaims: { title: 'NodeClaims', short: 'Claims', command: 'claims' },
  pods: { title: 'Pods', short: 'Pods', command: 'pods' },
  spotEvents: { title: 'Spot events', short: 'Spot', command: 'spot' },
  decisions: { title: 'Diffs & decisions', short: 'Decisions', command: 'decisions' },
  log: { title: 'Log', short: 'Log', command: 'log' },
};

/** The window `offset` tabs away from `window`, wrapping around. */
export function windowAfter(window: WindowId, offset: number): WindowId {
  const index = WINDOWS.indexOf(window);
  return WINDOWS[(((index + offset) % WINDOWS.length) + WINDOWS.length) % WINDOWS.length];
}
