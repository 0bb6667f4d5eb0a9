/**
 * The dashboard in a real terminal, as an operator drives it: `karpd up` in a 120×40 tmux pane shows the
 * pools; `2` switches to NodeClaims; a NodePool patched with kubectl becomes a config-drift Decision that is
 * approved by keypress (`5`, `a`, Enter) and kubectl sees it reverted; at 60×20 the too-small line shows;
 * `q` asks before quitting and `y` quits, leaving the alternate screen.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { eventually } from '../../src/testing/eventually.js';

const ROOT = resolve(import.meta.dirname, '../..');
const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';

function tmux(...args: string[]): string {
  const result = spawnSync('tmux', args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

function hasTmux(): boolean {
  return spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;
}

describe('the dashboard in tmux', () => {
  it('shows pools and claims, approves a drift fix by keypress, says too small, quits on confirm', { timeout: 240_000 }, async (t) => {
    if (!hasTmux()) {
      t.skip('tmux is not installed (.ci/run installs it)');
      return;
    }
    if (!existsSync(KUBECTL)) {
      t.skip(`kubectl not found at ${KUBECTL} (set KUBECTL to run this test)`);
      return;
    }
    const stateDir = mkdtempSync(join(tmpdir(), 'karpd-tmux-'));
    const session = `karpd-test-${process.pid}`;
    const socket = ['-L', session];
    const screen = () => tmux(...socket, 'capture-pane', '-p', '-t', session);
    const keys = (...sequence: string[]) => tmux(...socket, 'send-keys', '-t', session, ...sequence);
    const see = (pattern: RegExp, what: string, timeoutMs = 30_000) =>
      eventually(() => pattern.test(screen()), `${what} (screen:\n${screen()})`, timeoutMs, 250).catch((error: unknown) => {
        throw new Error(`${(error as Error).message}\n--- log tail ---\n${logTail()}`);
      });
    const logTail = () => {
      const file = join(stateDir, 'karpd.log');
      return existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(-15).join('\n') : '(no log)';
    };
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
      await see(/airflow-worker/, 'the airflow-worker pool');
      assert.equal(
        tmux(...socket, 'display', '-p', '-t', session, '#{alternate_on}').trim(),
        '1',
        'the dashboard is on the alternate screen',
      );
      const frame = screen().replace(/\n$/, '').split('\n');
      assert.ok(frame.length <= 40, `the frame fits the pane (${frame.length} lines)`);
      assert.match(frame[0], /^┌ karpd ─ cluster: sandbox/, 'the first line is the header: nothing scrolled the frame up');

      keys('2');
      await see(/\[2 NodeClaims\]/, 'the NodeClaims tab focused');
      await see(/NAME\s+POOL\s+TYPE/, "the NodeClaims window's columns");
      await see(
        /airflow\S*\s+airflow\S*\s+m5\.large\s+(spot|on-demand)\s+eu-west-2[abc]\s+\d+[smh]\s+(Launched|Registered|Initialized)/,
        'a launched NodeClaim row',
        90_000,
      );

      const kubectl = (...args: string[]) =>
        spawnSync(KUBECTL, ['--kubeconfig', join(stateDir, 'kubeconfig'), ...args], { encoding: 'utf8' });
      const weight = () => kubectl('get', 'nodepool', 'airflow-worker', '-o', 'jsonpath={.spec.weight}').stdout.trim();
      const gitWeight = weight();
      const patched = kubectl('patch', 'nodepool', 'airflow-worker', '--type', 'merge', '-p', '{"spec":{"weight":77}}');
      assert.equal(patched.status, 0, patched.stderr);
      assert.equal(weight(), '77');

      keys('5');
      keys('r');
      await see(/config-drift/, 'the config-drift Decision in Diffs & decisions', 90_000);
      keys('a');
      await see(/Enter.*(confirm|approve)/i, 'the approval dialog');
      keys('Enter');
      await eventually(() => weight() === gitWeight, `kubectl sees the weight reverted to "${gitWeight}"`, 60_000, 500);
      await see(/config-drift\s+✓ applied/, 'the Decision shown applied');

      tmux(...socket, 'resize-window', '-t', session, '-x', '60', '-y', '20');
      await see(/terminal too small \(need 80x24, have 60x20\)/, 'the too-small line');
      tmux(...socket, 'resize-window', '-t', session, '-x', '120', '-y', '40');
      await see(/1 Pools/, 'the dashboard again');

      keys('q');
      await see(/Quit karpd\?/, 'the quit confirmation');
      assert.match(screen(), /1 Pools/, 'still running until confirmed');
      keys('y');
      await see(/karpd exited 0/, 'karpd exits 0', 60_000);
      assert.equal(tmux(...socket, 'display', '-p', '-t', session, '#{alternate_on}').trim(), '0', 'the alternate screen is left');
      assert.doesNotMatch(screen(), /1 Pools/, 'the dashboard is gone from the restored screen');
    } finally {
      spawnSync('tmux', [...socket, 'kill-server']);
    }
  });
});
