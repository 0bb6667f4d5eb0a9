/**
 * `karpd status|decisions|approve|reject|refresh|suspend|resume` against a
 * real agent server over HTTP, with the fake GitOps service behind it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { Decision } from '../../src/apis/decision.js';
import type { ClusterSyncState } from '../../src/gitops/decisions/gitops-service.js';
import { startAgentServer, type AgentServer } from '../../src/observe/agent-server.js';
import { createAgentMetrics } from '../../src/observe/metrics.js';
import { generateToken, writeAgentFile } from '../../src/operator/agent-file.js';
import type { CommandIO } from '../../src/operator/cli/command.js';
import { inlineFlagValues } from '../../src/operator/cli/agent-command.js';
import { main } from '../../src/operator/cli/main.js';
import { gitopsRoutes } from '../../src/operator/gitops-routes.js';
import { clusterSyncState, FakeGitOpsService, gitopsDecision } from '../../src/testing/fake-gitops-service.js';

const UTF8 = { LANG: 'en_GB.UTF-8' };

interface Captured extends CommandIO {
  readonly stdout: string[];
  readonly stderr: string[];
  text(): string;
}

function capture(cwd: string, env: Record<string, string> = UTF8): Captured {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), cwd, env, text: () => stdout.join('\n') };
}

const whatIf = {
  before: { nodes: 3, instanceMix: { 'm5.large/on-demand': 3 }, pricePerHour: 0.288, unschedulablePods: 0 },
  after: { nodes: 2, instanceMix: { 'm5.large/on-demand': 2 }, pricePerHour: 0.192, unschedulablePods: 1 },
  newlyUnschedulable: [{ pod: 'default/spark-1', reason: 'no instance type fits 96 CPU' }],
  driftedNodes: 3,
  pods: 12,
};

function world(): { clusters: ClusterSyncState[]; decisions: Decision[] } {
  return {
    clusters: [
      clusterSyncState({
        cluster: 'sandbox',
        status: 'drifted',
        appliedRevision: '3f2a91c0d1e2',
        seenRevision: '3f2a91c0d1e2',
        lastSyncAt: '2026-01-01T00:00:00Z',
        pendingDecisions: 1,
      }),
      clusterSyncState({
        cluster: 'staging',
        syncPolicy: 'manual',
        driftPolicy: 'auto',
        status: 'error',
        appliedRevision: '1111111aaaa',
        seenRevision: '2222222bbbb',
        error: 'revision 2222222 refused: 1 error',
        problems: [
          {
            severity: 'error',
            code: 'unknown-operator',
            path: 'spec.template.spec.requirements[0].operator',
            message: 'unknown operator "Inn"',
            file: 'clusters/staging/nodepools/trino.yaml',
            line: 14,
            kind: 'NodePool',
            name: 'trino-xsmall',
          },
        ],
      }),
    ],
    decisions: [
      gitopsDecision({ name: 'sandbox-3f2a91c', createdAt: '2026-01-01T00:00:00Z', whatIf }),
      gitopsDecision({
        name: 'sandbox-drift-airflow',
        kind: 'config-drift',
        createdAt: '2026-01-01T01:00:00Z',
        summary: 'revert live edit of NodePool airflow-worker',
        diff: '-  weight: 50\n+  weight: 10\n',
      }),
      gitopsDecision({ name: 'staging-old', cluster: 'staging', createdAt: '2025-12-01T00:00:00Z', state: 'applied' }),
    ],
  };
}

/** A fake service behind a real agent server, and a state directory whose agent.json names it. */
interface Agent {
  readonly service: FakeGitOpsService;
  readonly server: AgentServer;
  readonly token: string;
  readonly dir: string;
}

async function withAgent(body: (agent: Agent) => Promise<void>): Promise<void> {
  const service = new FakeGitOpsService(world());
  const token = generateToken();
  const server = await startAgentServer({
    registry: createAgentMetrics({ processMetrics: false }).registry,
    ready: () => true,
    token,
    routes: gitopsRoutes(service),
  });
  const dir = mkdtempSync(join(tmpdir(), 'karpd-gitops-cli-'));
  writeAgentFile(dir, { url: server.url, token });
  try {
    await body({ service, server, token, dir });
  } finally {
    await server.close();
  }
}

describe('karpd GitOps commands', () => {
  it('status prints one block per cluster with the glyphs, revisions, error and pending decisions', () =>
    withAgent(async ({ dir }) => {
      const io = capture(dir);
      assert.equal(await main(['status', '--state-dir', dir], io), 0, io.stderr.join('\n'));
      const text = io.text();
      assert.match(text, /^sandbox {2}~ drifted$/m);
      assert.match(text, /^staging {2}✗ error$/m);
      assert.match(text, /policy +sync manual, drift auto/);
      assert.match(text, /revision +applied 3f2a91c, seen 3f2a91c\n/);
      assert.match(text, /revision +applied 1111111, seen 2222222/);
      assert.match(text, /last sync +2026-01-01T00:00:00Z \(\d+d ago\)/);
      assert.match(text, /error +revision 2222222 refused: 1 error/);
      assert.match(
        text,
        /clusters\/staging\/nodepools\/trino\.yaml:14: NodePool\/trino-xsmall: spec\.template\.spec\.requirements\[0\]\.operator: unknown operator "Inn"/,
      );
      assert.match(text, /decisions +1 pending \(karpd decisions --cluster sandbox\)/);
      assert.match(text, /decisions +none pending/);
    }));

  it('status falls back to ASCII glyphs when the locale is not UTF-8, and prints JSON with --json', () =>
    withAgent(async ({ dir }) => {
      const ascii = capture(dir, { LANG: 'C' });
      assert.equal(await main(['status', '--state-dir', dir], ascii), 0);
      assert.match(ascii.text(), /^staging {2}X error$/m);
      assert.ok(
        [...ascii.text()].every((char) => char.charCodeAt(0) < 128),
        ascii.text(),
      );
      const json = capture(dir);
      assert.equal(await main(['status', '--json', '--state-dir', dir], json), 0);
      assert.deepEqual(
        (JSON.parse(json.text()) as ClusterSyncState[]).map((state) => state.status),
        ['drifted', 'error'],
      );
    }));

  it('decisions lists the pending ones newest first with $/h and each diff below its row', () =>
    withAgent(async ({ dir }) => {
      const io = capture(dir);
      assert.equal(await main(['decisions', '--state-dir', dir], io), 0, io.stderr.join('\n'));
      const lines = io.stdout.join('\n').split('\n');
      assert.match(lines[0], /^ID +CLUSTER +KIND +STATE +AGE +\$\/H +SUMMARY$/);
      assert.match(
        lines[1],
        /^sandbox-drift-airflow +sandbox +config-drift +pending +\d+d +- +revert live edit of NodePool airflow-worker$/,
      );
      assert.deepEqual(lines.slice(2, 4), ['    -  weight: 50', '    +  weight: 10']);
      assert.match(
        lines[4],
        /^sandbox-3f2a91c +sandbox +git-change +pending +\d+d +\$0\.29 → \$0\.19 +apply 3f2a91c: update NodePool airflow-worker$/,
      );
      assert.ok(lines.includes('    -  cpu: 100') && lines.includes('    +  cpu: 200'), io.text());
      assert.ok(
        lines.includes('    what-if (12 pods): 3 → 2 nodes, $0.29/h → $0.19/h, 1 pod newly unschedulable, 3 nodes to replace'),
        io.text(),
      );
      assert.ok(lines.includes('      default/spark-1: no instance type fits 96 CPU'));
      assert.ok(!io.text().includes('staging-old'), 'an applied Decision is not listed by default');
    }));

  it('decisions --all, --state, --cluster and --json', () =>
    withAgent(async ({ dir }) => {
      const all = capture(dir);
      assert.equal(await main(['decisions', '--all', '--state-dir', dir], all), 0);
      assert.match(all.text(), /^staging-old +staging +git-change +applied/m);
      const applied = capture(dir);
      assert.equal(await main(['decisions', '--state', 'applied', '--json', '--state-dir', dir], applied), 0);
      assert.deepEqual(
        (JSON.parse(applied.text()) as Decision[]).map((d) => d.metadata.name),
        ['staging-old'],
      );
      const none = capture(dir);
      assert.equal(await main(['decisions', '--cluster', 'staging', '--state-dir', dir], none), 0);
      assert.equal(none.text(), 'no pending decisions in cluster staging');
      const json = capture(dir);
      assert.equal(await main(['decisions', '--json', '--state-dir', dir], json), 0);
      assert.deepEqual(
        (JSON.parse(json.text()) as Decision[]).map((d) => d.metadata.name),
        ['sandbox-drift-airflow', 'sandbox-3f2a91c'],
      );
    }));

  it('decisions refuses contradicting or unknown flags and an unknown cluster with exit 2', () =>
    withAgent(async ({ dir }) => {
      const both = capture(dir);
      assert.equal(await main(['decisions', '--all', '--state', 'applied', '--state-dir', dir], both), 2);
      assert.match(both.stderr.join('\n'), /karpd decisions: give --state S or --all, not both\nRun `karpd decisions --help`/);
      const badState = capture(dir);
      assert.equal(await main(['decisions', '--state', 'done', '--state-dir', dir], badState), 2);
      assert.match(badState.stderr.join('\n'), /--state "done" is not one of pending, approved/);
      const unknownFlag = capture(dir);
      assert.equal(await main(['decisions', '--colour', '--state-dir', dir], unknownFlag), 2);
      assert.match(unknownFlag.stderr.join('\n'), /Unknown option '--colour'/);
      const unknownCluster = capture(dir);
      assert.equal(await main(['decisions', '--cluster', 'prod', '--state-dir', dir], unknownCluster), 2);
      assert.match(unknownCluster.stderr.join('\n'), /^karpd decisions: unknown cluster "prod" \(this agent serves sandbox, staging\)$/);
    }));

  it('approve applies a pending Decision as the OS user through the CLI', () =>
    withAgent(async ({ service, dir }) => {
      const io = capture(dir);
      assert.equal(await main(['approve', 'sandbox-3f2a91c', '--state-dir', dir], io), 0, io.stderr.join('\n'));
      assert.equal(
        io.text(),
        'approved decision sandbox-3f2a91c (cluster sandbox: apply 3f2a91c: update NodePool airflow-worker): applied',
      );
      assert.deepEqual(service.calls.at(-1), {
        method: 'approve',
        name: 'sandbox-3f2a91c',
        actor: { name: userInfo().username, via: 'cli' },
      });
      const again = capture(dir);
      assert.equal(await main(['approve', 'sandbox-3f2a91c', '--state-dir', dir], again), 2);
      assert.match(again.stderr.join('\n'), /decision "sandbox-3f2a91c" is applied: only a pending decision can be approved/);
    }));

  it('approve exits 1 when the Decision failed to apply, and 2 for an unknown one or without ID', () =>
    withAgent(async ({ service, dir }) => {
      service.failingApprovals.add('sandbox-drift-airflow');
      const failed = capture(dir);
      assert.equal(await main(['approve', 'sandbox-drift-airflow', '--state-dir', dir], failed), 1);
      assert.match(
        failed.stderr.join('\n'),
        /approved decision sandbox-drift-airflow .*, but it failed to apply: applying failed \(injected\)/,
      );
      const unknown = capture(dir);
      assert.equal(await main(['approve', 'nope', '--state-dir', dir], unknown), 2);
      assert.equal(unknown.stderr.join('\n'), 'karpd approve: decision "nope" not found (karpd decisions lists them)');
      const noId = capture(dir);
      assert.equal(await main(['approve', '--state-dir', dir], noId), 2);
      assert.match(noId.stderr.join('\n'), /ID \(a decision name, see karpd decisions\) is required/);
    }));

  it('reject records the reason', () =>
    withAgent(async ({ service, dir }) => {
      const io = capture(dir);
      assert.equal(
        await main(['reject', 'sandbox-3f2a91c', '--reason', 'not in the freeze', '--state-dir', dir], io),
        0,
        io.stderr.join('\n'),
      );
      assert.match(io.text(), /^rejected decision sandbox-3f2a91c \(cluster sandbox/);
      assert.equal(service.decision('sandbox-3f2a91c')?.status?.state, 'rejected');
      assert.deepEqual(service.calls.at(-1), {
        method: 'reject',
        name: 'sandbox-3f2a91c',
        actor: { name: userInfo().username, via: 'cli' },
        reason: 'not in the freeze',
      });
    }));

  it('refresh every cluster or one; suspend and resume need --cluster', () =>
    withAgent(async ({ service, dir }) => {
      const all = capture(dir);
      assert.equal(await main(['refresh', '--state-dir', dir], all), 0);
      assert.match(all.text(), /^refreshed every cluster/);
      const one = capture(dir);
      assert.equal(await main(['refresh', '--cluster', 'staging', '--state-dir', dir], one), 0);
      assert.match(one.text(), /^refreshed cluster staging/);
      const suspend = capture(dir);
      assert.equal(await main(['suspend', '--cluster', 'staging', '--state-dir', dir], suspend), 0);
      assert.equal(service.clusters().find((s) => s.cluster === 'staging')?.suspended, true);
      const status = capture(dir);
      await main(['status', '--state-dir', dir], status);
      assert.match(status.text(), new RegExp(`^staging {2}⏸ paused\\n[^]*suspended +by ${userInfo().username}`, 'm'));
      const resume = capture(dir);
      assert.equal(await main(['resume', '--cluster', 'staging', '--state-dir', dir], resume), 0);
      assert.equal(service.clusters().find((s) => s.cluster === 'staging')?.suspended, false);
      assert.deepEqual(
        service.calls.slice(-4).map((call) => [call.method, 'cluster' in call ? call.cluster : undefined, call.actor.via]),
        [
          ['refresh', undefined, 'cli'],
          ['refresh', 'staging', 'cli'],
          ['suspend', 'staging', 'cli'],
          ['resume', 'staging', 'cli'],
        ],
      );
      const noCluster = capture(dir);
      assert.equal(await main(['suspend', '--state-dir', dir], noCluster), 2);
      assert.match(noCluster.stderr.join('\n'), /karpd suspend: --cluster C is required/);
      const unknown = capture(dir);
      assert.equal(await main(['resume', '--cluster', 'prod', '--state-dir', dir], unknown), 2);
      assert.match(unknown.stderr.join('\n'), /unknown cluster "prod"/);
    }));

  it('takes a token that starts with "-" after --token (a generated base64url token can)', async () => {
    assert.deepEqual(inlineFlagValues(['status', '--token', '-3fQx', '--agent', 'http://127.0.0.1:1', '--json']), [
      'status',
      '--token=-3fQx',
      '--agent=http://127.0.0.1:1',
      '--json',
    ]);
    const io = capture(mkdtempSync(join(tmpdir(), 'karpd-gitops-cli-dash-')));
    assert.equal(await main(['status', '--agent', 'http://127.0.0.1:1', '--token', `-${'x'.repeat(42)}`], io), 2);
    assert.doesNotMatch(io.stderr.join('\n'), /ambiguous/);
  });

  it('reaches the agent with --agent and --token, or the token from KARPD_TOKEN', () =>
    withAgent(async ({ server, token, dir }) => {
      const elsewhere = mkdtempSync(join(tmpdir(), 'karpd-gitops-cli-none-'));
      const flags = capture(elsewhere);
      assert.equal(await main(['status', '--agent', server.url, '--token', token], flags), 0, flags.stderr.join('\n'));
      assert.match(flags.text(), /^sandbox/);
      const env = capture(elsewhere, { ...UTF8, KARPD_TOKEN: token });
      assert.equal(await main(['decisions', '--agent', server.url], env), 0, env.stderr.join('\n'));
      const wrong = capture(elsewhere);
      assert.equal(await main(['status', '--agent', server.url, '--token', generateToken()], wrong), 2);
      assert.match(wrong.stderr.join('\n'), /^karpd status: invalid bearer token$/);
      const tokenOnly = capture(elsewhere);
      assert.equal(await main(['status', '--token', token], tokenOnly), 2);
      assert.match(tokenOnly.stderr.join('\n'), /--token needs --agent URL/);
      const noToken = capture(elsewhere, {});
      assert.equal(await main(['status', '--agent', server.url], noToken), 2);
      assert.match(noToken.stderr.join('\n'), /--agent needs --token T \(or KARPD_TOKEN/);
      const both = capture(elsewhere);
      assert.equal(await main(['status', '--agent', server.url, '--token', token, '--state-dir', dir], both), 2);
      assert.match(both.stderr.join('\n'), /either --state-dir or --agent/);
    }));

  it('says in one line when no agent runs: agent.json missing, or nothing listening', () =>
    withAgent(async ({ server, token, dir }) => {
      const empty = mkdtempSync(join(tmpdir(), 'karpd-gitops-cli-none-'));
      const missing = capture(empty);
      assert.equal(await main(['status'], missing), 2);
      assert.deepEqual(missing.stderr, ['karpd status: no karpd agent at .karpd (agent.json missing): start one with npm start']);
      const url = server.url;
      await server.close();
      const gone = capture(dir);
      assert.equal(await main(['decisions', '--agent', url, '--token', token], gone), 2);
      assert.equal(gone.stderr.length, 1);
      assert.match(gone.stderr[0], new RegExp(`^karpd decisions: calling the agent at ${url}: .*\\(is the agent still running\\?\\)$`));
    }));
});
