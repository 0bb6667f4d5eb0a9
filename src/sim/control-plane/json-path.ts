/**
 * The JSONPath subset of CRD printer columns (https://kubernetes.io/docs/reference/using-api/api-concepts/#receiving-resources-as-tables): `.a.b`, escaped dots
 * (`.metadata.labels.node\.kubernetes\.io/instance-type`), `[n]` and
 * `[?(@.type=="Ready")]`.
 */
import { isDict } from './object.js';

type Step = { kind: 'field'; name: string } | { kind: 'index'; index: number } | { kind: 'filter'; field: string; value: string };

function parseSteps(path: string): Step[] {
  const steps: Step[] = [];
  let i = path.startsWith('$') ? 1 : 0;
  while (i < path.length) {
    if (path[i] === '.') {
      let name = '';
      i++;
      while (i < path.length && path[i] !== '.' && path[i] !== '[') {
        if (path[i] === '\\' && i + 1 < path.length) i++;
        name += path[i];
        i++;
      }
      if (name !== '') steps.push({ kind: 'field', name });
    } else if (path[i] === '[') {
      const end = path.indexOf(']', i);
      const inner = path.slice(i + 1, end < 0 ? path.length : end);
      i = end < 0 ? path.length : end + 1;
      const filter = /^\?\(@\.([\w.]+)\s*==\s*["']([^"']*)["']\)$/.exec(inner);
      if (filter) steps.push({ kind: 'filter', field: filter[1], value: filter[2] });
      else if (/^\d+$/.test(inner)) steps.push({ kind: 'index', index: Number(inner) });
      else steps.push({ kind: 'field', name: inner.replace(/^['"]|['"]$/g, '') });
    } else i++;
  }
  return steps;
}

function step(values: unknown[], s: Step): unknown[] {
  const out: unknown[] = [];
  for (const value of values) {
    if (s.kind === 'field' && isDict(value) && value[s.name] !== undefined) out.push(value[s.name]);
    if (s.kind === 'index' && Array.isArray(value) && value[s.index] !== undefined) out.push(value[s.index]);
    if (s.kind === 'filter' && Array.isArray(value)) {
      for (const item of value) if (isDict(item) && String(item[s.field]) === s.value) out.push(item);
    }
  }
  return out;
}

/** Evaluates `path` on `obj`; returns the first match, or undefined. */
export function evaluateJsonPath(obj: unknown, path: string): unknown {
  let values: unknown[] = [obj];
  for (const s of parseSteps(path)) values = step(values, s);
  return values[0];
}
