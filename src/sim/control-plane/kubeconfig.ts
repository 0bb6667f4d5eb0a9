/**
 * The kubeconfig the embedded control plane writes so both kubectl and
 * client-node accept a plain-HTTP server (§0.7, §13).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

/** The kubeconfig document for `url` (plain HTTP, `insecure-skip-tls-verify: true`), with the user's bearer `token` if any. */
export function kubeconfigFor(url: string, name = 'karpd-embedded', token?: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server: url, 'insecure-skip-tls-verify': true } }],
    users: [{ name, user: token === undefined ? {} : { token } }],
    contexts: [{ name, context: { cluster: name, user: name, namespace: 'default' } }],
    'current-context': name,
    preferences: {},
  };
}

/**
 * Writes `dir/kubeconfig` for `url` (creating `dir`) and returns its path. The file is mode 0600 even when it
 * existed before with another mode: written to a temp file created 0600, then renamed over it.
 */
export function writeKubeconfig(dir: string, url: string, token?: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'kubeconfig');
  const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, stringify(kubeconfigFor(url, 'karpd-embedded', token)), { mode: 0o600, flag: 'wx' });
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  return path;
}
