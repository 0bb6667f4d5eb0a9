import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DecisionWhatIf } from '../../src/apis/decision.js';
import { isUtf8Locale } from '../../src/operator/cli/agent-command.js';
import { formatDecisions, pricePerHourChange, whatIfLines } from '../../src/operator/cli/decisions-text.js';
import { relativeAge } from '../../src/operator/cli/relative-age.js';
import { formatStatus } from '../../src/operator/cli/status-text.js';
import { syncStatusLabel } from '../../src/operator/cli/sync-status-label.js';
import { clusterSyncState, gitopsDecision } from '../../src/testing/fake-gitops-service.js';

const NOW = new Date('2026-01-02T00:00:00Z');

const fleet = (nodes: number, pricePerHour: number, pricesIncomplete = false) => ({
  nodes,
  instanceMix: {},
  pricePerHour,
  unschedulablePods: 0,
  pricesIncomplete,
});

describe('sync status labels', () => {
  it('use the glyphs of ux.md in UTF-8 and ASCII otherwise, always with the word', () => {
    const statuses = ['synced', 'out-of-sync', 'drifted', 'pending', 'suspended', 'error'] as const;
    assert.deepEqual(
      statuses.map((status) => syncStatusLabel(status, true)),
      ['✓ synced', '↑ out-of-sync', '~ drifted', '● pending', '⏸ paused', '✗ error'],
    );
    assert.deepEqual(
      statuses.map((status) => syncStatusLabel(status, false)),
      ['OK synced', '^ out-of-sync', '~ drifted', '* pending', '|| paused', 'X error'],
    );
  });

  it('take the locale from LC_ALL, then LC_CTYPE, then LANG', () => {
    assert.equal(isUtf8Locale({ LANG: 'en_GB.UTF-8' }), true);
    assert.equal(isUtf8Locale({ LANG: 'de_DE.utf8' }), true);
    assert.equal(isUtf8Locale({ LC_ALL: 'C', LANG: 'en_GB.UTF-8' }), false);
    assert.equal(isUtf8Locale({ LC_ALL: '', LC_CTYPE: 'C.UTF-8', LANG: 'C' }), true);
    assert.equal(isUtf8Locale({}), false);
  });
});

describe('relativeAge', () => {
  it('prints ages as kubectl does', () => {
    assert.equal(relativeAge('2026-01-01T23:59:15Z', NOW), '45s');
    assert.equal(relativeAge('2026-01-01T23:48:00Z', NOW), '12m');
    assert.equal(relativeAge('2026-01-01T21:00:00Z', NOW), '3h');
    assert.equal(relativeAge('2025-12-28T00:00:00Z', NOW), '5d');
    assert.equal(relativeAge('2026-01-03T00:00:00Z', NOW), '0s');
    assert.equal(relativeAge(undefined, NOW), '?');
    assert.equal(relativeAge('yesterday', NOW), '?');
  });
});

describe('decisions text', () => {
  it('shows $/h before → after, a lower bound when prices are incomplete, ASCII when asked', () => {
    const whatIf: DecisionWhatIf = {
      before: fleet(3, 4.214),
      after: fleet(2, 3.1, true),
      newlyUnschedulable: [],
      driftedNodes: 0,
      pods: 4,
    };
    assert.equal(pricePerHourChange(whatIf, true), '$4.21 → ≥$3.10');
    assert.equal(pricePerHourChange(whatIf, false), '$4.21 -> >=$3.10');
    assert.equal(pricePerHourChange(undefined, true), '-');
  });

  it('lists at most five unschedulable pods and counts the rest, and shows the note', () => {
    const newlyUnschedulable = Array.from({ length: 7 }, (_, i) => ({ pod: `default/p${i}`, reason: 'no pool tolerates its taint' }));
    const lines = whatIfLines(
      { before: fleet(1, 1), after: fleet(1, 1), newlyUnschedulable, driftedNodes: 1, pods: 7, note: 'no instance types yet' },
      false,
    );
    assert.equal(lines[0], '    what-if (7 pods): 1 -> 1 node, $1.00/h -> $1.00/h, 7 pods newly unschedulable, 1 node to replace');
    assert.equal(lines.filter((line) => line.startsWith('      default/')).length, 5);
    assert.deepEqual(lines.slice(-2), ['      … and 2 more', '    note: no instance types yet']);
  });

  it('aligns the columns and shows diff and waiting reason only under pending Decisions', () => {
    const pending = gitopsDecision({ name: 'a', createdAt: '2026-01-01T23:00:00Z', diff: '-x\n+y\n' });
    const waiting = { ...pending, status: { state: 'pending' as const, waitingFor: 'sync policy manual', history: [] } };
    const applied = gitopsDecision({ name: 'much-longer-name', state: 'applied', createdAt: '2026-01-01T00:00:00Z', diff: '-x\n+y\n' });
    const lines = formatDecisions([waiting, applied], { unicode: true, now: NOW }).split('\n');
    assert.deepEqual(lines.slice(2, 5), ['    waiting for: sync policy manual', '    -x', '    +y']);
    assert.equal(lines.length, 6);
    assert.equal(lines[0].indexOf('CLUSTER'), lines[5].indexOf('sandbox'));
    assert.equal(lines[1].indexOf('sandbox'), lines[5].indexOf('sandbox'));
    assert.match(lines[5], /^much-longer-name +sandbox +git-change +applied +24h +- +apply/);
  });
});

describe('status text', () => {
  it('shows the source error, the refused commit, a suspension and the window', () => {
    const text = formatStatus(
      [
        clusterSyncState({
          source: {
            url: 'https://git.example/platform.git',
            ref: 'main',
            failures: 3,
            error: 'could not resolve host git.example',
            nextFetchAt: '2026-01-02T00:05:00Z',
            refused: { commit: 'abcdef0123456', reason: 'unsigned' },
            fetchedAt: '2026-01-01T23:00:00Z',
          },
          suspended: true,
          status: 'suspended',
          suspendedBy: 'alice',
          suspendedAt: '2026-01-01T22:00:00Z',
          window: { allowed: false, reason: 'deny window "freeze" until 2026-01-05T00:00:00Z' },
        }),
      ],
      { unicode: true, now: NOW },
    );
    assert.match(text, /^sandbox {2}⏸ paused$/m);
    assert.match(text, /git +https:\/\/git\.example\/platform\.git main \(fetched 60m ago\)/);
    assert.match(text, /git error +could not resolve host git\.example \(3 failed fetches, next try 2026-01-02T00:05:00Z\)/);
    assert.match(text, /refused +abcdef0: unsigned/);
    assert.match(text, /suspended +by alice since 2026-01-01T22:00:00Z/);
    assert.match(text, /window +denied: deny window "freeze"/);
    assert.match(text, /revision +applied none, seen none/);
    assert.match(text, /last sync +never/);
  });

  it('GIVEN a follower replica THEN it says the leader syncs, so "applied none, last sync never" is not read as a broken sync', () => {
    const text = formatStatus([clusterSyncState({ follower: true })], { unicode: true, now: NOW });
    assert.match(text, /role +follower: the leader syncs this cluster/);
    assert.doesNotMatch(formatStatus([clusterSyncState({})], { unicode: true, now: NOW }), /role/);
  });

  it('says so when the agent syncs no cluster', () => {
    assert.equal(formatStatus([], { unicode: true, now: NOW }), 'this agent syncs no cluster from Git');
  });
});
