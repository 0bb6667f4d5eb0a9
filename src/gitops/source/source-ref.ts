/**
 * The ref a Git source follows (a branch, a tag, or a pinned commit), checked
 * once when the source is configured, and the refspecs that fetch it into
 * karpd's own clone under `refs/karpd/…` (forced, so a moved tag or a
 * force-pushed branch is taken as it now is).
 */
import { AutoscalerError, hasError } from '../../apis/errors.js';

/** The ref as configured: exactly one of the three (none means branch `main`). */
export interface SourceRefOptions {
  readonly branch?: string;
  readonly tag?: string;
  readonly commit?: string;
}

/** A checked ref. */
export interface SourceRef {
  readonly kind: 'branch' | 'tag' | 'commit';
  readonly name: string;
}

/** Thrown when a Git source is configured wrongly (two refs, a ref or URL git would read as an option). */
export class GitSourceConfigError extends AutoscalerError {
  constructor(message: string) {
    super(message);
    this.name = 'GitSourceConfigError';
  }
}

/** Is `error` a {@link GitSourceConfigError}? */
export function isGitSourceConfigError(error: unknown): boolean {
  return hasError(error, GitSourceConfigError);
}

const REF_NAME = /^(?!-)(?!.*\.\.)(?!.*\/\/)[A-Za-z0-9._/+-]+(?<![./])$/;
const COMMIT = /^[0-9a-f]{7,64}$/i;

/** The one ref of `options` (default: branch `main`), checked. */
export function sourceRefOf(options: SourceRefOptions | undefined): SourceRef {
  const given = (['branch', 'tag', 'commit'] as const).filter((kind) => options?.[kind] !== undefined);
  if (given.length > 1) throw new GitSourceConfigError(`git source ref: give one of branch, tag or commit, not ${given.join(' and ')}`);
  const kind = given[0] ?? 'branch';
  const name = options?.[kind] ?? 'main';
  if (kind === 'commit' && !COMMIT.test(name)) throw new GitSourceConfigError(`git source ref.commit: "${name}" is not a commit hash`);
  if (kind !== 'commit' && !REF_NAME.test(name))
    throw new GitSourceConfigError(`git source ref.${kind}: "${name}" is not a valid ref name`);
  return { kind, name: kind === 'commit' ? name.toLowerCase() : name };
}

/** Checks that git cannot read `url` as an option. */
export function checkSourceUrl(url: string): void {
  if (url.trim() === '' || url.startsWith('-')) throw new GitSourceConfigError(`git source url: "${url}" is not a repository URL or path`);
}

/** The refspecs a fetch of `ref` uses (a pinned commit fetches every branch and tag until the commit is found). */
export function fetchRefspecs(ref: SourceRef): string[] {
  if (ref.kind === 'branch') return [`+refs/heads/${ref.name}:refs/karpd/branch/${ref.name}`];
  if (ref.kind === 'tag') return [`+refs/tags/${ref.name}:refs/karpd/tag/${ref.name}`];
  return ['+refs/heads/*:refs/karpd/all/heads/*', '+refs/tags/*:refs/karpd/all/tags/*'];
}

/** What `git rev-parse` resolves to the ref's commit in karpd's clone. */
export function localRevision(ref: SourceRef): string {
  if (ref.kind === 'branch') return `refs/karpd/branch/${ref.name}^{commit}`;
  if (ref.kind === 'tag') return `refs/karpd/tag/${ref.name}^{commit}`;
  return `${ref.name}^{commit}`;
}
