/** Hand-built pod timelines for the replay engine's tests (the scenario parser is built elsewhere). */
import type { Pod } from '../../../src/apis/core-v1.js';
import type { WorkloadEvent, WorkloadTimeline } from '../../../src/replay/types.js';
import { pod } from '../../../src/testing/index.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** A pending pod for one of repo-template/clusters/sandbox's tainted pools (`NodePool: <pool>` + its toleration). */
export function poolPod(name: string, pool: string, requests: { cpu: string; memory: string }, doNotDisrupt = false): Pod {
  return pod({
    name,
    namespace: 'data',
    requests,
    nodeSelector: { NodePool: pool },
    ...(pool === 'default' ? {} : { tolerations: [{ key: pool, operator: 'Exists', effect: 'NoSchedule' }] }),
    ...(doNotDisrupt ? { metadata: { annotations: { 'karpenter.sh/do-not-disrupt': 'true' } } } : {}),
  });
}

/** Builds a timeline from (create at, delete at) pods; events in time order. */
export class TimelineBuilder {
  private readonly events: WorkloadEvent[] = [];

  /** A pod created at `from` and deleted at `to` (ms since the start; `to` undefined: it runs to the end). */
  add(p: Pod, from: number, to?: number): this {
    this.events.push({ at: from, type: 'create', pod: p });
    if (to !== undefined)
      this.events.push({ at: to, type: 'delete', namespace: p.metadata.namespace ?? 'default', name: p.metadata.name ?? '' });
    return this;
  }

  /** `count` pods named `<prefix>-N` of one pool and shape, from `from` to `to`. */
  group(prefix: string, count: number, pool: string, requests: { cpu: string; memory: string }, from: number, to?: number): this {
    for (let i = 0; i < count; i++) this.add(poolPod(`${prefix}-${i}`, pool, requests), from, to);
    return this;
  }

  build(durationMs: number): WorkloadTimeline {
    const order = { create: 0, delete: 1 } as const;
    return { durationMs, events: [...this.events].sort((a, b) => a.at - b.at || order[a.type] - order[b.type]) };
  }
}

/**
 * A day shaped like data-platform: Airflow workers through the working day, an hourly and a nightly Spark burst,
 * Trino sessions in the afternoon, JupyterHub notebooks in office hours.
 */
export function dataPlatformDay(): WorkloadTimeline {
  const t = new TimelineBuilder();
  const workers = [2, 2, 2, 2, 2, 2, 4, 8, 12, 16, 16, 16, 16, 16, 16, 16, 16, 12, 8, 4, 2, 2, 2, 2];
  for (let hour = 0; hour < 24; hour++)
    t.group(`airflow-h${hour}`, workers[hour], 'airflow-worker', { cpu: '500m', memory: '1Gi' }, hour * HOUR + 60_000, (hour + 1) * HOUR);
  for (let hour = 0; hour < 24; hour++)
    t.group(`spark-hourly-${hour}`, 6, 'airflow-worker', { cpu: '1', memory: '3Gi' }, hour * HOUR + 5 * MINUTE, hour * HOUR + 25 * MINUTE);
  t.group('spark-nightly', 40, 'airflow-worker', { cpu: '1', memory: '3Gi' }, 2 * HOUR, 3 * HOUR + 30 * MINUTE);
  for (let session = 0; session < 8; session++)
    t.group(`trino-${session}`, 4, 'trino-xsmall', { cpu: '1', memory: '8Gi' }, (13 + session / 2) * HOUR, (13.75 + session / 2) * HOUR);
  for (let user = 0; user < 30; user++) {
    const from = 8 * HOUR + user * 7 * MINUTE;
    t.add(poolPod(`notebook-${user}`, 'jupyterhub-small', { cpu: '500m', memory: '2Gi' }), from, from + 4 * HOUR);
  }
  return t.build(24 * HOUR);
}
