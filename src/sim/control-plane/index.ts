/**
 * The embedded control plane: an in-memory Kubernetes API server that
 * kubectl 1.32 and @kubernetes/client-node 1.4 both accept.
 */
export { startControlPlane, createControlPlaneCore } from './control-plane.js';
export type { ControlPlane, ControlPlaneOptions } from './control-plane.js';
export { writeKubeconfig, kubeconfigFor } from './kubeconfig.js';
export { realClock } from './clock.js';
export type { Clock, CancelTimer } from './clock.js';
export { ApiError, findApiError, isApiError } from './api-error.js';
export type { StatusObject } from './api-error.js';
export { ResourceApi } from './resource-api.js';
export type { PatchType, WriteOptions, WriteResult, PropagationPolicy } from './resource-api.js';
export { deleteObject } from './deletion.js';
export type { DeleteOptions, DeleteResult } from './deletion.js';
export { evictPod, bindPod } from './pod-subresources.js';
export { Store } from './store.js';
export type { StoreEvent, StoredEntry } from './store.js';
export { Registry } from './registry.js';
export type { ResourceType } from './resource-type.js';
export { loadCrdManifests, CRD_DIRECTORY } from './crd-manifests.js';
export type { Logger } from './controller-deps.js';
