/**
 * How karpd runs git: through simple-git, never prompting (no terminal
 * prompt, ssh in batch mode), every call bounded by a timeout, and errors
 * turned into {@link GitCommandError}s whose messages carry no credentials.
 * The one place that knows git's environment variables.
 */
import type { SimpleGit } from 'simple-git';
import { simpleGit } from 'simple-git';
import { AutoscalerError, hasError } from '../../apis/errors.js';

/** The default bound of one git call. */
export const DEFAULT_GIT_TIMEOUT_MS = 60_000;

/**
 * The ambient variables git is given: where it lives and finds its config, the ssh agent and proxies it
 * authenticates and connects with, and the TLS trust settings. Nothing else (no editor, pager, askpass or other
 * `GIT_*` settings) reaches it.
 */
const PASSED_THROUGH = [
  'PATH',
  'HOME',
  'USER',
  'LANG',
  'TMPDIR',
  'XDG_CONFIG_HOME',
  'SSH_AUTH_SOCK',
  'GIT_SSL_CAINFO',
  'GIT_SSL_CAPATH',
  'HTTPS_PROXY',
  'https_proxy',
  'HTTP_PROXY',
  'http_proxy',
  'NO_PROXY',
  'no_proxy',
];

/** Thrown when a git command fails or times out; the message names what was done and never holds a credential. */
export class GitCommandError extends AutoscalerError {
  constructor(
    readonly action: string,
    message: string,
    readonly timedOut = false,
  ) {
    super(message);
    this.name = 'GitCommandError';
  }
}

/** Is `error` a {@link GitCommandError}? */
export function isGitCommandError(error: unknown): boolean {
  return hasError(error, GitCommandError);
}

/** Options of {@link runGit}. */
export interface GitCallOptions {
  /** @default 60000 */
  readonly timeoutMs?: number;
  /** Extra environment (`GIT_INDEX_FILE`, `GNUPGHOME`). */
  readonly env?: Readonly<Record<string, string>>;
  /** Receives what git wrote to stderr (git verify-commit reports there). */
  readonly onStderr?: (text: string) => void;
}

/** Removes `user:password@` from every URL in `text`. */
export function redactCredentials(text: string): string {
  return text.replace(/\/\/[^/@\s]*@/g, '//');
}

function gitEnvironment(extra: Readonly<Record<string, string>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of PASSED_THROUGH) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  const ssh = process.env.GIT_SSH_COMMAND ?? 'ssh';
  return { ...env, GIT_TERMINAL_PROMPT: '0', GIT_SSH_COMMAND: `${ssh} -o BatchMode=yes`, ...extra };
}

function gitFor(baseDir: string, options: GitCallOptions, signal: AbortSignal): SimpleGit {
  const env = gitEnvironment(options.env ?? {});
  const git = simpleGit({
    baseDir,
    abort: signal,
    allowEnvironment: Object.keys(env).filter((key) => key.toUpperCase().startsWith('GIT_') || key === 'GNUPGHOME'),
    // The ssh command is karpd's own constant (batch mode), not user input.
    unsafe: { allowUnsafeSshCommand: true },
  }).env(env);
  const onStderr = options.onStderr;
  if (onStderr !== undefined) git.outputHandler((_command, _stdout, stderr) => stderr.on('data', (chunk) => onStderr(String(chunk))));
  return git;
}

/**
 * Runs `git args…` in `baseDir` and resolves with its stdout; `action` ("fetching https://…") prefixes the error.
 *
 * @example
 * const head = await runGit(repo, ['rev-parse', 'HEAD'], 'resolving HEAD');
 */
export async function runGit(baseDir: string, args: readonly string[], action: string, options: GitCallOptions = {}): Promise<string> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_GIT_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    return await gitFor(baseDir, options, signal).raw([...args]);
  } catch (error) {
    const safeAction = redactCredentials(action);
    if (signal.aborted) throw new GitCommandError(safeAction, `${safeAction}: git timed out after ${timeoutMs / 1000} s`, true);
    const detail = redactCredentials(error instanceof Error ? error.message : String(error))
      .trim()
      .replace(/\s*\n\s*/g, '; ');
    throw new GitCommandError(safeAction, `${safeAction}: ${detail || 'git failed'}`);
  }
}
