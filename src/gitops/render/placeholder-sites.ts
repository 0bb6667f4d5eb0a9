/**
 * Where a `{{ … }}` placeholder sits in a manifest before rendering: the field
 * path, kind and name of its object, and whether it is inside a value at all
 * (a `#` inside a block scalar such as `userData` is not a comment). Read from
 * the YAML syntax tree of the raw text, which the `yaml` parser builds even when
 * a placeholder makes the raw text invalid YAML (e.g. `weight: {{ w }}`).
 */
import { isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import type { PathSegment } from '../../apis/problem.js';

/** The place of one offset of the raw text. */
export interface PlaceholderSite {
  /** The field path of the innermost value or key holding the offset (empty outside any). */
  readonly path: readonly PathSegment[];
  /** True when the offset is inside a key or a value, false in a comment or between nodes. */
  readonly inValue: boolean;
  /** The `kind` and `metadata.name` of the document, when they are plain strings. */
  readonly kind?: string;
  readonly name?: string;
}

/** Looks up the site of offsets of one text. */
export interface SiteLocator {
  at(offset: number): PlaceholderSite;
}

type Range = readonly [number, number, number];

function contains(node: unknown, offset: number): boolean {
  const range = (node as YamlNode | null)?.range as Range | undefined;
  return range !== undefined && range[0] <= offset && offset < range[1];
}

function keyOf(key: unknown): string {
  return isScalar(key) ? String(key.value) : '?';
}

function descend(node: unknown, offset: number, path: PathSegment[]): { path: PathSegment[]; inValue: boolean } {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = keyOf(pair.key);
      if (contains(pair.key, offset)) return { path: [...path, key], inValue: true };
      if (contains(pair.value, offset)) return descend(pair.value, offset, [...path, key]);
    }
    return { path, inValue: false };
  }
  if (isSeq(node)) {
    const index = node.items.findIndex((item) => contains(item, offset));
    return index < 0 ? { path, inValue: false } : descend(node.items[index], offset, [...path, index]);
  }
  return { path, inValue: contains(node, offset) };
}

function stringAt(doc: Document.Parsed, path: readonly string[]): string | undefined {
  let node: unknown = doc.contents;
  for (const segment of path) {
    if (!isMap(node)) return undefined;
    node = node.items.find((pair) => keyOf(pair.key) === segment)?.value;
  }
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

function siteIn(doc: Document.Parsed, offset: number): PlaceholderSite {
  const { path, inValue } = descend(doc.contents, offset, []);
  const kind = stringAt(doc, ['kind']);
  const name = stringAt(doc, ['metadata', 'name']);
  return { path, inValue, ...(kind === undefined ? {} : { kind }), ...(name === undefined ? {} : { name }) };
}

/** Parses `text` once and answers where each offset lies. */
export function siteLocator(text: string): SiteLocator {
  // The parser reports syntax errors in each document instead of throwing; the tree is built either way.
  const docs = [...parseAllDocuments(text, { prettyErrors: false })] as Document.Parsed[];
  return {
    at(offset) {
      const doc = docs.find((candidate) => candidate.range[0] <= offset && offset < candidate.range[2]);
      return doc === undefined ? { path: [], inValue: false } : siteIn(doc, offset);
    },
  };
}
