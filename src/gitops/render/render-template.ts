/**
 * Pure `{{ var }}` rendering of a manifest's text. Substitution happens in the
 * text, one placeholder at a time, so line numbers stay those of the file in
 * Git; placeholders in YAML comments are left alone. Every problem names its
 * line, object and field.
 *
 * - `{{ name }}` with a defined variable is replaced by its value.
 * - `{{ "…" }}` and `` {{ `…` }} `` (a Go-template string constant, as Helm users
 *   write it) render the text between the quotes as written: `{{ "{{" }}` gives `{{`.
 * - In free-text fields (`spec.userData`, any `annotations` value) anything else
 *   is left untouched, as upstream stores these fields as-is (Go templates,
 *   `{{ insertFile … }}`, MIME parts); elsewhere it is an error.
 */
import type { Problem } from '../../apis/problem.js';
import { formatPath } from '../../apis/problem.js';
import { didYouMean } from '../../apis/suggest.js';
import { VARIABLE_NAME } from '../../apis/validation/validate-cluster.js';
import type { PlaceholderSite, SiteLocator } from './placeholder-sites.js';
import { siteLocator } from './placeholder-sites.js';

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

/** How to write `{{` literally, for hints. */
const ESCAPE_HINT = 'to keep "{{" as written, escape it as {{ "{{" }} or wrap the text in {{`…`}}';

const STRING_CONSTANT = /\{\{\s*(?:"((?:[^"\\]|\\.)*)"|`([^`]*)`)\s*\}\}/y;
const PLACEHOLDER = /\{\{([^{}]*)\}\}/y;
const ANY_CLOSED = /\{\{.*?\}\}/y;

type Token =
  | { readonly type: 'constant'; readonly length: number; readonly literal: string }
  | { readonly type: 'placeholder'; readonly length: number; readonly name: string }
  | { readonly type: 'invalid'; readonly length: number }
  | { readonly type: 'unclosed'; readonly length: number };

interface Pass {
  readonly vars: Readonly<Record<string, string>>;
  readonly context: RenderContext;
  readonly locator: SiteLocator;
  readonly problems: Problem[];
  readonly used: Set<string>;
}

function stickyMatch(regex: RegExp, line: string, index: number): RegExpExecArray | null {
  regex.lastIndex = index;
  return regex.exec(line);
}

function unquote(text: string): string | undefined {
  try {
    return JSON.parse(`"${text}"`) as string;
  } catch {
    return undefined; // not a valid string constant: reported as an invalid placeholder by the caller
  }
}

function readToken(line: string, index: number): Token {
  const constant = stickyMatch(STRING_CONSTANT, line, index);
  if (constant !== null) {
    const literal = constant[2] ?? unquote(constant[1]);
    // A line break would shift every later line away from the file's own line numbers.
    if (literal !== undefined && !literal.includes('\n')) return { type: 'constant', length: constant[0].length, literal };
  }
  const placeholder = stickyMatch(PLACEHOLDER, line, index);
  if (placeholder !== null && VARIABLE_NAME.test(placeholder[1].trim())) {
    return { type: 'placeholder', length: placeholder[0].length, name: placeholder[1].trim() };
  }
  const closed = stickyMatch(ANY_CLOSED, line, index);
  return closed === null ? { type: 'unclosed', length: 2 } : { type: 'invalid', length: closed[0].length };
}

/** Free text that upstream stores as-is: placeholders there are optional. */
export function isFreeTextField(path: readonly (string | number)[]): boolean {
  if (path.length >= 2 && path[path.length - 2] === 'annotations') return true;
  return path.length === 2 && path[0] === 'spec' && path[1] === 'userData';
}

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

interface Where {
  readonly line: number;
  readonly column: number;
  readonly site: PlaceholderSite;
}

function report(pass: Pass, where: Where, problem: Pick<Problem, 'severity' | 'code' | 'message' | 'hint'>): void {
  const { site } = where;
  pass.problems.push({
    ...problem,
    file: pass.context.file,
    line: where.line,
    column: where.column,
    path: formatPath(site.path),
    ...(site.kind === undefined ? {} : { kind: site.kind }),
    ...(site.name === undefined ? {} : { name: site.name }),
  });
}

function renderPlaceholder(pass: Pass, token: Extract<Token, { type: 'placeholder' }>, whole: string, where: Where): string {
  const value = pass.vars[token.name];
  if (value !== undefined) {
    pass.used.add(token.name);
    return value;
  }
  if (isFreeTextField(where.site.path)) {
    const close = didYouMean(token.name, Object.keys(pass.vars));
    const message = `"${whole}" is not a variable and is kept as written`;
    if (close !== undefined) report(pass, where, { severity: 'warning', code: 'kept-placeholder', message, hint: close });
    return whole;
  }
  pass.used.add(token.name);
  const hint = undefinedHint(token.name, pass.vars, pass.context);
  report(pass, where, { severity: 'error', code: 'undefined-variable', message: `undefined variable "${token.name}"`, hint });
  return whole;
}

function renderToken(pass: Pass, token: Token, whole: string, where: Where): string {
  if (token.type === 'constant') return token.literal;
  if (token.type === 'placeholder') return renderPlaceholder(pass, token, whole, where);
  if (isFreeTextField(where.site.path)) return whole;
  if (token.type === 'invalid') {
    const message = `invalid placeholder "${whole}" (expected {{ name }} with letters, digits and "_")`;
    report(pass, where, { severity: 'error', code: 'invalid-placeholder', message, hint: ESCAPE_HINT });
  } else {
    const message = 'placeholder "{{" is not closed with "}}" on the same line';
    report(pass, where, { severity: 'error', code: 'unclosed-placeholder', message, hint: ESCAPE_HINT });
  }
  return whole;
}

function renderLine(pass: Pass, line: string, lineNumber: number, lineStart: number): string {
  const comment = commentStart(line);
  let out = '';
  let index = 0;
  for (let open = line.indexOf('{{'); open >= 0; open = line.indexOf('{{', index)) {
    out += line.slice(index, open);
    const site = pass.locator.at(lineStart + open);
    if (!site.inValue && open >= comment) return out + line.slice(open);
    const token = readToken(line, open);
    const whole = line.slice(open, open + token.length);
    out += renderToken(pass, token, whole, { line: lineNumber, column: open + 1, site });
    index = open + token.length;
  }
  return out + line.slice(index);
}

/** Replaces every `{{ name }}` of `text` with `vars[name]` and every `{{ "…" }}` with its text. */
export function renderTemplate(text: string, vars: Readonly<Record<string, string>>, context: RenderContext): RenderResult {
  const pass: Pass = { vars, context, locator: siteLocator(text), problems: [], used: new Set<string>() };
  let lineStart = 0;
  const lines = text.split('\n').map((line, index) => {
    const rendered = renderLine(pass, line, index + 1, lineStart);
    lineStart += line.length + 1;
    return rendered;
  });
  return { text: lines.join('\n'), problems: pass.problems, used: [...pass.used] };
}
