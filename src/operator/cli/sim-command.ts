/**
 * `karpd sim ACTION`: the simulated cloud's fault injection from the shell,
 * through the agent API of a running `karpd up` (address and token from
 * DIR/agent.json).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { callAgent } from '../agent-client.js';
import { ExitCode, type CommandIO } from './command.js';

const HELP = `Usage: karpd sim ACTION [options] [--state-dir DIR]

Drives the simulated EC2 of a running \`karpd up\` through its agent API
(the address and bearer token are read from DIR/agent.json, default .karpd).

Actions:
  instances                                   list the simulated instances
  spot-interruption INSTANCE                  2-minute spot notice, then EC2 reclaims it
  rebalance-recommendation INSTANCE           a rebalance recommendation event
  insufficient-capacity [--instance-type T] [--zone Z] [--capacity-type spot|on-demand] [--duration-ms N]
                                              offerings fail with InsufficientInstanceCapacity (default 300000 ms, at most a day)
  launch-failures [--count N]                 the next N launches fail (1-1000, default 1)

Options:
  --instance-type TYPE      insufficient-capacity: the instance type (e.g. m5.large)
  --zone ZONE               insufficient-capacity: the zone (e.g. eu-west-2a)
  --capacity-type spot|on-demand
                            insufficient-capacity: the capacity type
  --duration-ms N           insufficient-capacity: how long, 1 ms to a day (default 300000)
  --count N                 launch-failures: how many, 1-1000 (default 1)
  --state-dir DIR           where agent.json is (default .karpd)
  -h, --help                this help`;

const OPTIONS = {
  'state-dir': { type: 'string', default: '.karpd' },
  count: { type: 'string' },
  'instance-type': { type: 'string' },
  zone: { type: 'string' },
  'capacity-type': { type: 'string' },
  'duration-ms': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

type Flags = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

/** A number flag as JSON: the server's schema names the field when it is not a number in range. */
const numberFlag = (value: string | undefined): number | string | undefined =>
  value === undefined ? undefined : /^-?\d+(\.\d+)?(e\d+)?$/i.test(value) ? Number(value) : value;

function request(action: string, target: string | undefined, flags: Flags): { method: string; path: string; body?: unknown } {
  const path = `/api/v1/sim/${action}`;
  switch (action) {
    case 'instances':
      return { method: 'GET', path };
    case 'spot-interruption':
    case 'rebalance-recommendation':
      if (target === undefined) throw new Error(`${action}: INSTANCE (an instance id or providerID) is required`);
      return { method: 'POST', path, body: { instance: target } };
    case 'insufficient-capacity': {
      const body = {
        durationMs: numberFlag(flags['duration-ms']),
        instanceType: flags['instance-type'],
        zone: flags.zone,
        capacityType: flags['capacity-type'],
      };
      return { method: 'POST', path, body: JSON.parse(JSON.stringify(body)) as unknown };
    }
    case 'launch-failures':
      return { method: 'POST', path, body: flags.count === undefined ? {} : { count: numberFlag(flags.count) } };
    default:
      throw new Error(`unknown action "${action}"`);
  }
}

function describeFailure(status: number, body: unknown): string {
  const reply = (typeof body === 'object' && body !== null ? body : { error: String(body) }) as {
    error?: string;
    issues?: Array<{ path: string; message: string }>;
  };
  const issues = (reply.issues ?? []).map((issue) => `\n  ${issue.path}: ${issue.message}`).join('');
  return `agent answered ${status}: ${reply.error ?? 'error'}${issues}`;
}

/** Runs `karpd sim`. */
export async function run(args: string[], io: CommandIO): Promise<number> {
  let call: ReturnType<typeof request>;
  let stateDir: string;
  try {
    const { values, positionals } = parseArgs({ args, options: OPTIONS, allowPositionals: true });
    if (values.help || positionals.length === 0) {
      io.out(HELP);
      return values.help ? ExitCode.ok : ExitCode.usage;
    }
    call = request(positionals[0], positionals[1], values);
    stateDir = resolve(io.cwd, values['state-dir']);
  } catch (error) {
    io.err(`karpd sim: ${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
    return ExitCode.usage;
  }
  try {
    const reply = await callAgent(stateDir, call.method, call.path, call.body);
    if (reply.status >= 400) {
      io.err(`karpd sim: ${describeFailure(reply.status, reply.body)}`);
      return ExitCode.invalid;
    }
    io.out(JSON.stringify(reply.body, null, 2));
    return ExitCode.ok;
  } catch (error) {
    io.err(`karpd sim: ${error instanceof Error ? error.message : String(error)}`);
    return ExitCode.invalid;
  }
}
