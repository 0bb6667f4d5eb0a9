/** `karpd reject ID [--reason TEXT]`: rejects a pending Decision through the running agent; nothing of it is applied. */
import { parseArgs } from 'node:util';
import type { Decision } from '../../apis/decision.js';
import {
  AGENT_OPTIONS,
  AGENT_OPTIONS_HELP,
  inlineFlagValues,
  addressFlags,
  HELP_REQUESTED,
  onePositional,
  runAgentCommand,
  UsageError,
} from './agent-command.js';
import { type CommandIO, ExitCode } from './command.js';

const HELP = `Usage: karpd reject ID [--reason TEXT] [--state-dir DIR | --agent URL --token T]

Rejects the pending Decision ID (see \`karpd decisions\`) as you (your OS
user and the reason are recorded in its history and the audit log). Nothing
of it is applied; a rejected config drift stays as it is in the cluster.

Options:
  --reason TEXT             why (at most 1024 characters), shown in the Decision and the audit log
${AGENT_OPTIONS_HELP}`;

const OPTIONS = { ...AGENT_OPTIONS, reason: { type: 'string' } } as const;

const MAX_REASON = 1024;

/** Runs `karpd reject`. */
export function run(args: string[], io: CommandIO): Promise<number> {
  return runAgentCommand(
    { name: 'reject', help: HELP, io },
    () => {
      const { values, positionals } = parseArgs({ args: inlineFlagValues(args), options: OPTIONS, allowPositionals: true });
      if (values.help) return HELP_REQUESTED;
      const name = onePositional(positionals, 'ID (a decision name, see karpd decisions)');
      if (values.reason !== undefined && values.reason.length > MAX_REASON)
        throw new UsageError(`--reason is longer than ${MAX_REASON} characters`);
      return { help: false, address: addressFlags(values), value: { name, reason: values.reason } };
    },
    async ({ name, reason }, session) => {
      const decision = await session.post<Decision>('/api/v1/decisions/reject', reason === undefined ? { name } : { name, reason });
      io.out(`rejected decision ${name} (cluster ${decision.spec.cluster}: ${decision.spec.summary})`);
      return ExitCode.ok;
    },
  );
}
