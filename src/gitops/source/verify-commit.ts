/**
 * Commit signature verification against configured keys: a private GnuPG
 * home (mode 0700) holding only the operator's ASCII-armored public keys,
 * and `git verify-commit --raw` run with it. The gpg status lines decide:
 * a good signature by one of those keys is verified; anything else (no
 * signature, an unknown key, a bad, expired or revoked one) is not, with the
 * reason. Semantics as Flux's `verify` of a GitRepository.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdir, rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { RevisionVerification } from './revision.js';
import { AutoscalerError, findError, hasError } from '../../apis/errors.js';
import type { GitCallOptions } from './git-process.js';
import { GitCommandError, runGit } from './git-process.js';

const run = promisify(execFile);

/** The gpg binary (found on PATH). */
export const GPG = 'gpg';

/** Thrown when the configured keys cannot be made into a keyring (a missing file, not a public key). */
export class KeyringError extends AutoscalerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KeyringError';
  }
}

/** Is `error` a {@link KeyringError}? */
export function isKeyringError(error: unknown): boolean {
  return hasError(error, KeyringError);
}

async function gpg(home: string, args: readonly string[], timeoutMs: number, input?: string): Promise<string> {
  const child = run(GPG, ['--batch', '--no-tty', '--homedir', home, ...args], { timeout: timeoutMs, encoding: 'utf8' });
  if (input !== undefined) child.child.stdin?.end(input);
  return (await child).stdout;
}

/** Fingerprints of the primary keys in the keyring at `home`. */
async function primaryFingerprints(home: string, timeoutMs: number): Promise<string[]> {
  const lines = (await gpg(home, ['--with-colons', '--list-keys'], timeoutMs)).split('\n');
  const fingerprints: string[] = [];
  lines.forEach((line, index) => {
    if (line.startsWith('fpr:') && lines[index - 1]?.startsWith('pub:')) fingerprints.push(line.split(':')[9] ?? '');
  });
  return fingerprints.filter((fingerprint) => fingerprint !== '');
}

/**
 * Builds a fresh keyring at `home` from the public key files `keys` (each trusted fully: the operator chose them)
 * and resolves with their fingerprints.
 */
export async function prepareKeyring(home: string, keys: readonly string[], timeoutMs = 60_000): Promise<string[]> {
  await rm(home, { recursive: true, force: true });
  await mkdir(home, { recursive: true, mode: 0o700 });
  await chmod(home, 0o700);
  try {
    for (const key of keys) {
      await gpg(home, ['--import', key], timeoutMs).catch((cause: unknown) => {
        const detail = (cause as { stderr?: string }).stderr?.trim().split('\n').at(-1) ?? String(cause);
        throw new KeyringError(`importing signing key ${key}: ${detail}`, { cause });
      });
    }
    const fingerprints = await primaryFingerprints(home, timeoutMs);
    if (fingerprints.length === 0) throw new KeyringError(`signing keys ${keys.join(', ') || '(none)'}: no public key found in them`);
    await gpg(home, ['--import-ownertrust'], timeoutMs, fingerprints.map((fingerprint) => `${fingerprint}:6:\n`).join(''));
    return fingerprints;
  } finally {
    // Importing may have started an agent for this home; it is not needed to verify.
    await run('gpgconf', ['--homedir', home, '--kill', 'all'], { timeout: timeoutMs }).catch(() => undefined);
  }
}

function statusLines(raw: string): string[][] {
  return raw
    .split('\n')
    .filter((line) => line.startsWith('[GNUPG:] '))
    .map((line) => line.slice('[GNUPG:] '.length).split(' '));
}

/** Reads `git verify-commit --raw` output: the verdict on one commit. */
export function readVerification(raw: string, trusted: readonly string[]): RevisionVerification {
  const lines = statusLines(raw);
  const find = (keyword: string) => lines.find((line) => line[0] === keyword);
  const good = find('GOODSIG');
  const valid = find('VALIDSIG');
  const primary = valid?.at(-1) ?? '';
  if (good !== undefined && valid !== undefined && trusted.includes(primary)) {
    return { verified: true, signer: `${good.slice(2).join(' ')} (${primary})` };
  }
  const bad = find('BADSIG');
  if (bad !== undefined) return { verified: false, reason: `bad signature (key ${bad[1]})` };
  const expired = find('EXPKEYSIG');
  if (expired !== undefined) return { verified: false, reason: `signed by an expired key ${expired[1]}` };
  const revoked = find('REVKEYSIG');
  if (revoked !== undefined) return { verified: false, reason: `signed by a revoked key ${revoked[1]}` };
  const unknown = find('NO_PUBKEY') ?? find('ERRSIG');
  if (unknown !== undefined) return { verified: false, reason: `signed by an unknown key ${unknown[1]}` };
  if (good !== undefined) return { verified: false, reason: `signed by an untrusted key ${good[1]}` };
  if (lines.length === 0) return { verified: false, reason: 'unsigned' };
  return { verified: false, reason: `signature not verified (${lines.map((line) => line[0]).join(', ')})` };
}

/** Runs `git verify-commit --raw commit` in `repoDir` with the keyring at `home` and reads the verdict. */
export async function verifyCommit(
  repoDir: string,
  commit: string,
  keyring: { readonly home: string; readonly fingerprints: readonly string[] },
  options: GitCallOptions = {},
): Promise<RevisionVerification> {
  let raw = '';
  const call = { ...options, env: { ...options.env, GNUPGHOME: keyring.home }, onStderr: (text: string) => (raw += text) };
  await runGit(repoDir, ['-c', 'gpg.format=openpgp', 'verify-commit', '--raw', commit], `verifying commit ${commit}`, call).catch(
    (error: unknown) => {
      // A failed verification exits non-zero; its status lines are what count.
      const failed = findError(error, GitCommandError);
      if (failed === undefined || failed.timedOut) throw error;
    },
  );
  return readVerification(raw, keyring.fingerprints);
}

/** The reason shown when `commit` is refused: names the commit, then what is wrong. */
export function refusalReason(commit: string, verification: RevisionVerification): string {
  return `commit ${commit.slice(0, 12)} refused: ${verification.reason ?? 'not verified'}`;
}
