/**
 * Test harness for GitOps sync scenarios: `startEmbeddedStack` in-process
 * on a temp state folder (no workload, fast boots, Git fetched every 300 ms,
 * real clock), with helpers to edit and commit `DIR/gitops` with real git,
 * to read a cluster through its kube context or kubectl, to run the `karpd`
 * CLI against the running agent, and to read the audit log.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import type { Decision } from '../../src/apis/decision.js';
import type { NodeClaim } from '../../src/apis/nodeclaim.js';
import type { NodePool } from '../../src/apis/nodepool.js';
import type { AuditEntry } from '../../src/gitops/decisions/audit-entry.js';
import type { ClusterSyncState } from '../../src/gitops/decisions/gitops-service.js';
import { connect } from '../../src/kube/connect.js';
import { silentLogger } from '../../src/kube/logger.js';
import type { RestClient } from '../../src/kube/rest-client.js';
import { main } from '../../src/operator/cli/main.js';
import { realClock } from '../../src/operator/clock.js';
import { startEmbeddedStack, type EmbeddedStack } from '../../src/operator/embedded-stack.js';
import { eventually } from '../../src/testing/eventually.js';

/** Where kubectl is expected. */
export const KUBECTL = '/usr/bin/kubectl';

/** Why the kubectl steps are skipped, or false when kubectl is there. */
export const kubectlMissing: string | false = existsSync(KUBECTL) ? false : `kubectl not found at ${KUBECTL}`;

/** The user the CLI acts as (what the audit log records for a person). */
export const CLI_USER = userInfo().username;

/** Who the test's commits are by (no global git identity needed), unsigned. */
const COMMITTER = ['-c', 'user.name=GitOps Test', '-c', 'user.email=gitops-test@example.com', '-c', 'commit.gpgsign=false'];

/** The two simulated clusters of repo-template. */
export type ClusterName = 'sandbox' | 'lab';

/** What one CLI run printed and returned. */
export interface CliResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Starts the stack on `stateDir` with test timings. */
export function startTestStack(stateDir: string, options: { persist?: boolean } = {}): Promise<EmbeddedStack> {
  return startEmbeddedStack({
    stateDir,
    workload: 'none',
    bootDelayMs: 300,
    gitIntervalMs: 300,
    persist: options.persist === true,
    clock: realClock(),
    logger: silentLogger,
  });
}

/** A running stack plus the helpers of a scenario. */
export class GitOpsScenario {
  private readonly clients = new Map<ClusterName, RestClient>();

  constructor(
    readonly stack: EmbeddedStack,
    readonly stateDir: string,
  ) {}

  get repo(): string {
    return join(this.stateDir, 'gitops');
  }

  /** The clusters' sync state. */
  state(cluster: ClusterName): ClusterSyncState {
    const state = this.stack.gitops.controller.clusters().find((c) => c.cluster === cluster);
    if (state === undefined) throw new Error(`no cluster ${cluster} in the stack`);
    return state;
  }

  /** A REST client on the cluster's kube context (the kubeconfig the stack wrote). */
  rest(cluster: ClusterName): RestClient {
    let client = this.clients.get(cluster);
    if (client === undefined) {
      client = connect({ kubeconfigPath: this.stack.kubeconfigPath, context: cluster });
      this.clients.set(cluster, client);
    }
    return client;
  }

  /** The live NodePool, or undefined when there is none. */
  async nodePool(cluster: ClusterName, name: string): Promise<NodePool | undefined> {
    const list = await this.rest(cluster).request<{ items: NodePool[] }>({ method: 'GET', path: '/apis/karpenter.sh/v1/nodepools' });
    return list.items.find((pool) => pool.metadata.name === name);
  }

  /** The live NodePools' names, sorted. */
  async nodePoolNames(cluster: ClusterName): Promise<string[]> {
    const list = await this.rest(cluster).request<{ items: NodePool[] }>({ method: 'GET', path: '/apis/karpenter.sh/v1/nodepools' });
    return list.items.map((pool) => pool.metadata.name ?? '').sort();
  }

  /** Creates a pod in namespace default (the simulated scheduler and the agent then give it a node). */
  async createPod(cluster: ClusterName, name: string, spec: Record<string, unknown>): Promise<void> {
    await this.rest(cluster).request({
      method: 'POST',
      path: '/api/v1/namespaces/default/pods',
      body: { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec },
    });
  }

  async deletePod(cluster: ClusterName, name: string): Promise<void> {
    await this.rest(cluster).request({ method: 'DELETE', path: `/api/v1/namespaces/default/pods/${name}` });
  }

  /** The NodeClaims of one NodePool. */
  async nodeClaimsOf(cluster: ClusterName, pool: string): Promise<NodeClaim[]> {
    const list = await this.rest(cluster).request<{ items: NodeClaim[] }>({ method: 'GET', path: '/apis/karpenter.sh/v1/nodeclaims' });
    return list.items.filter((claim) => claim.metadata.labels?.['karpenter.sh/nodepool'] === pool);
  }

  /** Decisions of one cluster, newest first. */
  decisions(cluster: ClusterName): Promise<Decision[]> {
    return this.stack.gitops.controller.decisions({ cluster });
  }

  /** Waits for a Decision of `cluster` with a status (it is created first, then given one) that `match` accepts. */
  decisionWhere(cluster: ClusterName, what: string, match: (decision: Decision) => boolean, timeoutMs = 20_000): Promise<Decision> {
    return eventually(async () => (await this.decisions(cluster)).find((d) => d.status !== undefined && match(d)), what, timeoutMs, 100);
  }

  /** Writes (or with `null`, deletes) files relative to the repository, then commits them; resolves with the new HEAD. */
  commit(message: string, files: Readonly<Record<string, string | null>>): string {
    for (const [path, text] of Object.entries(files)) {
      const full = join(this.repo, path);
      if (text === null) rmSync(full);
      else {
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, text);
      }
    }
    this.git(['add', '-A']);
    this.git([...COMMITTER, 'commit', '-q', '-m', message]);
    return this.head();
  }

  /** Reverts HEAD with a new commit; resolves with the new HEAD. */
  revertHead(): string {
    this.git([...COMMITTER, 'revert', '--no-edit', 'HEAD']);
    return this.head();
  }

  /** A file of the repository as committed. */
  read(path: string): string {
    return readFileSync(join(this.repo, path), 'utf8');
  }

  /** The committed file at `path` with `from` replaced by `to` (throws when `from` is not in it, so a test cannot edit nothing). */
  edited(path: string, from: string, to: string): string {
    const text = this.read(path);
    if (!text.includes(from)) throw new Error(`${path} has no ${JSON.stringify(from)} to replace`);
    return text.replace(from, to);
  }

  head(): string {
    return this.git(['rev-parse', 'HEAD']).trim();
  }

  /** Waits until `cluster` has looked at `commit` (taken or refused it) and finished a pass after that. */
  async seen(cluster: ClusterName, commit: string): Promise<ClusterSyncState> {
    return eventually(
      () => {
        const state = this.state(cluster);
        return state.seenRevision === commit && state.lastAttemptAt !== undefined ? state : undefined;
      },
      `cluster ${cluster} to see revision ${commit.slice(0, 7)}`,
      20_000,
      50,
    );
  }

  /** Runs `karpd ARGS --state-dir DIR` in-process. */
  async cli(args: string[]): Promise<CliResult> {
    let out = '';
    let err = '';
    const code = await main([...args, '--state-dir', this.stateDir], {
      out: (text) => (out += `${text}\n`),
      err: (text) => (err += `${text}\n`),
      cwd: this.stateDir,
      env: { LANG: 'C.UTF-8' },
    });
    return { code, out, err };
  }

  /** Runs kubectl against the cluster's context. */
  kubectl(cluster: ClusterName, args: string[]): Promise<CliResult> {
    const base = ['--kubeconfig', this.stack.kubeconfigPath, '--context', cluster, '--cache-dir', join(this.stateDir, 'kubectl-cache')];
    return new Promise((resolve) => {
      execFile(KUBECTL, [...base, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, out: String(stdout), err: String(stderr) });
      });
    });
  }

  /** Every audit line so far, oldest first. */
  audit(): AuditEntry[] {
    const path = this.stack.gitops.auditPath;
    if (!existsSync(path)) return [];
    return readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as AuditEntry);
  }

  /** The audit lines of one Decision, oldest first. */
  auditOf(decision: string): AuditEntry[] {
    return this.audit().filter((entry) => entry.decision === decision);
  }

  private git(args: string[]): string {
    return execFileSync('git', args, { cwd: this.repo, encoding: 'utf8' });
  }
}
