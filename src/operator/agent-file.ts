/**
 * `agent.json` in the state directory: where the agent API listens and the
 * bearer token it requires. Written atomically with mode 0600 (a temp file
 * created 0600, then renamed over the old one), so no other local user can
 * read the token, not even for the instant between create and chmod, and
 * a reader never sees half a file. The CLI and tests read it back here.
 */
import { AutoscalerError, hasError } from '../apis/errors.js';
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const AgentFile = z
  .object({
    /** The agent API, e.g. `http://127.0.0.1:41234`. */
    url: z.string().url(),
    /** Sent as `Authorization: Bearer <token>` on every agent API route but /healthz, /readyz (and /metrics when public). */
    token: z.string().min(32),
  })
  .passthrough();

/** The content of `agent.json` (`url` and `token`, plus whatever the writer adds: apiServer, kubeconfig, pid…). */
export type AgentFile = z.infer<typeof AgentFile>;

/** Thrown when agent.json is missing or malformed; the message names the file. */
export class AgentFileError extends AutoscalerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AgentFileError';
  }
}

/** True when `error` is an {@link AgentFileError}. */
export function isAgentFileError(error: unknown): boolean {
  return hasError(error, AgentFileError);
}

/** A fresh bearer token: 32 random bytes, base64url (43 characters). */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The path of agent.json in `stateDir`. */
export function agentFilePath(stateDir: string): string {
  return join(stateDir, 'agent.json');
}

/** Writes `text` to `path` atomically, readable only by its owner (0600). */
export function writePrivateFile(path: string, text: string): void {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, text, { mode: 0o600, flag: 'wx' });
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Writes `stateDir/agent.json` (mode 0600, atomically) and returns its path. */
export function writeAgentFile(stateDir: string, content: AgentFile): string {
  const path = agentFilePath(stateDir);
  writePrivateFile(path, `${JSON.stringify(content, null, 2)}\n`);
  return path;
}

/** Reads `stateDir/agent.json`; throws {@link AgentFileError} naming the file and the field when it is unusable. */
export function readAgentFile(stateDir: string): AgentFile {
  const path = agentFilePath(stateDir);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'not found (is `karpd up` running with this --state-dir?)' : (code ?? String(error));
    throw new AgentFileError(`${path}: ${reason}`, { cause: error });
  }
  const parsed = AgentFile.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new AgentFileError(`${path}: ${issues.join('; ')}`);
  }
  return parsed.data;
}
