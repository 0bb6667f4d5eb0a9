/**
 * Issue #12's "Done when", in a real terminal: `karpd up` (the demo workload on sandbox, `approval: drift`) in a
 * 120×40 tmux pane; a NodePool template change committed to the GitOps repository drifts the airflow nodes; a
 * node-drift Decision shows in *Diffs & decisions* (window 5), is approved by keypress (`a`, Enter) and is shown
 * applied once its node was replaced. Skipped, saying why, when tmux is missing.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { eventually } from '../../src/testing/eventually.js';

const ROOT = resolve(import.meta.dirname, '../..');
const COMMITTER = ['-c', 'user.name=Dashboard Test', '-c', 'user.email=dashboard-test@example.com', '-c', 'commit.gpgsign=false'];

function tmux(...args: string[]): string {
  const result = spawnSync('tmux', args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

function hasTmux(): boolean {
  return spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;
}

describe('node drift in the dashboard, in tmux', () => {
  it('GIVEN karpd up with airflow nodes WHEN a NodePool template change is committed THEN a node-drift Decision shows in Diffs & decisions and is approved by keypress until applied', {
    timeout: 300_000,
  }, async (t) => {
    if (!hasTmux()) {
      t.skip('tmux is not installed (.ci/run installs it)');
      return;
    }
    const stateDir = mkdtempSync(join(tmpdir(), 'karpd-tmux-drift-'));
    const session = `karpd-drift-${process.pid}`;
    const socket = ['-L', session];
    const screen = () => tmux(...socket, 'capture-pane', '-p', '-t', session);
    const keys = (...sequence: string[]) => tmux(...socket, 'send-keys', '-t', session, ...sequence);
    const logTail = () => {
      const file = join(stateDir, 'karpd.log');
      return existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(-15).join('\n') : '(no log)';
    };
    const see = (pattern: RegExp, what: string, timeoutMs = 30_000) =>
      eventually(() => pattern.test(screen()), `${what} (screen:\n${screen()})`, timeoutMs, 250).catch((error: unknown) => {
        throw new Error(`${(error as Error).message}\n--- log tail ---\n${logTail()}`);
      });
    const command = [
      'env -u CI LANG=C.UTF-8 TERM=xterm-256color',
      JSON.stringify(process.execPath),
      JSON.stringify(join(ROOT, 'bin/karpd.js')),
      'up --workload demo --state-dir',
      JSON.stringify(stateDir),
      `; echo "karpd exited $?"; sleep 60`,
    ].join(' ');
    tmux(...socket, 'new-session', '-d', '-s', session, '-x', '120', '-y', '40', command);
    try {
      await see(/1 Pools/, 'the window tabs', 60_000);
      keys('2');
      await see(
        /airflow\S*\s+airflow\S*\s+m5\.large\s+(spot|on-demand)\s+eu-west-2[abc]\s+\d+[smh]\s+Initialized/,
        'an Initialized airflow NodeClaim',
        120_000,
      );

      const repo = join(stateDir, 'gitops');
      const path = join(repo, 'clusters/sandbox/nodepools/airflow-worker.yaml');
      const text = readFileSync(path, 'utf8');
      const from = '      labels:\n        NodePool: airflow-worker\n';
      assert.ok(text.includes(from), 'the pool template has its labels block');
      writeFileSync(path, text.replace(from, `${from}        team: data\n`));
      execFileSync('git', ['add', '-A'], { cwd: repo });
      execFileSync('git', [...COMMITTER, 'commit', '-q', '-m', 'airflow-worker: label its nodes team=data'], { cwd: repo });

      keys('5');
      await see(/node-drift\s+\S*\s*pending/, 'a pending node-drift Decision in Diffs & decisions', 120_000);
      keys('a');
      await see(/Enter.*approve/i, 'the approval dialog');
      assert.match(screen(), /Drifted|drift/i, 'the dialog shows the plan');
      keys('Enter');
      const dialogOpen = () => /Enter approve\s+Esc cancel\s+j\/k scroll the plan/.test(screen());
      const closed = await eventually(() => !dialogOpen(), 'the dialog to close', 15_000, 250).then(
        () => true,
        () => false,
      );
      if (!closed) {
        // Seen once on a loaded 2-core machine: the Enter never reached the dialog. Say so, and press it again.
        t.diagnostic(`Enter did not close the approval dialog within 15 s; pressing it again. Screen:\n${screen()}`);
        keys('Enter');
      }
      await see(/node-drift\s+✓ applied/, 'the node-drift Decision shown applied', 120_000);
      keys('q');
      await see(/Quit karpd\?/, 'the quit confirmation');
      keys('y');
      await see(/karpd exited 0/, 'karpd exits 0', 60_000);
    } finally {
      spawnSync('tmux', [...socket, 'kill-server']);
      if (process.env.KEEP_STATE === undefined) rmSync(stateDir, { recursive: true, force: true });
      else console.error(`state kept in ${stateDir}`);
    }
  });
});
