/**
 * `kubectl get decisions` against the embedded control plane, which preloads
 * deploy/crds: the Decision CRD is served cluster-scoped with its short name,
 * the table has the Kind, Summary, State and Age columns, status is a
 * subresource, and the schema's bounds are enforced.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { stringify } from 'yaml';
import { skipReason, startHarness, type KubectlHarness } from '../sim/control-plane/kubectl-harness.js';
import { decision } from '../gitops/decisions/decision-fixture.js';

let h: KubectlHarness;

before(async () => {
  if (!skipReason) h = await startHarness();
});
after(async () => h?.close());

async function ok(args: string[], input?: string): Promise<string> {
  const r = await h.kubectl(args, input);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

function withoutStatus(name: string, summary: string): string {
  const { status: _status, ...rest } = decision({ name, spec: { summary } });
  return stringify({ ...rest, metadata: { name, labels: rest.metadata.labels } });
}

describe('kubectl: decisions', { skip: skipReason }, () => {
  it('lists the Decision kind in api-resources with its short name, cluster-scoped', async () => {
    assert.match(await ok(['api-resources']), /^decisions\s+dec\s+karpd\.dev\/v1alpha1\s+false\s+Decision$/m);
  });

  it('shows Kind, Summary, State and Age, with the state set through the status subresource', async () => {
    await ok(
      ['create', '-f', '-'],
      withoutStatus('sandbox-git-change-aaaaaaaaaa', 'apply revision 3f2a91c: update NodePool airflow-worker'),
    );
    const before = await ok(['get', 'decisions']);
    assert.match(before, /^NAME\s+KIND\s+SUMMARY\s+STATE\s+AGE$/m);
    assert.match(before, /^sandbox-git-change-aaaaaaaaaa\s+git-change\s+apply revision 3f2a91c: update NodePool airflow-worker\s+\S+$/m);

    const status = {
      status: {
        state: 'pending',
        waitingFor: 'sync policy manual',
        history: [{ state: 'pending', at: '2026-12-01T10:00:00Z', by: 'karpd' }],
      },
    };
    await ok(['patch', 'decision', 'sandbox-git-change-aaaaaaaaaa', '--subresource=status', '--type=merge', '-p', JSON.stringify(status)]);
    const after = await ok(['get', 'dec']);
    assert.match(
      after,
      /^sandbox-git-change-aaaaaaaaaa\s+git-change\s+apply revision 3f2a91c: update NodePool airflow-worker\s+pending\s+\S+$/m,
    );
  });

  it('ignores status on create and refuses an unknown state', async () => {
    await ok(['create', '-f', '-'], stringify(decision({ name: 'sandbox-git-change-bbbbbbbbbb' })));
    const created = JSON.parse(await ok(['get', 'decision', 'sandbox-git-change-bbbbbbbbbb', '-o', 'json']));
    assert.equal(created.status, undefined);
    const r = await h.kubectl([
      'patch',
      'decision',
      'sandbox-git-change-bbbbbbbbbb',
      '--subresource=status',
      '--type=merge',
      '-p',
      JSON.stringify({ status: { state: 'waiting', history: [] } }),
    ]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /status\.state/);
  });

  it('refuses a summary longer than the schema allows', async () => {
    const r = await h.kubectl(['create', '-f', '-'], withoutStatus('sandbox-git-change-cccccccccc', 'x'.repeat(1025)));
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /spec\.summary/);
  });
});
