/**
 * `karpd new nodepool NAME --cluster C [--like POOL]`: the design notes' five
 * steps for adding a pool in one command — define the NodePool referencing
 * the cluster's EC2NodeClass, taint it with its name, put it in Git (written
 * into the cluster's folder, validated first; committing is left to the
 * operator, so nothing is synced before they have read it), and print the
 * `nodeSelector` and `tolerations` the workload's pod template needs.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Cluster } from '../../apis/cluster.js';
import { parseManifests } from '../../apis/manifest.js';
import type { NodePool } from '../../apis/nodepool.js';
import type { Problem } from '../../apis/problem.js';
import { validateObject } from '../../apis/validate-object.js';
import { formatProblem } from '../../gitops/render/format-problems.js';
import type { ClusterSources } from '../../gitops/render/manifest-set.js';
import { newNodePoolYaml, podSchedulingYaml } from '../../gitops/render/new-nodepool.js';
import type { ValidObject } from '../../gitops/render/validate-manifest-set.js';
import { validateManifestSet } from '../../gitops/render/validate-manifest-set.js';
import { CLUSTER_FILE, readManifestSet } from '../../gitops/source/local-repository.js';
import type { CommandIO } from './command.js';
import { ExitCode } from './command.js';
import type { NewNodePoolArgs } from './new-command-args.js';
import { NEW_HELP, parseNewArgs } from './new-command-args.js';

/** A refusal: the message and the exit code it ends with. */
interface Refusal {
  readonly message: string;
  readonly code: number;
}

async function knownClusters(repo: string): Promise<string[]> {
  const entries = await readdir(join(repo, 'clusters'), { withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isDirectory() && existsSync(join(repo, 'clusters', entry.name, CLUSTER_FILE)))
    .map((entry) => entry.name)
    .sort();
}

async function readCluster(repo: string, args: NewNodePoolArgs): Promise<ClusterSources | Refusal> {
  if (!existsSync(repo)) {
    return { code: ExitCode.usage, message: `no GitOps repository at ${repo}: start karpd once (npm start), or pass --repo DIR` };
  }
  const clusters = await knownClusters(repo);
  if (!clusters.includes(args.cluster)) {
    const known = clusters.length === 0 ? 'it has none' : `known: ${clusters.join(', ')}`;
    return { code: ExitCode.usage, message: `unknown cluster "${args.cluster}" in ${repo} (${known})` };
  }
  const set = await readManifestSet([join('clusters', args.cluster)], repo);
  const sources = set.clusters.find((cluster) => cluster.name === args.cluster);
  return sources ?? { code: ExitCode.usage, message: `unknown cluster "${args.cluster}" in ${repo}` };
}

function namesOf(objects: readonly ValidObject[], kind: string): string[] {
  return objects.filter((object) => object.kind === kind).map((object) => object.name);
}

function chooseNodeClass(objects: readonly ValidObject[], args: NewNodePoolArgs, like: NodePool | undefined): string | Refusal {
  const classes = namesOf(objects, 'EC2NodeClass');
  const wanted = args.nodeClass ?? (classes.length === 1 ? classes[0] : like?.spec.template.spec.nodeClassRef.name);
  if (wanted !== undefined && classes.includes(wanted)) return wanted;
  const known = classes.length === 0 ? 'it has none without errors' : `it has ${classes.join(', ')}`;
  if (args.nodeClass === undefined && classes.length > 1) {
    return {
      code: ExitCode.usage,
      message: `cluster ${args.cluster} has several EC2NodeClasses (${classes.join(', ')}): pick one with --node-class`,
    };
  }
  const what = wanted === undefined ? 'no EC2NodeClass' : `no EC2NodeClass ${wanted}`;
  return { code: ExitCode.usage, message: `${what} in cluster ${args.cluster} (${known})` };
}

function findLike(objects: readonly ValidObject[], args: NewNodePoolArgs): NodePool | undefined | Refusal {
  if (args.like === undefined) return undefined;
  const found = objects.find((object) => object.kind === 'NodePool' && object.name === args.like);
  if (found !== undefined) return found.object as unknown as NodePool;
  const pools = namesOf(objects, 'NodePool');
  return {
    code: ExitCode.usage,
    message: `no NodePool ${args.like} in cluster ${args.cluster} to copy (--like): it has ${pools.join(', ') || 'none'}`,
  };
}

function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && 'code' in value && 'message' in value;
}

/** Validates the cluster with `text` at `path` (replacing a file there); the errors that `path` causes. */
function problemsOfNewFile(sources: ClusterSources, path: string, text: string): Problem[] {
  const manifests = [...sources.manifests.filter((file) => file.path !== path), { path, text }].sort((a, b) =>
    a.path.localeCompare(b.path),
  );
  const report = validateManifestSet({ clusters: [{ ...sources, manifests }], loose: [] });
  return report.problems.filter((problem) => problem.severity === 'error' && problem.file === path);
}

/** Everything checked and the text to write, or why not. */
/** The text to write and the cluster's sync policy (for the next steps). */
interface Prepared {
  readonly text: string;
  readonly syncPolicy: string;
}

/** `spec.sync.policy` of the cluster's cluster.yaml (the default, auto, when it sets none). */
function syncPolicyOf(sources: ClusterSources): string {
  const document = parseManifests(sources.clusterFile.text, sources.clusterFile.path).documents[0];
  const cluster = document === undefined ? undefined : (validateObject(document.value).object as Partial<Cluster> | undefined);
  return cluster?.spec?.sync?.policy ?? 'auto';
}

function prepare(sources: ClusterSources, args: NewNodePoolArgs, path: string, exists: boolean): Prepared | Refusal {
  const { objects } = validateManifestSet({ clusters: [sources], loose: [] });
  const like = findLike(objects, args);
  if (isRefusal(like)) return like;
  const nodeClass = chooseNodeClass(objects, args, like);
  if (isRefusal(nodeClass)) return nodeClass;
  const taken = objects.find((object) => object.kind === 'NodePool' && object.name === args.name && object.document.file !== path);
  if (taken !== undefined) return { code: ExitCode.invalid, message: `NodePool ${args.name} already exists in ${taken.document.file}` };
  if (exists && !args.force) return { code: ExitCode.invalid, message: `${path} already exists: pass --force to overwrite it` };
  const text = newNodePoolYaml({ name: args.name, nodeClass, ...(like !== undefined ? { like } : {}) });
  const problems = problemsOfNewFile(sources, path, text);
  if (problems.length > 0) {
    return { code: ExitCode.invalid, message: [`${path} would not be valid; nothing written:`, ...problems.map(formatProblem)].join('\n') };
  }
  return { text, syncPolicy: syncPolicyOf(sources) };
}

function syncStep(cluster: string, policy: string): string[] {
  if (policy === 'manual') {
    return [
      `  3. cluster ${cluster} syncs manually: the commit becomes a pending Decision; approve it with`,
      '     karpd decisions, then karpd approve ID',
    ];
  }
  return [`  3. karpd applies the commit to cluster ${cluster} within its sync interval (spec.sync.interval in cluster.yaml)`];
}

function nextSteps(args: NewNodePoolArgs, path: string, prepared: Prepared): string {
  const likeText = args.like === undefined ? "karpd's default limits and disruption" : `limits and disruption like ${args.like}`;
  return [
    `wrote ${join(args.repo, path)}: NodePool ${args.name}, tainted ${args.name}:NoSchedule, ${likeText}`,
    '',
    "A workload runs on this pool with, in its pod template's spec:",
    '',
    ...podSchedulingYaml(args.name)
      .split('\n')
      .map((line) => `  ${line}`),
    '',
    'Next steps:',
    `  1. review ${path}: narrow the requirements to the instance types the workload needs, check the limits`,
    `  2. cd ${args.repo} && git add ${path} && git commit -m "Add NodePool ${args.name}"`,
    ...syncStep(args.cluster, prepared.syncPolicy),
    "  4. add the nodeSelector and tolerations above to the workload's pod template",
  ].join('\n');
}

/** Runs `karpd new` with `args` (after the command word). */
export async function run(args: string[], io: CommandIO): Promise<number> {
  const parsed = parseNewArgs(args);
  if (parsed === 'help') {
    io.out(NEW_HELP);
    return ExitCode.ok;
  }
  if ('error' in parsed) {
    io.err(`karpd new: ${parsed.error}\n\n${NEW_HELP}`);
    return ExitCode.usage;
  }
  const repo = resolve(io.cwd, parsed.repo);
  const sources = await readCluster(repo, parsed);
  if (isRefusal(sources)) {
    io.err(`karpd new: ${sources.message}`);
    return sources.code;
  }
  const path = `clusters/${parsed.cluster}/nodepools/${parsed.name}.yaml`;
  const prepared = prepare(sources, parsed, path, existsSync(join(repo, path)));
  if (isRefusal(prepared)) {
    io.err(`karpd new: ${prepared.message}`);
    return prepared.code;
  }
  await mkdir(dirname(join(repo, path)), { recursive: true });
  await writeFile(join(repo, path), prepared.text);
  io.out(nextSteps(parsed, path, prepared));
  return ExitCode.ok;
}
