/**
 * The configuration file of `karpd run` (real clusters), parsed once at the
 * boundary with zod. Problems name the file and the field.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { AutoscalerError } from '../apis/errors.js';

const ClusterConfig = z
  .object({
    /** The folder `clusters/<name>/` of the GitOps repository. */
    name: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'a DNS label (lower-case letters, digits, "-")'),
    /** kubeconfig file; default loading rules when omitted. */
    kubeconfig: z.string().optional(),
    /** kubeconfig context; the cluster.yaml's spec.kubeContext when omitted. */
    kubeContext: z.string().optional(),
    /** The EKS cluster name (tags, user data); `name` when omitted. */
    clusterName: z.string().optional(),
    clusterEndpoint: z.string().url().optional(),
    clusterCABundle: z.string().optional(),
    /** Kubernetes minor version for AMI aliases. @default "1.33" */
    kubernetesVersion: z.string().regex(/^\d+\.\d+$/).default('1.33'),
    /** SQS queue name for interruption handling; disabled when omitted. */
    interruptionQueue: z.string().optional(),
    /** Agent API port for this cluster. @default 8080 */
    port: z.number().int().min(0).max(65535).default(8080),
  })
  .strict();

const AgentConfig = z
  .object({
    apiVersion: z.literal('karpd.dev/v1alpha1'),
    kind: z.literal('AgentConfig'),
    /** Where the Git checkout and logs live. @default ".karpd" */
    stateDir: z.string().default('.karpd'),
    git: z
      .object({
        /** Clone URL (https or ssh; credentials come from git's own helpers, never from this file) or a local path. */
        url: z.string().min(1),
        branch: z.string().default('main'),
      })
      .strict(),
    clusters: z.array(ClusterConfig).min(1),
    /** @default "info" */
    logLevel: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  })
  .strict();

/** A parsed `karpd run` configuration. */
export type AgentConfig = z.infer<typeof AgentConfig>;
export type ClusterRunConfig = z.infer<typeof ClusterConfig>;

/** Thrown when the configuration file cannot be read or is invalid; the message names file and fields. */
export class RunConfigError extends AutoscalerError {
  constructor(message: string) {
    super(message);
    this.name = 'RunConfigError';
  }
}

/** Parses configuration text; `file` is used in messages. */
export function parseRunConfig(text: string, file: string): AgentConfig {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new RunConfigError(`${file}: not valid YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  const result = AgentConfig.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `${file}: AgentConfig: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new RunConfigError(lines.join('\n'));
  }
  return result.data;
}

/** Reads and parses the configuration file. */
export function loadRunConfig(path: string): AgentConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new RunConfigError(`${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return parseRunConfig(text, path);
}
