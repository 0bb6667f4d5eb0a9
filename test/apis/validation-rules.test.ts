import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { suggestOperator } from '../../src/apis/validation/requirements.js';
import { cronScheduleError } from '../../src/apis/validation/cron.js';
import { restrictedLabelError } from '../../src/apis/validation/labels.js';
import { didYouMean, editDistance } from '../../src/apis/suggest.js';
import { formatPath } from '../../src/apis/problem.js';

describe('operator suggestions', () => {
  const cases: Array<[string, string]> = [
    ['Equals', 'In'],
    ['equal', 'In'],
    ['==', 'In'],
    ['NotEquals', 'NotIn'],
    ['Exist', 'Exists'],
    ['DoesNotExists', 'DoesNotExist'],
    ['GreaterThan', 'Gt'],
    ['LessThan', 'Lt'],
    ['in', 'In'],
    ['NotInn', 'NotIn'],
  ];
  for (const [input, expected] of cases) {
    it(`suggests ${expected} for ${input}`, () => assert.equal(suggestOperator(input), expected));
  }
  it('suggests nothing for unrelated words', () => assert.equal(suggestOperator('Banana'), undefined));
});

describe('edit distance', () => {
  it('counts insertions, deletions and substitutions', () => {
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('zone', 'zone'), 0);
  });
  it('suggests the closest known word only when it is close', () => {
    assert.equal(didYouMean('NoSchedules', ['NoSchedule', 'NoExecute']), 'did you mean "NoSchedule"?');
    assert.equal(didYouMean('xyz', ['NoSchedule', 'NoExecute']), undefined);
  });
});

describe('cron schedules of budgets', () => {
  const valid = [
    '0 9 * * mon-fri',
    '@daily',
    '@yearly',
    '*/15 0-6 1,15 jan-jun ?',
    '0 0 * * 0',
    '30 22 * * SAT',
    '0 9-17 * * 1-5',
    '0 */2 * * *',
  ];
  for (const schedule of valid) it(`accepts "${schedule}"`, () => assert.equal(cronScheduleError(schedule), undefined));
  const invalid: Array<[string, RegExp]> = [
    ['0 25 * * *', /hour must be between 0 and 23/],
    ['0 9 * *', /expected 5 fields/],
    ['0 0 9 * * *', /expected 5 fields/],
    ['CRON_TZ=Europe/London 0 9 * * *', /time zones/],
    ['@every 5m', /unknown descriptor/],
    ['0 9 * * 7', /day of week must be between 0 and 6/],
    ['5-1 * * * *', /runs backwards/],
    ['*/0 * * * *', /step "0"/],
    ['0 9 * * mon-fry', /not a valid day of week/],
    ['0 9 32 * *', /day of month/],
  ];
  for (const [schedule, message] of invalid) it(`rejects "${schedule}"`, () => assert.match(cronScheduleError(schedule) ?? '', message));
});

describe('restricted label domains (v1.9+ rules)', () => {
  const restricted = [
    'karpenter.sh/nodepool',
    'karpenter.sh/do-not-disrupt',
    'team.karpenter.sh/x',
    'kubernetes.io/hostname',
    'karpenter.k8s.aws/ec2nodeclass',
  ];
  for (const key of restricted) it(`restricts ${key}`, () => assert.ok(restrictedLabelError(key)));
  const allowed = [
    'karpenter.sh/capacity-type',
    'karpenter.k8s.aws/instance-family',
    'node.kubernetes.io/instance-type',
    'kubernetes.io/arch',
    'example.com/team',
    'NodePool',
  ];
  for (const key of allowed) it(`allows ${key}`, () => assert.equal(restrictedLabelError(key), undefined));
});

describe('field paths', () => {
  it('formats keys, indexes and keys with dots', () => {
    assert.equal(formatPath(['spec', 'template', 'spec', 'requirements', 2, 'operator']), 'spec.template.spec.requirements[2].operator');
    assert.equal(
      formatPath(['spec', 'template', 'metadata', 'labels', 'karpenter.sh/nodepool']),
      'spec.template.metadata.labels["karpenter.sh/nodepool"]',
    );
    assert.equal(formatPath([]), '');
  });
});
