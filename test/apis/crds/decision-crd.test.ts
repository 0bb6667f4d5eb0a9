/**
 * The Decision CRD and schema: every overlay path names a field, the names
 * and columns `kubectl get decisions` relies on, validateDecision on a full
 * Decision, and boundDecision keeping a Decision inside the CRD's bounds.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { boundDecision, truncateText } from '../../../src/apis/decision-bounds.js';
import { DECISION_CRD_OVERLAYS, decisionCrd } from '../../../src/apis/crds/decision-crd.js';
import { unusedOverlayPaths } from '../../../src/apis/crds/openapi.js';
import { DECISION_SPEC_SCHEMA, DECISION_STATUS_SCHEMA, DecisionLimits } from '../../../src/apis/validation/decision-schema.js';
import { validateDecision } from '../../../src/apis/validation/validate-decision.js';
import { decision } from '../../gitops/decisions/decision-fixture.js';

const whatIf = {
  before: { nodes: 3, instanceMix: { 'm5.large/on-demand': 3 }, pricePerHour: 0.288, unschedulablePods: 0 },
  after: { nodes: 2, instanceMix: { 'm5.xlarge/spot': 2 }, pricePerHour: 0.15, unschedulablePods: 1 },
  newlyUnschedulable: [{ pod: 'airflow/worker-0', reason: 'no instance type fits 64 cpu' }],
  driftedNodes: 3,
  pods: 12,
};

describe('Decision CRD', () => {
  it('names only fields of its schema in the overlays', () => {
    assert.deepEqual(unusedOverlayPaths(DECISION_SPEC_SCHEMA, DECISION_CRD_OVERLAYS.spec), []);
    assert.deepEqual(unusedOverlayPaths(DECISION_STATUS_SCHEMA, DECISION_CRD_OVERLAYS.status), []);
  });

  it('is cluster-scoped with the dec short name, a status subresource and the four printer columns', () => {
    const crd = decisionCrd() as { spec: { scope: string; names: Record<string, unknown>; versions: Array<Record<string, unknown>> } };
    assert.equal(crd.spec.scope, 'Cluster');
    assert.deepEqual(crd.spec.names.shortNames, ['dec']);
    const version = crd.spec.versions[0] as { subresources: unknown; additionalPrinterColumns: Array<{ name: string; jsonPath: string }> };
    assert.deepEqual(version.subresources, { status: {} });
    assert.deepEqual(
      version.additionalPrinterColumns.map((c) => `${c.name}=${c.jsonPath}`),
      ['Kind=.spec.kind', 'Summary=.spec.summary', 'State=.status.state', 'Age=.metadata.creationTimestamp'],
    );
  });
});

describe('validateDecision', () => {
  it('accepts a full Decision with a what-if', () => {
    const full = decision({ spec: { whatIf } });
    assert.deepEqual(validateDecision(full as unknown as Record<string, unknown>), []);
  });

  it('names the field of a wrong state, kind or price', () => {
    const bad = decision({ spec: { kind: 'revert' as never, whatIf: { ...whatIf, after: { ...whatIf.after, pricePerHour: -1 } } } });
    const wrong = { ...bad, status: { ...bad.status, state: 'waiting' } } as unknown as Record<string, unknown>;
    const paths = validateDecision(wrong).map((p) => p.at.join('.'));
    assert.deepEqual(paths.sort(), ['spec.kind', 'spec.whatIf.after.pricePerHour', 'status.state']);
  });
});

describe('boundDecision', () => {
  it('cuts texts to their limit and says how much was cut', () => {
    const cut = truncateText('a'.repeat(100), 60);
    assert.ok(cut.length <= 60 && cut.length >= 58, `length ${cut.length}`);
    assert.ok(cut.startsWith('a'.repeat(20)));
    assert.match(cut, /\(\d+ more characters not shown\)$/);
    assert.equal(truncateText('short', 60), 'short');
  });

  it('keeps a Decision with a huge diff and a long history inside the CRD bounds', () => {
    const longDiff = '+x\n'.repeat(DecisionLimits.diff);
    const base = decision();
    const history = Array.from({ length: 500 }, (_, i) => ({
      state: 'pending' as const,
      at: `2026-12-01T10:00:${String(i % 60).padStart(2, '0')}Z`,
      by: `user${i}`,
    }));
    const huge = decision({
      spec: { diff: longDiff, changes: [{ ...base.spec.changes[0], diff: longDiff }] },
      status: { message: 'e'.repeat(100_000), history },
    });
    const bounded = boundDecision(huge);
    assert.deepEqual(validateDecision(bounded as unknown as Record<string, unknown>), []);
    assert.ok(bounded.spec.diff.length <= DecisionLimits.diff);
    assert.match(bounded.spec.diff, /more characters not shown\)$/);
    assert.equal(bounded.status?.history.length, DecisionLimits.history);
    assert.equal(bounded.status?.history[0]?.by, 'user0');
    assert.equal(bounded.status?.history.at(-1)?.by, 'user499');
    assert.equal(huge.spec.diff.length, longDiff.length, 'the input is not changed');
  });
});
