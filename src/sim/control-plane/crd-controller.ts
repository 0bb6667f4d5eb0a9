/**
 * CRDs are real objects (https://kubernetes.io/docs/reference/using-api/api-concepts/#standard-api-terminology): storing one registers its resources at once;
 * deleting one unregisters them and deletes every instance.
 */
import { onStoreChange, type ControllerDeps, type StopController } from './controller-deps.js';
import { typesFromCrd } from './registry.js';

/** Storage key of CustomResourceDefinitions. */
export const CRD_STORAGE = 'apiextensions.k8s.io/customresourcedefinitions';

/** Starts the (synchronous) CRD registration controller. */
export function startCrdController(deps: ControllerDeps): StopController {
  return onStoreChange(deps, 'crd', (event) => {
    if (event.storageKey !== CRD_STORAGE) return;
    const crd = event.entry.obj;
    if (event.type !== 'DELETED') {
      deps.registry.setCrd(crd);
      return;
    }
    const types = typesFromCrd(crd);
    deps.registry.removeCrd(String(crd.metadata.name));
    const storageKey = types[0]?.storageKey;
    if (storageKey === undefined) return;
    for (const entry of deps.api.store.list(storageKey)) {
      const meta = entry.obj.metadata;
      deps.api.store.commit(storageKey, meta.namespace ? `${meta.namespace}/${meta.name}` : String(meta.name), 'DELETED', {
        ...entry.obj,
        metadata: { ...meta },
      });
    }
  });
}
