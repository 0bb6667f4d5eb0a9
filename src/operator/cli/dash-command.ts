/**
 * `karpd dash`: the dashboard attached to a running agent (`--state-dir DIR`, or `--agent URL --token T` through a
 * port-forward). Checks first that it has a terminal and that the agent answers with this token, each failure one
 * line and exit 2; then hands the terminal to the dashboard launcher `bin/karpd.js` passes (which loads ink).
 */
import { parseArgs } from 'node:util';
import { DASHBOARD_CLIENT_HEADER, DashboardRoutes } from '../../observe/dashboard-api.js';
import type { DashboardLauncher } from '../../observe/dashboard-launch.js';
import { isAgentFlagsError, isNoAgentError, readAgentAddress, resolveAgentAddress, type AgentAddress } from '../agent-address.js';
import { AgentUnreachableError, requestAgent } from '../agent-client.js';
import { addressFlags, inlineFlagValues, noPositionals, UsageError } from './agent-command.js';
import { type CommandIO, ExitCode, isContinuousIntegration } from './command.js';
import type { CommandContext } from './main.js';
import { findError } from '../../apis/errors.js';

const HELP = `Usage: karpd dash [--state-dir DIR | --agent URL --token T] [--read-only] [--color never|always|auto]

Opens the dashboard on a running agent: the one \`karpd up\` started with this
state folder (its agent.json names the agent and the token), or any agent's
API given as --agent URL --token T (an agent in a cluster, through
\`kubectl port-forward\`). The view follows the agent live and survives the
agent restarting (it reconnects and says so). Needs a terminal: when stdout
is not a TTY or CI is set, use \`karpd status\` and \`karpd decisions\`.

Options:
  --state-dir DIR           the state directory whose agent.json names the agent and its token (default .karpd)
  --agent URL               the agent API's URL instead of agent.json (needs --token)
  --token T                 the bearer token for --agent (default: $KARPD_TOKEN); never printed
  --read-only               show the actions but refuse them (for watching a production agent)
  --color never|always|auto colour: auto means on for a terminal without NO_COLOR (default auto)
  -h, --help                this help`;

const OPTIONS = {
  'state-dir': { type: 'string' },
  agent: { type: 'string' },
  token: { type: 'string' },
  'read-only': { type: 'boolean', default: false },
  color: { type: 'string', default: 'auto' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const COLORS = ['never', 'always', 'auto'] as const;
type Color = (typeof COLORS)[number];

interface DashFlags {
  readonly address: ReturnType<typeof addressFlags>;
  readonly readOnly: boolean;
  readonly color: Color;
}

function parse(args: string[]): DashFlags | 'help' {
  const { values, positionals } = parseArgs({ args: inlineFlagValues(args), options: OPTIONS, allowPositionals: true });
  if (values.help) return 'help';
  noPositionals(positionals);
  const color = values.color as Color;
  if (!COLORS.includes(color)) throw new UsageError(`--color must be never, always or auto, got "${values.color}"`);
  return { address: addressFlags(values), readOnly: values['read-only'], color };
}

/** Why the agent cannot be used, in one line; undefined when it answers the view with this token. */
async function checkAgent(address: AgentAddress): Promise<string | undefined> {
  try {
    const reply = await requestAgent(address, { method: 'GET', path: DashboardRoutes.view, headers: DASHBOARD_CLIENT_HEADER });
    if (reply.status === 200) return undefined;
    if (reply.status === 401) return `the agent at ${address.url} refused the token (check --token, KARPD_TOKEN or agent.json)`;
    if (reply.status === 404) return `the agent at ${address.url} serves no dashboard view (is it an older karpd?)`;
    const error = (reply.body as { error?: unknown } | undefined)?.error;
    return `the agent at ${address.url} answered ${reply.status}${typeof error === 'string' ? `: ${error}` : ''}`;
  } catch (error) {
    const unreachable = findError(error, AgentUnreachableError);
    if (unreachable !== undefined) return `${unreachable.message} (is the agent still running?)`;
    throw error;
  }
}

/**
 * With `--state-dir` (no `--agent`), the address is agent.json's each time the dashboard reconnects: a
 * `karpd up` restarted on the same folder has a new port and token, and the dashboard finds it again. While the
 * file is missing or unreadable (the agent is still starting), the last address stays.
 */
function followingAgentFile(flags: DashFlags, cwd: string, first: AgentAddress) {
  if (flags.address.agent !== undefined) return {};
  let last = first;
  return {
    address: () => {
      try {
        last = readAgentAddress(flags.address.stateDir ?? '.karpd', cwd);
      } catch {
        // keep the last address: a restarting agent writes agent.json again shortly
      }
      return { agentUrl: last.url, token: last.token };
    },
  };
}

/** Runs `karpd dash`. */
export async function run(args: string[], io: CommandIO, context: CommandContext = {}): Promise<number> {
  const fail = (line: string, usage = false) => {
    io.err(`karpd dash: ${line}${usage ? '\nRun `karpd dash --help` for its options.' : ''}`);
    return ExitCode.usage;
  };
  let flags: DashFlags | 'help';
  try {
    flags = parse(args);
  } catch (error) {
    return fail((error as Error).message, true);
  }
  if (flags === 'help') {
    io.out(HELP);
    return ExitCode.ok;
  }
  const env = io.env ?? process.env;
  const stdin = context.terminal?.stdin ?? process.stdin;
  const stdout = context.terminal?.stdout ?? process.stdout;
  if (stdout.isTTY !== true || isContinuousIntegration(env))
    return fail(
      `needs a terminal (${stdout.isTTY !== true ? 'stdout is not a TTY' : 'CI is set'}); use \`karpd status\` or \`karpd decisions\` instead`,
    );
  let address: AgentAddress;
  try {
    address = resolveAgentAddress(flags.address, io.cwd, env.KARPD_TOKEN);
  } catch (error) {
    if (isNoAgentError(error)) return fail((error as Error).message);
    if (isAgentFlagsError(error)) return fail((error as Error).message, true);
    throw error;
  }
  const problem = await checkAgent(address);
  if (problem !== undefined) return fail(problem);
  const launch: DashboardLauncher | undefined = context.launchDashboard;
  if (launch === undefined) return fail('the dashboard is not available in this entry point (run karpd through bin/karpd.js)');
  const running = await launch({
    target: { kind: 'remote', agentUrl: address.url, token: address.token, ...followingAgentFile(flags, io.cwd, address) },
    color: flags.color,
    readOnly: flags.readOnly,
    stdin,
    stdout,
    env: env as NodeJS.ProcessEnv,
  });
  try {
    await running.done;
  } finally {
    running.close();
  }
  return ExitCode.ok;
}
