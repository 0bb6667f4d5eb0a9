/** `karpd refresh [--cluster C]`: the running agent fetches Git now and re-syncs every cluster (or one), without waiting for the interval. */
import { parseArgs } from 'node:util';
import {
  AGENT_OPTIONS,
  AGENT_OPTIONS_HELP,
  addressFlags,
  HELP_REQUESTED,
  inlineFlagValues,
  noPositionals,
  runAgentCommand,
} from './agent-command.js';
import { type CommandIO, ExitCode } from './command.js';

const HELP = `Usage: karpd refresh [--cluster C] [--state-dir DIR | --agent URL --token T]

Asks the running agent to fetch the Git repository now and re-sync every
cluster (or only C) instead of waiting for the sync interval; returns once
it has. The refresh is recorded in the audit log as yours.

Options:
  --cluster C               only cluster C
${AGENT_OPTIONS_HELP}`;

const OPTIONS = { ...AGENT_OPTIONS, cluster: { type: 'string' } } as const;

/** Runs `karpd refresh`. */
export function run(args: string[], io: CommandIO): Promise<number> {
  return runAgentCommand(
    { name: 'refresh', help: HELP, io },
    () => {
      const { values, positionals } = parseArgs({ args: inlineFlagValues(args), options: OPTIONS, allowPositionals: true });
      if (values.help) return HELP_REQUESTED;
      noPositionals(positionals);
      return { help: false, address: addressFlags(values), value: values.cluster };
    },
    async (cluster, session) => {
      await session.post('/api/v1/refresh', cluster === undefined ? {} : { cluster });
      io.out(
        `refreshed ${cluster === undefined ? 'every cluster' : `cluster ${cluster}`}: Git fetched and re-synced (karpd status shows the result)`,
      );
      return ExitCode.ok;
    },
  );
}
