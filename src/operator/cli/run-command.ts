/**
 * `karpd run --config FILE`: the agent against real clusters — a Git
 * repository, a kube context per cluster, the AWS provider.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findError } from '../../apis/errors.js';
import { ClusterNotFoundError, loadClusterManifests } from '../../gitops/source/load-cluster.js';
import { redactCredentials } from '../../gitops/source/git-process.js';
import { GitSource } from '../../gitops/source/git-source.js';
import { Duration } from '../../apis/duration.js';
import { startGitOps } from '../gitops-runtime.js';
import { refreshingAfterActions, startDashboardRuntime } from '../dashboard-runtime.js';
import { LogRing } from '../../observe/log-ring.js';
import { generateToken, writeAgentFile } from '../agent-file.js';
import { realClock } from '../clock.js';
import { createLogger } from '../logger.js';
import { startRealCluster, type RealCluster } from '../real-cluster.js';
import { RunConfigError, loadRunConfig, readAgentToken, type AgentConfig } from '../run-config.js';
import { ExitCode, stopSignal, type CommandIO } from './command.js';
import type { CommandContext } from './main.js';

const HELP = `Usage: karpd run --config FILE

Runs the agent against real clusters: NodePools and EC2NodeClasses from a Git
repository, a kubeconfig context per cluster, EC2 through the AWS SDK
(region and credentials from the standard AWS chain). See README "Real clusters".

Options:
  --config FILE   the agent's configuration (YAML), required
  -h, --help      this help`;

/** Runs `karpd run`. */
export async function run(args: string[], io: CommandIO, context: CommandContext = {}): Promise<number> {
  let config: AgentConfig;
  let token: string;
  try {
    const { values } = parseArgs({ args, options: { config: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } } });
    if (values.help) {
      io.out(HELP);
      return ExitCode.ok;
    }
    if (values.config === undefined) throw new RunConfigError('--config FILE is required');
    config = loadRunConfig(resolve(io.cwd, values.config));
    token = config.tokenFile !== undefined ? readAgentToken(resolve(io.cwd, config.tokenFile)) : generateToken();
  } catch (error) {
    io.err(`karpd run: ${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
    const invalid = findError(error, RunConfigError);
    return invalid !== undefined && !/--config/.test(invalid.message) ? ExitCode.invalid : ExitCode.usage;
  }
  const stateDir = resolve(io.cwd, config.stateDir);
  const logRing = new LogRing();
  const logger = createLogger({ level: config.logLevel, ring: logRing });
  const clock = realClock();
  const source = new GitSource({
    url: config.git.url,
    ref:
      config.git.commit !== undefined
        ? { commit: config.git.commit }
        : config.git.tag !== undefined
          ? { tag: config.git.tag }
          : { branch: config.git.branch ?? 'main' },
    cacheDir: join(stateDir, 'git-cache'),
    intervalMs: Duration.parse(config.git.interval).toMillis(),
    ...(config.git.verify !== undefined ? { verify: { keys: config.git.verify.keys.map((key) => resolve(io.cwd, key)) } } : {}),
    clock,
    logger,
  });
  const first = await source.refresh();
  if (first === undefined) {
    io.err(
      `karpd run: fetching ${redactCredentials(config.git.url)}: ${source.status().refused?.reason ?? source.status().error ?? 'no revision'}`,
    );
    await source.stop();
    return ExitCode.usage;
  }
  const clusters: RealCluster[] = [];
  for (const cluster of config.clusters) {
    try {
      const manifests = await loadClusterManifests(first.tree, cluster.name);
      for (const problem of manifests.problems)
        logger.warn(
          { cluster: cluster.name, file: problem.file, line: problem.line, object: `${problem.kind}/${problem.name}`, field: problem.path },
          problem.message,
        );
      clusters.push(await startRealCluster(cluster, manifests, { clock, logger, token }));
    } catch (error) {
      const missing = findError(error, ClusterNotFoundError);
      if (missing === undefined) throw error;
      io.err(`karpd run: ${missing.message}`);
      await Promise.all(clusters.map((c) => c.stop()));
      await source.stop();
      return ExitCode.invalid;
    }
  }
  const gitops = await startGitOps({
    source,
    targets: clusters.map((c, i) => ({ name: config.clusters[i].name, rest: c.rest, agent: c.agent, cloud: c.cloud })),
    stateDir,
    clock,
    logger,
  });
  const dashboard = await startDashboardRuntime({
    targets: clusters.map((c, i) => ({ name: config.clusters[i].name, agent: c.agent, cloud: c.cloud })),
    gitops: gitops.controller,
    logRing,
    clock,
    logger,
  });
  const gitopsRoutes = refreshingAfterActions(gitops.routes, dashboard.feed);
  for (const c of clusters) c.addRoutes({ ...gitopsRoutes, ...dashboard.routes });
  source.start();
  const agents = Object.fromEntries(config.clusters.map((cluster, i) => [cluster.name, clusters[i].agent.server.url]));
  mkdirSync(stateDir, { recursive: true });
  const agentFile = writeAgentFile(stateDir, { url: clusters[0].agent.server.url, token, agents, pid: process.pid });
  io.out(`karpd is running for ${clusters.length} cluster(s); agent APIs: ${Object.values(agents).join(', ')} (token in ${agentFile})`);
  await (context.stop ?? stopSignal());
  dashboard.stop();
  await gitops.stop();
  await source.stop();
  await Promise.all(clusters.map((c) => c.stop()));
  return ExitCode.ok;
}
