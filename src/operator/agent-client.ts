/**
 * A client for the agent API as the CLI uses it: the address and the bearer
 * token come from the state directory's agent.json, or are given
 * (`--agent URL --token T`, see agent-address.ts). Loads nothing heavy at
 * import: agent-file.ts (and its zod) only when `callAgent` reads agent.json.
 */
import { AutoscalerError, hasError } from '../apis/errors.js';
import type { AgentAddress } from './agent-address.js';

/** One answer of the agent API: the status and the parsed JSON body. */
export interface AgentReply {
  readonly status: number;
  readonly body: unknown;
}

/** One request to the agent API. */
export interface AgentRequest {
  readonly method: string;
  readonly path: string;
  /** Sent as JSON. */
  readonly body?: unknown;
  /** Extra headers (`X-Karpd-Client: cli`). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Nothing answers at the agent's address (connection refused, unknown host…). */
export class AgentUnreachableError extends AutoscalerError {
  constructor(
    readonly url: string,
    options: { cause: unknown },
  ) {
    const cause = options.cause;
    const reason = cause instanceof Error && cause.cause instanceof Error ? cause.cause.message : String(cause);
    super(`calling the agent at ${url}: ${reason}`, options);
    this.name = 'AgentUnreachableError';
  }
}

/** Is `error` an {@link AgentUnreachableError}? */
export function isAgentUnreachableError(error: unknown): boolean {
  return hasError(error, AgentUnreachableError);
}

/** Sends `request` to the agent at `address` with its token; throws {@link AgentUnreachableError} when nothing answers. */
export async function requestAgent(address: AgentAddress, request: AgentRequest): Promise<AgentReply> {
  const headers: Record<string, string> = { ...request.headers, Authorization: `Bearer ${address.token}` };
  if (request.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(new URL(request.path, address.url), {
      method: request.method,
      headers,
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    });
  } catch (error) {
    throw new AgentUnreachableError(address.url, { cause: error });
  }
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON (a probe's "ok"): keep the text
  }
  return { status: response.status, body: parsed };
}

/** Calls `method path` on the agent of `stateDir` (its agent.json) with its token (and a JSON body, if given). */
export async function callAgent(stateDir: string, method: string, path: string, body?: unknown): Promise<AgentReply> {
  const { readAgentFile } = await import('./agent-file.js');
  const { url, token } = readAgentFile(stateDir);
  return requestAgent({ url, token }, { method, path, body });
}
