/**
 * `karpd status`: every cluster the running agent syncs from Git, one block
 * each (sync status, policies, revision applied and seen, last sync, error,
 * pending Decisions), through the agent API.
 */
import { parseArgs } from 'node:util';
import type { ClusterSyncState } from '../../gitops/decisions/gitops-service.js';
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
import { formatStatus } from './status-text.js';

const HELP = `Usage: karpd status [--json] [--state-dir DIR | --agent URL --token T]

Shows every cluster the running agent syncs from Git: its sync status
(✓ synced, ↑ out-of-sync, ~ drifted, ● pending, ⏸ paused, ✗ error; ASCII
when the locale is not UTF-8), the sync and drift policies, the Git source,
the revision applied and the one seen last, the last sync, the error of a
refused revision or an unreachable remote, and the Decisions that wait.

Options:
  --json                    print the clusters' sync state as JSON
${AGENT_OPTIONS_HELP}`;

const OPTIONS = { ...AGENT_OPTIONS, json: { type: 'boolean', default: false } } as const;

/** Runs `karpd status`. */
export function run(args: string[], io: CommandIO): Promise<number> {
  return runAgentCommand(
    { name: 'status', help: HELP, io },
    () => {
      const { values, positionals } = parseArgs({ args: inlineFlagValues(args), options: OPTIONS, allowPositionals: true });
      if (values.help) return HELP_REQUESTED;
      noPositionals(positionals);
      return { help: false, address: addressFlags(values), value: { json: values.json } };
    },
    async ({ json }, session) => {
      const { clusters } = await session.get<{ clusters: ClusterSyncState[] }>('/api/v1/clusters');
      io.out(json ? JSON.stringify(clusters, null, 2) : formatStatus(clusters, session));
      return ExitCode.ok;
    },
  );
}
