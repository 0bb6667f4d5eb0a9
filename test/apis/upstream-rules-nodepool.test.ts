/**
 * Every rule of upstream's NodePool and NodeClaim v1 CRDs (kubernetes-sigs/karpenter
 * pkg/apis/crds/karpenter.sh_nodepools.yaml, karpenter.sh_nodeclaims.yaml) and of
 * Karpenter's runtime validation of requirements: one manifest that breaks each
 * rule and one that satisfies it. See docs/design/validation-rules.md.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { PathSegment } from '../../src/apis/problem.js';
import { validateObject } from '../../src/apis/validate-object.js';
import { entries, rule, runRuleTable, times } from './rule-cases.js';

const REF = { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' };
const T = (...path: PathSegment[]): PathSegment[] => ['spec', 'template', 'spec', ...path];
const L = (...path: PathSegment[]): PathSegment[] => ['spec', 'template', 'metadata', ...path];
const D = (...path: PathSegment[]): PathSegment[] => ['spec', 'disruption', ...path];
const REQ = (key: string, operator: string, values?: string[], minValues?: number) =>
  [
    [
      T('requirements'),
      [{ key, operator, ...(values === undefined ? {} : { values }), ...(minValues === undefined ? {} : { minValues }) }],
    ],
  ] as const;
const TAINT = (taint: Record<string, unknown>) => [[T('taints'), [taint]]] as const;

const NODEPOOL = {
  apiVersion: 'karpenter.sh/v1',
  kind: 'NodePool',
  metadata: { name: 'general' },
  spec: { template: { spec: { requirements: [], nodeClassRef: REF } }, disruption: { consolidateAfter: '0s' } },
};

const R0 = 'spec.template.spec.requirements[0]';

const REQUIREMENTS = [
  rule('np.requirements.required', [[T('requirements'), undefined]], 'required spec.template.spec.requirements', []),
  rule(
    'np.requirements.max-items',
    [[T('requirements'), times(101, (i) => ({ key: `example.com/k${i}`, operator: 'Exists' }))]],
    'too-many spec.template.spec.requirements',
    [[T('requirements'), times(100, (i) => ({ key: `example.com/k${i}`, operator: 'Exists' }))]],
  ),
  rule('req.key.qualified-name', [...REQ('bad key!', 'Exists')], `invalid-label-key ${R0}.key`, [...REQ('example.com/team', 'Exists')]),
  rule('req.key.max-length', [...REQ(`${'a.'.repeat(130)}b/${'c'.repeat(55)}`, 'Exists')], `too-long ${R0}.key`, []),
  rule('req.operator.enum', [...REQ('example.com/team', 'Equals', ['a'])], `unknown-operator ${R0}.operator`, [
    ...REQ('example.com/team', 'Gte', ['1']),
  ]),
  rule('req.operator.required', [[T('requirements'), [{ key: 'example.com/team' }]]], `required ${R0}.operator`, []),
  rule('req.values.label-value', [...REQ('example.com/team', 'In', ['a b'])], `invalid-label-value ${R0}.values[0]`, [
    ...REQ('example.com/team', 'In', ['a-b_c.d']),
  ]),
  rule('req.values.max-length', [...REQ('example.com/team', 'In', ['x'.repeat(64)])], `invalid-label-value ${R0}.values[0]`, [
    ...REQ('example.com/team', 'In', ['x'.repeat(63)]),
  ]),
  rule('req.in-needs-values', [...REQ('example.com/team', 'In', [])], `values-required ${R0}.values`, [
    ...REQ('example.com/team', 'NotIn', []),
  ]),
  rule('req.bound-needs-one-integer', [...REQ('karpenter.k8s.aws/instance-cpu', 'Gt', ['four'])], `invalid-bound ${R0}.values`, [
    ...REQ('karpenter.k8s.aws/instance-cpu', 'Lt', ['64']),
  ]),
  rule('req.bound-needs-one-value', [...REQ('karpenter.k8s.aws/instance-cpu', 'Lte', ['1', '2'])], `invalid-bound ${R0}.values`, []),
  rule('req.min-values.range', [...REQ('karpenter.k8s.aws/instance-family', 'Exists', undefined, 51)], `out-of-range ${R0}.minValues`, [
    [T('requirements'), [{ key: 'karpenter.k8s.aws/instance-family', operator: 'Exists', minValues: 50 }]],
  ]),
  rule(
    'req.min-values.at-most-values',
    [...REQ('karpenter.k8s.aws/instance-family', 'In', ['m5', 'c5'], 3)],
    `min-values ${R0}.minValues`,
    [...REQ('karpenter.k8s.aws/instance-family', 'In', ['m5', 'c5', 'r5'], 3)],
  ),
  ...[
    'karpenter.sh/nodepool',
    'kubernetes.io/hostname',
    'karpenter.sh/custom',
    'team.karpenter.sh/x',
    'karpenter.k8s.aws/ec2nodeclass',
  ].map((key) =>
    rule(`req.key.restricted(${key})`, [...REQ(key, 'Exists')], `restricted-label ${R0}.key`, [
      ...REQ('karpenter.sh/capacity-type', 'In', ['spot']),
    ]),
  ),
  rule('req.capacity-type.known-value', [...REQ('karpenter.sh/capacity-type', 'In', ['spots'])], `no-known-value ${R0}.values`, [
    ...REQ('karpenter.sh/capacity-type', 'In', ['spot', 'reserved', 'spots']),
  ]),
];

const LABELS_AND_TAINTS = [
  rule('np.labels.max-properties', [[L('labels'), entries(101, 'example.com/l', 'v')]], 'too-many spec.template.metadata.labels', [
    [L('labels'), entries(100, 'example.com/l', 'v')],
  ]),
  rule('np.labels.key', [[L('labels'), { 'bad/key/x': 'v' }]], 'invalid-label-key spec.template.metadata.labels["bad/key/x"]', [
    [L('labels'), { 'example.com/team': 'v' }],
  ]),
  rule('np.labels.value', [[L('labels'), { team: 'a b' }]], 'invalid-label-value spec.template.metadata.labels.team', [
    [L('labels'), { team: '' }],
  ]),
  rule(
    'np.labels.value-max-length',
    [[L('labels'), { team: 'v'.repeat(64) }]],
    'invalid-label-value spec.template.metadata.labels.team',
    [],
  ),
  rule('np.labels.value-type', [[L('labels'), { team: 1 }]], 'invalid-type spec.template.metadata.labels.team', []),
  ...['karpenter.sh/nodepool', 'kubernetes.io/hostname', 'karpenter.sh/custom'].map((key) =>
    rule(
      `np.labels.restricted(${key})`,
      [[L('labels'), { [key]: 'x' }]],
      `restricted-label spec.template.metadata.labels[${JSON.stringify(key)}]`,
      [[L('labels'), { 'karpenter.sh/capacity-type': 'spot' }]],
    ),
  ),
  rule('np.annotations.string-values', [[L('annotations'), { note: 1 }]], 'invalid-type spec.template.metadata.annotations.note', [
    [L('annotations'), { note: '{{ kept }}' }],
  ]),
  rule('taint.key.required', [...TAINT({ effect: 'NoSchedule' })], 'required spec.template.spec.taints[0].key', [
    ...TAINT({ key: 'dedicated', effect: 'NoSchedule' }),
  ]),
  rule(
    'taint.key.qualified-name',
    [...TAINT({ key: 'a b', effect: 'NoSchedule' })],
    'invalid-taint-key spec.template.spec.taints[0].key',
    [],
  ),
  rule(
    'taint.value.format',
    [...TAINT({ key: 'dedicated', value: 'a b', effect: 'NoSchedule' })],
    'invalid-taint-value spec.template.spec.taints[0].value',
    [...TAINT({ key: 'dedicated', value: 'gpu', effect: 'NoExecute' })],
  ),
  rule('taint.effect.required', [...TAINT({ key: 'dedicated' })], 'required spec.template.spec.taints[0].effect', []),
  rule(
    'taint.effect.enum',
    [...TAINT({ key: 'dedicated', effect: 'NoScheduling' })],
    'unknown-effect spec.template.spec.taints[0].effect',
    [...TAINT({ key: 'dedicated', effect: 'PreferNoSchedule' })],
  ),
  rule(
    'taint.unique',
    [
      [T('taints'), [{ key: 'a', effect: 'NoSchedule' }]],
      [T('startupTaints'), [{ key: 'a', effect: 'NoSchedule' }]],
    ],
    'duplicate-taint spec.template.spec.startupTaints[0]',
    [
      [T('taints'), [{ key: 'a', effect: 'NoSchedule' }]],
      [T('startupTaints'), [{ key: 'a', effect: 'NoExecute' }]],
    ],
  ),
];

const TEMPLATE_AND_DISRUPTION = [
  rule('np.template.required', [[['spec', 'template'], undefined]], 'required spec.template', []),
  rule('np.template.spec.required', [[['spec', 'template', 'spec'], undefined]], 'required spec.template.spec', []),
  rule('np.expire-after.format', [[T('expireAfter'), '30d']], 'invalid-format spec.template.spec.expireAfter', [
    [T('expireAfter'), 'Never'],
  ]),
  rule(
    'np.termination-grace-period.format',
    [[T('terminationGracePeriod'), 'Never']],
    'invalid-format spec.template.spec.terminationGracePeriod',
    [[T('terminationGracePeriod'), '1h30m']],
  ),
  rule('np.node-class-ref.required', [[T('nodeClassRef'), undefined]], 'required spec.template.spec.nodeClassRef', []),
  ...['group', 'kind', 'name'].map((field) =>
    rule(
      `np.node-class-ref.${field}-required`,
      [[T('nodeClassRef', field), undefined]],
      `required spec.template.spec.nodeClassRef.${field}`,
      [],
    ),
  ),
  ...['group', 'kind', 'name'].map((field) =>
    rule(
      `np.node-class-ref.${field}-not-empty`,
      [[T('nodeClassRef', field), '']],
      `too-short spec.template.spec.nodeClassRef.${field}`,
      [],
    ),
  ),
  rule(
    'np.node-class-ref.group-no-slash',
    [[T('nodeClassRef', 'group'), 'karpenter.k8s.aws/v1']],
    'invalid-format spec.template.spec.nodeClassRef.group',
    [],
  ),
  rule(
    'np.consolidation-policy.enum',
    [[D('consolidationPolicy'), 'WhenUnderutilized']],
    'unsupported-value spec.disruption.consolidationPolicy',
    [[D('consolidationPolicy'), 'WhenEmpty']],
  ),
  rule('np.consolidate-after.required', [[D('consolidateAfter'), undefined]], 'required spec.disruption.consolidateAfter', [
    [D(), undefined],
  ]),
  rule('np.consolidate-after.format', [[D('consolidateAfter'), '1d']], 'invalid-format spec.disruption.consolidateAfter', [
    [D('consolidateAfter'), '0s'],
  ]),
  rule('np.budgets.max-items', [[D('budgets'), times(51, () => ({ nodes: '1' }))]], 'too-many spec.disruption.budgets', [
    [D('budgets'), times(50, () => ({ nodes: '1' }))],
  ]),
  rule('np.budgets.nodes-format', [[D('budgets'), [{ nodes: '101%' }]]], 'invalid-format spec.disruption.budgets[0].nodes', [
    [D('budgets'), [{ nodes: '100%' }]],
  ]),
  rule(
    'np.budgets.schedule-format',
    [[D('budgets'), [{ nodes: '0', schedule: 'daily', duration: '1h' }]]],
    'invalid-cron spec.disruption.budgets[0].schedule',
    [[D('budgets'), [{ nodes: '0', schedule: '@daily', duration: '1h' }]]],
  ),
  rule(
    'np.budgets.duration-format',
    [[D('budgets'), [{ nodes: '0', schedule: '@daily', duration: '30s' }]]],
    'invalid-format spec.disruption.budgets[0].duration',
    [[D('budgets'), [{ nodes: '0', schedule: '@daily', duration: '1h30m' }]]],
  ),
  rule(
    'np.budgets.schedule-needs-duration',
    [[D('budgets'), [{ nodes: '0', schedule: '@daily' }]]],
    'schedule-needs-duration spec.disruption.budgets[0].duration',
    [],
  ),
  rule(
    'np.budgets.duration-needs-schedule',
    [[D('budgets'), [{ nodes: '0', duration: '1h' }]]],
    'duration-needs-schedule spec.disruption.budgets[0].schedule',
    [],
  ),
  rule(
    'np.budgets.reasons-enum',
    [[D('budgets'), [{ nodes: '1', reasons: ['Expired'] }]]],
    'unsupported-value spec.disruption.budgets[0].reasons[0]',
    [[D('budgets'), [{ nodes: '1', reasons: ['Underutilized', 'Empty', 'Drifted'] }]]],
  ),
  rule('np.limits.quantity', [[['spec', 'limits'], { cpu: 'lots' }]], 'invalid-quantity spec.limits.cpu', [
    [['spec', 'limits'], { cpu: 1000, memory: '1000Gi', 'nvidia.com/gpu': '8' }],
  ]),
  rule('np.weight.range', [[['spec', 'weight'], 101]], 'out-of-range spec.weight', [[['spec', 'weight'], 100]]),
  rule('np.weight.min', [[['spec', 'weight'], 0]], 'out-of-range spec.weight', [[['spec', 'weight'], 1]]),
  rule('np.replicas.min', [[['spec', 'replicas'], -1]], 'out-of-range spec.replicas', [[['spec', 'replicas'], 0]]),
  rule(
    'np.replicas.no-weight',
    [
      [['spec', 'replicas'], 2],
      [['spec', 'weight'], 10],
    ],
    'static-weight spec.weight',
    [],
  ),
  rule(
    'np.replicas.only-node-limits',
    [
      [['spec', 'replicas'], 2],
      [['spec', 'limits'], { cpu: '10' }],
    ],
    'static-limits spec.limits.cpu',
    [
      [['spec', 'replicas'], 2],
      [['spec', 'limits'], { nodes: '3' }],
    ],
  ),
  rule('np.unknown-field', [[['spec', 'ttlSecondsAfterEmpty'], 30]], 'unknown-field spec.ttlSecondsAfterEmpty', []),
];

runRuleTable('upstream NodePool rules', NODEPOOL, [...REQUIREMENTS, ...LABELS_AND_TAINTS, ...TEMPLATE_AND_DISRUPTION]);

const NODECLAIM = {
  apiVersion: 'karpenter.sh/v1',
  kind: 'NodeClaim',
  metadata: { name: 'general-abc12' },
  spec: { requirements: [], nodeClassRef: REF },
};
const C = (...path: PathSegment[]): PathSegment[] => ['spec', ...path];

runRuleTable('upstream NodeClaim rules', NODECLAIM, [
  rule('nc.requirements.required', [[C('requirements'), undefined]], 'required spec.requirements', [
    [C('requirements'), [{ key: 'karpenter.sh/nodepool', operator: 'In', values: ['general'] }]],
  ]),
  rule('nc.node-class-ref.required', [[C('nodeClassRef'), undefined]], 'required spec.nodeClassRef', []),
  ...['kubernetes.io/hostname', 'karpenter.sh/custom', 'x.karpenter.sh/y'].map((key) =>
    rule(
      `nc.requirements.key-restricted(${key})`,
      [[C('requirements'), [{ key, operator: 'Exists' }]]],
      'restricted-label spec.requirements[0].key',
      [[C('requirements'), [{ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot'] }]]],
    ),
  ),
  rule(
    'nc.requirements.operator',
    [[C('requirements'), [{ key: 'a', operator: 'Equals', values: ['b'] }]]],
    'unknown-operator spec.requirements[0].operator',
    [],
  ),
  rule('nc.resources.quantity', [[C('resources'), { requests: { cpu: 'lots' } }]], 'invalid-quantity spec.resources.requests.cpu', [
    [C('resources'), { requests: { cpu: '1500m' } }],
  ]),
  rule('nc.expire-after.format', [[C('expireAfter'), '1w']], 'invalid-format spec.expireAfter', [[C('expireAfter'), '720h']]),
  rule('nc.taints.effect', [[C('taints'), [{ key: 'a', effect: 'Never' }]]], 'unknown-effect spec.taints[0].effect', []),
]);

describe('well-known label values upstream does not restrict', () => {
  const pool = (key: string, values: string[]) => ({
    ...NODEPOOL,
    spec: { template: { spec: { requirements: [{ key, operator: 'In', values }], nodeClassRef: REF } } },
  });
  const problems = (key: string, values: string[]) =>
    validateObject(pool(key, values)).problems.map((problem) => `${problem.severity}:${problem.code}`);

  it('accepts kubernetes.io/arch In [test] (what it leads to is the instance-type fit warning)', () =>
    assert.deepEqual(problems('kubernetes.io/arch', ['test']), []));
  it('accepts kubernetes.io/os In [plan9] likewise', () => assert.deepEqual(problems('kubernetes.io/os', ['plan9']), []));
  it('still warns about one unknown value next to a known one', () =>
    assert.deepEqual(problems('kubernetes.io/arch', ['amd64', 'test']), ['warning:unknown-value']));
  it('warns with the fix for a typo of a known value', () => {
    const [problem] = validateObject(pool('kubernetes.io/arch', ['x86_64'])).problems;
    assert.deepEqual([problem.severity, problem.code, problem.hint], ['warning', 'unknown-value', 'did you mean "amd64"?']);
  });
});
