/**
 * The dashboard's launcher (a {@link DashboardLauncher}): resolves colour and glyphs, builds the source (the
 * agent's own view feed, or a remote agent's stream), takes the terminal — alternate screen before the first
 * frame, raw keys, restored on quit, crash and signals — and renders the {@link App}. `bin/karpd.js` hands it
 * to the CLI, so nothing in `src/` imports ink.
 */
import { render } from 'ink';
import type { DashboardLauncher, DashboardLaunchOptions, RunningDashboard } from '../src/observe/dashboard-launch.js';
import { App } from './app.js';
import type { DashboardSource } from './source/dashboard-source.js';
import { inProcessSource } from './source/in-process-source.js';
import { remoteSource } from './source/remote-source.js';
import { enterAlternateScreen } from './terminal/alternate-screen.js';
import { resolveDisplay } from './terminal/display-options.js';

const STOP_SIGNALS = ['SIGTERM', 'SIGHUP', 'SIGINT'] as const;

function sourceFor(options: DashboardLaunchOptions): DashboardSource {
  const { target } = options;
  return target.kind === 'in-process'
    ? inProcessSource({ feed: target.feed, url: target.agentUrl, token: target.token })
    : remoteSource({
        url: target.agentUrl,
        token: target.token,
        ...(target.address === undefined ? {} : { address: addressOf(target.address) }),
      });
}

/** The remote source's address function over the launch target's. */
function addressOf(address: () => { readonly agentUrl: string; readonly token: string }) {
  return () => {
    const { agentUrl, token } = address();
    return { url: agentUrl, token };
  };
}

/** Starts the dashboard on `options.stdout`; resolves once the first frame is drawn. */
export const launchDashboard: DashboardLauncher = async (options): Promise<RunningDashboard> => {
  const display = resolveDisplay({
    color: options.color,
    readOnly: options.readOnly,
    env: options.env,
    isTTY: options.stdout.isTTY === true,
  });
  const source = sourceFor(options);
  const screen = enterAlternateScreen(options.stdout);
  let finish: (how: 'quit' | 'signal') => void = () => {};
  const done = new Promise<'quit' | 'signal'>((resolve) => {
    finish = resolve;
  });
  let closed = false;
  const onSignal = () => finish('signal');
  const onCrash = () => close();
  function close(): void {
    if (closed) return;
    closed = true;
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
    process.off('uncaughtExceptionMonitor', onCrash);
    instance.unmount();
    source.close();
    screen.leave();
  }
  const instance = render(<App source={source} display={display} quitPrompt={options.quitPrompt} onQuit={() => finish('quit')} />, {
    stdin: options.stdin,
    stdout: options.stdout,
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: 10,
  });
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  process.on('uncaughtExceptionMonitor', onCrash);
  void done.then(close);
  return { done, close };
};
