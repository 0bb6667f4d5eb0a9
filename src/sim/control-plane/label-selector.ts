/**
 * Label selectors: the string grammar of `labels.Parse` (used by the
 * `labelSelector` query parameter) and `LabelSelector` objects (PDBs).
 * A nil or empty LabelSelector object matches nothing (real, for PDBs).
 */
import { badRequestError } from './api-error.js';
import type { Dict } from './object.js';

/** One parsed requirement of a label selector. */
export interface LabelRequirement {
  readonly key: string;
  readonly op: 'exists' | '!exists' | '=' | '!=' | 'in' | 'notin' | '>' | '<';
  readonly values: readonly string[];
}

/** A parsed label selector: requirements ANDed. */
export type LabelSelectorExpr = readonly LabelRequirement[];

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

const KEY = /^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?$/;
const SET_EXPR = /^(\S+)\s+(in|notin)\s*\((.*)\)$/;
const CMP_EXPR = /^([^!=<>\s]+)\s*(==|=|!=|>|<)\s*(.*)$/;

function parseRequirement(text: string, whole: string): LabelRequirement {
  const fail = () => badRequestError(`unable to parse requirement: found '${text}' in label selector "${whole}"`);
  const set = SET_EXPR.exec(text);
  if (set) {
    const values = set[3]
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '');
    if (!KEY.test(set[1])) throw fail();
    return { key: set[1], op: set[2] as 'in' | 'notin', values };
  }
  if (text.startsWith('!')) {
    const key = text.slice(1).trim();
    if (!KEY.test(key)) throw fail();
    return { key, op: '!exists', values: [] };
  }
  const cmp = CMP_EXPR.exec(text);
  if (cmp) {
    const op = cmp[2] === '==' ? '=' : (cmp[2] as '=' | '!=' | '>' | '<');
    const value = cmp[3].trim();
    if (!KEY.test(cmp[1]) || !/^[-A-Za-z0-9_.]*$/.test(value)) throw fail();
    if ((op === '>' || op === '<') && !/^-?\d+$/.test(value)) throw fail();
    return { key: cmp[1], op, values: [value] };
  }
  if (!KEY.test(text)) throw fail();
  return { key: text, op: 'exists', values: [] };
}

/** Parses a `labelSelector` string; an unparsable one is 400 BadRequest. */
export function parseLabelSelector(text: string | undefined | null): LabelSelectorExpr {
  if (text === undefined || text === null || text.trim() === '') return [];
  return splitTopLevel(text).map((part) => parseRequirement(part, text));
}

function matchesRequirement(req: LabelRequirement, labels: Record<string, string>): boolean {
  const has = Object.hasOwn(labels, req.key);
  const value = labels[req.key];
  switch (req.op) {
    case 'exists':
      return has;
    case '!exists':
      return !has;
    case '=':
      return has && value === req.values[0];
    case '!=':
      return !has || value !== req.values[0];
    case 'in':
      return has && req.values.includes(value);
    case 'notin':
      return !has || !req.values.includes(value);
    case '>':
      return has && /^-?\d+$/.test(value) && Number(value) > Number(req.values[0]);
    case '<':
      return has && /^-?\d+$/.test(value) && Number(value) < Number(req.values[0]);
  }
}

/** Whether `labels` satisfy every requirement (an empty selector matches everything). */
export function matchesLabels(selector: LabelSelectorExpr, labels: Record<string, string> | undefined): boolean {
  const actual = labels ?? {};
  return selector.every((req) => matchesRequirement(req, actual));
}

/** Converts a `LabelSelector` object; returns undefined for a nil/empty one (matches nothing). */
export function fromLabelSelectorObject(selector: Dict | undefined): LabelSelectorExpr | undefined {
  if (selector === undefined || selector === null) return undefined;
  const reqs: LabelRequirement[] = Object.entries((selector.matchLabels ?? {}) as Record<string, string>).map(([key, value]) => ({
    key,
    op: '=',
    values: [String(value)],
  }));
  for (const expr of (selector.matchExpressions ?? []) as Dict[]) {
    const op = ({ In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!exists' } as const)[expr.operator as 'In'];
    if (op === undefined) continue;
    reqs.push({ key: String(expr.key), op, values: (expr.values ?? []).map(String) });
  }
  return reqs.length === 0 ? undefined : reqs;
}
