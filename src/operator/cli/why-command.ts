/**
 * `karpd why NODE`: asks the running agent (`GET /api/v1/why/{node}`) why karpd is not disrupting a node — or
 * what is — by Node or NodeClaim name, and prints its pool, instance type, state and the verdict (message, method,
 * kind) or the disruption (phase, command, Decision); `--json` prints the answer as it came. An unknown node
 * prints the agent's message naming it and exits 1.
 */
import { parseArgs } from 'node:util';
import type { NodeWhy } from '../../observe/view-model/node-why.js';
import {
  AGENT_OPTIONS,
  AGENT_OPTIONS_HELP,
  AgentRefusedError,
  addressFlags,
  HELP_REQUESTED,
  inlineFlagValues,
  onePositional,
  runAgentCommand,
} from './agent-command.js';
import { type CommandIO, ExitCode } from './command.js';
import { formatNodeWhy } from './why-text.js';

const HELP = `Usage: karpd why NODE [--cluster C] [--json] [--state-dir DIR | --agent URL --token T]

Says why karpd is not disrupting NODE (a Node or NodeClaim name) — the
disruption controller's verdict: its message, the method that said it and the
kind of reason (pod-blocked, budget, policy, no-fit, savings, …) — or, while it
is being disrupted, the phase (waiting for approval, validating, launching
replacements, draining), the command and the Decision carrying it. Also prints
its pool, instance type and state. Exits 1 when no cluster has NODE.

Options:
  --cluster C               look only in cluster C (needed when several have NODE)
  --json                    print the agent's answer as JSON
${AGENT_OPTIONS_HELP}`;

const OPTIONS = {
  ...AGENT_OPTIONS,
  cluster: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

interface WhyRequest {
  readonly node: string;
  readonly cluster?: string | undefined;
  readonly json: boolean;
}

/** Runs `karpd why`. */
export function run(args: string[], io: CommandIO): Promise<number> {
  return runAgentCommand<WhyRequest>(
    { name: 'why', help: HELP, io },
    () => {
      const { values, positionals } = parseArgs({ args: inlineFlagValues(args), options: OPTIONS, allowPositionals: true });
      if (values.help) return HELP_REQUESTED;
      const request = { node: onePositional(positionals, 'NODE'), cluster: values.cluster, json: values.json };
      return { help: false, address: addressFlags(values), value: request };
    },
    async (request, session) => {
      let why: NodeWhy;
      try {
        why = await session.get<NodeWhy>(`/api/v1/why/${encodeURIComponent(request.node)}`, { cluster: request.cluster });
      } catch (error) {
        if (!(error instanceof AgentRefusedError) || error.status !== 404) throw error;
        io.err(`karpd why: ${error.message}`);
        return ExitCode.invalid;
      }
      io.out(request.json ? JSON.stringify(why, null, 2) : formatNodeWhy(why));
      return ExitCode.ok;
    },
  );
}
