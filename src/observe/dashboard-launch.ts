/**
 * How a command starts the dashboard without `src/` importing `ui/`: `bin/karpd.js` passes a
 * {@link DashboardLauncher} (which loads ink only when called) to the CLI, and `karpd up` / `karpd dash` call it
 * with where the view model comes from. Types only.
 */
import type { ViewModel } from './view-model/view-model.js';

/** The in-process view model: the latest view and a change signal (`src/observe/view-feed.ts` implements it). */
export interface ViewFeedReader {
  /** The latest view (built at least once before the dashboard starts). */
  current(): ViewModel;
  /** Called after every rebuild that changed the view; returns an unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

/** Where the dashboard reads from; actions always go to `agentUrl` with `token`. */
export type DashboardTarget =
  | { readonly kind: 'in-process'; readonly feed: ViewFeedReader; readonly agentUrl: string; readonly token: string }
  | {
      readonly kind: 'remote';
      readonly agentUrl: string;
      readonly token: string;
      /** Where the agent is now, asked on every reconnect (`--state-dir`: agent.json again, as a restarted agent moves). */
      readonly address?: () => { readonly agentUrl: string; readonly token: string };
    };

/** What a command asks of the dashboard. */
export interface DashboardLaunchOptions {
  readonly target: DashboardTarget;
  /** `--color`. @default 'auto' */
  readonly color: 'never' | 'always' | 'auto';
  /** `--read-only`. */
  readonly readOnly: boolean;
  /** The quit dialog's question (`karpd up`: quitting stops the agent and its clusters too). @default 'Quit the dashboard?' */
  readonly quitPrompt?: string;
  /** The terminal streams (process.stdin/stdout normally). */
  readonly stdin: NodeJS.ReadStream;
  readonly stdout: NodeJS.WriteStream;
  /** The environment the launcher reads `NO_COLOR`, `LANG`/`LC_ALL`/`LC_CTYPE` and `TERM` from. */
  readonly env: NodeJS.ProcessEnv;
}

/** A running dashboard: resolves `done` when the operator confirmed quitting (or a signal asked it to stop). */
export interface RunningDashboard {
  readonly done: Promise<'quit' | 'signal'>;
  /** Restores the terminal (leaves the alternate screen) and unmounts; safe to call twice. */
  close(): void;
}

/** Starts the dashboard (loads ink and React). */
export type DashboardLauncher = (options: DashboardLaunchOptions) => Promise<RunningDashboard>;
