/**
 * Pure `{{ var }}` rendering of a manifest's text. Substitution happens in the
 * text, one placeholder at a time, so line numbers stay those of the file in
 * Git; placeholders in YAML comments are left alone. An undefined variable is
 * an error that names its line and suggests the closest defined name.
 */
import type { Problem } from '../../apis/problem.js';
import { didYouMean } from '../../apis/suggest.js';
import { VARIABLE_NAME } from '../../apis/validation/validate-cluster.js';

/** The rendered text and the problems found on the way (undefined variables, malformed placeholders). */
export interface RenderResult {
  readonly text: string;
  readonly problems: Problem[];
  /** The variable names the text used, each once, in order of first use. */
  readonly used: string[];
}

/** Where a file's variables came from, for messages (`cluster "sandbox"`, or none outside a cluster folder). */
export interface RenderContext {
  readonly file: string;
  /** The cluster whose `spec.vars` apply; undefined for a manifest outside any cluster folder. */
  readonly cluster?: string;
}

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

function commentStart(line: string): number {
  const match = /(^|\s)#/.exec(line);
  return match === null ? Number.POSITIVE_INFINITY : match.index + match[1].length;
}

function undefinedHint(name: string, vars: Readonly<Record<string, string>>, context: RenderContext): string {
  if (context.cluster === undefined) return 'this file is outside any cluster folder (clusters/<name>/), so it has no variables';
  const suggestion = didYouMean(name, Object.keys(vars));
  if (suggestion !== undefined) return suggestion;
  return `define it under spec.vars in the cluster.yaml of cluster "${context.cluster}"`;
}

function renderLine(line: string, lineNumber: number, vars: Readonly<Record<string, string>>, context: RenderContext, result: { problems: Problem[]; used: Set<string> }): string {
  const comment = commentStart(line);
  const rendered = line.replace(PLACEHOLDER, (whole: string, inner: string, offset: number) => {
    if (offset >= comment) return whole;
    const name = inner.trim();
    const where = { file: context.file, line: lineNumber, column: offset + 1, path: '' };
    if (!VARIABLE_NAME.test(name)) {
      result.problems.push({ severity: 'error', code: 'invalid-placeholder', message: `invalid placeholder "${whole}" (expected {{ name }} with letters, digits and "_")`, ...where });
      return whole;
    }
    result.used.add(name);
    const value = vars[name];
    if (value !== undefined) return value;
    result.problems.push({ severity: 'error', code: 'undefined-variable', message: `undefined variable "${name}"`, hint: undefinedHint(name, vars, context), ...where });
    return whole;
  });
  const unclosed = line.slice(0, comment).replace(PLACEHOLDER, (whole) => ' '.repeat(whole.length)).indexOf('{{');
  if (unclosed >= 0) {
    result.problems.push({ severity: 'error', code: 'unclosed-placeholder', message: 'placeholder "{{" is not closed with "}}" on the same line', file: context.file, line: lineNumber, column: unclosed + 1, path: '' });
  }
  return rendered;
}

/** Replaces every `{{ name }}` of `text` with `vars[name]`. */
export function renderTemplate(text: string, vars: Readonly<Record<string, string>>, context: RenderContext): RenderResult {
  const result = { problems: [] as Problem[], used: new Set<string>() };
  const lines = text.split('\n').map((line, index) => renderLine(line, index + 1, vars, context, result));
  return { text: lines.join('\n'), problems: result.problems, used: [...result.used] };
}
