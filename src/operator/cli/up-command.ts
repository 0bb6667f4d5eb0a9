/**
 * `karpd up`: the whole product on a laptop — embedded control plane, local
 * GitOps repository, simulated EC2, simulated kubelet/scheduler/workloads and
 * the agent — until Ctrl-C.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { realClock } from '../clock.js';
import { startEmbeddedStack } from '../embedded-stack.js';
import { createLogger } from '../logger.js';
import { ExitCode, type CommandIO } from './command.js';

const HELP = `Usage: karpd up [options]

Runs karpd on an embedded, simulated cluster and cloud.

Options:
  --state-dir DIR       where kubeconfig, agent.json, the GitOps repo and logs live (default .karpd)
  --cluster NAME        the cluster folder of the GitOps repository to run (default sandbox)
  --workload demo|none  start the data-platform demo workload (default demo)
  --no-tui              log to the terminal instead of drawing the dashboard
  --api-port N          port of the embedded Kubernetes API (default: any free port)
  --port N              port of the agent API (default: any free port)
  -h, --help            this help`;

function parse(args: string[]) {
  return parseArgs({
    args,
    options: {
      'state-dir': { type: 'string', default: '.karpd' },
      cluster: { type: 'string', default: 'sandbox' },
      workload: { type: 'string', default: 'demo' },
      'no-tui': { type: 'boolean', default: false },
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
    if (flags.workload !== 'demo' && flags.workload !== 'none') throw new Error(`--workload: expected demo or none, got "${flags.workload}"`);
  } catch (error) {
    io.err(`karpd up: ${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
    return ExitCode.usage;
  }
  if (flags.help) {
    io.out(HELP);
    return ExitCode.ok;
  }
  const stateDir = resolve(io.cwd, flags['state-dir']);
  mkdirSync(stateDir, { recursive: true });
  if (!flags['no-tui']) io.err('karpd up: the dashboard is not built yet; running with --no-tui (logs below)');
  const logger = createLogger({ pretty: true });
  const stack = await startEmbeddedStack({ stateDir, cluster: flags.cluster, workload: flags.workload, apiPort, agentPort, clock: realClock(), logger });
  io.out(
    [
      `karpd is up: cluster "${flags.cluster}" on an embedded control plane and a simulated EC2.`,
      `  kubectl --kubeconfig ${stack.kubeconfigPath} get nodeclaims,nodes,pods -A`,
      `  agent API  ${stack.agent.server.url}  (/metrics, /healthz, /readyz, /api/v1/...)`,
      `  GitOps     ${stack.repositoryPath}`,
      'Press Ctrl-C to stop.',
    ].join('\n'),
  );
  await new Promise<void>((done) => {
    const stop = () => done();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  io.out('karpd: stopping…');
  await stack.stop();
  return ExitCode.ok;
}
