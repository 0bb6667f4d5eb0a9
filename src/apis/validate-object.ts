/**
 * One entry point for validating any parsed manifest object: recognises its
 * apiVersion and kind, converts v1beta1 to v1 (with warnings), then runs the
 * kind's validator. Objects karpd does not manage are reported and skipped.
 */
import type { RawProblem } from './problem.js';
import { ProblemList } from './problem.js';
import { didYouMean } from './suggest.js';
import { convertEC2NodeClassV1beta1, convertNodePoolV1beta1 } from './v1beta1.js';
import type { Conversion } from './v1beta1.js';
import { isRecord } from './validation/schema.js';
import { validateCluster } from './validation/validate-cluster.js';
import { validateEC2NodeClass } from './validation/validate-ec2nodeclass.js';
import { validateNodeClaim } from './validation/validate-nodeclaim.js';
import { validateNodePool } from './validation/validate-nodepool.js';

/** The kinds karpd validates. */
export type ManagedKind = 'NodePool' | 'NodeClaim' | 'EC2NodeClass' | 'Cluster';

/** The result of validating one object. */
export interface ObjectValidation {
  /** The kind, when recognised. */
  readonly kind?: ManagedKind;
  /** `metadata.name`, when it is a string. */
  readonly name?: string;
  /** The object as v1 (converted when it was v1beta1), or the input when not recognised. */
  readonly object: Record<string, unknown>;
  readonly problems: RawProblem[];
}

interface KindHandler {
  readonly kind: ManagedKind;
  readonly convert?: (object: Record<string, unknown>) => Conversion;
  readonly validate: (object: Record<string, unknown>) => RawProblem[];
}

const HANDLERS: Record<string, KindHandler> = {
  'karpenter.sh/v1 NodePool': { kind: 'NodePool', validate: validateNodePool },
  'karpenter.sh/v1beta1 NodePool': { kind: 'NodePool', convert: convertNodePoolV1beta1, validate: validateNodePool },
  'karpenter.sh/v1 NodeClaim': { kind: 'NodeClaim', validate: validateNodeClaim },
  'karpenter.k8s.aws/v1 EC2NodeClass': { kind: 'EC2NodeClass', validate: validateEC2NodeClass },
  'karpenter.k8s.aws/v1beta1 EC2NodeClass': { kind: 'EC2NodeClass', convert: convertEC2NodeClassV1beta1, validate: validateEC2NodeClass },
  'karpd.dev/v1alpha1 Cluster': { kind: 'Cluster', validate: validateCluster },
};

const CURRENT_VERSIONS: Record<string, string> = {
  NodePool: 'karpenter.sh/v1',
  NodeClaim: 'karpenter.sh/v1',
  EC2NodeClass: 'karpenter.k8s.aws/v1',
  Cluster: 'karpd.dev/v1alpha1',
  Provisioner: 'karpenter.sh/v1 NodePool',
  AWSNodeTemplate: 'karpenter.k8s.aws/v1 EC2NodeClass',
  Machine: 'karpenter.sh/v1 NodeClaim',
};

const OUR_GROUPS = ['karpenter.sh', 'karpenter.k8s.aws', 'karpd.dev'];

function nameOf(object: Record<string, unknown>): string | undefined {
  const metadata = object.metadata;
  return isRecord(metadata) && typeof metadata.name === 'string' ? metadata.name : undefined;
}

function unrecognised(_object: Record<string, unknown>, apiVersion: string, kind: string): RawProblem[] {
  const problems = new ProblemList();
  const expected = CURRENT_VERSIONS[kind];
  const group = apiVersion.split('/')[0];
  if (expected !== undefined && (kind === 'Provisioner' || kind === 'AWSNodeTemplate' || kind === 'Machine')) {
    problems.error(
      ['kind'],
      'unsupported-kind',
      `${apiVersion} ${kind} is no longer supported by Karpenter`,
      `migrate it to a ${expected}`,
    );
  } else if (expected !== undefined) {
    problems.error(
      ['apiVersion'],
      'unsupported-version',
      `unsupported apiVersion "${apiVersion}" for ${kind}`,
      `use apiVersion: ${expected}`,
    );
  } else if (OUR_GROUPS.includes(group)) {
    const hint = didYouMean(kind, Object.keys(CURRENT_VERSIONS).slice(0, 4));
    problems.error(['kind'], 'unknown-kind', `unknown kind "${kind}" in ${apiVersion}`, hint);
  } else {
    problems.warn(['kind'], 'ignored-kind', `${apiVersion} ${kind} is not a kind karpd manages; not validated`);
  }
  return problems.toArray();
}

/** Validates one parsed manifest object (v1beta1 kinds are converted to v1 first). */
export function validateObject(input: unknown): ObjectValidation {
  if (!isRecord(input)) {
    const problems = new ProblemList();
    problems.error([], 'not-an-object', 'a manifest must be a YAML mapping with apiVersion, kind, metadata and spec');
    return { object: {}, problems: problems.toArray() };
  }
  const { apiVersion, kind } = input;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    const problems = new ProblemList();
    if (typeof apiVersion !== 'string')
      problems.error(['apiVersion'], 'required', 'apiVersion is required', 'e.g. apiVersion: karpenter.sh/v1');
    if (typeof kind !== 'string') problems.error(['kind'], 'required', 'kind is required', 'e.g. kind: NodePool');
    return { object: input, name: nameOf(input), problems: problems.toArray() };
  }
  const handler = HANDLERS[`${apiVersion} ${kind}`];
  if (handler === undefined) return { object: input, name: nameOf(input), problems: unrecognised(input, apiVersion, kind) };
  const conversion = handler.convert?.(input) ?? { object: input, problems: [] };
  const problems = [...conversion.problems, ...handler.validate(conversion.object)];
  return { kind: handler.kind, name: nameOf(input), object: conversion.object, problems };
}
