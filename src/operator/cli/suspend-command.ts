/**
 * `karpd suspend --cluster C` and `karpd resume --cluster C`: stop and
 * restart GitOps sync of one cluster through the running agent (Flux's
 * suspend). A suspension by a person persists across agent restarts.
 */
import { parseArgs } from 'node:util';
import {
  AGENT_OPTIONS,
  AGENT_OPTIONS_HELP,
  inlineFlagValues,
  addressFlags,
  HELP_REQUESTED,
  noPositionals,
  runAgentCommand,
  UsageError,
} from './agent-command.js';
import { type CommandIO, ExitCode } from './command.js';

const SUSPEND_HELP = `Usage: karpd suspend --cluster C [--state-dir DIR | --agent URL --token T]

Suspends GitOps sync of cluster C: new commits are not applied and config
drift is not reverted until \`karpd resume --cluster C\`. Drift is still
shown. The suspension is recorded as yours and survives an agent restart.

Options:
  --cluster C               the cluster to suspend (required)
${AGENT_OPTIONS_HELP}`;

const RESUME_HELP = `Usage: karpd resume --cluster C [--state-dir DIR | --agent URL --token T]

Resumes GitOps sync of cluster C after \`karpd suspend\`: the agent syncs it
again at once and then on its interval.

Options:
  --cluster C               the cluster to resume (required)
${AGENT_OPTIONS_HELP}`;

const OPTIONS = { ...AGENT_OPTIONS, cluster: { type: 'string' } } as const;

function runClusterAction(action: 'suspend' | 'resume', args: string[], io: CommandIO): Promise<number> {
  return runAgentCommand(
    { name: action, help: action === 'suspend' ? SUSPEND_HELP : RESUME_HELP, io },
    () => {
      const { values, positionals } = parseArgs({ args: inlineFlagValues(args), options: OPTIONS, allowPositionals: true });
      if (values.help) return HELP_REQUESTED;
      noPositionals(positionals);
      if (values.cluster === undefined) throw new UsageError('--cluster C is required');
      return { help: false, address: addressFlags(values), value: values.cluster };
    },
    async (cluster, session) => {
      await session.post(`/api/v1/clusters/${action}`, { cluster });
      io.out(
        action === 'suspend'
          ? `suspended cluster ${cluster}: nothing is applied to it until karpd resume --cluster ${cluster}`
          : `resumed cluster ${cluster}: syncing it from Git again`,
      );
      return ExitCode.ok;
    },
  );
}

/** Runs `karpd suspend`. */
export function run(args: string[], io: CommandIO): Promise<number> {
  return runClusterAction('suspend', args, io);
}

/** Runs `karpd resume`. */
export function runResume(args: string[], io: CommandIO): Promise<number> {
  return runClusterAction('resume', args, io);
}
