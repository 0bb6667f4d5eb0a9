/**
 * `meta.k8s.io/v1 Table` responses for `kubectl get` (https://kubernetes.io/docs/reference/using-api/api-concepts/#receiving-resources-as-tables): built-in
 * columns, CRD printer columns, and the row object as requested by
 * `includeObject`.
 */
import { builtinColumns, defaultColumns, type ColumnDefinition, type Columns } from './builtin-columns.js';
import { ageOf } from './human-duration.js';
import { evaluateJsonPath } from './json-path.js';
import type { Dict, KubeObj } from './object.js';
import type { PrinterColumn, ResourceType } from './resource-type.js';

/** What each row's `object` carries. */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

function customCell(column: PrinterColumn, obj: KubeObj, now: Date): unknown {
  const value = evaluateJsonPath(obj, column.jsonPath);
  if (value === undefined || value === null) return null;
  if (column.type === 'date') return ageOf(value, now);
  if (column.type === 'integer' || column.type === 'number' || column.type === 'boolean') return value;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function customColumns(columns: readonly PrinterColumn[]): Columns {
  const list = columns.length === 0 ? [{ name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' }] : columns;
  const definitions: ColumnDefinition[] = [
    { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', priority: 0 },
    ...list.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.format ?? '',
      description: c.description ?? '',
      priority: c.priority ?? 0,
    })),
  ];
  return { definitions, cells: (obj, now) => [obj.metadata.name, ...list.map((c) => customCell(c, obj, now))] };
}

/** The columns of a resource type. */
export function columnsFor(type: ResourceType): Columns {
  if (type.custom) return customColumns(type.printerColumns ?? []);
  if (type.resource === 'customresourcedefinitions') return defaultColumns();
  return builtinColumns(type.group, type.resource) ?? defaultColumns();
}

function rowObject(obj: KubeObj, include: IncludeObject): Dict | undefined {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

/** One Table row. */
export function tableRow(columns: Columns, obj: KubeObj, now: Date, include: IncludeObject): Dict {
  const row: Dict = { cells: columns.cells(obj, now) };
  const object = rowObject(obj, include);
  if (object !== undefined) row.object = object;
  return row;
}

/** A Table over `objects`; `withColumns=false` sends `columnDefinitions: []` (watch events after the first). */
export function buildTable(
  type: ResourceType,
  objects: readonly KubeObj[],
  meta: Dict,
  now: Date,
  include: IncludeObject,
  withColumns = true,
): Dict {
  const columns = columnsFor(type);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: meta,
    columnDefinitions: withColumns ? columns.definitions : [],
    rows: objects.map((obj) => tableRow(columns, obj, now, include)),
  };
}
