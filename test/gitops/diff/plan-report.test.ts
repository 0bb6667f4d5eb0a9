/**
 * The plan report: key lines of the text and markdown formats, the JSON
 * shape, the exit codes as `flux diff` has them, and a stable order.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DecisionWhatIf } from '../../../src/apis/decision.js';
import type { Problem } from '../../../src/apis/problem.js';
import type { ObjectComparison } from '../../../src/gitops/diff/object-comparison.js';
import {
  type ClusterPlan,
  formatPlanJson,
  formatPlanMarkdown,
  formatPlanText,
  PLAN_MARKDOWN_MARKER,
  type PlanJson,
  planExitCode,
} from '../../../src/gitops/diff/plan-report.js';

const REVISION = '3f2a91c0c6d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5';

const AIRFLOW_DIFF = [
  '--- NodePool/airflow-worker (live)',
  '+++ NodePool/airflow-worker (git)',
  '@@ -3,3 +3,3 @@',
  '   limits:',
  '-    cpu: "100"',
  '+    cpu: "200"',
].join('\n');

function comparison(kind: string, name: string, status: ObjectComparison['status'], diff = ''): ObjectComparison {
  return { kind, name, status, diff };
}

function whatIf(): DecisionWhatIf {
  return {
    before: { nodes: 5, instanceMix: { 'm5.large/on-demand': 3, 'm5.xlarge/spot': 2 }, pricePerHour: 4.21, unschedulablePods: 0 },
    after: { nodes: 4, instanceMix: { 'm5.xlarge/spot': 2, 'r5.large/on-demand': 2 }, pricePerHour: 3.07, unschedulablePods: 1 },
    newlyUnschedulable: [
      { pod: 'spark/driver-1', reason: 'incompatible with NodePool general: key NodePool: In [spark] not in In [general]' },
    ],
    driftedNodes: 3,
    drifted: [{ nodePool: 'airflow-worker', reason: 'template-changed', nodes: 3 }],
    pods: 42,
  };
}

function changedPlan(overrides: Partial<ClusterPlan> = {}): ClusterPlan {
  return {
    cluster: 'staging',
    revision: REVISION,
    comparisons: [
      comparison('NodePool', 'trino-xsmall', 'in-sync'),
      comparison('NodePool', 'airflow-worker', 'git-changed', AIRFLOW_DIFF),
      comparison('EC2NodeClass', 'karpenter-nodeclass-default', 'in-sync'),
    ],
    whatIf: whatIf(),
    errors: [],
    warnings: [],
    ...overrides,
  };
}

function quietPlan(cluster = 'dev'): ClusterPlan {
  return { cluster, revision: REVISION, comparisons: [comparison('NodePool', 'default', 'in-sync')], errors: [], warnings: [] };
}

function problem(overrides: Partial<Problem> = {}): Problem {
  return {
    severity: 'error',
    code: 'unknown-operator',
    path: 'spec.template.spec.requirements[0].operator',
    message: 'operator "in" is not one of In | NotIn',
    hint: 'did you mean "In"?',
    file: 'clusters/prod/nodepools/spark.yaml',
    line: 14,
    kind: 'NodePool',
    name: 'spark',
    ...overrides,
  };
}

function refusedPlan(): ClusterPlan {
  return {
    cluster: 'prod',
    revision: REVISION,
    comparisons: [],
    errors: [problem()],
    warnings: [problem({ severity: 'warning', line: 3, code: 'v1beta1' })],
  };
}

describe('planExitCode', () => {
  it('is 0 when every object is in sync or unmanaged (and for no clusters)', () => {
    assert.equal(planExitCode([]), 0);
    assert.equal(planExitCode([quietPlan(), { ...quietPlan('b'), comparisons: [comparison('NodePool', 'hand-made', 'unmanaged')] }]), 0);
  });

  it('is 1 when any object would change, prunes included', () => {
    assert.equal(planExitCode([quietPlan(), changedPlan()]), 1);
    assert.equal(planExitCode([{ ...quietPlan(), comparisons: [comparison('NodePool', 'old', 'extra', '-x')] }]), 1);
    assert.equal(planExitCode([{ ...quietPlan(), comparisons: [comparison('NodePool', 'edited', 'live-drifted', '-x')] }]), 1);
  });

  it('is 2 when any cluster refuses its revision, whatever the others do; warnings alone are not errors', () => {
    assert.equal(planExitCode([changedPlan(), refusedPlan()]), 2);
    assert.equal(planExitCode([{ ...quietPlan(), warnings: [problem({ severity: 'warning' })] }]), 0);
  });
});

describe('formatPlanText', () => {
  const text = formatPlanText([changedPlan(), quietPlan()]);
  const lines = text.split('\n');

  it('heads each cluster with its short revision and outcome, clusters by name', () => {
    const dev = lines.indexOf('cluster dev @ 3f2a91c: no changes');
    const staging = lines.indexOf('cluster staging @ 3f2a91c: 1 change');
    assert.ok(dev >= 0 && staging > dev, text);
  });

  it('lists the objects in apply order with their statuses', () => {
    const start = lines.indexOf('cluster staging @ 3f2a91c: 1 change');
    assert.deepEqual(lines.slice(start + 1, start + 4), [
      '  EC2NodeClass/karpenter-nodeclass-default  in-sync',
      '  NodePool/airflow-worker                   git-changed (apply the change from Git)',
      '  NodePool/trino-xsmall                     in-sync',
    ]);
  });

  it('shows the what-if before → after', () => {
    assert.ok(lines.includes('    $/h                  4.21 → 3.07 (−27 %)'), text);
    assert.ok(lines.includes('    nodes                5 → 4'), text);
    assert.ok(lines.includes('    unschedulable pods   0 → 1'), text);
    assert.ok(lines.includes('    instance mix         m5.large/on-demand  3 → 0'), text);
    assert.ok(lines.includes('                         r5.large/on-demand  0 → 2'), text);
    assert.ok(
      lines.includes(
        '    newly unschedulable  spark/driver-1: incompatible with NodePool general: key NodePool: In [spark] not in In [general]',
      ),
      text,
    );
    assert.ok(lines.includes('    drifted nodes        3 (would be replaced)'), text);
    assert.ok(lines.includes('                         airflow-worker: 3 (template changed)'), text);
  });

  it('prints the diff of each change and no diff of objects in sync', () => {
    assert.ok(lines.includes('diff NodePool/airflow-worker (git-changed: live → Git):'), text);
    assert.ok(text.includes(AIRFLOW_DIFF), text);
    assert.ok(!text.includes('diff NodePool/trino-xsmall'), text);
  });

  it('has no colour codes and ends with the summary', () => {
    assert.ok(!text.includes(String.fromCharCode(27)), 'no escape characters');
    assert.ok(text.endsWith('2 clusters: 1 with changes, 0 refused, 1 without changes\n'), text);
  });

  it('says "no changes" plainly when nothing changes', () => {
    assert.equal(
      formatPlanText([quietPlan()]),
      'cluster dev @ 3f2a91c: no changes\n  NodePool/default  in-sync\n\n1 cluster: no changes\n',
    );
  });

  it('names file, line, object and field of each error of a refused revision', () => {
    const refused = formatPlanText([refusedPlan()]).split('\n');
    assert.equal(refused[0], 'cluster prod @ 3f2a91c: refused (1 error)');
    assert.equal(refused[1], '  nothing of this revision is applied; the last good revision stays in force');
    assert.ok(
      refused.includes(
        '    clusters/prod/nodepools/spark.yaml:14: NodePool/spark: spec.template.spec.requirements[0].operator: operator "in" is not one of In | NotIn (did you mean "In"?)',
      ),
      refused.join('\n'),
    );
    assert.ok(refused.includes('  warnings:'));
  });

  it('is the same whatever order the plans and comparisons come in', () => {
    const shuffled = changedPlan({ comparisons: [...changedPlan().comparisons].reverse() });
    assert.equal(formatPlanText([quietPlan(), shuffled]), text);
  });

  it('marks a $/h with unknown prices as a lower bound', () => {
    const partial = whatIf();
    const out = formatPlanText([changedPlan({ whatIf: { ...partial, after: { ...partial.after, pricesIncomplete: true } } })]);
    assert.match(out, /4\.21 → ≥3\.07 \(−27 %\); some prices unknown, ≥ marks a lower bound/);
  });

  it('says when the what-if moves nothing', () => {
    const same = whatIf();
    const unchanged = { ...same, after: same.before, newlyUnschedulable: [], driftedNodes: 0, drifted: [] };
    const out = formatPlanText([changedPlan({ whatIf: unchanged })]);
    assert.match(out, /\$\/h {18}4\.21 → 4\.21 \(±0 %\)/);
    assert.match(out, /the change moves no pod, node or dollar/);
  });
});

describe('formatPlanMarkdown', () => {
  const markdown = formatPlanMarkdown([changedPlan(), quietPlan(), refusedPlan()]);
  const lines = markdown.split('\n');

  it('starts with the marker a CI job finds its comment by, then the summary', () => {
    assert.equal(lines[0], PLAN_MARKDOWN_MARKER);
    assert.equal(lines[1], '# karpd plan');
    assert.ok(lines.includes('**3 clusters: 1 with changes, 1 refused, 1 without changes**'), markdown);
  });

  it('has a heading per cluster and a table of objects and statuses', () => {
    assert.ok(lines.includes('## Cluster `staging` at `3f2a91c`: 1 change'), markdown);
    assert.ok(lines.includes('## Cluster `dev` at `3f2a91c`: no changes'), markdown);
    assert.ok(lines.includes('| Object | Status |'), markdown);
    assert.ok(lines.includes('| NodePool `airflow-worker` | **git-changed** — apply the change from Git |'), markdown);
    assert.ok(lines.includes('| NodePool `trino-xsmall` | in-sync |'), markdown);
  });

  it('shows the what-if with $/h, nodes, the instance mix, unschedulable pods and drift', () => {
    assert.ok(lines.includes('- **$/h** 4.21 → 3.07 (−27 %)'), markdown);
    assert.ok(lines.includes('- **Nodes** 5 → 4'), markdown);
    assert.ok(lines.includes('| `r5.large/on-demand` | 0 | 2 |'), markdown);
    assert.ok(
      lines.includes('- `spark/driver-1`: incompatible with NodePool general: key NodePool: In \\[spark\\] not in In \\[general\\]'),
      markdown,
    );
    assert.ok(lines.includes('- **Drifted nodes** 3 (would be replaced)'), markdown);
    assert.ok(lines.includes('  - airflow-worker: 3 (template changed)'), markdown);
  });

  it('puts each diff in a ```diff fence', () => {
    const start = lines.indexOf('```diff');
    assert.ok(start > 0, markdown);
    assert.deepEqual(lines.slice(start + 1, start + 1 + AIRFLOW_DIFF.split('\n').length), AIRFLOW_DIFF.split('\n'));
    assert.equal(lines[start + 1 + AIRFLOW_DIFF.split('\n').length], '```');
  });

  it('lengthens the fence when the diff itself holds backticks', () => {
    const tricky = changedPlan({ comparisons: [comparison('NodePool', 'a', 'git-changed', '+  note: "```"')] });
    assert.ok(formatPlanMarkdown([tricky]).includes('````diff\n+  note: "```"\n````'));
  });

  it('tables the errors of a refused revision, pipes escaped', () => {
    assert.ok(lines.includes('| File | Line | Object | Field | Problem |'), markdown);
    assert.ok(
      lines.includes(
        '| clusters/prod/nodepools/spark.yaml | 14 | NodePool/spark | spec.template.spec.requirements\\[0\\].operator | operator "in" is not one of In \\| NotIn (did you mean "In"?) |',
      ),
      markdown,
    );
  });
});

describe('formatPlanJson', () => {
  const doc = JSON.parse(formatPlanJson([changedPlan(), refusedPlan(), quietPlan()])) as PlanJson;

  it('has the documented top-level fields', () => {
    assert.deepEqual(Object.keys(doc), ['formatVersion', 'exitCode', 'clusters']);
    assert.equal(doc.formatVersion, 1);
    assert.equal(doc.exitCode, 2);
    assert.deepEqual(
      doc.clusters.map((c) => [c.cluster, c.outcome, c.changes]),
      [
        ['dev', 'no-changes', 0],
        ['prod', 'refused', 0],
        ['staging', 'changes', 1],
      ],
    );
  });

  it('has the documented cluster fields, objects in apply order, the what-if and ordered problems', () => {
    const staging = doc.clusters[2];
    assert.deepEqual(Object.keys(staging), [
      'cluster',
      'revision',
      'outcome',
      'changes',
      'objects',
      'whatIf',
      'currentFleet',
      'errors',
      'warnings',
    ]);
    assert.equal(staging.revision, REVISION);
    assert.deepEqual(
      staging.objects.map((o) => `${o.kind}/${o.name}:${o.status}`),
      ['EC2NodeClass/karpenter-nodeclass-default:in-sync', 'NodePool/airflow-worker:git-changed', 'NodePool/trino-xsmall:in-sync'],
    );
    assert.equal(staging.objects[1].diff, AIRFLOW_DIFF);
    assert.equal(staging.whatIf?.after.pricePerHour, 3.07);
    assert.equal(staging.currentFleet, null);
    assert.equal(doc.clusters[0].whatIf, null);
    assert.deepEqual(Object.keys(doc.clusters[1].errors[0]), [
      'severity',
      'code',
      'file',
      'line',
      'kind',
      'name',
      'path',
      'message',
      'hint',
    ]);
  });

  it('is byte-for-byte the same for the same plans in another order', () => {
    assert.equal(formatPlanJson([quietPlan(), refusedPlan(), changedPlan()]), formatPlanJson([changedPlan(), refusedPlan(), quietPlan()]));
  });
});
