/**
 * The built-in resources the embedded server serves (https://kubernetes.io/docs/reference/using-api/api-concepts/ "resources to
 * serve"): core/v1, apps/v1, policy/v1, coordination.k8s.io/v1,
 * events.k8s.io/v1, rbac.authorization.k8s.io/v1 and apiextensions.k8s.io/v1.
 * ServiceAccounts, Services, Secrets and the RBAC kinds are plain stored
 * objects (no token controller, no cluster IPs, no authorization), so that
 * `kubectl apply -k deploy` has somewhere to put karpd's own manifests.
 */
import { eventsV1View } from './events-view.js';
import { resourceType, type ResourceType } from './resource-type.js';

const POD_FIELDS = [
  'spec.nodeName',
  'spec.restartPolicy',
  'spec.schedulerName',
  'spec.serviceAccountName',
  'spec.hostNetwork',
  'status.phase',
  'status.podIP',
  'status.nominatedNodeName',
];

const EVENT_FIELDS = [
  'involvedObject.kind',
  'involvedObject.namespace',
  'involvedObject.name',
  'involvedObject.uid',
  'involvedObject.apiVersion',
  'involvedObject.resourceVersion',
  'involvedObject.fieldPath',
  'reason',
  'reportingComponent',
  'source',
  'type',
];

/** The scale subresource of Deployments and ReplicaSets (`kubectl scale`), as kube-apiserver serves it. */
const REPLICAS_SCALE = { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' };

/** The kinds of rbac.authorization.k8s.io/v1, by resource. */
const RBAC_KINDS = {
  clusterroles: 'ClusterRole',
  clusterrolebindings: 'ClusterRoleBinding',
  roles: 'Role',
  rolebindings: 'RoleBinding',
} as const;

/** Every built-in resource row, in discovery order. */
export function builtinTypes(): ResourceType[] {
  return [
    resourceType({
      group: '',
      version: 'v1',
      resource: 'namespaces',
      kind: 'Namespace',
      namespaced: false,
      shortNames: ['ns'],
      hasStatus: true,
      verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
      fieldSelectors: ['status.phase'],
    }),
    resourceType({
      group: '',
      version: 'v1',
      resource: 'nodes',
      kind: 'Node',
      namespaced: false,
      shortNames: ['no'],
      hasStatus: true,
      fieldSelectors: ['spec.unschedulable'],
    }),
    resourceType({
      group: '',
      version: 'v1',
      resource: 'pods',
      kind: 'Pod',
      namespaced: true,
      shortNames: ['po'],
      categories: ['all'],
      hasStatus: true,
      extraSubresources: ['eviction', 'binding'],
      fieldSelectors: POD_FIELDS,
    }),
    resourceType({
      group: '',
      version: 'v1',
      resource: 'events',
      kind: 'Event',
      namespaced: true,
      shortNames: ['ev'],
      fieldSelectors: EVENT_FIELDS,
    }),
    resourceType({ group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', namespaced: true, shortNames: ['cm'] }),
    resourceType({ group: '', version: 'v1', resource: 'secrets', kind: 'Secret', namespaced: true }),
    resourceType({ group: '', version: 'v1', resource: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true, shortNames: ['sa'] }),
    resourceType({
      group: '',
      version: 'v1',
      resource: 'services',
      kind: 'Service',
      namespaced: true,
      shortNames: ['svc'],
      categories: ['all'],
      hasStatus: true,
    }),
    resourceType({
      group: 'apps',
      version: 'v1',
      resource: 'daemonsets',
      kind: 'DaemonSet',
      namespaced: true,
      shortNames: ['ds'],
      categories: ['all'],
      hasStatus: true,
    }),
    resourceType({
      group: 'apps',
      version: 'v1',
      resource: 'replicasets',
      kind: 'ReplicaSet',
      namespaced: true,
      shortNames: ['rs'],
      categories: ['all'],
      hasStatus: true,
      scale: REPLICAS_SCALE,
    }),
    resourceType({
      group: 'apps',
      version: 'v1',
      resource: 'deployments',
      kind: 'Deployment',
      namespaced: true,
      shortNames: ['deploy'],
      categories: ['all'],
      hasStatus: true,
      scale: REPLICAS_SCALE,
    }),
    resourceType({
      group: 'policy',
      version: 'v1',
      resource: 'poddisruptionbudgets',
      kind: 'PodDisruptionBudget',
      namespaced: true,
      shortNames: ['pdb'],
      hasStatus: true,
    }),
    resourceType({
      group: 'coordination.k8s.io',
      version: 'v1',
      resource: 'leases',
      kind: 'Lease',
      namespaced: true,
      allowUnconditionalUpdate: false,
      allowCreateOnUpdate: true,
    }),
    resourceType({
      group: 'events.k8s.io',
      version: 'v1',
      resource: 'events',
      kind: 'Event',
      namespaced: true,
      shortNames: ['ev'],
      storageKey: '/events',
      view: eventsV1View,
      fieldSelectors: EVENT_FIELDS,
    }),
    ...(['clusterroles', 'clusterrolebindings', 'roles', 'rolebindings'] as const).map((resource) =>
      resourceType({
        group: 'rbac.authorization.k8s.io',
        version: 'v1',
        resource,
        kind: RBAC_KINDS[resource],
        namespaced: resource === 'roles' || resource === 'rolebindings',
      }),
    ),
    resourceType({
      group: 'apiextensions.k8s.io',
      version: 'v1',
      resource: 'customresourcedefinitions',
      kind: 'CustomResourceDefinition',
      namespaced: false,
      shortNames: ['crd', 'crds'],
      categories: ['api-extensions'],
      hasStatus: true,
    }),
  ];
}
