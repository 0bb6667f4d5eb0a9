/**
 * What the commands that talk to a running agent share (`karpd status`,
 * `decisions`, `approve`, `reject`, `refresh`, `suspend`, `resume`): the
 * `--state-dir` / `--agent --token` flags, the session that calls the agent
 * as the OS user through the CLI (`by`, `X-Karpd-Client: cli`), and one
 * place that turns failures into a line and an exit code — 2 for a usage
 * error, no agent, an unreachable one, or a refusal (unknown decision…).
 *
 * Imports only node built-ins and small local modules: these commands must
 * answer in well under a second (no zod, yaml, kube or scheduling).
 */
import { userInfo } from 'node:os';
import { AutoscalerError, findError, hasError } from '../../apis/errors.js';
import { type AgentAddressFlags, isAgentFlagsError, isNoAgentError, resolveAgentAddress } from '../agent-address.js';
import { AgentUnreachableError, requestAgent } from '../agent-client.js';
import { type CommandIO, ExitCode } from './command.js';

/** The parseArgs options every agent command takes. */
export const AGENT_OPTIONS = {
  'state-dir': { type: 'string' },
  agent: { type: 'string' },
  token: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** Flags whose value may itself start with `-` (a generated token can: base64url uses `-`). */
const VALUE_FLAGS = new Set(['--token', '--agent', '--state-dir', '--reason']);

/**
 * The arguments with `--token VALUE` written as `--token=VALUE`, so that parseArgs takes a value starting with `-`
 * (a token such as `-3fQ…`) as the value instead of refusing it as an ambiguous option.
 */
export function inlineFlagValues(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (VALUE_FLAGS.has(arg) && i + 1 < args.length) {
      out.push(`${arg}=${args[i + 1]}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/** The help lines of {@link AGENT_OPTIONS}. */
export const AGENT_OPTIONS_HELP = `  --state-dir DIR           the state directory whose agent.json names the agent and its token (default .karpd)
  --agent URL               the agent API's URL instead of agent.json (needs --token)
  --token T                 the bearer token for --agent (default: $KARPD_TOKEN)
  -h, --help                this help`;

/** A mistake in the command line: the message is shown with a pointer to --help. */
export class UsageError extends AutoscalerError {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The agent answered with an error status; `issues` name the fields it refused. */
export class AgentRefusedError extends AutoscalerError {
  constructor(
    readonly status: number,
    message: string,
    readonly issues: ReadonlyArray<{ readonly path: string; readonly message: string }> = [],
  ) {
    super(message);
    this.name = 'AgentRefusedError';
  }
}

/** Is `error` an {@link AgentRefusedError}? */
export function isAgentRefusedError(error: unknown): boolean {
  return hasError(error, AgentRefusedError);
}

/** A command's parsed arguments, or a request for its help. */
export type ParsedCommand<T> = { readonly help: true } | { readonly help: false; readonly address: AgentAddressFlags; readonly value: T };

/** What `parse` returns for `--help`. */
export const HELP_REQUESTED: { readonly help: true } = { help: true };

/** The agent as a command sees it, and how to print. */
export interface AgentSession {
  get<T>(path: string, query?: Readonly<Record<string, string | undefined>>): Promise<T>;
  /** POSTs `body` plus `by` (the OS user). */
  post<T>(path: string, body: Readonly<Record<string, unknown>>): Promise<T>;
  /** May glyphs (`✓`, `→`) be printed? False when the locale is not UTF-8. */
  readonly unicode: boolean;
  readonly now: Date;
}

/** The `--state-dir`, `--agent`, `--token` values of parsed flags. */
export function addressFlags(values: { 'state-dir'?: string; agent?: string; token?: string }): AgentAddressFlags {
  return { stateDir: values['state-dir'], agent: values.agent, token: values.token };
}

/** The one positional argument `name`; a {@link UsageError} when it is missing or there are more. */
export function onePositional(positionals: readonly string[], name: string): string {
  if (positionals.length === 0) throw new UsageError(`${name} is required`);
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
  return positionals[0];
}

/** Refuses positional arguments a command does not take. */
export function noPositionals(positionals: readonly string[]): void {
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
}

/** True when the locale (`LC_ALL`, else `LC_CTYPE`, else `LANG`) is UTF-8. */
export function isUtf8Locale(env: Readonly<Record<string, string | undefined>>): boolean {
  const locale = [env.LC_ALL, env.LC_CTYPE, env.LANG].find((value) => value !== undefined && value !== '') ?? '';
  return /utf-?8/i.test(locale);
}

/** The OS user to act as (`os.userInfo()`, else `$USER`), trimmed to what the agent accepts; undefined when none. */
export function actingUser(env: Readonly<Record<string, string | undefined>>): string | undefined {
  let name: string | undefined;
  try {
    name = userInfo().username;
  } catch {
    name = env.USER;
  }
  const cleaned = (name ?? env.USER ?? '').replace(/[^A-Za-z0-9._@-]/g, '_').slice(0, 64);
  return cleaned === '' ? undefined : cleaned;
}

function refusal(status: number, body: unknown): AgentRefusedError {
  const reply = (typeof body === 'object' && body !== null ? body : { error: String(body) }) as {
    error?: string;
    issues?: Array<{ path: string; message: string }>;
  };
  return new AgentRefusedError(status, reply.error ?? `agent answered ${status}`, reply.issues ?? []);
}

function openSession(flags: AgentAddressFlags, io: CommandIO): AgentSession {
  const env = io.env ?? process.env;
  const address = resolveAgentAddress(flags, io.cwd, env.KARPD_TOKEN);
  const by = actingUser(env);
  const headers = { 'X-Karpd-Client': 'cli' };
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const reply = await requestAgent(address, { method, path, body, headers });
    if (reply.status >= 400) throw refusal(reply.status, reply.body);
    return reply.body as T;
  };
  return {
    get: (path, query = {}) => {
      const params = new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined));
      return call('GET', params.size === 0 ? path : `${path}?${params}`);
    },
    post: (path, body) => call('POST', path, by === undefined ? body : { ...body, by }),
    unicode: isUtf8Locale(env),
    now: new Date(),
  };
}

/** The line (and exit code) a failure of an agent command ends with; rethrows what is not a known failure. */
function failureOf(error: unknown): { lines: string[]; usage: boolean } {
  const unreachable = findError(error, AgentUnreachableError);
  if (unreachable !== undefined) return { lines: [`${unreachable.message} (is the agent still running?)`], usage: false };
  const refused = findError(error, AgentRefusedError);
  if (refused !== undefined) return { lines: [refused.message, ...refused.issues.map((i) => `  ${i.path}: ${i.message}`)], usage: false };
  if (isNoAgentError(error)) return { lines: [(error as Error).message], usage: false };
  if (hasError(error, UsageError) || isAgentFlagsError(error) || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    return { lines: [(error as Error).message], usage: true };
  }
  throw error;
}

/**
 * Runs an agent command: `parse` the arguments (help → print it, 0), open the session, `act`; a usage error,
 * no agent, an unreachable one or a refusal prints one line (plus the refused fields) and answers 2.
 */
export async function runAgentCommand<T>(
  command: { readonly name: string; readonly help: string; readonly io: CommandIO },
  parse: () => ParsedCommand<T>,
  act: (value: T, session: AgentSession) => Promise<number>,
): Promise<number> {
  const { name, help, io } = command;
  try {
    const parsed = parse();
    if (parsed.help) {
      io.out(help);
      return ExitCode.ok;
    }
    return await act(parsed.value, openSession(parsed.address, io));
  } catch (error) {
    const failure = failureOf(error);
    io.err(`karpd ${name}: ${failure.lines.join('\n')}${failure.usage ? `\nRun \`karpd ${name} --help\` for its options.` : ''}`);
    return ExitCode.usage;
  }
}
