/**
 * Where the CLI finds a running agent: `--agent URL --token T` (the token
 * also from `KARPD_TOKEN`), or the state directory's agent.json. Read with
 * plain checks rather than agent-file.ts's zod schema, so that `karpd status`
 * and its kin load no validation library: they must answer in well under a
 * second. The checks are the same (an http(s) URL, a token of at least 32
 * characters); agent-file.ts stays the writer and the full reader.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AutoscalerError, hasError } from '../apis/errors.js';

/** The agent API's address and the bearer token it requires. */
export interface AgentAddress {
  readonly url: string;
  readonly token: string;
}

/** How a command was told to reach the agent. */
export interface AgentAddressFlags {
  /** `--state-dir`, as given (shown in messages as given). @default '.karpd' */
  readonly stateDir?: string | undefined;
  readonly agent?: string | undefined;
  readonly token?: string | undefined;
}

/** No agent can be found from the flags: agent.json is missing or unusable. The message says how to start one. */
export class NoAgentError extends AutoscalerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NoAgentError';
  }
}

/** The flags contradict each other or a value is malformed (`--token` without `--agent`, a URL that is not http). */
export class AgentFlagsError extends AutoscalerError {
  constructor(message: string) {
    super(message);
    this.name = 'AgentFlagsError';
  }
}

/** Is `error` a {@link NoAgentError}? */
export function isNoAgentError(error: unknown): boolean {
  return hasError(error, NoAgentError);
}

/** Is `error` an {@link AgentFlagsError}? */
export function isAgentFlagsError(error: unknown): boolean {
  return hasError(error, AgentFlagsError);
}

const MIN_TOKEN_LENGTH = 32;

function checkedUrl(text: string): string | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? text : undefined;
  } catch {
    return undefined;
  }
}

/** Reads `stateDir/agent.json` (relative to `cwd`); messages name `stateDir` as the user wrote it. */
export function readAgentAddress(stateDir: string, cwd: string): AgentAddress {
  const noAgent = (why: string, cause?: unknown) =>
    new NoAgentError(`no karpd agent at ${stateDir} (${why}): start one with npm start`, cause === undefined ? {} : { cause });
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(join(resolve(cwd, stateDir), 'agent.json'), 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw noAgent(code === 'ENOENT' ? 'agent.json missing' : `agent.json unreadable: ${code ?? 'not JSON'}`, error);
  }
  const { url, token } = (typeof raw === 'object' && raw !== null ? raw : {}) as { url?: unknown; token?: unknown };
  if (typeof url !== 'string' || checkedUrl(url) === undefined) throw noAgent('agent.json: url is not an http(s) URL');
  if (typeof token !== 'string' || token.length < MIN_TOKEN_LENGTH) {
    throw noAgent(`agent.json: token is not a string of at least ${MIN_TOKEN_LENGTH} characters`);
  }
  return { url, token };
}

/**
 * The agent to call: `--agent` with `--token` (or `envToken`, from `KARPD_TOKEN`), else agent.json in
 * `--state-dir` (default `.karpd`). Throws {@link AgentFlagsError} when the flags contradict each other.
 */
export function resolveAgentAddress(flags: AgentAddressFlags, cwd: string, envToken?: string): AgentAddress {
  if (flags.agent === undefined) {
    if (flags.token !== undefined) throw new AgentFlagsError('--token needs --agent URL (or leave both out to use agent.json)');
    return readAgentAddress(flags.stateDir ?? '.karpd', cwd);
  }
  if (flags.stateDir !== undefined) throw new AgentFlagsError('give either --state-dir or --agent URL --token T, not both');
  const url = checkedUrl(flags.agent);
  if (url === undefined) throw new AgentFlagsError(`--agent "${flags.agent}" is not an http(s) URL (e.g. http://127.0.0.1:41234)`);
  const token = flags.token ?? (envToken === '' ? undefined : envToken);
  if (token === undefined) throw new AgentFlagsError('--agent needs --token T (or KARPD_TOKEN in the environment)');
  if (token.length < MIN_TOKEN_LENGTH) throw new AgentFlagsError(`the token is shorter than ${MIN_TOKEN_LENGTH} characters`);
  return { url, token };
}
