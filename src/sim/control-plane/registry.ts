/**
 * The registry of served resources: built-ins plus the rows CRDs register.
 * Discovery, OpenAPI, routing and tables all read it (https://kubernetes.io/docs/reference/using-api/api-concepts/#standard-api-terminology).
 */
import { createHash } from 'node:crypto';
import { builtinTypes } from './builtin-types.js';
import { isDict, type Dict, type KubeObj } from './object.js';
import { groupVersion, resourceType, type PrinterColumn, type ResourceType, type ScaleSpec } from './resource-type.js';

/** A group with its served versions, in preference order. */
export interface ServedGroup {
  readonly name: string;
  readonly versions: readonly string[];
}

/** The served resources; CRD changes call {@link Registry.setCrd} / {@link Registry.removeCrd}. */
export class Registry {
  private readonly builtins: ResourceType[] = builtinTypes();
  private readonly crds = new Map<string, ResourceType[]>();
  private revision = 0;
  private cached?: ResourceType[];

  /** Every served resource, built-ins first, then CRDs in name order. */
  all(): ResourceType[] {
    if (this.cached === undefined) {
      const custom = [...this.crds.keys()].sort().flatMap((name) => this.crds.get(name) ?? []);
      this.cached = [...this.builtins, ...custom];
    }
    return this.cached;
  }

  /** The type served at `group/version` under `resource`, if any. */
  find(group: string, version: string, resource: string): ResourceType | undefined {
    return this.all().find((t) => t.group === group && t.version === version && t.resource === resource);
  }

  /** The type for an `apiVersion` + `kind`, if served. */
  findByKind(apiVersion: string, kind: string): ResourceType | undefined {
    return this.all().find((t) => groupVersion(t) === apiVersion && t.kind === kind);
  }

  /** The core type with this resource name (shortcut used by controllers). */
  core(resource: string): ResourceType {
    const type = this.builtins.find((t) => t.group === '' && t.resource === resource);
    if (type === undefined) throw new Error(`no core resource "${resource}" is registered`);
    return type;
  }

  /** The served groups (excluding core), in preference order, each with its versions. */
  groups(): ServedGroup[] {
    const groups = new Map<string, string[]>();
    for (const type of this.all()) {
      if (type.group === '') continue;
      const versions = groups.get(type.group) ?? [];
      if (!versions.includes(type.version)) versions.push(type.version);
      groups.set(type.group, versions);
    }
    return [...groups].map(([name, versions]) => ({ name, versions }));
  }

  /** Whether any type is served at `group/version`. */
  hasGroupVersion(group: string, version: string): boolean {
    return this.all().some((t) => t.group === group && t.version === version);
  }

  /** Registers (or re-registers) the rows a CRD object serves. */
  setCrd(crd: KubeObj): void {
    this.crds.set(String(crd.metadata.name), typesFromCrd(crd));
    this.revision++;
    this.cached = undefined;
  }

  /** Removes the rows a CRD served. */
  removeCrd(name: string): void {
    if (this.crds.delete(name)) {
      this.revision++;
      this.cached = undefined;
    }
  }

  /** A short hash that changes whenever the served set changes (OpenAPI `?hash=`). */
  hash(): string {
    const text = `${this.revision}:${this.all()
      .map((t) => `${groupVersion(t)}/${t.resource}`)
      .join(',')}`;
    return createHash('sha256').update(text).digest('hex').slice(0, 16).toUpperCase();
  }
}

function printerColumns(version: Dict): PrinterColumn[] {
  const columns: unknown = version.additionalPrinterColumns;
  if (!Array.isArray(columns)) return [];
  return columns.map((c: Dict) => ({
    name: String(c.name),
    type: String(c.type ?? 'string'),
    jsonPath: String(c.jsonPath),
    priority: typeof c.priority === 'number' ? c.priority : 0,
    description: typeof c.description === 'string' ? c.description : '',
    format: typeof c.format === 'string' ? c.format : '',
  }));
}

function scaleOf(version: Dict): ScaleSpec | undefined {
  const scale: unknown = version.subresources?.scale;
  if (!isDict(scale) || typeof scale.specReplicasPath !== 'string' || typeof scale.statusReplicasPath !== 'string') return undefined;
  const spec: ScaleSpec = { specReplicasPath: scale.specReplicasPath, statusReplicasPath: scale.statusReplicasPath };
  return typeof scale.labelSelectorPath === 'string' ? { ...spec, labelSelectorPath: scale.labelSelectorPath } : spec;
}

function selectableFields(version: Dict): string[] {
  const fields: unknown = version.selectableFields;
  if (!Array.isArray(fields)) return [];
  return fields.map((f: Dict) => String(f.jsonPath ?? '').replace(/^\./, ''));
}

/** The resource rows one CRD object serves (one per served version). */
export function typesFromCrd(crd: KubeObj): ResourceType[] {
  const spec: Dict = crd.spec ?? {};
  const names: Dict = spec.names ?? {};
  const versions: Dict[] = Array.isArray(spec.versions) ? spec.versions : [];
  const storageKey = `${spec.group}/${names.plural}`;
  return versions
    .filter((v) => v.served !== false)
    .map((v) =>
      resourceType({
        group: String(spec.group),
        version: String(v.name),
        resource: String(names.plural),
        kind: String(names.kind),
        listKind: String(names.listKind ?? `${names.kind}List`),
        singular: String(names.singular ?? String(names.kind).toLowerCase()),
        namespaced: spec.scope === 'Namespaced',
        shortNames: Array.isArray(names.shortNames) ? names.shortNames.map(String) : [],
        categories: Array.isArray(names.categories) ? names.categories.map(String) : [],
        hasStatus: v.subresources?.status !== undefined,
        scale: scaleOf(v),
        fieldSelectors: selectableFields(v),
        printerColumns: printerColumns(v),
        schema: v.schema?.openAPIV3Schema,
        custom: true,
        allowUnconditionalUpdate: false,
        storageKey,
      }),
    );
}
