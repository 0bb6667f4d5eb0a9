/**
 * `karpd control-plane [--port N] [--state-dir DIR]`: runs only the embedded
 * Kubernetes API server (the one `karpd up` starts), writes DIR/kubeconfig
 * (HTTPS with the server's self-signed certificate and the bearer token
 * generated at start, mode 0600) and prints the URL until Ctrl-C.
 */
import { findError } from '../../apis/errors.js';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startControlPlane } from '../../sim/control-plane/control-plane.js';
import { writeKubeconfig } from '../../sim/control-plane/kubeconfig.js';
import { generateToken } from '../agent-file.js';
import { createLogger } from '../logger.js';
import { checkPortsFree, isAddressInUse, PortInUseError } from '../ports.js';
import { acquireStateLock, StateDirInUseError, type StateLock } from '../state-lock.js';
import type { CommandIO } from './command.js';
import { ExitCode, stopSignal } from './command.js';
import type { CommandContext } from './main.js';

const HELP = `Usage: karpd control-plane [--port N] [--state-dir DIR] [--log-requests]

Runs the embedded Kubernetes API server on 127.0.0.1 (NodePool, NodeClaim and
EC2NodeClass CRDs preloaded) and writes DIR/kubeconfig (mode 0600) for kubectl and
client-node. Every request but /healthz, /livez, /readyz and /version needs the
bearer token the kubeconfig carries.

  --port N          TCP port (default: any free port)
  --state-dir DIR   where the kubeconfig is written (default .karpd); one karpd at a time uses it (karpd.pid)
  --log-requests    log one line per request (method, URL, status, ms)
  -h, --help        this help`;

function parse(args: string[]) {
  return parseArgs({
    args,
    options: {
      port: { type: 'string', default: '0' },
      'state-dir': { type: 'string', default: '.karpd' },
      'log-requests': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: false,
  }).values;
}

function portOf(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || parsed > 65535) throw new Error(`--port: expected a port number 0-65535, got "${value}"`);
  return parsed;
}

/** Runs `karpd control-plane` until `context.stop` (default: SIGINT/SIGTERM). */
export async function run(args: string[], io: CommandIO, context: CommandContext = {}): Promise<number> {
  const stopped = context.stop ?? stopSignal();
  let flags: ReturnType<typeof parse>;
  let port: number;
  try {
    flags = parse(args);
    port = portOf(flags.port);
  } catch (error) {
    io.err(`karpd control-plane: ${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
    return ExitCode.usage;
  }
  if (flags.help) {
    io.out(HELP);
    return ExitCode.ok;
  }
  const logger = createLogger({ pretty: true, level: flags['log-requests'] ? 'debug' : 'info' });
  const token = generateToken();
  const stateDir = resolve(io.cwd, flags['state-dir']);
  let lock: StateLock | undefined;
  let controlPlane: Awaited<ReturnType<typeof startControlPlane>>;
  try {
    lock = acquireStateLock(stateDir, 'karpd control-plane', { displayDir: flags['state-dir'], logger });
    await checkPortsFree([{ port, flag: '--port' }]);
    controlPlane = await startControlPlane({ port, logger, token });
  } catch (error) {
    lock?.release();
    const known = findError(error, StateDirInUseError) ?? findError(error, PortInUseError);
    if (known !== undefined) io.err(`karpd: ${known.message}`);
    else if (isAddressInUse(error)) io.err(`karpd: port ${port} is in use (--port)`);
    else throw error;
    return ExitCode.usage;
  }
  const kubeconfig = writeKubeconfig(stateDir, controlPlane.url, { token, certificateAuthority: controlPlane.certificateAuthority });
  io.out(
    [
      `Kubernetes API server listening on ${controlPlane.url}`,
      `  kubectl --kubeconfig ${kubeconfig} get nodepools`,
      'Press Ctrl-C to stop.',
    ].join('\n'),
  );
  await stopped;
  await controlPlane.close();
  lock.release();
  io.out('karpd control-plane: stopped');
  return ExitCode.ok;
}
