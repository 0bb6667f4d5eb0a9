/**
 * One row of the API server's registry: everything discovery, routing,
 * OpenAPI and tables need to know about a served resource (https://kubernetes.io/docs/reference/using-api/api-concepts/#standard-api-terminology).
 */
import type { KubeObj } from './object.js';

/** A printer column declared by a CRD (`additionalPrinterColumns`). */
export interface PrinterColumn {
  readonly name: string;
  readonly type: string;
  readonly jsonPath: string;
  readonly priority?: number;
  readonly description?: string;
  readonly format?: string;
}

/** Where a custom resource's scale subresource reads and writes replicas. */
export interface ScaleSpec {
  readonly specReplicasPath: string;
  readonly statusReplicasPath: string;
  readonly labelSelectorPath?: string;
}

/** Converts objects between a type's API shape and the shared storage shape (events.k8s.io ↔ core events). */
export interface StorageView {
  /** Storage object → what this type's clients see. */
  fromStorage(obj: KubeObj): KubeObj;
  /** A client's object → the storage shape. */
  toStorage(obj: KubeObj): KubeObj;
}

/** A served resource: one group/version/resource. */
export interface ResourceType {
  readonly group: string;
  readonly version: string;
  /** The plural resource name used in URLs. */
  readonly resource: string;
  readonly kind: string;
  readonly listKind: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly verbs: readonly string[];
  /** True when `status` is a subresource (main-resource writes keep the stored status). */
  readonly hasStatus: boolean;
  /** Extra subresources listed in discovery (e.g. `eviction`, `binding` for pods). */
  readonly extraSubresources?: readonly string[];
  /** The scale subresource, when the CRD declares one. */
  readonly scale?: ScaleSpec;
  /** Field-selector fields beyond `metadata.name` / `metadata.namespace`. */
  readonly fieldSelectors: readonly string[];
  /** CRD printer columns; undefined for built-ins (their columns are code). */
  readonly printerColumns?: readonly PrinterColumn[];
  /** The CRD's openAPIV3Schema, for defaults and OpenAPI. */
  readonly schema?: Record<string, unknown>;
  /** Served from a CRD. */
  readonly custom: boolean;
  /** PUT without resourceVersion allowed (false for CRs and leases, real). */
  readonly allowUnconditionalUpdate: boolean;
  /** PUT on a missing object creates it (leases, real). */
  readonly allowCreateOnUpdate: boolean;
  /** Where objects live: `group/resource`; two types may share it (events). */
  readonly storageKey: string;
  /** Present when this type is a view over another type's storage. */
  readonly view?: StorageView;
}

/** `group/version`, or `version` for the core group. */
export function groupVersion(type: Pick<ResourceType, 'group' | 'version'>): string {
  return type.group === '' ? type.version : `${type.group}/${type.version}`;
}

/** The default verbs of a collection resource. */
export const ALL_VERBS: readonly string[] = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** Fills the derived fields of a resource row. */
export function resourceType(
  row: Partial<ResourceType> & Pick<ResourceType, 'group' | 'version' | 'resource' | 'kind' | 'namespaced'>,
): ResourceType {
  return {
    listKind: `${row.kind}List`,
    singular: row.kind.toLowerCase(),
    shortNames: [],
    categories: [],
    verbs: ALL_VERBS,
    hasStatus: false,
    fieldSelectors: [],
    custom: false,
    allowUnconditionalUpdate: true,
    allowCreateOnUpdate: false,
    storageKey: `${row.group}/${row.resource}`,
    ...row,
  };
}
