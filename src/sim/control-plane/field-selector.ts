/**
 * Field selectors (https://kubernetes.io/docs/concepts/overview/working-with-objects/field-selectors/): `f=v`, `f==v`, `f!=v`, comma-separated, with `\,`
 * and `\=` escapes, evaluated on a fixed set of fields per kind.
 */
import { badRequestError } from './api-error.js';
import type { Dict, KubeObj } from './object.js';
import type { ResourceType } from './resource-type.js';

/** One parsed field requirement. */
export interface FieldRequirement {
  readonly field: string;
  readonly negate: boolean;
  readonly value: string;
}

function splitEscaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\' && i + 1 < text.length) {
      current += text[i + 1];
      i++;
    } else if (text[i] === separator) {
      parts.push(current);
      current = '';
    } else current += text[i];
  }
  parts.push(current);
  return parts;
}

function parseOne(part: string, whole: string): FieldRequirement {
  const match = /^([^=!]+)(==|!=|=)(.*)$/.exec(part.replace(/\\([,=])/g, (_m, c: string) => (c === '=' ? '\u0000' : c)));
  if (match === null) throw badRequestError(`invalid selector: '${whole}'; can't understand '${part}'`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL stands in for an escaped '=' while the selector is split
  return { field: match[1].trim(), negate: match[2] === '!=', value: match[3].replace(/\u0000/g, '=') };
}

/** Parses a `fieldSelector`, rejecting fields `type` does not support with 400 (`field label not supported: f`). */
export function parseFieldSelector(text: string | undefined | null, type: ResourceType): FieldRequirement[] {
  if (text === undefined || text === null || text.trim() === '') return [];
  const reqs = splitEscaped(text, ',')
    .filter((p) => p.trim() !== '')
    .map((part) => parseOne(part, text));
  for (const req of reqs) {
    if (req.field !== 'metadata.name' && req.field !== 'metadata.namespace' && !type.fieldSelectors.includes(req.field)) {
      throw badRequestError(`field label not supported: ${req.field}`);
    }
  }
  return reqs;
}

const BOOLEAN_FIELDS = new Set(['spec.unschedulable', 'spec.hostNetwork']);

/** The string value of a selectable field: missing → "" (booleans → "false"). */
export function fieldValue(obj: KubeObj, field: string): string {
  if (field === 'source') return String(obj.source?.component ?? '');
  let node: unknown = obj;
  for (const part of field.split('.')) node = node !== null && typeof node === 'object' ? (node as Dict)[part] : undefined;
  if (node === undefined || node === null) return BOOLEAN_FIELDS.has(field) ? 'false' : '';
  return String(node);
}

/** Whether `obj` satisfies every field requirement. */
export function matchesFields(reqs: readonly FieldRequirement[], obj: KubeObj): boolean {
  return reqs.every((req) => (fieldValue(obj, req.field) === req.value) !== req.negate);
}
