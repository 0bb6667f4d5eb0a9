/**
 * A client for the agent API as the CLI uses it: the address and the bearer
 * token come from the state directory's agent.json.
 */
import { readAgentFile } from './agent-file.js';

/** One answer of the agent API: the status and the parsed JSON body. */
export interface AgentReply {
  readonly status: number;
  readonly body: unknown;
}

/** Calls `method path` on the agent of `stateDir` with its token (and a JSON body, if given). */
export async function callAgent(stateDir: string, method: string, path: string, body?: unknown): Promise<AgentReply> {
  const agent = readAgentFile(stateDir);
  const headers: Record<string, string> = { Authorization: `Bearer ${agent.token}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(new URL(path, agent.url), { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  } catch (error) {
    throw new Error(
      `calling the agent at ${agent.url}: ${error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error)}`,
      { cause: error },
    );
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
