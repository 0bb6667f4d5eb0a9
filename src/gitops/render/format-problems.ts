/**
 * Problems formatted for people and for machines: one line each
 * (`file:line: Kind/name: field.path: message (hint)`) or a JSON array.
 */
import type { Problem } from '../../apis/problem.js';

/** One problem as one line: `file:line: Kind/name: field.path: [warning: ]message (hint)`. */
export function formatProblem(problem: Problem): string {
  const parts: string[] = [];
  if (problem.file !== undefined) parts.push(problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`);
  if (problem.kind !== undefined) parts.push(`${problem.kind}/${problem.name ?? '<unnamed>'}`);
  if (problem.path !== '') parts.push(problem.path);
  const severity = problem.severity === 'warning' ? 'warning: ' : '';
  const hint = problem.hint === undefined ? '' : ` (${problem.hint})`;
  parts.push(`${severity}${problem.message}${hint}`);
  return parts.join(': ');
}

/** The problems as a JSON array (stable key order, two-space indent). */
export function formatProblemsJson(problems: readonly Problem[]): string {
  const keys: Array<keyof Problem> = ['severity', 'code', 'file', 'line', 'column', 'kind', 'name', 'path', 'message', 'hint'];
  const ordered = problems.map((problem) =>
    Object.fromEntries(keys.filter((key) => problem[key] !== undefined).map((key) => [key, problem[key]])),
  );
  return JSON.stringify(ordered, null, 2);
}

/** A one-line summary: `2 errors, 1 warning in 7 files (2 clusters)`. */
export function formatSummary(problems: readonly Problem[], files: number, clusters: number): string {
  const errors = problems.filter((problem) => problem.severity === 'error').length;
  const warnings = problems.length - errors;
  const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;
  const scope = `${plural(files, 'file')}${clusters > 0 ? ` (${plural(clusters, 'cluster')})` : ''}`;
  if (problems.length === 0) return `ok: ${scope}, no problems`;
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${scope}`;
}
