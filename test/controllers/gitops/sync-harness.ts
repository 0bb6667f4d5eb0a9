/**
 * Fakes for the GitOps sync controller tests: a revision source whose
 * commits are temp folders of real files (rendered by the real
 * loadClusterManifests), a live cluster in a Map that apply/prune write to
 * (leaving karpd's last-applied annotation as the real apply does), a simple
 * three-way compare, and recording audit log and notifier.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ClusterSpec } from '../../../src/apis/cluster.js';
import type { KubeObject } from '../../../src/apis/object-meta.js';
import type { ClusterSyncOptions } from '../../../src/controllers/gitops/cluster-sync-controller.js';
import { ClusterSyncController } from '../../../src/controllers/gitops/cluster-sync-controller.js';
import type { ChangeResult } from '../../../src/controllers/gitops/sync-dependencies.js';
import type { AuditEntry, AuditLog } from '../../../src/gitops/decisions/audit-entry.js';
import type { NotificationMessage, Notifier } from '../../../src/gitops/decisions/notification.js';
import { LAST_APPLIED_ANNOTATION, decodeLastApplied, encodeLastApplied } from '../../../src/gitops/diff/last-applied.js';
import type { DesiredObject, ObjectComparison, ObjectRef } from '../../../src/gitops/diff/object-comparison.js';
import { loadClusterManifests } from '../../../src/gitops/source/load-cluster.js';
import type { Revision, RevisionSource, SourceStatus } from '../../../src/gitops/source/revision.js';
import { FakeClock } from '../../../src/testing/fake-clock.js';
import { InMemoryDecisionRepository } from '../../../src/testing/in-memory-decision-repository.js';
import { RecordingLogger } from '../../../src/testing/recording-logger.js';

const TEMPLATE_CLUSTER = resolve(import.meta.dirname, '../../../repo-template/clusters/sandbox');

/** A Git source whose commits are folders; `commit()` makes a new one from the last. */
export class FolderRevisionSource implements RevisionSource {
  private revision: Revision | undefined;
  private readonly listeners = new Set<(revision: Revision) => void>();
  private readonly folders: string[] = [];
  refreshes = 0;

  /** A first commit: repo-template's sandbox cluster, its cluster.yaml's `spec:` block extended with `clusterSpec` lines. */
  constructor(clusterSpec: string[] = []) {
    const root = mkdtempSync(join(tmpdir(), 'karpd-sync-rev-'));
    cpSync(TEMPLATE_CLUSTER, join(root, 'clusters/sandbox'), { recursive: true });
    for (const pool of ['default', 'jupyterhub-small', 'trino-xsmall']) rmSync(join(root, `clusters/sandbox/nodepools/${pool}.yaml`));
    const clusterFile = join(root, 'clusters/sandbox/cluster.yaml');
    const text = readFileSync(clusterFile, 'utf8').replace(
      /\n {2}sync:\n {4}policy: auto\n {4}interval: 30s\n {2}drift:\n {4}policy: approve\n/,
      '\n',
    );
    writeFileSync(clusterFile, text.replace('spec:\n', `spec:\n${clusterSpec.map((line) => `  ${line}\n`).join('')}`));
    this.folders.push(root);
    this.publish(root, 'initial');
  }

  /** Commits a change: `edit(path, text)` writes a file of the cluster folder, returning the new revision. */
  commit(
    change: (edit: (path: string, text: string | undefined) => void, read: (path: string) => string) => void,
    message = 'edit',
  ): Revision {
    const previous = this.folders[this.folders.length - 1];
    const root = mkdtempSync(join(tmpdir(), 'karpd-sync-rev-'));
    cpSync(previous, root, { recursive: true });
    const at = (path: string) => join(root, 'clusters/sandbox', path);
    change(
      (path, text) => (text === undefined ? rmSync(at(path)) : writeFileSync(at(path), text)),
      (path) => readFileSync(at(path), 'utf8'),
    );
    this.folders.push(root);
    return this.publish(root, message);
  }

  current(): Revision | undefined {
    return this.revision;
  }

  status(): SourceStatus {
    return { url: 'file:///fake', ref: 'main', failures: 0, ...(this.revision ? { revision: this.revision.commit } : {}) };
  }

  async refresh(): Promise<Revision | undefined> {
    this.refreshes++;
    return this.revision;
  }

  onRevision(listener: (revision: Revision) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {}

  async stop(): Promise<void> {}

  /** Removes every commit folder. */
  cleanup(): void {
    for (const folder of this.folders) rmSync(folder, { recursive: true, force: true });
  }

  private publish(tree: string, message: string): Revision {
    const commit = createHash('sha1').update(`${this.folders.length}:${message}`).digest('hex');
    this.revision = { commit, ref: 'main', message, author: 'dev', committedAt: '2026-01-01T00:00:00Z', tree };
    for (const listener of this.listeners) listener(this.revision);
    return this.revision;
  }
}

const refKey = (kind: string, name: string) => `${kind}/${name}`;

/** The cluster's NodePools and EC2NodeClasses in a Map; apply and prune write to it. */
export class LiveObjects {
  readonly objects = new Map<string, KubeObject & { spec?: unknown }>();
  readonly applyCalls: string[][] = [];
  readonly pruneCalls: string[][] = [];
  private version = 1;
  private failure: Error | undefined;

  /** The next apply rejects with `error`. */
  failNextApply(error: Error): void {
    this.failure = error;
  }

  readonly list = async (): Promise<KubeObject[]> => [...this.objects.values()].map((object) => structuredClone(object));

  readonly apply = async (objects: readonly DesiredObject[], revision: string): Promise<ChangeResult[]> => {
    this.applyCalls.push(objects.map((o) => refKey(o.kind, o.metadata.name ?? '')));
    const failure = this.failure;
    this.failure = undefined;
    if (failure !== undefined) throw failure;
    return objects.map((desired) => {
      const name = desired.metadata.name ?? '';
      const existed = this.objects.has(refKey(desired.kind, name));
      const annotations = {
        ...(desired.metadata.annotations ?? {}),
        [LAST_APPLIED_ANNOTATION]: encodeLastApplied(desired),
        'karpd.dev/revision': revision,
      };
      const metadata = { ...structuredClone(desired.metadata), annotations, resourceVersion: String(this.version++) };
      this.objects.set(refKey(desired.kind, name), { ...structuredClone(desired), metadata });
      return { kind: desired.kind, name, action: existed ? 'updated' : 'created' };
    });
  };

  readonly prune = async (refs: readonly ObjectRef[]): Promise<ChangeResult[]> => {
    this.pruneCalls.push(refs.map((r) => refKey(r.kind, r.name)));
    return refs.map((ref) => ({
      kind: ref.kind,
      name: ref.name,
      action: this.objects.delete(refKey(ref.kind, ref.name)) ? 'deleted' : 'absent',
    }));
  };

  /** `kubectl edit`: changes a live object behind Git's back. */
  edit(kind: string, name: string, change: (spec: any) => void): void {
    const object = this.objects.get(refKey(kind, name));
    if (object === undefined) throw new Error(`no live ${kind}/${name}`);
    change(object.spec);
    object.metadata.resourceVersion = String(this.version++);
  }

  spec(kind: string, name: string): any {
    return this.objects.get(refKey(kind, name))?.spec;
  }
}

function stable(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

function diffOf(from: unknown, to: unknown): string {
  const a = from === undefined ? [] : stable(from).split(',');
  const b = to === undefined ? [] : stable(to).split(',');
  return [...a.filter((line) => !b.includes(line)).map((l) => `-${l}`), ...b.filter((line) => !a.includes(line)).map((l) => `+${l}`)].join(
    '\n',
  );
}

function compareOne(desired: DesiredObject | undefined, live: (KubeObject & { spec?: unknown }) | undefined): ObjectComparison {
  const object = (desired ?? live) as KubeObject;
  const ref = { kind: object.kind, name: object.metadata.name ?? '' };
  const lastApplied = live === undefined ? undefined : (decodeLastApplied(live) as (KubeObject & { spec?: unknown }) | undefined);
  const base = { ...ref, ...(desired ? { desired } : {}), ...(live ? { live } : {}), ...(lastApplied ? { lastApplied } : {}) };
  if (desired === undefined)
    return { ...base, status: lastApplied === undefined ? 'unmanaged' : 'extra', diff: diffOf(live?.spec, undefined) };
  if (live === undefined) return { ...base, status: 'missing', diff: diffOf(undefined, desired.spec) };
  const diff = stable(desired.spec) === stable(live.spec) ? '' : diffOf(live.spec, desired.spec);
  if (diff === '') return { ...base, status: 'in-sync', diff };
  if (lastApplied === undefined || stable(lastApplied.spec) === stable(live.spec)) return { ...base, status: 'git-changed', diff };
  const driftDiff = diffOf(lastApplied.spec, live.spec);
  if (stable(lastApplied.spec) === stable(desired.spec)) return { ...base, status: 'live-drifted', diff, driftDiff };
  return { ...base, status: 'both-changed', diff, driftDiff };
}

/** A three-way compare by spec (no defaults, no normalisation): enough for the controller's rules. */
export function fakeCompare(input: {
  readonly desired: readonly DesiredObject[];
  readonly live: readonly KubeObject[];
}): ObjectComparison[] {
  const live = new Map(input.live.map((o) => [refKey(o.kind, o.metadata.name ?? ''), o as KubeObject & { spec?: unknown }]));
  const results = input.desired.map((d) => compareOne(d, live.get(refKey(d.kind, d.metadata.name ?? ''))));
  const desired = new Set(input.desired.map((d) => refKey(d.kind, d.metadata.name ?? '')));
  for (const [key, object] of live) if (!desired.has(key)) results.push(compareOne(undefined, object));
  return results;
}

/** An audit log in memory. */
export class MemoryAuditLog implements AuditLog {
  readonly entries: AuditEntry[] = [];

  async append(entry: AuditEntry): Promise<void> {
    this.entries.push(entry);
  }

  async read(options: { readonly cluster?: string; readonly limit?: number } = {}): Promise<AuditEntry[]> {
    const matching = this.entries.filter((e) => options.cluster === undefined || e.cluster === options.cluster);
    return options.limit === undefined ? matching : matching.slice(-options.limit);
  }

  actions(): string[] {
    return this.entries.map((e) => `${e.action} by ${e.who}`);
  }
}

/** Keeps every message sent. */
export class RecordingNotifier implements Notifier {
  readonly sent: Array<{ webhook: string; message: NotificationMessage }> = [];

  send(webhook: string, message: NotificationMessage): void {
    this.sent.push({ webhook, message });
  }

  events(): string[] {
    return this.sent.map((s) => s.message.event);
  }
}

/** One cluster's world: source, live objects, repository, audit, notifier, clock, logger, nodes per pool. */
export interface SyncWorld {
  readonly source: FolderRevisionSource;
  readonly live: LiveObjects;
  readonly repository: InMemoryDecisionRepository;
  readonly audit: MemoryAuditLog;
  readonly notifier: RecordingNotifier;
  readonly clock: FakeClock;
  readonly logger: RecordingLogger;
  readonly nodes: Map<string, number>;
  /**
   * Cluster spec fields merged into every rendered cluster.yaml (per top-level key). The Cluster validator does not
   * know `notify`, `sync.suspend` and `sync.windows` yet, so tests hand them over here instead of in the file.
   */
  extras: Partial<ClusterSpec>;
}

/** A fresh world whose cluster.yaml has `clusterSpec` lines added under `spec:`. */
export function syncWorld(clusterSpec: string[] = [], extras: Partial<ClusterSpec> = {}): SyncWorld {
  return {
    extras,
    source: new FolderRevisionSource(clusterSpec),
    live: new LiveObjects(),
    repository: new InMemoryDecisionRepository(),
    audit: new MemoryAuditLog(),
    notifier: new RecordingNotifier(),
    clock: new FakeClock(new Date('2026-03-02T08:00:00Z')),
    logger: new RecordingLogger(),
    nodes: new Map(),
  };
}

/** A controller over `world` (a second call plays a restart: same repository and cluster). */
export function syncController(world: SyncWorld, overrides: Partial<ClusterSyncOptions> = {}): ClusterSyncController {
  return new ClusterSyncController({
    cluster: 'sandbox',
    source: world.source,
    renderRevision: async (tree, name) => {
      const manifests = await loadClusterManifests(tree, name);
      const spec: Record<string, unknown> = { ...manifests.cluster.spec };
      for (const [key, value] of Object.entries(world.extras))
        spec[key] = { ...((spec[key] as object | undefined) ?? {}), ...(value as object) };
      return { ...manifests, cluster: { ...manifests.cluster, spec: spec as unknown as ClusterSpec } };
    },
    listLive: world.live.list,
    nodesPerPool: async () => new Map(world.nodes),
    compare: fakeCompare,
    apply: world.live.apply,
    prune: world.live.prune,
    repository: world.repository,
    audit: world.audit,
    notifier: world.notifier,
    clock: world.clock,
    logger: world.logger,
    ...overrides,
  });
}

/** Replaces `from` by `to` in `text`, failing when `from` is not there (so a test's edit cannot silently miss). */
export function replaced(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`"${from}" not found`);
  return text.replace(from, to);
}
