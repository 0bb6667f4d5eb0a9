/**
 * The kubeconfig the embedded control plane writes so both kubectl and
 * client-node accept a plain-HTTP server (§0.7, §13).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

/** The kubeconfig document for `url` (plain HTTP, `insecure-skip-tls-verify: true`). */
export function kubeconfigFor(url: string, name = 'karpd-embedded'): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server: url, 'insecure-skip-tls-verify': true } }],
    users: [{ name, user: {} }],
    contexts: [{ name, context: { cluster: name, user: name, namespace: 'default' } }],
    'current-context': name,
    preferences: {},
  };
}

/** Writes `dir/kubeconfig` for `url` (creating `dir`) and returns its path. */
export function writeKubeconfig(dir: string, url: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'kubeconfig');
  writeFileSync(path, stringify(kubeconfigFor(url)), { mode: 0o600 });
  return path;
}
