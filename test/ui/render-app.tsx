/** Renders the dashboard for tests: a fake source, a fixed clock and size, and a `press` that waits for the frame. */
import { render } from 'ink-testing-library';
import type { ViewModel } from '../../src/observe/view-model/view-model.js';
import { viewModel } from '../../src/testing/view-model-fixtures.js';
import { App } from '../../ui/app.js';
import type { DisplayOptions } from '../../ui/app-props.js';
import { FakeDashboardSource } from './fake-dashboard-source.js';

/** Key sequences ink understands. */
export const KEYS = {
  up: '\u001B[A',
  down: '\u001B[B',
  pageUp: '\u001B[5~',
  pageDown: '\u001B[6~',
  enter: '\r',
  escape: '\u001B',
  tab: '\t',
  shiftTab: '\u001B[Z',
  backspace: '\u007F',
  ctrlC: '\u0003',
} as const;

/** The fixed wall clock of tests. */
export const TEST_NOW = new Date(2026, 0, 1, 14, 2, 11);

/** Waits `ms` (timers, promise callbacks and ink's render run meanwhile). */
export async function settle(ms = 15): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Waits until the app has caught up: for the first new frame after `before` frames (at most `firstMs`; a key
 * may change nothing), then until ink has written nothing for `quietMs`.
 */
async function caughtUp(frames: readonly unknown[], before: number, firstMs = 150, quietMs = 12): Promise<void> {
  const start = Date.now();
  while (frames.length === before && Date.now() - start < firstMs) await settle(2);
  let count = frames.length;
  let since = Date.now();
  while (Date.now() - start < 2000) {
    await settle(3);
    if (frames.length !== count) {
      count = frames.length;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return;
  }
}

/** What a rendered app gives a test. */
export interface RenderedApp {
  readonly source: FakeDashboardSource;
  frame(): string;
  press(...keys: string[]): Promise<void>;
  /** Pushes a new view and waits for a tick. */
  push(view: ViewModel): Promise<void>;
  readonly quits: { count: number };
  unmount(): void;
}

/** Options of {@link renderApp}. */
export interface RenderOptions {
  /** The first view; pass `undefined` explicitly for none yet. @default viewModel() */
  readonly view?: ViewModel;
  readonly columns?: number;
  readonly rows?: number;
  readonly display?: Partial<DisplayOptions>;
  readonly now?: () => Date;
  readonly quitPrompt?: string;
}

/** Renders `<App>` over a fake source. */
export async function renderApp(options: RenderOptions = {}): Promise<RenderedApp> {
  const source = new FakeDashboardSource('view' in options ? options.view : viewModel());
  const quits = { count: 0 };
  const display: DisplayOptions = { color: false, unicode: true, readOnly: false, ...options.display };
  const instance = render(
    <App
      source={source}
      display={display}
      now={options.now ?? (() => TEST_NOW)}
      size={{ columns: options.columns ?? 120, rows: options.rows ?? 40 }}
      tickMs={5}
      quitPrompt={options.quitPrompt}
      onQuit={() => {
        quits.count++;
      }}
    />,
  );
  await caughtUp(instance.frames, 0);
  return {
    source,
    quits,
    frame: () => instance.lastFrame() ?? '',
    async press(...keys: string[]) {
      for (const key of keys) {
        const before = instance.frames.length;
        instance.stdin.write(key);
        await caughtUp(instance.frames, before);
      }
    },
    async push(view: ViewModel) {
      const before = instance.frames.length;
      source.push(view);
      await caughtUp(instance.frames, before);
    },
    unmount: () => instance.unmount(),
  };
}

/** Types a string in one write, as a paste arrives (ink hands it to the input handler once). */
export function typed(text: string): string[] {
  return [text];
}

/** Types a string one key press at a time. */
export function keyByKey(text: string): string[] {
  return [...text];
}

/** The table's row lines (between the column heads and the detail pane), blank ones dropped, borders trimmed. */
export function tableRows(frame: string): string[] {
  const lines = frame.split('\n');
  const title = lines.findIndex((l) => l.startsWith('├'));
  const details = lines.findIndex((l, i) => i > title && l.includes('details:'));
  return lines
    .slice(title + 2, details)
    .map((l) => l.slice(2, -2).trimEnd())
    .filter((l) => l.trim() !== '');
}

/** The column-heading line of the table. */
export function tableHeading(frame: string): string {
  const lines = frame.split('\n');
  return lines[lines.findIndex((l) => l.startsWith('├')) + 1];
}

/** The detail pane's text (from its title to the status line). */
export function detailText(frame: string): string {
  const lines = frame.split('\n');
  const start = lines.findIndex((l) => l.includes('details:'));
  return lines.slice(start, -1).join('\n');
}

/** The status line (the last line). */
export function statusText(frame: string): string {
  const lines = frame.split('\n');
  return lines[lines.length - 1];
}

/** The names, in the order the table shows them (each must appear in exactly one row). */
export function rowOrder(frame: string, names: readonly string[]): string[] {
  const rows = tableRows(frame);
  return [...names].sort((a, b) => rows.findIndex((r) => r.includes(a)) - rows.findIndex((r) => r.includes(b)));
}
