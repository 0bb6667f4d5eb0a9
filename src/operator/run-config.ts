/**
 * The configuration file of `karpd run` (real clusters), parsed once at the
 * boundary with zod. Problems name the file and the field.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { AutoscalerError } from '../apis/errors.js';

/** `host:port` → `{ host, port }`; IPv6 hosts in brackets (`[::]:8080`). */
const BindAddress = z
  .string()
  .regex(/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, 'expected host:port, e.g. 0.0.0.0:8080 or [::]:8080')
  .transform((value) => {
    const at = value.lastIndexOf(':');
    return { host: value.slice(0, at).replace(/^\[(.*)\]$/, '$1'), port: Number(value.slice(at + 1)) };
  })
  .refine((address) => address.port <= 65535, 'port above 65535');

/** The listener Prometheus and the kubelet's probes reach. */
const MetricsConfig = z
  .object({
    /** Serve /metrics, /healthz and /readyz without the token on this address (no action route is served there). */
    bindAddress: BindAddress.optional(),
    /** Require the agent API's token for /metrics on the agent API itself. @default false */
    requireToken: z.boolean().default(false),
  })
  .strict();

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
    kubernetesVersion: z
      .string()
      .regex(/^\d+\.\d+$/)
      .default('1.33'),
    /** SQS queue name for interruption handling; disabled when omitted. */
    interruptionQueue: z.string().optional(),
    /** Agent API port for this cluster, on 127.0.0.1, every route but /healthz, /readyz (and /metrics) token-protected. @default 8080 */
    port: z.number().int().min(0).max(65535).default(8080),
    /** The metrics/health listener for Prometheus and probes. @default none (they are on the agent API only) */
    metrics: MetricsConfig.default({ requireToken: false }),
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
        url: z.string().min(1).max(2048),
        /** The branch to follow. @default "main" (unless tag or commit is given) */
        branch: z.string().min(1).max(255).optional(),
        /** A tag to follow instead (moved tags are taken). */
        tag: z.string().min(1).max(255).optional(),
        /** A pinned commit instead (never moves). */
        commit: z
          .string()
          .regex(/^[0-9a-f]{7,40}$/, 'expected a commit hash (7-40 hex digits)')
          .optional(),
        /** How often to fetch. @default "1m" */
        interval: z
          .string()
          .regex(/^(\d+(ms|s|m|h))+$/, 'expected a duration such as 30s or 5m')
          .default('1m'),
        /** Apply only commits signed by one of these ASCII-armored public keys (file paths). */
        verify: z
          .object({ keys: z.array(z.string().min(1)).min(1).max(64) })
          .strict()
          .optional(),
      })
      .strict()
      .refine((git) => [git.branch, git.tag, git.commit].filter((ref) => ref !== undefined).length <= 1, {
        message: 'give at most one of branch, tag and commit',
      })
      .transform((git) =>
        git.tag === undefined && git.commit === undefined && git.branch === undefined ? { ...git, branch: 'main' } : git,
      ),
    clusters: z.array(ClusterConfig).min(1),
    /**
     * A file holding the agent API's bearer token (a mounted Secret in a cluster, so every replica and
     * `karpd dash --agent` share one token across restarts). @default none: a fresh token at every start
     */
    tokenFile: z.string().min(1).optional(),
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

/** The shortest token accepted from `tokenFile` (agent-file.ts's schema and the CLI ask the same). */
const MIN_TOKEN_LENGTH = 32;

/** Reads the agent token from `path` (`tokenFile`): one line of at least 32 characters, a trailing newline allowed. */
export function readAgentToken(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new RunConfigError(`tokenFile ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const token = text.replace(/\r?\n$/, '');
  if (token.length < MIN_TOKEN_LENGTH || /\s/.test(token))
    throw new RunConfigError(`tokenFile ${path}: expected one line of at least ${MIN_TOKEN_LENGTH} characters without spaces`);
  return token;
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
