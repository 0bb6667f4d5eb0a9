/**
 * The dashboard's root: reads the source on its tick, keeps the UI state in a store outside React, routes every
 * key through the priority bus, and renders the frame (never taller than the terminal) one memoised line a row.
 */
import { Box, useInput } from 'ink';
import { useMemo, useRef } from 'react';
import type { AppProps } from './app-props.js';
import { type CommandContext, ensureYaml, runRoute } from './app-commands.js';
import { FrameLine } from './components/frame-line.js';
import { useSourceTick } from './hooks/use-source-tick.js';
import { useTerminalSize } from './hooks/use-terminal-size.js';
import { useUiStore } from './hooks/use-ui-store.js';
import { routeKey } from './keys/key-bus.js';
import { keyPressesOf } from './keys/key-press.js';
import { computeLayout } from './state/layout.js';
import { createVisibleRowsSelector } from './state/selectors.js';
import { initialUiState } from './state/ui-state.js';
import { glyphsFor } from './theme/glyphs.js';
import { buildFrame, focusedRows } from './views/frame.js';
import { createTableCache } from './views/table.js';

const wallClock = () => new Date();

/** The dashboard. */
export function App(props: AppProps) {
  const { source, display, onQuit } = props;
  const now = props.now ?? wallClock;
  const tickMs = props.tickMs ?? 200;
  const size = useTerminalSize(props.size);
  const store = useUiStore(() => initialUiState());
  const snapshot = useSourceTick(source, now, tickMs, (at) => {
    store.dispatch({ type: 'tick', now: at.getTime() });
    ensureYaml(contextRef.current);
  });
  const glyphs = glyphsFor(display.unicode);
  const cache = useMemo(createTableCache, []);
  const visible = useMemo(createVisibleRowsSelector, []);
  const ui = store.state;

  // The latest of everything, for key handlers that run between renders.
  const latest = useRef({ snapshot, size });
  latest.current = { snapshot, size };

  const context = useMemo<CommandContext>(
    () => ({
      get: store.get,
      dispatch: store.dispatch,
      view: () => latest.current.snapshot.view ?? source.current(),
      focused: () => {
        const view = latest.current.snapshot.view ?? source.current();
        const { rows, cursor } = focusedRows({ view, ui: store.get(), visible });
        return { rows, cursor };
      },
      pageSize: () => Math.max(1, computeLayout(latest.current.size, store.get().detail.focused).tableRows - 1),
      source,
      readOnly: display.readOnly,
      now: () => now().getTime(),
      onQuit,
      ...(props.quitPrompt === undefined ? {} : { quitPrompt: props.quitPrompt }),
    }),
    [store, source, display.readOnly, now, onQuit, visible, props.quitPrompt],
  );

  const contextRef = useRef(context);
  contextRef.current = context;

  useInput((input, key) => {
    for (const press of keyPressesOf(input, key)) {
      const state = store.get();
      const route = routeKey(press, { window: state.window, dialog: state.dialog?.kind, input: state.input?.mode });
      if (route !== undefined) runRoute(context, route);
    }
    ensureYaml(context);
  });

  const frame = buildFrame({
    view: snapshot.view,
    connection: snapshot.connection,
    ui,
    now: snapshot.now,
    size,
    readOnly: display.readOnly,
    glyphs,
    cache,
    visible,
  });
  return (
    <Box flexDirection="column" width={size.columns} height={frame.length}>
      {frame.map((row, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a frame line is its screen position; React must reuse line N for line N.
        <FrameLine key={index} row={row} glyphs={glyphs} color={display.color} />
      ))}
    </Box>
  );
}
