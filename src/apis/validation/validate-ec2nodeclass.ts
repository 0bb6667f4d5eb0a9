/**
 * Validation of a `karpenter.k8s.aws/v1` EC2NodeClass: the CRD schema and its
 * CEL rules (https://karpenter.sh/docs/concepts/nodeclasses/).
 */
import type { PathSegment, RawProblem } from '../problem.js';
import { ProblemList } from '../problem.js';
import { didYouMean } from '../suggest.js';
import { EC2NODECLASS_SPEC_SCHEMA, EVICTION_SIGNAL_KEYS } from './ec2nodeclass-schema.js';
import { checkAmiTerms, checkNetworkTerms } from './ec2nodeclass-terms.js';
import { checkTopLevel, topLevelSchema } from './metadata.js';
import { isRecord } from './schema.js';

const SCHEMA = topLevelSchema(EC2NODECLASS_SPEC_SCHEMA);
const RESERVED_KEYS = ['cpu', 'memory', 'ephemeral-storage', 'pid'];
const RESTRICTED_TAGS = ['eks:eks-cluster-name', 'karpenter.sh/nodepool', 'karpenter.sh/nodeclaim', 'karpenter.k8s.aws/ec2nodeclass'];

function checkRole(spec: Record<string, unknown>, problems: ProblemList): void {
  const hasRole = spec.role !== undefined && spec.role !== null;
  const hasProfile = spec.instanceProfile !== undefined && spec.instanceProfile !== null;
  if (hasRole === hasProfile) {
    const at: PathSegment[] = ['spec', hasRole ? 'instanceProfile' : 'role'];
    problems.error(
      at,
      'role-or-profile',
      hasRole ? 'set either role or instanceProfile, not both' : 'one of role or instanceProfile is required',
    );
  }
  for (const field of ['role', 'instanceProfile']) {
    if (spec[field] === '') problems.error(['spec', field], 'too-short', `${field} must not be empty`);
  }
}

function checkTags(spec: Record<string, unknown>, problems: ProblemList): void {
  if (!isRecord(spec.tags)) return;
  for (const key of Object.keys(spec.tags)) {
    const at = ['spec', 'tags', key];
    if (key === '') problems.error(at, 'empty-tag-key', 'tag keys must not be empty');
    else if (RESTRICTED_TAGS.includes(key) || key.startsWith('kubernetes.io/cluster')) {
      problems.error(at, 'restricted-tag', `tag "${key}" is set by Karpenter and must not be set here`);
    }
  }
}

function checkMapKeys(map: unknown, allowed: readonly string[], at: PathSegment[], problems: ProblemList): void {
  if (!isRecord(map)) return;
  for (const [key, value] of Object.entries(map)) {
    if (!allowed.includes(key)) {
      problems.error(
        [...at, key],
        'unsupported-key',
        `unsupported key "${key}" (expected one of ${allowed.join(', ')})`,
        didYouMean(key, allowed),
      );
    } else if (typeof value === 'string' && value.startsWith('-')) {
      problems.error([...at, key], 'negative-value', `"${value}" must not be negative`);
    }
  }
}

function checkKubelet(kubelet: unknown, problems: ProblemList): void {
  if (!isRecord(kubelet)) return;
  const at: PathSegment[] = ['spec', 'kubelet'];
  checkMapKeys(kubelet.systemReserved, RESERVED_KEYS, [...at, 'systemReserved'], problems);
  checkMapKeys(kubelet.kubeReserved, RESERVED_KEYS, [...at, 'kubeReserved'], problems);
  for (const field of ['evictionHard', 'evictionSoft', 'evictionSoftGracePeriod'])
    checkMapKeys(kubelet[field], EVICTION_SIGNAL_KEYS, [...at, field], problems);
  const { imageGCHighThresholdPercent: high, imageGCLowThresholdPercent: low } = kubelet;
  if (typeof high === 'number' && typeof low === 'number' && high <= low) {
    problems.error(
      [...at, 'imageGCHighThresholdPercent'],
      'gc-thresholds',
      `imageGCHighThresholdPercent (${high}) must be greater than imageGCLowThresholdPercent (${low})`,
    );
  }
  const soft = isRecord(kubelet.evictionSoft) ? Object.keys(kubelet.evictionSoft) : [];
  const grace = isRecord(kubelet.evictionSoftGracePeriod) ? Object.keys(kubelet.evictionSoftGracePeriod) : [];
  for (const key of soft.filter((signal) => !grace.includes(signal))) {
    problems.error([...at, 'evictionSoft', key], 'soft-needs-grace', `evictionSoft "${key}" needs a matching evictionSoftGracePeriod`);
  }
  for (const key of grace.filter((signal) => !soft.includes(signal))) {
    problems.error(
      [...at, 'evictionSoftGracePeriod', key],
      'grace-needs-soft',
      `evictionSoftGracePeriod "${key}" has no matching evictionSoft`,
    );
  }
}

function checkBlockDevices(spec: Record<string, unknown>, problems: ProblemList): void {
  if (!Array.isArray(spec.blockDeviceMappings)) return;
  const roots = spec.blockDeviceMappings.filter((mapping) => isRecord(mapping) && mapping.rootVolume === true);
  if (roots.length > 1)
    problems.error(
      ['spec', 'blockDeviceMappings'],
      'many-root-volumes',
      `at most one block device may set rootVolume: true, got ${roots.length}`,
    );
  spec.blockDeviceMappings.forEach((mapping, index) => {
    if (!isRecord(mapping) || !isRecord(mapping.ebs)) return;
    const at = ['spec', 'blockDeviceMappings', index, 'ebs'];
    if (mapping.ebs.snapshotID === undefined && mapping.ebs.volumeSize === undefined) {
      problems.error(at, 'ebs-size', 'ebs needs volumeSize or snapshotID', 'add e.g. volumeSize: 100Gi');
    }
    if (mapping.ebs.volumeInitializationRate !== undefined && mapping.ebs.snapshotID === undefined) {
      problems.error([...at, 'volumeInitializationRate'], 'needs-snapshot', 'volumeInitializationRate needs snapshotID');
    }
  });
}

function checkNetworkInterfaces(spec: Record<string, unknown>, problems: ProblemList): void {
  if (!Array.isArray(spec.networkInterfaces) || spec.networkInterfaces.length === 0) return;
  const at: PathSegment[] = ['spec', 'networkInterfaces'];
  const items = spec.networkInterfaces.filter(isRecord);
  if (!items.some((item) => item.networkCardIndex === 0 && item.deviceIndex === 0 && item.interfaceType === 'interface')) {
    problems.error(
      at,
      'no-primary-interface',
      'networkInterfaces must include the primary interface (networkCardIndex 0, deviceIndex 0, interfaceType interface)',
    );
  }
  const pairs = items.map((item) => `${String(item.networkCardIndex)}/${String(item.deviceIndex)}`);
  if (new Set(pairs).size !== pairs.length)
    problems.error(at, 'duplicate-interface', 'two network interfaces use the same networkCardIndex and deviceIndex');
  const efaCards = items.filter((item) => item.interfaceType === 'efa-only').map((item) => item.networkCardIndex);
  if (new Set(efaCards).size !== efaCards.length) problems.error(at, 'many-efa', 'at most one efa-only interface per network card');
}

function checkMiscellaneous(spec: Record<string, unknown>, problems: ProblemList): void {
  const placement = spec.placementGroupSelector;
  if (isRecord(placement) && (placement.name === undefined) === (placement.id === undefined)) {
    problems.error(['spec', 'placementGroupSelector'], 'placement-group', 'placementGroupSelector needs exactly one of name or id');
  }
  if (isRecord(spec.connectionTracking) && Object.keys(spec.connectionTracking).length === 0) {
    problems.error(['spec', 'connectionTracking'], 'empty-connection-tracking', 'connectionTracking needs at least one timeout');
  }
  const metadata = spec.metadataOptions;
  if (isRecord(metadata) && metadata.httpTokens === 'optional') {
    problems.warn(
      ['spec', 'metadataOptions', 'httpTokens'],
      'imdsv1',
      'httpTokens: optional allows IMDSv1, which pods can use to read the node role credentials',
      'use httpTokens: required (IMDSv2)',
    );
  }
}

/** Every problem of one EC2NodeClass object (already converted to v1). */
export function validateEC2NodeClass(object: Record<string, unknown>): RawProblem[] {
  const problems = new ProblemList();
  checkTopLevel(object, SCHEMA, problems);
  const spec = object.spec;
  if (isRecord(spec)) {
    checkNetworkTerms(spec, problems);
    checkAmiTerms(spec, problems);
    checkRole(spec, problems);
    checkTags(spec, problems);
    checkKubelet(spec.kubelet, problems);
    checkBlockDevices(spec, problems);
    checkNetworkInterfaces(spec, problems);
    checkMiscellaneous(spec, problems);
  }
  return problems.toArray();
}
