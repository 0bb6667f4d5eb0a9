/**
 * `kubectl get` columns of the built-in kinds (https://kubernetes.io/docs/reference/using-api/api-concepts/#receiving-resources-as-tables), computed the way
 * kube-apiserver's printers do (the subset the emulator needs).
 */
import { ageOf } from './human-duration.js';
import type { Dict, KubeObj } from './object.js';

/** A column definition of a Table. */
export interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

/** A kind's columns and the function that computes one row's cells. */
export interface Columns {
  readonly definitions: ColumnDefinition[];
  cells(obj: KubeObj, now: Date): unknown[];
}

function col(name: string, type = 'string', priority = 0, format = ''): ColumnDefinition {
  return { name, type, format, description: name === 'Name' ? 'Name must be unique within a namespace.' : '', priority };
}

const NAME = col('Name', 'string', 0, 'name');
const AGE = col('Age', 'string');

function podColumns(): Columns {
  return {
    definitions: [
      NAME,
      col('Ready'),
      col('Status'),
      col('Restarts'),
      AGE,
      col('IP', 'string', 1),
      col('Node', 'string', 1),
      col('Nominated Node', 'string', 1),
      col('Readiness Gates', 'string', 1),
    ],
    cells: (pod, now) => {
      const statuses: Dict[] = pod.status?.containerStatuses ?? [];
      const total = (pod.spec?.containers ?? []).length;
      const ready = statuses.filter((s) => s.ready).length;
      const restarts = statuses.reduce((n, s) => n + (s.restartCount ?? 0), 0);
      const status = pod.metadata.deletionTimestamp ? 'Terminating' : String(pod.status?.reason ?? pod.status?.phase ?? 'Pending');
      const gates = (pod.spec?.readinessGates ?? []).length;
      return [
        pod.metadata.name,
        `${ready}/${total}`,
        status,
        restarts,
        ageOf(pod.metadata.creationTimestamp, now),
        pod.status?.podIP ?? '<none>',
        pod.spec?.nodeName ?? '<none>',
        pod.status?.nominatedNodeName ?? '<none>',
        gates === 0 ? '<none>' : `0/${gates}`,
      ];
    },
  };
}

function nodeStatus(node: KubeObj): string {
  const ready = (node.status?.conditions ?? []).find((c: Dict) => c.type === 'Ready');
  let text = ready === undefined ? 'Unknown' : ready.status === 'True' ? 'Ready' : ready.status === 'False' ? 'NotReady' : 'Unknown';
  if (node.spec?.unschedulable) text += ',SchedulingDisabled';
  return text;
}

function nodeRoles(node: KubeObj): string {
  const roles = Object.keys(node.metadata.labels ?? {})
    .filter((k) => k.startsWith('node-role.kubernetes.io/'))
    .map((k) => k.slice('node-role.kubernetes.io/'.length))
    .sort();
  return roles.length === 0 ? '<none>' : roles.join(',');
}

function address(node: KubeObj, type: string): string {
  return (node.status?.addresses ?? []).find((a: Dict) => a.type === type)?.address ?? '<none>';
}

function nodeColumns(): Columns {
  return {
    definitions: [
      NAME,
      col('Status'),
      col('Roles'),
      AGE,
      col('Version'),
      col('Internal-IP', 'string', 1),
      col('External-IP', 'string', 1),
      col('OS-Image', 'string', 1),
      col('Kernel-Version', 'string', 1),
      col('Container-Runtime', 'string', 1),
    ],
    cells: (node, now) => {
      const info: Dict = node.status?.nodeInfo ?? {};
      return [
        node.metadata.name,
        nodeStatus(node),
        nodeRoles(node),
        ageOf(node.metadata.creationTimestamp, now),
        info.kubeletVersion ?? '',
        address(node, 'InternalIP'),
        address(node, 'ExternalIP'),
        info.osImage ?? '<unknown>',
        info.kernelVersion ?? '<unknown>',
        info.containerRuntimeVersion ?? '<unknown>',
      ];
    },
  };
}

function simple(names: string[], compute: (obj: KubeObj) => unknown[]): Columns {
  return {
    definitions: [NAME, ...names.map((n) => col(n)), AGE],
    cells: (obj, now) => [obj.metadata.name, ...compute(obj), ageOf(obj.metadata.creationTimestamp, now)],
  };
}

function eventColumns(): Columns {
  return {
    definitions: [col('Last Seen'), col('Type'), col('Reason'), col('Object'), col('Message')],
    cells: (ev, now) => {
      const last = ev.lastTimestamp ?? ev.eventTime ?? ev.metadata.creationTimestamp;
      const io: Dict = ev.involvedObject ?? ev.regarding ?? {};
      return [
        ageOf(last, now),
        ev.type ?? '',
        ev.reason ?? '',
        `${String(io.kind ?? '').toLowerCase()}/${io.name ?? ''}`,
        ev.message ?? ev.note ?? '',
      ];
    },
  };
}

const OR_NA = (v: unknown): unknown => (v === undefined ? 'N/A' : v);

/** Columns for a built-in resource, or undefined (then `Name, Created At`). */
export function builtinColumns(group: string, resource: string): Columns | undefined {
  const key = `${group}/${resource}`;
  switch (key) {
    case '/pods':
      return podColumns();
    case '/nodes':
      return nodeColumns();
    case '/namespaces':
      return simple(['Status'], (o) => [o.status?.phase ?? '']);
    case '/events':
    case 'events.k8s.io/events':
      return eventColumns();
    case 'coordination.k8s.io/leases':
      return simple(['Holder'], (o) => [o.spec?.holderIdentity ?? '']);
    case 'policy/poddisruptionbudgets':
      return simple(['Min Available', 'Max Unavailable', 'Allowed Disruptions'], (o) => [
        OR_NA(o.spec?.minAvailable),
        OR_NA(o.spec?.maxUnavailable),
        o.status?.disruptionsAllowed ?? 0,
      ]);
    case 'apps/daemonsets':
      return simple(['Desired', 'Current', 'Ready', 'Up-to-date', 'Available', 'Node Selector'], (o) => {
        const s: Dict = o.status ?? {};
        const selector = Object.entries(o.spec?.template?.spec?.nodeSelector ?? {})
          .map(([k, v]) => `${k}=${v}`)
          .join(',');
        return [
          s.desiredNumberScheduled ?? 0,
          s.currentNumberScheduled ?? 0,
          s.numberReady ?? 0,
          s.updatedNumberScheduled ?? 0,
          s.numberAvailable ?? 0,
          selector || '<none>',
        ];
      });
    case 'apps/deployments':
      return simple(['Ready', 'Up-to-date', 'Available'], (o) => [
        `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}`,
        o.status?.updatedReplicas ?? 0,
        o.status?.availableReplicas ?? 0,
      ]);
    case 'apps/replicasets':
      return simple(['Desired', 'Current', 'Ready'], (o) => [o.spec?.replicas ?? 1, o.status?.replicas ?? 0, o.status?.readyReplicas ?? 0]);
    case '/configmaps':
      return simple(['Data'], (o) => [Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length]);
    default:
      return undefined;
  }
}

/** `Name, Created At` for kinds without dedicated columns (CRDs included). */
export function defaultColumns(): Columns {
  return {
    definitions: [NAME, col('Created At', 'date')],
    cells: (obj) => [obj.metadata.name, obj.metadata.creationTimestamp ?? ''],
  };
}
