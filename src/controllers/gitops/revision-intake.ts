/**
 * Takes a revision into a cluster's sync: renders and validates the
 * cluster's folder of it, and refuses the whole revision on any error
 * problem (nothing of it is applied; the last good revision stays in force).
 * A refused commit is audited and logged once, not on every pass; objects of
 * kinds karpd does not apply are reported once and ignored.
 */
import type { Cluster } from '../../apis/cluster.js';
import { withClusterDefaults } from '../../apis/defaults.js';
import type { Logger } from '../../apis/logger.js';
import type { Problem } from '../../apis/problem.js';
import { shortRevision } from '../../gitops/decisions/decision-drafts.js';
import type { DesiredObject } from '../../gitops/diff/object-comparison.js';
import { formatProblem } from '../../gitops/render/format-problems.js';
import type { Revision } from '../../gitops/source/revision.js';
import type { DecisionStepContext } from './decision-steps.js';
import { errorMessage, recordAudit } from './decision-steps.js';
import type { RenderRevision } from './sync-dependencies.js';
import { COMPARED_KINDS } from '../../gitops/diff/compare-objects.js';

/** The kinds a sync applies from Git — those the comparison knows (karpd's own Cluster is read, never applied). */
const SYNCED_KINDS = COMPARED_KINDS;

/** A revision that rendered and validated without errors: the desired state of the cluster. */
export interface RevisionInForce {
  readonly revision: Revision;
  /** The cluster.yaml with defaults applied. */
  readonly cluster: Cluster;
  readonly objects: readonly DesiredObject[];
}

/** Why the newest revision was refused. */
export interface RefusedRevision {
  readonly commit: string;
  /** `revision 3f2a91c refused: clusters/sandbox/nodepools/a.yaml:7: NodePool/a: spec.weight: …` */
  readonly error: string;
  readonly problems: readonly Problem[];
}

function refusalText(commit: string, lines: readonly string[]): string {
  const more = lines.length > 1 ? ` (and ${lines.length - 1} more)` : '';
  return `revision ${shortRevision(commit)} refused: ${lines[0] ?? 'unknown problem'}${more}`;
}

/** Renders revisions for one cluster and remembers the last good one. */
export class RevisionIntake {
  private good: RevisionInForce | undefined;
  private refusal: RefusedRevision | undefined;
  private lastCommit: string | undefined;
  private readonly reported = new Set<string>();

  constructor(
    private readonly context: DecisionStepContext & { readonly logger: Logger },
    private readonly render: RenderRevision,
  ) {}

  /** The last good revision (undefined until one rendered without errors). */
  inForce(): RevisionInForce | undefined {
    return this.good;
  }

  /** Why the newest revision looked at was refused, when it was. */
  refused(): RefusedRevision | undefined {
    return this.refusal;
  }

  /** The commit looked at last. */
  seen(): string | undefined {
    return this.lastCommit;
  }

  /** Takes `revision` (rendered once per commit). */
  async take(revision: Revision): Promise<void> {
    if (revision.commit === this.lastCommit) return;
    let rendered: Awaited<ReturnType<RenderRevision>>;
    try {
      rendered = await this.render(revision.tree, this.context.cluster);
    } catch (error) {
      await this.refuse(revision, [errorMessage(error)], []);
      return;
    }
    const errors = rendered.problems.filter((problem) => problem.severity === 'error');
    if (errors.length > 0) {
      await this.refuse(revision, errors.map(formatProblem), errors);
      return;
    }
    this.lastCommit = revision.commit;
    this.refusal = undefined;
    this.reportIgnored(revision, rendered.problems, rendered.objects);
    this.good = {
      revision,
      cluster: withClusterDefaults(rendered.cluster),
      objects: rendered.objects.filter((object) => SYNCED_KINDS.includes(object.kind)),
    };
  }

  private async refuse(revision: Revision, lines: readonly string[], problems: readonly Problem[]): Promise<void> {
    this.lastCommit = revision.commit;
    const error = refusalText(revision.commit, lines);
    this.refusal = { commit: revision.commit, error, problems };
    if (this.reported.has(revision.commit)) return;
    this.reported.add(revision.commit);
    const kept =
      this.good === undefined ? 'no revision in force yet' : `revision ${shortRevision(this.good.revision.commit)} stays in force`;
    this.context.logger.warn({ cluster: this.context.cluster, revision: revision.commit, problems: lines }, `${error}; ${kept}`);
    await recordAudit(this.context, { who: 'karpd', action: 'revision-refused', revision: revision.commit, result: `${error}; ${kept}` });
  }

  private reportIgnored(revision: Revision, problems: readonly Problem[], objects: readonly DesiredObject[]): void {
    const ignored = [
      ...problems.filter((problem) => problem.code === 'ignored-kind').map(formatProblem),
      ...objects
        .filter((object) => !SYNCED_KINDS.includes(object.kind))
        .map((object) => `${object.kind}/${object.metadata.name ?? ''}: karpd applies only NodePool and EC2NodeClass from Git`),
    ];
    if (ignored.length === 0) return;
    this.context.logger.warn(
      { cluster: this.context.cluster, revision: revision.commit, ignored },
      `revision ${shortRevision(revision.commit)}: ${ignored.length} object(s) of other kinds ignored`,
    );
  }
}
