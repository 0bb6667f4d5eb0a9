/**
 * What each routed key does: UI state changes go to the reducer; actions call the source's agent API, say that
 * they run, and flash their result. Refused actions (read-only, wrong row, wrong window) flash why.
 */
import type { ClusterView, DecisionRow, NodeClaimRow, ViewModel } from '../src/observe/view-model/view-model.js';
import type { Route } from './keys/key-bus.js';
import { yamlTarget } from './views/detail.js';
import { type KeyBinding, keyLabel } from './keys/keymap.js';
import type { AnyRow } from './state/rows.js';
import { selectedCluster } from './state/selectors.js';
import type { UiAction } from './state/ui-reducer.js';
import type { UiState } from './state/ui-state.js';
import { WINDOWS, WINDOW_INFO, type WindowId } from './state/windows.js';
import type { ActionResult, DashboardSource } from './source/dashboard-source.js';

/** What a command can read and do. */
export interface CommandContext {
  get(): UiState;
  dispatch(action: UiAction): void;
  view(): ViewModel | undefined;
  /** The focused window's visible rows and cursor now. */
  focused(): { readonly rows: readonly AnyRow[]; readonly cursor: number };
  /** Table rows on screen (PgUp/PgDn). */
  pageSize(): number;
  readonly source: DashboardSource;
  readonly readOnly: boolean;
  now(): number;
  onQuit(): void;
  /** What the quit dialog asks (`karpd up` says the agent stops too). */
  readonly quitPrompt?: string;
}

const flash = (ctx: CommandContext, message: string, ok = false) => ctx.dispatch({ type: 'flash', message, ok, now: ctx.now() });

/** Runs an agent call: says it runs, then flashes its result (a thrown error too). */
export async function perform(ctx: CommandContext, busy: string, call: () => Promise<ActionResult>): Promise<void> {
  ctx.dispatch({ type: 'busy', busy });
  try {
    const result = await call();
    flash(ctx, result.message, result.ok);
  } catch (error) {
    flash(ctx, `${busy.replace(/…$/, '')} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function cluster(ctx: CommandContext): ClusterView | undefined {
  return selectedCluster(ctx.view(), ctx.get());
}

function selectedRow(ctx: CommandContext): AnyRow | undefined {
  const { rows, cursor } = ctx.focused();
  return rows[cursor];
}

function move(ctx: CommandContext, delta: number): void {
  const state = ctx.get();
  if (state.detail.focused) return ctx.dispatch({ type: 'detail.scroll', delta });
  ctx.dispatch({ type: 'move', delta, count: ctx.focused().rows.length });
}

/** Why a pending-only action cannot run on this decision, or undefined when it can. */
function notApprovable(decision: DecisionRow, forApprove: boolean): string | undefined {
  if (decision.state !== 'pending') return `${decision.name} is not pending (${decision.state})`;
  if (forApprove && decision.heldBy === 'window')
    return `${decision.name} waits only for a sync window${decision.waitingFor === undefined ? '' : `: ${decision.waitingFor}`}`;
  return undefined;
}

/** Opens the quit confirmation, with the launcher's question when it gave one. */
function askToQuit(ctx: CommandContext): void {
  ctx.dispatch({ type: 'dialog.open', dialog: { kind: 'quit', ...(ctx.quitPrompt === undefined ? {} : { prompt: ctx.quitPrompt }) } });
}

function actionNoun(binding: KeyBinding): string {
  return `${keyLabel(binding.keys[0])} ${binding.label}`;
}

/** Runs a `:` command line. */
export function runCommandLine(ctx: CommandContext, text: string): void {
  const [name = '', ...args] = text.trim().split(/\s+/);
  const window = WINDOWS.find((w) => WINDOW_INFO[w].command === name || w === name);
  if (window !== undefined) return ctx.dispatch({ type: 'window', window });
  if (name === 'q' || name === 'quit' || name === 'q!') return askToQuit(ctx);
  if (name === 'help') return ctx.dispatch({ type: 'dialog.open', dialog: { kind: 'help', scroll: 0 } });
  if (name === 'cluster' || name === 'ctx') {
    const names = ctx.view()?.clusters.map((c) => c.name) ?? [];
    const wanted = args.join(' ');
    if (wanted === '') return flash(ctx, `:cluster NAME (have: ${names.join(', ')})`);
    if (!names.includes(wanted)) return flash(ctx, `no cluster ${wanted} (have: ${names.join(', ')})`);
    ctx.dispatch({ type: 'cluster.set', name: wanted });
    return flash(ctx, `cluster: ${wanted}`, true);
  }
  if (name === '') return;
  flash(ctx, `unknown command :${name} (try :pools :claims :pods :spot :decisions :log :cluster NAME :q)`);
}

/** Does what a routed key means. */
export function runRoute(ctx: CommandContext, route: Route): void {
  const state = ctx.get();
  if (route.text !== undefined) {
    if (route.layer === 'input') ctx.dispatch({ type: 'input.type', text: route.text });
    else if (route.layer === 'dialog') ctx.dispatch({ type: 'dialog.type', text: route.text });
    return;
  }
  const binding = route.binding;
  if (route.command === undefined || binding === undefined) return;
  if (binding.action === true && ctx.readOnly) return flash(ctx, `read-only: ${actionNoun(binding)} is disabled (--read-only)`);
  if (route.elsewhere !== undefined) {
    const where = route.elsewhere.map((w) => `${WINDOWS.indexOf(w) + 1} ${WINDOW_INFO[w].title}`).join(', ');
    return flash(ctx, `${actionNoun(binding)} works in ${where}`);
  }
  const current = cluster(ctx);
  switch (route.command) {
    case 'view.pools':
    case 'view.nodeClaims':
    case 'view.pods':
    case 'view.spotEvents':
    case 'view.decisions':
    case 'view.log':
      return ctx.dispatch({ type: 'window', window: route.command.slice('view.'.length) as WindowId });
    case 'view.next':
      return ctx.dispatch({ type: 'window.offset', offset: 1 });
    case 'view.prev':
      return ctx.dispatch({ type: 'window.offset', offset: -1 });
    case 'nav.down':
      return move(ctx, 1);
    case 'nav.up':
      return move(ctx, -1);
    case 'nav.pageDown':
      return move(ctx, ctx.pageSize());
    case 'nav.pageUp':
      return move(ctx, -ctx.pageSize());
    case 'nav.top':
      return state.detail.focused ? ctx.dispatch({ type: 'detail.scroll', delta: -1e9 }) : ctx.dispatch({ type: 'move.top' });
    case 'nav.bottom':
      return state.detail.focused
        ? ctx.dispatch({ type: 'detail.scroll', delta: 1e9 })
        : ctx.dispatch({ type: 'move.bottom', count: ctx.focused().rows.length });
    case 'detail.open':
      return ctx.dispatch({ type: 'detail.focus', focused: true });
    case 'back':
      if (state.detail.focused) return ctx.dispatch({ type: 'detail.focus', focused: false });
      if (state.detail.mode !== 'describe') return ctx.dispatch({ type: 'detail.mode', mode: state.detail.mode });
      return ctx.dispatch({ type: 'filter.clear' });
    case 'filter.open':
      return ctx.dispatch({ type: 'input.open', mode: 'filter' });
    case 'command.open':
      return ctx.dispatch({ type: 'input.open', mode: 'command' });
    case 'input.submit': {
      const input = state.input;
      ctx.dispatch({ type: 'input.submit' });
      if (input?.mode === 'command') runCommandLine(ctx, input.text);
      return;
    }
    case 'input.cancel':
      return ctx.dispatch({ type: 'input.cancel' });
    case 'input.backspace':
      return ctx.dispatch({ type: 'input.backspace' });
    case 'cluster.next': {
      const names = ctx.view()?.clusters.map((c) => c.name) ?? [];
      if (names.length < 2) return flash(ctx, names.length === 0 ? 'no clusters yet' : `only one cluster: ${names[0]}`);
      const from = current?.name ?? names[0];
      const next = names[(names.indexOf(from) + 1) % names.length];
      ctx.dispatch({ type: 'cluster.set', name: next });
      return flash(ctx, `cluster: ${next}`, true);
    }
    case 'sort.cpu':
      return ctx.dispatch({ type: 'sort', by: 'cpu' });
    case 'sort.memory':
      return ctx.dispatch({ type: 'sort', by: 'memory' });
    case 'sort.price':
      return ctx.dispatch({ type: 'sort', by: 'price' });
    case 'sort.age':
      return ctx.dispatch({ type: 'sort', by: 'age' });
    case 'detail.diff':
      return ctx.dispatch({ type: 'detail.mode', mode: 'diff' });
    case 'detail.yaml':
      if (selectedRow(ctx) === undefined) return flash(ctx, 'nothing selected');
      return ctx.dispatch({ type: 'detail.mode', mode: 'yaml' });
    case 'help':
      return ctx.dispatch({ type: 'dialog.open', dialog: { kind: 'help', scroll: 0 } });
    case 'quit':
      return askToQuit(ctx);
    case 'quit.now':
      ctx.dispatch({ type: 'dialog.close' });
      return ctx.onQuit();
    case 'refresh':
      if (current === undefined) return flash(ctx, 'no cluster yet');
      return void perform(ctx, `refreshing ${current.name}…`, () => ctx.source.actions.refresh(current.name));
    case 'sync.toggle': {
      if (current === undefined) return flash(ctx, 'no cluster yet');
      if (current.header.sync === 'paused')
        return void perform(ctx, `resuming sync of ${current.name}…`, () => ctx.source.actions.resume(current.name));
      return void perform(ctx, `pausing sync of ${current.name}…`, () => ctx.source.actions.suspend(current.name));
    }
    case 'decision.approve':
    case 'decision.reject': {
      const decision = selectedRow(ctx) as DecisionRow | undefined;
      if (decision === undefined) return flash(ctx, 'no decision selected');
      const why = notApprovable(decision, route.command === 'decision.approve');
      if (why !== undefined) return flash(ctx, why);
      return ctx.dispatch({
        type: 'dialog.open',
        dialog:
          route.command === 'decision.approve'
            ? { kind: 'approve', decision: decision.name, scroll: 0 }
            : { kind: 'reject', decision: decision.name, reason: '' },
      });
    }
    case 'spot.inject': {
      const claim = selectedRow(ctx) as NodeClaimRow | undefined;
      if (current === undefined || claim === undefined) return flash(ctx, 'no node selected');
      if (!current.simulated) return flash(ctx, `only in the simulated cloud (${current.name} runs on ${current.cloud})`);
      if (claim.instanceId === undefined) return flash(ctx, `${claim.name} has no instance yet`);
      return ctx.dispatch({
        type: 'dialog.open',
        dialog: { kind: 'inject', cluster: current.name, instanceId: claim.instanceId, nodeClaim: claim.name },
      });
    }
    case 'dialog.cancel':
      return ctx.dispatch({ type: 'dialog.close' });
    case 'dialog.scrollDown':
      return ctx.dispatch({ type: 'dialog.scroll', delta: 1 });
    case 'dialog.scrollUp':
      return ctx.dispatch({ type: 'dialog.scroll', delta: -1 });
    case 'dialog.backspace':
      return ctx.dispatch({ type: 'dialog.backspace' });
    case 'dialog.confirm':
      return confirm(ctx);
  }
}

function confirm(ctx: CommandContext): void {
  const dialog = ctx.get().dialog;
  if (dialog === undefined) return;
  ctx.dispatch({ type: 'dialog.close' });
  switch (dialog.kind) {
    case 'approve':
      if (ctx.readOnly) return flash(ctx, 'read-only: approving is disabled (--read-only)');
      return void perform(ctx, `approving ${dialog.decision}…`, () => ctx.source.actions.approve(dialog.decision));
    case 'reject': {
      if (ctx.readOnly) return flash(ctx, 'read-only: rejecting is disabled (--read-only)');
      const reason = dialog.reason.trim();
      return void perform(ctx, `rejecting ${dialog.decision}…`, () =>
        reason === '' ? ctx.source.actions.reject(dialog.decision) : ctx.source.actions.reject(dialog.decision, reason),
      );
    }
    case 'inject':
      if (ctx.readOnly) return flash(ctx, 'read-only: injecting is disabled (--read-only)');
      return void perform(ctx, `interrupting ${dialog.instanceId}…`, () =>
        ctx.source.actions.injectSpotInterruption(dialog.cluster, dialog.instanceId),
      );
    case 'quit':
      return ctx.onQuit();
    case 'help':
      return;
  }
}

/**
 * Fetches the selected row's YAML when the detail pane shows YAML for a row it has not fetched yet (after `y`,
 * and when the cursor moves while the pane shows YAML); the pane says `loading…` meanwhile.
 */
export function ensureYaml(ctx: CommandContext): void {
  const state = ctx.get();
  if (state.detail.mode !== 'yaml') return;
  const row = selectedRow(ctx);
  const current = cluster(ctx);
  if (row === undefined || current === undefined) return;
  const key = `${state.window}:${row.key}`;
  if (state.yaml?.for === key) return;
  const target = yamlTarget(state.window, row);
  if (target === undefined) return ctx.dispatch({ type: 'yaml', yaml: { for: key, status: 'error', text: 'no YAML for this row' } });
  ctx.dispatch({ type: 'yaml', yaml: { for: key, status: 'loading', text: '' } });
  const done = (yaml: { status: 'ok' | 'error'; text: string }) => {
    // A later fetch (the cursor moved on) wins; this answer is dropped.
    if (ctx.get().yaml?.for === key) ctx.dispatch({ type: 'yaml', yaml: { for: key, ...yaml } });
  };
  ctx.source.actions.objectYaml(current.name, target.kind, target.name, target.namespace).then(
    (result) =>
      done(result.ok && result.yaml !== undefined ? { status: 'ok', text: result.yaml } : { status: 'error', text: result.message }),
    (error: unknown) => done({ status: 'error', text: error instanceof Error ? error.message : String(error) }),
  );
}
