/** The arguments of `karpd new nodepool`, parsed: every flag known, every value checked, or a usage error naming it. */
import { join } from 'node:path';
import { DNS_LABEL } from '../../gitops/render/new-nodepool.js';

/** The text `karpd new --help` prints. */
export const NEW_HELP = `Usage: karpd new nodepool NAME --cluster C [--like POOL] [--node-class NAME]
                          [--repo DIR | --state-dir DIR] [--force]

Writes clusters/C/nodepools/NAME.yaml into the GitOps repository: a NodePool
tainted NAME:NoSchedule whose nodes are labelled NodePool: NAME, referencing
the cluster's EC2NodeClass, with limits, disruption and expireAfter copied
from POOL (--like) or karpd's defaults (100 CPUs, 400Gi; consolidate when
empty or underutilised after 5m, 10% of nodes at a time; 720h expiry). The
file is validated with the cluster's other manifests before it is written;
nothing is written on an error. Then prints the nodeSelector and tolerations
a workload's pod template needs, and how to commit the pool so karpd syncs it.

Options:
  --cluster C        the cluster folder (clusters/C) to add the pool to (required)
  --like POOL        copy limits, disruption and expireAfter from NodePool POOL of that cluster
  --node-class NAME  the EC2NodeClass to reference (needed only when the cluster has several)
  --repo DIR         the GitOps repository (default .karpd/gitops, the one \`karpd up\` syncs)
  --state-dir DIR    the repository of that state folder: DIR/gitops
  --force            overwrite clusters/C/nodepools/NAME.yaml if it exists
  -h, --help         show this help

NAME must be a DNS label (lower-case letters, digits and '-', at most 63).

Exit status: 0 written, 1 refused (validation error, file exists, name taken),
2 usage error, unknown cluster or pool, or no repository.`;

/** What `karpd new nodepool` was asked to do. */
export interface NewNodePoolArgs {
  readonly name: string;
  readonly cluster: string;
  readonly like?: string;
  readonly nodeClass?: string;
  /** The repository, as given (relative to the working directory). */
  readonly repo: string;
  readonly force: boolean;
}

const VALUE_FLAGS = new Set(['--cluster', '--like', '--node-class', '--repo', '--state-dir']);

type Parsed = { values: Map<string, string>; positionals: string[]; force: boolean };

function scan(args: readonly string[]): Parsed | 'help' | { error: string } {
  const values = new Map<string, string>();
  const positionals: string[] = [];
  let force = false;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg];
    if (flag === '-h' || flag === '--help') return 'help';
    if (flag === '--force' && inline === undefined) force = true;
    else if (VALUE_FLAGS.has(flag)) {
      const value = inline ?? args[++index];
      if (value === undefined || value === '' || (inline === undefined && value.startsWith('-'))) return { error: `${flag} needs a value` };
      if (values.has(flag)) return { error: `${flag} given twice` };
      values.set(flag, value);
    } else if (arg.startsWith('-')) return { error: `unknown option "${arg}"` };
    else positionals.push(arg);
  }
  return { values, positionals, force };
}

function checkName(name: string | undefined, what: string): string | undefined {
  if (name === undefined) return `no ${what} given`;
  if (!DNS_LABEL.test(name)) {
    return `${what} "${name}" is not a DNS label: use lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63`;
  }
  return undefined;
}

/** Parses the arguments after `new`, or returns a usage error message. */
export function parseNewArgs(args: readonly string[]): NewNodePoolArgs | 'help' | { error: string } {
  const parsed = scan(args);
  if (parsed === 'help' || 'error' in parsed) return parsed;
  const [what, name, ...extra] = parsed.positionals;
  if (what !== 'nodepool')
    return {
      error: what === undefined ? 'what to create? only `nodepool` is known' : `cannot create "${what}": only \`nodepool\` is known`,
    };
  const nameError = checkName(name, 'NodePool name');
  if (nameError !== undefined) return { error: nameError };
  if (extra.length > 0) return { error: `unexpected argument "${extra[0]}"` };
  const { values } = parsed;
  const cluster = values.get('--cluster');
  if (cluster === undefined) return { error: '--cluster is required' };
  if (values.has('--repo') && values.has('--state-dir')) return { error: '--repo and --state-dir name the repository twice: give one' };
  const stateDir = values.get('--state-dir');
  return {
    name,
    cluster,
    ...(values.has('--like') ? { like: values.get('--like') } : {}),
    ...(values.has('--node-class') ? { nodeClass: values.get('--node-class') } : {}),
    repo: values.get('--repo') ?? (stateDir !== undefined ? join(stateDir, 'gitops') : join('.karpd', 'gitops')),
    force: parsed.force,
  };
}
