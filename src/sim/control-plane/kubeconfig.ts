/**
 * The kubeconfig the embedded control plane writes so both kubectl and
 * client-node accept it: a plain-HTTP server, or an HTTPS one with its
 * certificate and the bearer token it requires.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

/** How a client authenticates to the server and trusts it: a bearer token and the server's PEM certificate. */
export interface KubeconfigCredentials {
  readonly token?: string;
  readonly certificateAuthority?: string;
}

function clusterEntry(url: string, certificateAuthority: string | undefined): Record<string, unknown> {
  if (certificateAuthority === undefined) return { server: url, 'insecure-skip-tls-verify': true };
  return { server: url, 'certificate-authority-data': Buffer.from(certificateAuthority).toString('base64') };
}

/**
 * The kubeconfig document for `url`: plain HTTP with `insecure-skip-tls-verify: true`, or HTTPS trusting
 * `certificateAuthority`; the user carries the bearer `token` if any.
 */
export function kubeconfigFor(url: string, name = 'karpd-embedded', credentials: KubeconfigCredentials = {}): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: clusterEntry(url, credentials.certificateAuthority) }],
    users: [{ name, user: credentials.token === undefined ? {} : { token: credentials.token } }],
    contexts: [{ name, context: { cluster: name, user: name, namespace: 'default' } }],
    'current-context': name,
    preferences: {},
  };
}

/** One cluster of a kubeconfig with several contexts. */
export interface KubeconfigEntry {
  /** The name of the cluster, user and context. */
  readonly name: string;
  readonly url: string;
  readonly credentials?: KubeconfigCredentials;
}

/** A kubeconfig with one context per entry (`kubectl --context NAME`); `current` is the current context. */
export function kubeconfigForClusters(entries: readonly KubeconfigEntry[], current: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: entries.map((entry) => ({ name: entry.name, cluster: clusterEntry(entry.url, entry.credentials?.certificateAuthority) })),
    users: entries.map((entry) => ({
      name: entry.name,
      user: entry.credentials?.token === undefined ? {} : { token: entry.credentials.token },
    })),
    contexts: entries.map((entry) => ({ name: entry.name, context: { cluster: entry.name, user: entry.name, namespace: 'default' } })),
    'current-context': current,
    preferences: {},
  };
}

/**
 * Writes `dir/kubeconfig` for `url` (creating `dir`) and returns its path. The file is mode 0600 even when it
 * existed before with another mode: written to a temp file created 0600, then renamed over it.
 */
export function writeKubeconfig(dir: string, url: string, credentials: KubeconfigCredentials = {}): string {
  return writeKubeconfigDocument(dir, kubeconfigFor(url, 'karpd-embedded', credentials));
}

/** Writes `dir/kubeconfig` (mode 0600, atomically, creating `dir`) with `document`; returns its path. */
export function writeKubeconfigDocument(dir: string, document: Record<string, unknown>): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'kubeconfig');
  const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, stringify(document), { mode: 0o600, flag: 'wx' });
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  return path;
}
