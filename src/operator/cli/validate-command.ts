/**
 * `karpd validate PATH... [--format text|json]`: validates manifests, folders
 * or a GitOps repository. Prints one problem a line (or a JSON array) and
 * exits 0 when valid (warnings allowed), 1 on any error, 2 on a usage or I/O
 * error.
 */
import { hasErrors } from '../../apis/problem.js';
import type { Problem } from '../../apis/problem.js';
import { instanceTypeFitCheck } from '../../gitops/render/instance-type-fit.js';
import { formatProblem, formatProblemsJson, formatSummary } from '../../gitops/render/format-problems.js';
import type { NodePoolCheck } from '../../gitops/render/validate-manifest-set.js';
import { validateManifestSet } from '../../gitops/render/validate-manifest-set.js';
import { isSourceReadError, readManifestSet } from '../../gitops/source/local-repository.js';
import type { CommandIO } from './command.js';
import { ExitCode } from './command.js';

/** The text `karpd validate --help` prints. */
export const VALIDATE_HELP = `Usage: karpd validate PATH... [--format text|json]

Validates NodePool, EC2NodeClass, NodeClaim and Cluster manifests: files,
folders, or a GitOps repository (clusters/<name>/cluster.yaml plus the
manifests under that folder). {{ var }} placeholders are rendered from the
cluster's spec.vars; karpenter.sh/v1beta1 objects are converted to v1 with a
warning; every NodePool is checked against the EC2 instance-type catalog.

Options:
  --format text|json   one problem a line (default), or a JSON array of problems
  -h, --help           show this help

Exit status: 0 valid (warnings allowed), 1 any error, 2 usage or I/O error.`;

interface ValidateArgs {
  readonly paths: string[];
  readonly format: 'text' | 'json';
}

/** Parses the arguments, or returns a usage error message. */
export function parseValidateArgs(args: readonly string[]): ValidateArgs | { error: string } | 'help' {
  const paths: string[] = [];
  let format: 'text' | 'json' = 'text';
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (arg === '-h' || arg === '--help') return 'help';
    if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg.includes('=') ? arg.slice('--format='.length) : args[++index];
      if (value !== 'text' && value !== 'json')
        return { error: `--format must be text or json, got ${value === undefined ? 'nothing' : `"${value}"`}` };
      format = value;
    } else if (arg.startsWith('-') && arg !== '-') {
      return { error: `unknown option "${arg}"` };
    } else {
      paths.push(arg);
    }
  }
  if (paths.length === 0) return { error: 'no PATH given' };
  return { paths, format };
}

/** Zones the catalog's instance types are built for; placement keys are not part of the check. */
const CHECK_REGION = 'eu-west-2';

/**
 * Loads the EC2 catalog as a NodePool check; undefined when it cannot be loaded (the check is then skipped).
 * A type's `kubernetes.io/os` follows the AMI family of the pool's EC2NodeClass, so the catalog holds each
 * type as a Linux node and, for amd64 types (Windows AMIs are amd64 only), as a Windows node.
 */
async function loadNodePoolCheck(): Promise<NodePoolCheck | undefined> {
  const { ec2InstanceTypes, isCatalogLoadError } = await import('../../cloudprovider/catalog/index.js');
  const zones = ['a', 'b', 'c'].map((letter) => `${CHECK_REGION}${letter}`);
  try {
    const linux = ec2InstanceTypes({ region: CHECK_REGION, zones });
    const isAmd64 = (type: (typeof linux)[number]): boolean =>
      type.requirements.some((requirement) => requirement.key === 'kubernetes.io/arch' && (requirement.values ?? []).includes('amd64'));
    const windows = ec2InstanceTypes({ region: CHECK_REGION, zones, nodeClass: { amiFamily: 'Windows2022' } }).filter(isAmd64);
    return instanceTypeFitCheck([...linux, ...windows]);
  } catch (error) {
    if (isCatalogLoadError(error)) return undefined;
    throw error;
  }
}

function report(problems: Problem[], summary: string, format: 'text' | 'json', io: CommandIO): void {
  if (format === 'json') {
    io.out(formatProblemsJson(problems));
    return;
  }
  for (const problem of problems) io.out(formatProblem(problem));
  io.out(summary);
}

/** Runs `karpd validate` with `args` (after the command word). */
export async function run(args: string[], io: CommandIO): Promise<number> {
  const parsed = parseValidateArgs(args);
  if (parsed === 'help') {
    io.out(VALIDATE_HELP);
    return ExitCode.ok;
  }
  if ('error' in parsed) {
    io.err(`karpd validate: ${parsed.error}\n\n${VALIDATE_HELP}`);
    return ExitCode.usage;
  }
  let set: Awaited<ReturnType<typeof readManifestSet>>;
  try {
    set = await readManifestSet(parsed.paths, io.cwd);
  } catch (error) {
    if (!isSourceReadError(error)) throw error;
    io.err(`karpd validate: ${(error as Error).message}`);
    return ExitCode.usage;
  }
  const checkNodePool = await loadNodePoolCheck();
  const result = validateManifestSet(set, checkNodePool === undefined ? {} : { checkNodePool });
  const summary = formatSummary(result.problems, result.files, result.clusters);
  report(
    result.problems,
    checkNodePool === undefined ? `${summary} (instance-type catalog not available: requirements not checked)` : summary,
    parsed.format,
    io,
  );
  return hasErrors(result.problems) ? ExitCode.invalid : ExitCode.ok;
}
