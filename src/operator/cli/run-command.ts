/**
 * `karpd run --config FILE`: the agent against real clusters — a Git
 * repository, a kube context per cluster, the AWS provider.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findError } from '../../apis/errors.js';
import { ClusterNotFoundError, loadClusterManifests } from '../../gitops/source/load-cluster.js';
import { redactUrl, syncCheckout } from '../../gitops/source/remote-repository.js';
import { generateToken, writeAgentFile } from '../agent-file.js';
import { realClock } from '../clock.js';
import { createLogger } from '../logger.js';
import { startRealCluster, type RealCluster } from '../real-cluster.js';
import { RunConfigError, loadRunConfig, type AgentConfig } from '../run-config.js';
import { ExitCode, type CommandIO } from './command.js';

const HELP = `Usage: karpd run --config FILE

Runs the agent against real clusters: NodePools and EC2NodeClasses from a Git
repository, a kubeconfig context per cluster, EC2 through the AWS SDK
(region and credentials from the standard AWS chain). See README "Real clusters".

Options:
  --config FILE   the agent's configuration (YAML), required
  -h, --help      this help`;

/** Runs `karpd run`. */
export async function run(args: string[], io: CommandIO): Promise<number> {
  let config: AgentConfig;
  try {
    const { values } = parseArgs({ args, options: { config: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } } });
    if (values.help) {
      io.out(HELP);
      return ExitCode.ok;
    }
    if (values.config === undefined) throw new RunConfigError('--config FILE is required');
    config = loadRunConfig(resolve(io.cwd, values.config));
  } catch (error) {
    io.err(`karpd run: ${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
    const invalid = findError(error, RunConfigError);
    return invalid !== undefined && !/--config/.test(invalid.message) ? ExitCode.invalid : ExitCode.usage;
  }
  const stateDir = resolve(io.cwd, config.stateDir);
  const logger = createLogger({ level: config.logLevel });
  const checkout = await syncCheckout(config.git.url, config.git.branch, join(stateDir, 'gitops'));
  logger.info({ repository: redactUrl(config.git.url), branch: config.git.branch, commit: checkout.head }, 'checked out gitops repository');
  const clusters: RealCluster[] = [];
  const token = generateToken();
  for (const cluster of config.clusters) {
    try {
      const manifests = await loadClusterManifests(checkout.path, cluster.name);
      for (const problem of manifests.problems)
        logger.warn(
          { cluster: cluster.name, file: problem.file, line: problem.line, object: `${problem.kind}/${problem.name}`, field: problem.path },
          problem.message,
        );
      clusters.push(await startRealCluster(cluster, { ...manifests, commit: checkout.head }, { clock: realClock(), logger, token }));
    } catch (error) {
      const missing = findError(error, ClusterNotFoundError);
      if (missing === undefined) throw error;
      io.err(`karpd run: ${missing.message}`);
      await Promise.all(clusters.map((c) => c.stop()));
      return ExitCode.invalid;
    }
  }
  const agents = Object.fromEntries(config.clusters.map((cluster, i) => [cluster.name, clusters[i].agent.server.url]));
  mkdirSync(stateDir, { recursive: true });
  const agentFile = writeAgentFile(stateDir, { url: clusters[0].agent.server.url, token, agents, pid: process.pid });
  io.out(`karpd is running for ${clusters.length} cluster(s); agent APIs: ${Object.values(agents).join(', ')} (token in ${agentFile})`);
  await new Promise<void>((done) => {
    process.once('SIGINT', () => done());
    process.once('SIGTERM', () => done());
  });
  await Promise.all(clusters.map((c) => c.stop()));
  return ExitCode.ok;
}
