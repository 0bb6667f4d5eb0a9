/**
 * Pod templates of the data-platform demo: every pod selects its NodePool
 * with `nodeSelector: {NodePool: <pool>}` and tolerates `<pool>:NoSchedule`,
 * as the design notes prescribe. Sizes fit the template's pools: m5.large
 * (1930m / 6.7Gi allocatable) for Airflow and Spark, r8g.large (1930m /
 * 14Gi) for Trino, t3.large–2xlarge for notebooks — each next to the
 * 100m / 128Mi log-shipper DaemonSet pod every node runs.
 */
import type { Affinity, DaemonSet, PodSpec } from '../../apis/core-v1.js';
import { Annotations } from '../../apis/well-known-labels.js';
import type { PodTemplate } from './workload-pods.js';

/** The three NodePools of the repo template. */
export const DemoPools = { airflow: 'airflow-worker', trino: 'trino-xsmall', jupyter: 'jupyterhub-small' } as const;

/** What distinguishes one demo pod template. */
export interface TemplateShape {
  readonly pool: string;
  readonly app: string;
  readonly component: string;
  readonly image: string;
  readonly cpu: string;
  readonly memory: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly affinity?: Affinity;
  readonly terminationGracePeriodSeconds?: number;
}

/** A pod template on a pool (selector + toleration), labelled `app` and `component`. */
export function poolTemplate(shape: TemplateShape): PodTemplate {
  const spec: PodSpec = {
    nodeSelector: { NodePool: shape.pool },
    tolerations: [{ key: shape.pool, operator: 'Exists', effect: 'NoSchedule' }],
    containers: [{ name: shape.component, image: shape.image, resources: { requests: { cpu: shape.cpu, memory: shape.memory } } }],
    terminationGracePeriodSeconds: shape.terminationGracePeriodSeconds ?? 30,
    ...(shape.affinity !== undefined ? { affinity: shape.affinity } : {}),
  };
  const labels = { 'app.kubernetes.io/name': shape.app, 'app.kubernetes.io/component': shape.component, ...(shape.labels ?? {}) };
  return { metadata: { labels, ...(shape.annotations !== undefined ? { annotations: shape.annotations } : {}) }, spec };
}

/** An Airflow KubernetesExecutor-style worker. */
export function airflowWorkerTemplate(): PodTemplate {
  return poolTemplate({
    pool: DemoPools.airflow,
    app: 'airflow',
    component: 'worker',
    image: 'apache/airflow:2.10.3',
    cpu: '500m',
    memory: '1Gi',
  });
}

/** A Spark executor of one burst (one per m5.large, leaving room for one Airflow worker). */
export function sparkExecutorTemplate(job: string): PodTemplate {
  return poolTemplate({
    pool: DemoPools.airflow,
    app: 'spark',
    component: 'executor',
    image: 'apache/spark:3.5.3',
    cpu: '1200m',
    memory: '3Gi',
    labels: { 'spark-app-name': job },
  });
}

/** The Trino coordinator of an ephemeral cluster. */
export function trinoCoordinatorTemplate(): PodTemplate {
  return poolTemplate({
    pool: DemoPools.trino,
    app: 'trino',
    component: 'coordinator',
    image: 'trinodb/trino:464',
    cpu: '300m',
    memory: '3Gi',
  });
}

/** A Trino worker: one per node (required anti-affinity on hostname). */
export function trinoWorkerTemplate(): PodTemplate {
  const affinity: Affinity = {
    podAntiAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [
        {
          topologyKey: 'kubernetes.io/hostname',
          labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'trino', 'app.kubernetes.io/component': 'worker' } },
        },
      ],
    },
  };
  return poolTemplate({
    pool: DemoPools.trino,
    app: 'trino',
    component: 'worker',
    image: 'trinodb/trino:464',
    cpu: '1500m',
    memory: '10Gi',
    affinity,
    terminationGracePeriodSeconds: 60,
  });
}

/** A JupyterHub single-user server; `protect` adds `karpenter.sh/do-not-disrupt: "true"` (a long-running kernel). */
export function notebookTemplate(user: string, size: 'small' | 'medium', protect: boolean): PodTemplate {
  const resources = size === 'small' ? { cpu: '500m', memory: '2Gi' } : { cpu: '1', memory: '4Gi' };
  return poolTemplate({
    pool: DemoPools.jupyter,
    app: 'jupyterhub',
    component: 'singleuser-server',
    image: 'quay.io/jupyter/scipy-notebook:2024-10-07',
    ...resources,
    labels: { 'hub.jupyter.org/username': user },
    ...(protect ? { annotations: { [Annotations.doNotDisrupt]: 'true' } } : {}),
  });
}

/** A log shipper on every node (tolerates every taint, as node agents do): the DaemonSet overhead karpd must account for. */
export function logShipperDaemonSet(): DaemonSet {
  const labels = { 'app.kubernetes.io/name': 'fluent-bit' };
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'fluent-bit', namespace: 'kube-system', labels: { ...labels } },
    spec: {
      selector: { matchLabels: { ...labels } },
      template: {
        metadata: { labels: { ...labels } },
        spec: {
          tolerations: [{ operator: 'Exists' }],
          containers: [{ name: 'fluent-bit', image: 'fluent/fluent-bit:3.2', resources: { requests: { cpu: '100m', memory: '128Mi' } } }],
          priorityClassName: 'system-node-critical',
        },
      },
    },
  };
}
