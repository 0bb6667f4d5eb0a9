/**
 * Validation problems as data (zod-issue style): what is wrong, where, and how
 * to fix it. Validators return these; formatting for the CLI, events or the
 * dashboard happens elsewhere (see `src/gitops/render/format-problems.ts`).
 */

/** How bad a problem is: errors make a manifest unusable, warnings do not. */
export type Severity = 'error' | 'warning';

/** One step of a field path: an object key or an array index. */
export type PathSegment = string | number;

/** A problem found in one object, with its field path and (once located) source position. */
export interface Problem {
  readonly severity: Severity;
  /** A stable machine-readable code, e.g. `unknown-operator`. */
  readonly code: string;
  /** The field path, e.g. `spec.template.spec.requirements[2].operator` (empty for the whole document). */
  readonly path: string;
  readonly message: string;
  /** How to fix it, when known (e.g. `did you mean "In"?`). */
  readonly hint?: string;
  readonly file?: string;
  /** 1-based line of the offending field in `file`. */
  readonly line?: number;
  /** 1-based column of the offending field in `file`. */
  readonly column?: number;
  readonly kind?: string;
  readonly name?: string;
}

/** A problem as a validator reports it: the path is still a list of segments, not yet located. */
export interface RawProblem {
  readonly severity: Severity;
  readonly code: string;
  readonly at: readonly PathSegment[];
  readonly message: string;
  readonly hint?: string;
}

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** Formats path segments as `spec.requirements[2].key` (keys with dots or slashes as `labels["a.b/c"]`). */
export function formatPath(at: readonly PathSegment[]): string {
  let text = '';
  for (const segment of at) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

/** Collects the problems of one validation pass; each validator appends to it. */
export class ProblemList {
  private readonly items: RawProblem[] = [];

  /** Records an error at `at`. */
  error(at: readonly PathSegment[], code: string, message: string, hint?: string): void {
    this.items.push(withHint({ severity: 'error', code, at, message }, hint));
  }

  /** Records a warning at `at`. */
  warn(at: readonly PathSegment[], code: string, message: string, hint?: string): void {
    this.items.push(withHint({ severity: 'warning', code, at, message }, hint));
  }

  /** Appends problems found elsewhere. */
  addAll(problems: readonly RawProblem[]): void {
    this.items.push(...problems);
  }

  /** The problems recorded so far, in order. */
  toArray(): RawProblem[] {
    return [...this.items];
  }
}

function withHint(problem: RawProblem, hint: string | undefined): RawProblem {
  return hint === undefined ? problem : { ...problem, hint };
}

/** True when any problem is an error. */
export function hasErrors(problems: readonly Pick<Problem, 'severity'>[]): boolean {
  return problems.some((problem) => problem.severity === 'error');
}

/** Orders problems by file, line, column, then path: the order a person reads a file in. */
export function compareProblems(a: Problem, b: Problem): number {
  return (
    (a.file ?? '').localeCompare(b.file ?? '') ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    a.path.localeCompare(b.path)
  );
}
