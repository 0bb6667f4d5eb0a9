/**
 * `karpd up`: the whole product on a laptop — embedded control plane, local
 * GitOps repository, simulated EC2, simulated kubelet/scheduler/workloads and
 * the agent — until Ctrl-C.
 */
import { findError } from '../../apis/errors.js';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { realClock } from '../clock.js';
import { startEmbeddedStack, type EmbeddedStack } from '../embedded-stack.js';
import { consoleLogStream } from '../console-log-stream.js';
import { startConsoleEvents } from '../console-events.js';
import { createLogger, createStateDirLogger } from '../logger.js';
import { captureTerminalOutput } from '../terminal-capture.js';
import type { LogRing } from '../../observe/log-ring.js';
import type { DashboardLauncher, RunningDashboard } from '../../observe/dashboard-launch.js';
import type { Logger } from '../../kube/logger.js';
import type { CommandContext } from './main.js';
import { checkPortsFree, isAddressInUse, PortInUseError } from '../ports.js';
import { removeSavedWorld, SavedWorldError } from '../saved-world.js';
import { NoSimClusterError } from '../embedded-stack.js';
import { acquireStateLock, StateDirInUseError, type StateLock } from '../state-lock.js';
import { ExitCode, isContinuousIntegration, stopSignal, type CommandIO } from './command.js';

const HELP = `Usage: karpd up [options]

Runs karpd on embedded, simulated clusters and clouds: one for every
cloud: sim cluster of the GitOps repository DIR/gitops (created from
repo-template/ on first start), each kept in sync with its commits. The
clusters and clouds are kept in the state folder (world.json) and continue on
the next run; one karpd at a time uses a state folder (karpd.pid).

Options:
  --state-dir DIR       where kubeconfig, agent.json, the saved world and the GitOps repo live (default .karpd)
  --fresh               start a new cluster and cloud (deletes the saved world; the GitOps repo is kept)
  --cluster NAME        run only this cluster folder of the GitOps repository (default: every cloud: sim cluster)
  --workload demo|none  the data-platform demo workload on the first cluster (default demo)
  --no-tui              no dashboard: one line per launch, termination, decision and sync, and a summary each minute
                        (also when stdout is not a terminal or CI is set)
  --log-format text|json  the no-dashboard lines as text or one JSON object each (default text)
  --read-only           the dashboard shows actions but refuses them
  --color never|always|auto  dashboard colour (default auto: on for a terminal unless NO_COLOR is set)
  --api-port N          port of the first cluster's embedded Kubernetes API (default: any free port)
  --port N              port of the first cluster's agent API (default: any free port)
  -h, --help            this help`;

function parse(args: string[]) {
  return parseArgs({
    args,
    options: {
      'state-dir': { type: 'string', default: '.karpd' },
      cluster: { type: 'string' },
      workload: { type: 'string', default: 'demo' },
      'no-tui': { type: 'boolean', default: false },
      'log-format': { type: 'string', default: 'text' },
      'read-only': { type: 'boolean', default: false },
      color: { type: 'string', default: 'auto' },
      fresh: { type: 'boolean', default: false },
      'api-port': { type: 'string', default: '0' },
      port: { type: 'string', default: '0' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: false,
  }).values;
}

function port(value: string, flag: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) throw new Error(`${flag}: expected a port number 0-65535, got "${value}"`);
  return parsed;
}

/** Runs `karpd up`. */
export async function run(args: string[], io: CommandIO, context: CommandContext = {}): Promise<number> {
  let flags: ReturnType<typeof parse>;
  let apiPort: number;
  let agentPort: number;
  try {
    flags = parse(args);
    apiPort = port(flags['api-port'], '--api-port');
    agentPort = port(flags.port, '--port');
    if (flags.workload !== 'demo' && flags.workload !== 'none')
      throw new Error(`--workload: expected demo or none, got "${flags.workload}"`);
    if (flags['log-format'] !== 'text' && flags['log-format'] !== 'json')
      throw new Error(`--log-format: expected text or json, got "${flags['log-format']}"`);
    if (!['never', 'always', 'auto'].includes(flags.color))
      throw new Error(`--color: expected never, always or auto, got "${flags.color}"`);
  } catch (error) {
    io.err(`karpd up: ${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
    return ExitCode.usage;
  }
  if (flags.help) {
    io.out(HELP);
    return ExitCode.ok;
  }
  const stateDir = resolve(io.cwd, flags['state-dir']);
  const env = io.env ?? process.env;
  const stdout = context.terminal?.stdout ?? process.stdout;
  const stdin = context.terminal?.stdin ?? process.stdin;
  const headless = headlessReason(flags['no-tui'], stdout, env, context);
  // Until the state folder is ours, nothing is written into it (another karpd may own it): warnings go to stderr.
  const startLogger = createLogger({ level: 'warn', pretty: true, stream: process.stderr });
  const ports = [
    { port: apiPort, flag: '--api-port' },
    { port: agentPort, flag: '--port' },
  ];
  let lock: StateLock | undefined;
  let stack: EmbeddedStack;
  let logger: Logger = startLogger;
  let ring: LogRing | undefined;
  let logFile = '';
  try {
    lock = acquireStateLock(stateDir, 'karpd up', { displayDir: flags['state-dir'], logger: startLogger });
    await checkPortsFree(ports);
    // Without a dashboard, warnings and errors also reach the terminal.
    const echo = headless === undefined ? undefined : { level: 'warn', stream: consoleLogStream(process.stderr) };
    ({ logger, ring, file: logFile } = createStateDirLogger({ stateDir, ...(echo !== undefined ? { echo } : {}) }));
    if (flags.fresh) await removeSavedWorlds(stateDir);
    if (headless === undefined) io.out('karpd up: starting the clusters… (the dashboard opens when they are up)');
    stack = await startEmbeddedStack({
      stateDir,
      cluster: flags.cluster,
      workload: flags.workload as 'demo' | 'none',
      apiPort,
      agentPort,
      clock: realClock(),
      logger,
      persist: true,
      logRing: ring,
    });
  } catch (error) {
    lock?.release();
    const line = startFailure(error, ports);
    if (line === undefined) throw error;
    io.err(`karpd: ${line}`);
    return ExitCode.usage;
  }
  const names = stack.clusters.map((cluster) => cluster.name);
  const banner = [
    `karpd is up: ${names.length === 1 ? 'cluster' : 'clusters'} ${names.map((name) => `"${name}"`).join(', ')}, each on an embedded control plane and a simulated EC2.`,
    `  kubectl --kubeconfig ${stack.kubeconfigPath} get nodeclaims,nodes,pods -A${names.length > 1 ? `   (--context ${names.slice(1).join('|')} for the others)` : ''}`,
    `  agent API  ${stack.agent.server.url}  (/metrics, /healthz, /readyz, /api/v1/...)`,
    `  GitOps     ${stack.repositoryPath}   (edit, git commit, and watch it sync)`,
    `  log        ${logFile}`,
  ];
  let stopReason: string | undefined;
  let noDashboard = headless;
  if (headless === undefined && context.launchDashboard !== undefined) {
    try {
      stopReason = await runDashboard(stack, context.launchDashboard, { stdin, stdout, env, flags, logger });
      io.out([...banner.slice(0, 1), `  state      ${stateDir}`].join('\n'));
    } catch (error) {
      // The clusters are up and must be stopped cleanly: carry on without the dashboard rather than leave them.
      const message = error instanceof Error ? error.message : String(error);
      logger.error({ err: message }, 'the dashboard failed; running without it');
      noDashboard = `the dashboard failed: ${message.split('\n')[0]}`;
    }
  }
  if (stopReason === undefined) {
    io.out([...banner, `${noDashboard === undefined ? '' : `(no dashboard: ${noDashboard}) `}Press Ctrl-C to stop.`].join('\n'));
    stopReason = await runHeadless(stack, flags['log-format'] as 'text' | 'json', io, context.stop);
  }
  logger.info({ reason: stopReason }, 'karpd up stopping');
  io.out('karpd: stopping…');
  try {
    await stack.stop();
  } finally {
    rmSync(join(stateDir, 'agent.json'), { force: true });
    lock.release();
  }
  return ExitCode.ok;
}

/** Why there is no dashboard (`--no-tui`, not a TTY, CI, no launcher), or undefined when there is one. */
function headlessReason(
  noTui: boolean,
  stdout: NodeJS.WriteStream,
  env: Readonly<Record<string, string | undefined>>,
  context: CommandContext,
): string | undefined {
  if (noTui) return '--no-tui';
  if (stdout.isTTY !== true) return 'stdout is not a terminal';
  if (isContinuousIntegration(env)) return 'CI is set';
  if (context.launchDashboard === undefined) return 'this entry point has no dashboard';
  return undefined;
}

/** Until Ctrl-C or SIGTERM: the console event lines and a summary each minute. */
async function runHeadless(stack: EmbeddedStack, format: 'text' | 'json', io: CommandIO, stop?: Promise<string>): Promise<string> {
  const events = startConsoleEvents({ feed: stack.dashboard.feed, out: (line) => io.out(line), format, clock: realClock() });
  try {
    return await (stop ?? stopSignal());
  } finally {
    events.stop();
  }
}

/** Until the operator quits (or a signal): the dashboard owns the terminal, every other output goes to the log. */
async function runDashboard(
  stack: EmbeddedStack,
  launch: DashboardLauncher,
  options: {
    stdin: NodeJS.ReadStream;
    stdout: NodeJS.WriteStream;
    env: Readonly<Record<string, string | undefined>>;
    flags: ReturnType<typeof parse>;
    logger: Logger;
  },
): Promise<string> {
  const capture = captureTerminalOutput(options.logger);
  let running: RunningDashboard | undefined;
  try {
    running = await launch({
      target: { kind: 'in-process', feed: stack.dashboard.feed, agentUrl: stack.agent.server.url, token: stack.agent.token },
      color: options.flags.color as 'never' | 'always' | 'auto',
      readOnly: options.flags['read-only'],
      quitPrompt: 'Quit karpd? The agent and its simulated clusters stop (their world is saved in the state folder).',
      stdin: options.stdin,
      stdout: options.stdout,
      env: options.env as NodeJS.ProcessEnv,
    });
    return await running.done;
  } finally {
    running?.close();
    capture.restore();
  }
}

/** Deletes the saved world of every cluster (`--fresh`): the first one's in DIR, the others' in DIR/clusters/<name>. */
async function removeSavedWorlds(stateDir: string): Promise<void> {
  await removeSavedWorld(stateDir);
  const folder = join(stateDir, 'clusters');
  if (!existsSync(folder)) return;
  for (const entry of readdirSync(folder, { withFileTypes: true }))
    if (entry.isDirectory()) await removeSavedWorld(join(folder, entry.name));
}

/** The one line a start failure the user can fix is reported with; undefined for a bug (thrown on). */
function startFailure(error: unknown, ports: readonly { port: number; flag: string }[]): string | undefined {
  const known =
    findError(error, StateDirInUseError) ??
    findError(error, PortInUseError) ??
    findError(error, SavedWorldError) ??
    findError(error, NoSimClusterError);
  if (known !== undefined) return known.message;
  if (isAddressInUse(error)) {
    const port = (error as { port?: number }).port;
    const flag = ports.find((p) => p.port === port)?.flag;
    return `port ${port ?? '?'} is in use${flag === undefined ? '' : ` (${flag})`}`;
  }
  return undefined;
}
