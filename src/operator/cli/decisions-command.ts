/**
 * `karpd decisions`: the Decisions of the running agent's clusters, newest
 * first — pending ones by default, with each one's diff and what-if below
 * its row — or as JSON.
 */
import { parseArgs } from 'node:util';
import type { Decision } from '../../apis/decision.js';
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
import { formatDecisions } from './decisions-text.js';

const STATES = ['pending', 'approved', 'rejected', 'applied', 'failed', 'superseded'];

const HELP = `Usage: karpd decisions [--cluster C] [--state S | --all] [--json] [--state-dir DIR | --agent URL --token T]

Lists the Decisions of the running agent, newest first: ID, CLUSTER, KIND
(git-change, config-drift, prune), STATE, AGE, the projected $/h before and
after (from the what-if), SUMMARY. Under each pending Decision: its diff
(- live, + Git) and the what-if. Pending Decisions only, unless --state or
--all says otherwise. Approve one with \`karpd approve ID\`, reject it with
\`karpd reject ID --reason TEXT\`.

Options:
  --cluster C               only the Decisions of cluster C
  --state S                 only Decisions in state S: ${STATES.join(', ')}
  --all                     Decisions in every state
  --json                    print the Decisions as JSON (the Decision resources)
${AGENT_OPTIONS_HELP}`;

const OPTIONS = {
  ...AGENT_OPTIONS,
  cluster: { type: 'string' },
  state: { type: 'string' },
  all: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
} as const;

interface DecisionsRequest {
  readonly cluster?: string | undefined;
  readonly state?: string | undefined;
  readonly json: boolean;
}

function stateOf(state: string | undefined, all: boolean): string | undefined {
  if (all && state !== undefined) throw new UsageError('give --state S or --all, not both');
  if (state !== undefined && !STATES.includes(state)) throw new UsageError(`--state "${state}" is not one of ${STATES.join(', ')}`);
  return all ? undefined : (state ?? 'pending');
}

function emptyText({ cluster, state }: DecisionsRequest): string {
  return `no ${state === undefined ? '' : `${state} `}decisions${cluster === undefined ? '' : ` in cluster ${cluster}`}`;
}

const newestFirst = (a: Decision, b: Decision): number =>
  (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '');

/** Runs `karpd decisions`. */
export function run(args: string[], io: CommandIO): Promise<number> {
  return runAgentCommand<DecisionsRequest>(
    { name: 'decisions', help: HELP, io },
    () => {
      const { values, positionals } = parseArgs({ args: inlineFlagValues(args), options: OPTIONS, allowPositionals: true });
      if (values.help) return HELP_REQUESTED;
      noPositionals(positionals);
      const request = { cluster: values.cluster, state: stateOf(values.state, values.all), json: values.json };
      return { help: false, address: addressFlags(values), value: request };
    },
    async (request, session) => {
      const { cluster, state } = request;
      const { decisions } = await session.get<{ decisions: Decision[] }>('/api/v1/decisions', { cluster, state });
      const sorted = [...decisions].sort(newestFirst);
      if (request.json) io.out(JSON.stringify(sorted, null, 2));
      else io.out(sorted.length === 0 ? emptyText(request) : formatDecisions(sorted, session));
      return ExitCode.ok;
    },
  );
}
