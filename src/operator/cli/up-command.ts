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
import { createLogger } from '../logger.js';
import { checkPortsFree, isAddressInUse, PortInUseError } from '../ports.js';
import { removeSavedWorld, SavedWorldError } from '../saved-world.js';
import { NoSimClusterError } from '../embedded-stack.js';
import { acquireStateLock, StateDirInUseError, type StateLock } from '../state-lock.js';
import { ExitCode, type CommandIO } from './command.js';

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
  --no-tui              log to the terminal (the only mode until the dashboard exists)
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
export async function run(args: string[], io: CommandIO): Promise<number> {
  let flags: ReturnType<typeof parse>;
  let apiPort: number;
  let agentPort: number;
  try {
    flags = parse(args);
    apiPort = port(flags['api-port'], '--api-port');
    agentPort = port(flags.port, '--port');
    if (flags.workload !== 'demo' && flags.workload !== 'none')
      throw new Error(`--workload: expected demo or none, got "${flags.workload}"`);
  } catch (error) {
    io.err(`karpd up: ${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
    return ExitCode.usage;
  }
  if (flags.help) {
    io.out(HELP);
    return ExitCode.ok;
  }
  const stateDir = resolve(io.cwd, flags['state-dir']);
  const logger = createLogger({ pretty: true });
  const ports = [
    { port: apiPort, flag: '--api-port' },
    { port: agentPort, flag: '--port' },
  ];
  let lock: StateLock | undefined;
  let stack: EmbeddedStack;
  try {
    lock = acquireStateLock(stateDir, 'karpd up', { displayDir: flags['state-dir'], logger });
    await checkPortsFree(ports);
    if (flags.fresh) await removeSavedWorlds(stateDir);
    if (!flags['no-tui']) io.err('karpd up: the dashboard is not built yet; running with --no-tui (logs below)');
    const options = {
      stateDir,
      cluster: flags.cluster,
      workload: flags.workload as 'demo' | 'none',
      apiPort,
      agentPort,
      clock: realClock(),
      logger,
      persist: true,
    };
    stack = await startEmbeddedStack(options);
  } catch (error) {
    lock?.release();
    const line = startFailure(error, ports);
    if (line === undefined) throw error;
    io.err(`karpd: ${line}`);
    return ExitCode.usage;
  }
  const names = stack.clusters.map((cluster) => cluster.name);
  io.out(
    [
      `karpd is up: ${names.length === 1 ? 'cluster' : 'clusters'} ${names.map((name) => `"${name}"`).join(', ')}, each on an embedded control plane and a simulated EC2.`,
      `  kubectl --kubeconfig ${stack.kubeconfigPath} get nodeclaims,nodes,pods -A${names.length > 1 ? `   (--context ${names.slice(1).join('|')} for the others)` : ''}`,
      `  agent API  ${stack.agent.server.url}  (/metrics, /healthz, /readyz, /api/v1/...)`,
      `  GitOps     ${stack.repositoryPath}   (edit, git commit, and watch it sync)`,
      'Press Ctrl-C to stop.',
    ].join('\n'),
  );
  await new Promise<void>((done) => {
    const stop = () => done();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  io.out('karpd: stopping…');
  try {
    await stack.stop();
  } finally {
    rmSync(join(stateDir, 'agent.json'), { force: true });
    lock.release();
  }
  return ExitCode.ok;
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
