/**
 * Objects as YAML with a stable key order (`apiVersion`, `kind`, `metadata`
 * first, every other key sorted) and the unified diff between two of them,
 * with `---`/`+++` headers naming the object and the side
 * (`NodePool/airflow-worker (live)` → `(git)`). What `karpd plan`, the
 * Decisions and the dashboard show. The objects are shown as given:
 * normalise them first (normalise-object.ts) to see only what matters.
 */
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { stringify } from 'yaml';
import type { KubeObject } from '../../apis/object-meta.js';
import { isJsonObject, sortKeysDeep } from './json-value.js';

const LEADING_KEYS = ['apiVersion', 'kind', 'metadata'];

/** The names of the two sides in a diff's headers. @default `{ before: 'live', after: 'git' }` */
export interface DiffSides {
  readonly before: string;
  readonly after: string;
}

function ordered(object: KubeObject): unknown {
  const sorted = sortKeysDeep(object);
  if (!isJsonObject(sorted)) return sorted;
  const leading = LEADING_KEYS.filter((key) => Object.hasOwn(sorted, key));
  const others = Object.keys(sorted).filter((key) => !LEADING_KEYS.includes(key));
  return Object.fromEntries([...leading, ...others].map((key) => [key, sorted[key]]));
}

/** `object` as YAML, `apiVersion`/`kind`/`metadata` first and every other key sorted; '' for none. */
export function objectYaml(object: KubeObject | undefined): string {
  if (object === undefined) return '';
  return stringify(ordered(object), { lineWidth: 0, aliasDuplicateObjects: false });
}

/**
 * The unified diff `before` → `after` as YAML, headed `--- LABEL (live)` / `+++ LABEL (git)` (or the given sides);
 * an absent side diffs as an empty file; '' when both print the same.
 * @example unifiedDiff(normalisedLive, normalisedDesired, 'NodePool/airflow-worker')
 */
export function unifiedDiff(
  before: KubeObject | undefined,
  after: KubeObject | undefined,
  label: string,
  sides: DiffSides = { before: 'live', after: 'git' },
): string {
  const beforeText = objectYaml(before);
  const afterText = objectYaml(after);
  if (beforeText === afterText) return '';
  return createTwoFilesPatch(`${label} (${sides.before})`, `${label} (${sides.after})`, beforeText, afterText, undefined, undefined, {
    headerOptions: FILE_HEADERS_ONLY,
  });
}
