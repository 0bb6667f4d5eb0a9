/**
 * Validation of karpd's own `karpd.dev/v1alpha1` Cluster (the `cluster.yaml`
 * of a cluster folder in a GitOps repository): its schema, the sync interval and
 * variable names here; sync windows and notifications in sync-settings.ts.
 */
import { Duration } from '../duration.js';
import type { RawProblem } from '../problem.js';
import { ProblemList } from '../problem.js';
import { checkTopLevel, topLevelSchema } from './metadata.js';
import { AWS_REGION } from './patterns.js';
import type { ObjectSchema } from './schema.js';
import { isRecord } from './schema.js';
import { checkNotify, checkSyncWindows } from './sync-settings.js';

/** What a variable name may look like (`cluster_name`, `ext_account_id`). */
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const SYNC_WINDOW_SCHEMA: ObjectSchema = {
  type: 'object',
  required: ['kind', 'schedule', 'duration'],
  fields: {
    kind: { type: 'string', enum: ['allow', 'deny'] },
    schedule: { type: 'string', minLength: 1 },
    duration: { type: 'string' },
    timeZone: { type: 'string', minLength: 1 },
    name: { type: 'string', minLength: 1, maxLength: 63 },
  },
};

const CLUSTER_SPEC_SCHEMA: ObjectSchema = {
  type: 'object',
  required: ['cloud', 'region'],
  fields: {
    cloud: { type: 'string', enum: ['sim', 'aws'] },
    region: { type: 'string', pattern: AWS_REGION },
    kubeContext: { type: 'string', minLength: 1 },
    sync: {
      type: 'object',
      fields: {
        policy: { type: 'string', enum: ['auto', 'manual'] },
        interval: { type: 'string' },
        suspend: { type: 'boolean' },
        windows: { type: 'array', maxItems: 50, items: SYNC_WINDOW_SCHEMA },
      },
    },
    drift: { type: 'object', fields: { policy: { type: 'string', enum: ['approve', 'auto', 'ignore'] } } },
    disruption: { type: 'object', fields: { approval: { type: 'string', enum: ['none', 'drift', 'all'] } } },
    notify: { type: 'object', fields: { webhook: { type: 'string', minLength: 1 }, remindAfter: { type: 'string' } } },
    vars: { type: 'map', values: { type: 'string' } },
  },
  legacy: {
    variables: 'use vars',
    context: 'use kubeContext',
    syncPolicy: 'use sync: {policy: auto|manual}',
    driftPolicy: 'use drift: {policy: approve|auto|ignore}',
  },
};

const SCHEMA = topLevelSchema(CLUSTER_SPEC_SCHEMA);

function checkInterval(interval: unknown, problems: ProblemList): void {
  if (typeof interval !== 'string') return;
  const duration = Duration.tryParse(interval);
  if (duration === undefined || duration.isNever() || (duration.nanos ?? 0n) <= 0n) {
    problems.error(
      ['spec', 'sync', 'interval'],
      'invalid-duration',
      `invalid interval "${interval}" (expected a positive duration such as 30s or 5m)`,
    );
  } else if (duration.toMillis() < 5_000) {
    problems.warn(
      ['spec', 'sync', 'interval'],
      'short-interval',
      `interval ${interval} polls Git more than once every 5 seconds`,
      'use 30s or more',
    );
  }
}

/** Every problem of one Cluster object. */
export function validateCluster(object: Record<string, unknown>): RawProblem[] {
  const problems = new ProblemList();
  checkTopLevel(object, SCHEMA, problems);
  const spec = object.spec;
  if (!isRecord(spec)) return problems.toArray();
  if (isRecord(spec.sync)) {
    checkInterval(spec.sync.interval, problems);
    checkSyncWindows(spec.sync.windows, problems);
  }
  checkNotify(spec.notify, problems);
  if (isRecord(spec.vars)) {
    for (const name of Object.keys(spec.vars)) {
      if (!VARIABLE_NAME.test(name))
        problems.error(
          ['spec', 'vars', name],
          'invalid-variable-name',
          `invalid variable name "${name}" (expected letters, digits and "_", not starting with a digit)`,
        );
    }
  }
  if (spec.cloud === 'aws' && (spec.kubeContext === undefined || spec.kubeContext === null)) {
    problems.warn(
      ['spec', 'kubeContext'],
      'no-kube-context',
      'an aws cluster without kubeContext uses the current context of the kubeconfig',
      'set kubeContext to the context of this cluster',
    );
  }
  return problems.toArray();
}
