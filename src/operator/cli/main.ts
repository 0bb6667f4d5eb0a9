/**
 * The `karpd` command line: parses the command word and hands the rest of the
 * arguments to that command's module. Each command lives in its own file in
 * this folder and is loaded only when it runs, so `karpd --help` stays fast.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DashboardLauncher } from '../../observe/dashboard-launch.js';
import type { CommandIO } from './command.js';
import { defaultIO } from './command.js';

/**
 * What the entry point gives the commands besides their streams: the dashboard launcher (`bin/karpd.js` passes
 * one that loads `ui/` and ink only when called, so `src/` never imports them) and the terminal it draws on.
 */
export interface CommandContext {
  readonly launchDashboard?: DashboardLauncher;
  /** Loads `karpd bench ui` (it renders ink frames, so it lives in `ui/bench/` and comes in the same way). */
  readonly loadUiBenchmark?: () => Promise<{ run: (args: string[], io: CommandIO) => Promise<number> }>;
  /** Resolves (with a reason) when a long-running command should stop. @default SIGINT or SIGTERM */
  readonly stop?: Promise<string>;
  /** @default process.stdin / process.stdout */
  readonly terminal?: { readonly stdin: NodeJS.ReadStream; readonly stdout: NodeJS.WriteStream };
}

/** A command the CLI knows: a one-line summary and a lazy loader; its `run` gets the entry point's context too. */
interface CommandEntry {
  readonly summary: string;
  readonly load: () => Promise<{ run: (args: string[], io: CommandIO, context: CommandContext) => Promise<number> }>;
}

/** Every command, in the order `karpd --help` lists them. */
const COMMANDS: Record<string, CommandEntry> = {
  up: {
    summary: 'run karpd on an embedded, simulated cluster and cloud (what `npm start` runs)',
    load: () => import('./up-command.js'),
  },
  'control-plane': {
    summary: 'run only the embedded Kubernetes API server and write its kubeconfig',
    load: () => import('./control-plane-command.js'),
  },
  run: {
    summary: 'run the agent against real clusters (--config FILE): Git repository, kube contexts, AWS',
    load: () => import('./run-command.js'),
  },
  dash: {
    summary: 'open the dashboard on a running agent (--state-dir DIR, or --agent URL --token T through a port-forward)',
    load: () => import('./dash-command.js'),
  },
  sim: {
    summary: 'inject simulated cloud faults into a running `karpd up` through its agent API (token from agent.json)',
    load: () => import('./sim-command.js'),
  },
  status: {
    summary: 'show every cluster the running agent syncs from Git: sync status, revision, last sync, error, pending decisions',
    load: () => import('./status-command.js'),
  },
  decisions: {
    summary: 'list the Decisions that wait for a person (or all, --all), with their diff and projected $/h',
    load: () => import('./decisions-command.js'),
  },
  approve: {
    summary: 'approve a pending Decision (ID) and apply it',
    load: () => import('./approve-command.js'),
  },
  reject: {
    summary: 'reject a pending Decision (ID), with --reason TEXT',
    load: () => import('./reject-command.js'),
  },
  why: {
    summary: 'say why karpd is not disrupting a node (NODE or NodeClaim name), or what is disrupting it',
    load: () => import('./why-command.js'),
  },
  refresh: {
    summary: 'fetch Git now and re-sync every cluster (or --cluster C)',
    load: () => import('./refresh-command.js'),
  },
  suspend: {
    summary: 'suspend GitOps sync of a cluster (--cluster C) until resumed',
    load: () => import('./suspend-command.js'),
  },
  resume: {
    summary: 'resume GitOps sync of a suspended cluster (--cluster C)',
    load: async () => ({ run: (await import('./suspend-command.js')).runResume }),
  },
  plan: {
    summary: 'show what a commit would change in each cluster: diffs, projected $/h, pods left unschedulable (exit 0/1/2)',
    load: () => import('./plan-command.js'),
  },
  validate: {
    summary: 'validate NodePool / EC2NodeClass manifests, folders or a GitOps repository',
    load: () => import('./validate-command.js'),
  },
  new: {
    summary: 'add a NodePool to a cluster folder of the GitOps repository (`karpd new nodepool NAME --cluster C`)',
    load: () => import('./new-command.js'),
  },
  bench: {
    summary: 'run a benchmark (`karpd bench scheduling`) and print its figures',
    load: () => import('./bench-command.js'),
  },
  replay: {
    summary: 'replay a scenario (--scenario data-platform) in simulated time: karpd vs cluster-autoscaler vs the cost lower bound',
    load: () => import('./replay-command.js'),
  },
};

/** What `karpd --version` prints: the package's version and the Node.js running it. */
export function versionText(): string {
  const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../package.json'), 'utf8')) as { version: string };
  return `karpd ${pkg.version} (node ${process.version})`;
}

/** The text `karpd --help` prints. */
export function helpText(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, entry]) => `  ${name.padEnd(width)}  ${entry.summary}`);
  return [
    'karpd — a Karpenter-compatible node autoscaler with GitOps node-pool sync',
    '',
    'Usage: karpd <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `karpd <command> --help` for the options of one command; `karpd --version` prints the version.',
  ].join('\n');
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[], io: CommandIO = defaultIO(), context: CommandContext = {}): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(helpText());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    io.out(versionText());
    return 0;
  }
  const entry = COMMANDS[name];
  if (entry === undefined) {
    io.err(`karpd: unknown command "${name}"\n\n${helpText()}`);
    return 2;
  }
  const command = await entry.load();
  return command.run(rest, io, context);
}
