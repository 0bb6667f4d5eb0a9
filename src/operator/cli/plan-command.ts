/**
 * `karpd plan`: what a revision of the GitOps repository would do to each
 * cluster — the diff against the live objects and the what-if (projected
 * nodes, instance mix and $/h before → after, pods that would become
 * unschedulable, nodes that would drift) — as text, markdown (the comment a
 * CI job posts on a pull request) or JSON. Exit 0 nothing to do, 1 changes,
 * 2 error, as `flux diff` does. Reads the cluster; writes nothing to it.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Cluster } from '../../apis/cluster.js';
import type { EC2NodeClass } from '../../apis/ec2nodeclass.js';
import { silentLogger } from '../../apis/logger.js';
import type { Problem } from '../../apis/problem.js';
import { SimCloudProvider } from '../../cloudprovider/sim/sim-cloud-provider.js';
import { clusterWhatIf } from '../../controllers/gitops/cluster-what-if.js';
import { compareCluster } from '../../gitops/diff/compare-objects.js';
import { formatPlanJson, formatPlanMarkdown, formatPlanText, planExitCode, type ClusterPlan } from '../../gitops/diff/plan-report.js';
import { exportRevision } from '../../gitops/source/export-revision.js';
import { loadClusterManifests } from '../../gitops/source/load-cluster.js';
import { listClusterState } from '../../kube/cluster-informers.js';
import { connect } from '../../kube/connect.js';
import { ClusterState } from '../../state/cluster-state.js';
import { realClock } from '../clock.js';
import { ExitCode, type CommandIO } from './command.js';

const HELP = `Usage: karpd plan [--repo PATH] [--revision REV] [--cluster NAME]
                  [--kubeconfig FILE | --state-dir DIR] [--format text|markdown|json]

Shows what a commit of the GitOps repository would change in each cluster:
the unified diff of every NodePool and EC2NodeClass against the live cluster
(after normalising defaults, quantities and durations), and the what-if — the
scheduler run on the cluster's current pods under the old and the new pools:
projected nodes, instance mix and $/h before → after, pods that would become
unschedulable, and how many existing nodes would drift and be replaced.
Only committed files count (uncommitted edits are ignored). Nothing is written.

Options:
  --repo PATH         the GitOps repository (default: DIR/gitops with --state-dir, else .karpd/gitops if it exists, else .)
  --revision REV      a branch, tag or commit (default HEAD)
  --cluster NAME      only this cluster folder (default: every cluster)
  --kubeconfig FILE   read live objects through this kubeconfig, context = the cluster's spec.kubeContext
  --state-dir DIR     read live objects from a running \`karpd up\` (DIR/kubeconfig, one context per cluster; default .karpd)
  --format FORMAT     text (default), markdown (for a pull-request comment) or json
  -h, --help          this help

Instance types and prices come from the EC2 catalog (priceSource catalog-us-east-1).
Exit status: 0 nothing to change, 1 changes, 2 error (a broken revision, an unreachable cluster, bad flags).`;

type Format = 'text' | 'markdown' | 'json';

interface PlanFlags {
  readonly repo: string;
  readonly revision: string;
  readonly cluster?: string;
  readonly kubeconfig: string;
  /** The embedded default's kubeconfig: contexts are cluster names. */
  readonly embedded: boolean;
  readonly format: Format;
}

function parse(args: string[], cwd: string): PlanFlags | 'help' {
  const { values } = parseArgs({
    args,
    options: {
      repo: { type: 'string' },
      revision: { type: 'string', default: 'HEAD' },
      cluster: { type: 'string' },
      kubeconfig: { type: 'string' },
      'state-dir': { type: 'string' },
      format: { type: 'string', default: 'text' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: false,
  });
  if (values.help) return 'help';
  if (values.kubeconfig !== undefined && values['state-dir'] !== undefined) throw new Error('give --kubeconfig or --state-dir, not both');
  if (!['text', 'markdown', 'json'].includes(values.format))
    throw new Error(`--format: expected text, markdown or json, got "${values.format}"`);
  if (values.cluster !== undefined && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(values.cluster))
    throw new Error(`--cluster: "${values.cluster}" is not a cluster folder name (a DNS label)`);
  const stateDir = resolve(cwd, values['state-dir'] ?? '.karpd');
  const repo =
    values.repo !== undefined
      ? resolve(cwd, values.repo)
      : values['state-dir'] !== undefined || existsSync(join(stateDir, 'gitops'))
        ? join(stateDir, 'gitops')
        : cwd;
  return {
    repo,
    revision: values.revision,
    ...(values.cluster !== undefined ? { cluster: values.cluster } : {}),
    kubeconfig: values.kubeconfig !== undefined ? resolve(cwd, values.kubeconfig) : join(stateDir, 'kubeconfig'),
    embedded: values.kubeconfig === undefined,
    format: values.format as Format,
  };
}

function problem(cluster: string, code: string, message: string, severity: Problem['severity'] = 'error'): Problem {
  return { severity, code, path: '', message: `cluster ${cluster}: ${message}`, kind: 'Cluster', name: cluster };
}

/** The kubeconfig context of a cluster: its name in the embedded default, else its spec.kubeContext. */
function contextOf(cluster: Cluster, flags: PlanFlags): string | undefined {
  return flags.embedded ? cluster.metadata.name : cluster.spec.kubeContext;
}

async function planCluster(tree: string, name: string, revision: string, flags: PlanFlags): Promise<ClusterPlan> {
  const base = { cluster: name, revision, comparisons: [], errors: [] as Problem[], warnings: [] as Problem[] };
  let manifests: Awaited<ReturnType<typeof loadClusterManifests>>;
  try {
    manifests = await loadClusterManifests(tree, name);
  } catch (error) {
    return { ...base, errors: [problem(name, 'cluster-unreadable', error instanceof Error ? error.message : String(error))] };
  }
  const errors = manifests.problems.filter((p) => p.severity === 'error');
  const warnings = manifests.problems.filter((p) => p.severity !== 'error');
  if (errors.length > 0) return { ...base, errors, warnings };
  if (!existsSync(flags.kubeconfig))
    return {
      ...base,
      errors: [problem(name, 'no-kubeconfig', `${flags.kubeconfig} does not exist (start karpd up, or pass --kubeconfig)`)],
      warnings,
    };
  const context = contextOf(manifests.cluster, flags);
  let rest: ReturnType<typeof connect>;
  try {
    rest = connect({ kubeconfigPath: flags.kubeconfig });
    if (context !== undefined) {
      if (!rest.kubeConfig.getContexts().some((entry) => entry.name === context)) {
        if (flags.embedded)
          return {
            ...base,
            warnings: [
              ...warnings,
              problem(
                name,
                'not-running',
                `no context "${context}" in ${flags.kubeconfig} (karpd up runs only cloud: sim clusters): skipped`,
                'warning',
              ),
            ],
          };
        throw new Error(`no context "${context}" in ${flags.kubeconfig}`);
      }
      rest.kubeConfig.setCurrentContext(context);
    }
  } catch (error) {
    return { ...base, errors: [problem(name, 'no-context', error instanceof Error ? error.message : String(error))], warnings };
  }
  let state: ClusterState;
  try {
    state = await listClusterState(rest, new ClusterState());
  } catch (error) {
    return {
      ...base,
      errors: [problem(name, 'unreachable', `reading the cluster: ${error instanceof Error ? error.message : String(error)}`)],
      warnings,
    };
  }
  const snapshot = state.snapshot();
  const live = [...snapshot.nodeClasses, ...snapshot.nodePools];
  const comparisons = compareCluster({ desired: manifests.objects, live });
  const poolsChange = comparisons.some((c) => c.kind === 'NodePool' && c.status !== 'in-sync' && c.status !== 'unmanaged');
  let whatIf: ClusterPlan['whatIf'];
  if (poolsChange) {
    const cloud = new SimCloudProvider(
      { clock: realClock(), logger: silentLogger },
      {
        region: manifests.cluster.spec.region,
        clusterName: name,
        nodeClasses: (nodeClass: string): EC2NodeClass | undefined => snapshot.nodeClasses.find((c) => c.metadata.name === nodeClass),
      },
    );
    const unmanaged = new Set(comparisons.filter((c) => c.status === 'unmanaged').map((c) => `${c.kind}/${c.name}`));
    const after = [...manifests.objects, ...live.filter((object) => unmanaged.has(`${object.kind}/${object.metadata.name}`))];
    whatIf = await clusterWhatIf({ snapshot, cloud, before: live, after });
  }
  return { ...base, comparisons, ...(whatIf !== undefined ? { whatIf } : {}), warnings };
}

function clusterFolders(tree: string): string[] {
  const folder = join(tree, 'clusters');
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(folder, entry.name, 'cluster.yaml')))
    .map((entry) => entry.name)
    .sort();
}

/** Runs `karpd plan`. */
export async function run(args: string[], io: CommandIO): Promise<number> {
  let flags: PlanFlags | 'help';
  try {
    flags = parse(args, io.cwd);
  } catch (error) {
    io.err(`karpd plan: ${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
    return ExitCode.usage;
  }
  if (flags === 'help') {
    io.out(HELP);
    return ExitCode.ok;
  }
  const scratch = mkdtempSync(join(tmpdir(), 'karpd-plan-'));
  try {
    let revision: Awaited<ReturnType<typeof exportRevision>>;
    try {
      revision = await exportRevision(flags.repo, flags.revision, scratch);
    } catch (error) {
      io.err(`karpd plan: ${error instanceof Error ? error.message : String(error)}`);
      return ExitCode.usage;
    }
    const names = clusterFolders(revision.tree).filter((name) => flags.cluster === undefined || name === flags.cluster);
    if (names.length === 0) {
      io.err(
        `karpd plan: ${flags.cluster === undefined ? 'no cluster folder' : `no cluster folder "${flags.cluster}"`} (clusters/<name>/cluster.yaml) in ${flags.repo} at ${flags.revision}`,
      );
      return ExitCode.usage;
    }
    const plans: ClusterPlan[] = [];
    for (const name of names) plans.push(await planCluster(revision.tree, name, revision.commit, flags));
    const text =
      flags.format === 'json' ? formatPlanJson(plans) : flags.format === 'markdown' ? formatPlanMarkdown(plans) : formatPlanText(plans);
    io.out(text.replace(/\n$/, ''));
    return planExitCode(plans);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
