/**
 * `karpd approve ID`: approves a pending Decision through the running agent,
 * which applies it at once; exits 1 when applying it failed (or a newer
 * revision superseded it), so a script can tell.
 */
import { parseArgs } from 'node:util';
import type { Decision } from '../../apis/decision.js';
import {
  AGENT_OPTIONS,
  AGENT_OPTIONS_HELP,
  addressFlags,
  HELP_REQUESTED,
  inlineFlagValues,
  onePositional,
  runAgentCommand,
} from './agent-command.js';
import { type CommandIO, ExitCode } from './command.js';

const HELP = `Usage: karpd approve ID [--state-dir DIR | --agent URL --token T]

Approves the pending Decision ID (see \`karpd decisions\`) as you (your OS
user is recorded in the Decision's history and the audit log) and waits
while the agent applies it. A person's approval overrides a deny sync window
(the audit log says so).

Exit codes: 0 applied, 1 approved but applying it failed (or it was
superseded), 2 usage error, no agent, unknown Decision or not pending.

Options:
${AGENT_OPTIONS_HELP}`;

/** Exit code 1: the approval was taken but the Decision did not end applied. */
const NOT_APPLIED = 1;

/** Runs `karpd approve`. */
export function run(args: string[], io: CommandIO): Promise<number> {
  return runAgentCommand(
    { name: 'approve', help: HELP, io },
    () => {
      const { values, positionals } = parseArgs({ args: inlineFlagValues(args), options: AGENT_OPTIONS, allowPositionals: true });
      if (values.help) return HELP_REQUESTED;
      return { help: false, address: addressFlags(values), value: onePositional(positionals, 'ID (a decision name, see karpd decisions)') };
    },
    async (name, session) => {
      const decision = await session.post<Decision>('/api/v1/decisions/approve', { name });
      const state = decision.status?.state ?? 'pending';
      const what = `decision ${name} (cluster ${decision.spec.cluster}: ${decision.spec.summary})`;
      // An approval not yet carried out (a node Decision, or one taken by a follower) says who carries it out.
      const said = decision.status?.message ?? (state === 'approved' ? decision.status?.history?.at(-1)?.message : undefined);
      const message = said === undefined ? '' : `: ${said}`;
      if (state === 'failed' || state === 'superseded') {
        io.err(`karpd approve: approved ${what}, but it ${state === 'failed' ? 'failed to apply' : 'was superseded'}${message}`);
        return NOT_APPLIED;
      }
      io.out(`approved ${what}: ${state}${message}`);
      return ExitCode.ok;
    },
  );
}
