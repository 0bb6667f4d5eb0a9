/**
 * The table behind the upstream-rule tests: each case names one rule of
 * upstream's CRDs (openAPI constraint or `x-kubernetes-validations` CEL rule,
 * listed in docs/design/validation-rules.md), one edit of a valid object that
 * breaks it, the problem expected (field path and code), and one edit that
 * keeps the object valid.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PathSegment } from '../../src/apis/problem.js';
import { formatPath } from '../../src/apis/problem.js';
import { validateObject } from '../../src/apis/validate-object.js';

/** One field set (or removed, with `undefined`) on a copy of the base object. */
export type Edit = readonly [readonly PathSegment[], unknown];

/** One rule: a manifest that breaks it and one that satisfies it. */
export interface RuleCase {
  /** The rule's id in docs/design/validation-rules.md. */
  readonly rule: string;
  readonly bad: readonly Edit[];
  /** The expected problem: formatted field path and code. */
  readonly path: string;
  readonly code: string;
  /** @default 'error' */
  readonly severity?: 'error' | 'warning';
  readonly good: readonly Edit[];
}

/** Shorthand for a case. */
export function rule(id: string, bad: readonly Edit[], expected: `${string} ${string}`, good: readonly Edit[]): RuleCase {
  const [code, path = ''] = expected.split(' ');
  return { rule: id, bad, path, code, good };
}

/** `count` copies built by `make(index)`. */
export function times<T>(count: number, make: (index: number) => T): T[] {
  return Array.from({ length: count }, (_, index) => make(index));
}

/** An object of `count` entries `prefix0: value …`. */
export function entries(count: number, prefix: string, value: string): Record<string, string> {
  return Object.fromEntries(times(count, (index) => [`${prefix}${index}`, value]));
}

function applyEdit(object: Record<string, unknown>, [path, value]: Edit): void {
  let node: Record<string | number, unknown> = object;
  for (const [index, segment] of path.entries()) {
    if (index === path.length - 1) {
      if (value === undefined) delete node[segment];
      else node[segment] = structuredClone(value);
      return;
    }
    if (typeof node[segment] !== 'object' || node[segment] === null) node[segment] = typeof path[index + 1] === 'number' ? [] : {};
    node = node[segment] as Record<string | number, unknown>;
  }
}

function edited(base: Record<string, unknown>, edits: readonly Edit[]): Record<string, unknown> {
  const copy = structuredClone(base);
  for (const edit of edits) applyEdit(copy, edit);
  return copy;
}

function listed(object: Record<string, unknown>): string[] {
  return validateObject(object).problems.map((problem) => `${problem.severity}:${problem.code}@${formatPath(problem.at)}`);
}

const CHECKLIST = join(import.meta.dirname, '../../docs/design/validation-rules.md');

/** Runs every case against `base`: the bad edit reports the expected problem, the good edit reports no error. */
export function runRuleTable(title: string, base: Record<string, unknown>, cases: readonly RuleCase[]): void {
  describe(title, () => {
    it('starts from a base object without problems', () => assert.deepEqual(listed(base), []));
    it('has every rule listed in docs/design/validation-rules.md', () => {
      const checklist = readFileSync(CHECKLIST, 'utf8');
      const missing = cases.map((item) => item.rule.split('(')[0]).filter((id) => !checklist.includes(`\`${id}`));
      assert.deepEqual([...new Set(missing)], []);
    });
    for (const item of cases) {
      it(`${item.rule}: refuses the breaking manifest at ${item.path || '(root)'}`, () => {
        const problems = listed(edited(base, item.bad));
        const expected = `${item.severity ?? 'error'}:${item.code}@${item.path}`;
        assert.ok(problems.includes(expected), `expected ${expected}, got:\n${problems.join('\n')}`);
      });
      it(`${item.rule}: accepts the satisfying manifest`, () => {
        const errors = listed(edited(base, item.good)).filter((problem) => problem.startsWith('error:'));
        assert.deepEqual(errors, []);
      });
    }
  });
}
