/**
 * One error base (STYLE.md rule 8) and guards that look through `{ cause }`
 * wrappers, bounded and safe against cycles.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AutoscalerError, MAX_CAUSE_DEPTH, causeChain, findError, isAutoscalerError } from '../../src/apis/errors.js';
import { DurationParseError, isDurationParseError } from '../../src/apis/duration.js';
import { QuantityParseError, isQuantityParseError } from '../../src/apis/quantity.js';
import { InstanceProfileError, isInstanceProfileError } from '../../src/cloudprovider/aws/instance-profile-errors.js';
import {
  CreateError,
  InsufficientCapacityError,
  NodeClaimNotFoundError,
  NodeClassNotReadyError,
  isCloudProviderError,
  isCreateError,
  isInsufficientCapacityError,
  isNodeClaimNotFoundError,
  isNodeClassNotReadyError,
} from '../../src/cloudprovider/types.js';
import { EvictionBlockedError, KubeApiError, isConflictError, isEvictionBlockedError, isNotFoundError } from '../../src/kube/errors.js';
import { ApiError, findApiError, isApiError } from '../../src/sim/control-plane/api-error.js';

const ROOT = resolve(import.meta.dirname, '../..');

const twice = (error: Error) => new Error('reconciling nodeclaim a', { cause: new Error('terminating instance', { cause: error }) });

describe('error guards', () => {
  it('see an error wrapped twice with cause', () => {
    const cases: Array<[Error, (error: unknown) => boolean]> = [
      [new NodeClaimNotFoundError('aws:///eu-west-2a/i-1'), isNodeClaimNotFoundError],
      [new InsufficientCapacityError('no capacity'), isInsufficientCapacityError],
      [new NodeClassNotReadyError('default', 'no subnets'), isNodeClassNotReadyError],
      [new CreateError('UnauthorizedOperation', 'not allowed'), isCreateError],
      [new CreateError('X', 'y'), isCloudProviderError],
      [new KubeApiError('getting pod p', 404, 'NotFound'), isNotFoundError],
      [new KubeApiError('updating pod p', 409, 'Conflict'), isConflictError],
      [new EvictionBlockedError('default/p', 'pdb'), isEvictionBlockedError],
      [new ApiError(404, 'NotFound', 'pods "p" not found'), isApiError],
      [new DurationParseError('5x'), isDurationParseError],
      [new QuantityParseError('lots'), isQuantityParseError],
      [new InstanceProfileError('InstanceProfileCreationFailed', 'creating instance profile'), isInstanceProfileError],
    ];
    for (const [error, guard] of cases) {
      assert.equal(guard(error), true, `${error.name} itself`);
      assert.equal(guard(twice(error)), true, `${error.name} wrapped twice`);
      assert.equal(guard(twice(new Error('something else'))), false, `${error.name} guard on an unrelated chain`);
    }
  });

  it('find the wrapped error with its data', () => {
    const wrapped = twice(new CreateError('UnauthorizedOperation', 'not allowed'));
    assert.equal(findError(wrapped, CreateError)?.conditionReason, 'UnauthorizedOperation');
    assert.equal(findApiError(twice(new ApiError(422, 'Invalid', 'bad')))?.code, 422);
    assert.equal(findError(wrapped, KubeApiError), undefined);
  });

  it('end on a cycle and give up after MAX_CAUSE_DEPTH links', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    assert.deepEqual(causeChain(a), [a, b]);
    assert.equal(isNodeClaimNotFoundError(a), false);
    let deep: Error = new NodeClaimNotFoundError('p');
    for (let i = 0; i < MAX_CAUSE_DEPTH + 5; i++) deep = new Error(`level ${i}`, { cause: deep });
    assert.equal(causeChain(deep).length, MAX_CAUSE_DEPTH + 1);
    assert.equal(isNodeClaimNotFoundError(deep), false);
    assert.deepEqual(causeChain('a string'), ['a string']);
    assert.deepEqual(causeChain(undefined), []);
  });

  it('are built on one base: every error class karpd throws is an AutoscalerError named after itself', () => {
    const errors = [
      new NodeClaimNotFoundError('p'),
      new KubeApiError('x', 0, undefined),
      new ApiError(500, 'InternalError', 'x'),
      new DurationParseError('x'),
    ];
    for (const error of errors) assert.ok(error instanceof AutoscalerError && isAutoscalerError(twice(error)), error.name);
    assert.equal(new AutoscalerError('x').name, 'AutoscalerError');
    assert.equal(isAutoscalerError(new Error('plain')), false);
  });

  it('leave no error class in src/ outside the base', () => {
    const offenders: string[] = [];
    for (const entry of readdirSync(join(ROOT, 'src'), { recursive: true }).map(String)) {
      if (!/\.tsx?$/.test(entry) || entry.endsWith(join('apis', 'errors.ts'))) continue;
      const text = readFileSync(join(ROOT, 'src', entry), 'utf8');
      if (/class \w+ extends (Error|TypeError|RangeError)\b/.test(text)) offenders.push(entry);
    }
    assert.deepEqual(offenders, []);
  });
});
