/**
 * Conversion of `karpenter.sh/v1beta1` NodePools and `karpenter.k8s.aws/v1beta1`
 * EC2NodeClasses to v1, as upstream's conversion webhook does, with one
 * warning per moved, renamed or filled-in field. Works on plain parsed YAML
 * (the input is not validated yet) and never changes its input.
 */
import { KARPENTER_AWS_GROUP, KARPENTER_AWS_V1 } from './ec2nodeclass.js';
import { KARPENTER_V1 } from './nodepool.js';
import type { PathSegment, RawProblem } from './problem.js';
import { ProblemList } from './problem.js';
import { isRecord } from './validation/schema.js';

/** A converted object and the warnings that describe what changed. */
export interface Conversion {
  readonly object: Record<string, unknown>;
  readonly problems: RawProblem[];
}

function child(parent: Record<string, unknown>, key: string): Record<string, unknown> | undefined {
  const value = parent[key];
  return isRecord(value) ? value : undefined;
}

function convertDisruption(spec: Record<string, unknown>, templateSpec: Record<string, unknown> | undefined, problems: ProblemList): void {
  const disruption = child(spec, 'disruption');
  if (disruption === undefined) return;
  const at: PathSegment[] = ['spec', 'disruption'];
  if (disruption.consolidationPolicy === 'WhenUnderutilized') {
    disruption.consolidationPolicy = 'WhenEmptyOrUnderutilized';
    problems.warn(
      [...at, 'consolidationPolicy'],
      'v1beta1-renamed',
      'consolidationPolicy WhenUnderutilized is WhenEmptyOrUnderutilized in v1',
      'write consolidationPolicy: WhenEmptyOrUnderutilized',
    );
  }
  if (disruption.expireAfter === undefined) return;
  if (templateSpec !== undefined && templateSpec.expireAfter === undefined) templateSpec.expireAfter = disruption.expireAfter;
  delete disruption.expireAfter;
  problems.warn(
    [...at, 'expireAfter'],
    'v1beta1-moved',
    'disruption.expireAfter moved to spec.template.spec.expireAfter in v1',
    'move it to spec.template.spec.expireAfter',
  );
}

function convertNodeClassRef(templateSpec: Record<string, unknown>, problems: ProblemList): void {
  const ref = child(templateSpec, 'nodeClassRef');
  if (ref === undefined) return;
  const at: PathSegment[] = ['spec', 'template', 'spec', 'nodeClassRef'];
  if (typeof ref.apiVersion === 'string' && ref.group === undefined) {
    ref.group = ref.apiVersion.split('/')[0];
    problems.warn(
      [...at, 'apiVersion'],
      'v1beta1-renamed',
      `nodeClassRef.apiVersion is nodeClassRef.group in v1 (group "${String(ref.group)}")`,
      `write group: ${String(ref.group)}`,
    );
  }
  delete ref.apiVersion;
  if (ref.group === undefined) {
    ref.group = KARPENTER_AWS_GROUP;
    problems.warn(
      at,
      'v1beta1-filled',
      `nodeClassRef.group is required in v1; filled in "${KARPENTER_AWS_GROUP}"`,
      `add group: ${KARPENTER_AWS_GROUP}`,
    );
  }
  if (ref.kind === undefined) {
    ref.kind = 'EC2NodeClass';
    problems.warn(at, 'v1beta1-filled', 'nodeClassRef.kind is required in v1; filled in "EC2NodeClass"', 'add kind: EC2NodeClass');
  }
}

function dropTemplateFields(templateSpec: Record<string, unknown>, problems: ProblemList): void {
  const at: PathSegment[] = ['spec', 'template', 'spec'];
  if (templateSpec.kubelet !== undefined) {
    delete templateSpec.kubelet;
    problems.warn(
      [...at, 'kubelet'],
      'v1beta1-moved',
      'kubelet moved from the NodePool to the EC2NodeClass in v1; it was dropped here',
      'copy it to the EC2NodeClass spec.kubelet',
    );
  }
  if (templateSpec.resources !== undefined) {
    delete templateSpec.resources;
    problems.warn([...at, 'resources'], 'v1beta1-dropped', 'template resources do not exist in v1; dropped');
  }
}

/** Converts a `karpenter.sh/v1beta1` NodePool to `karpenter.sh/v1`. */
export function convertNodePoolV1beta1(input: Record<string, unknown>): Conversion {
  const object = structuredClone(input);
  const problems = new ProblemList();
  object.apiVersion = KARPENTER_V1;
  problems.warn(
    ['apiVersion'],
    'v1beta1-converted',
    'karpenter.sh/v1beta1 is deprecated; converted to karpenter.sh/v1',
    'write apiVersion: karpenter.sh/v1',
  );
  const spec = child(object, 'spec');
  if (spec === undefined) return { object, problems: problems.toArray() };
  const template = child(spec, 'template');
  const templateSpec = template === undefined ? undefined : child(template, 'spec');
  convertDisruption(spec, templateSpec, problems);
  if (templateSpec !== undefined) {
    convertNodeClassRef(templateSpec, problems);
    dropTemplateFields(templateSpec, problems);
  }
  return { object, problems: problems.toArray() };
}

const LEGACY_SELECTORS: Array<[string, string]> = [
  ['subnetSelector', 'subnetSelectorTerms'],
  ['securityGroupSelector', 'securityGroupSelectorTerms'],
  ['amiSelector', 'amiSelectorTerms'],
];

function convertSelectors(spec: Record<string, unknown>, problems: ProblemList): void {
  for (const [legacy, terms] of LEGACY_SELECTORS) {
    const selector = child(spec, legacy);
    if (selector === undefined || spec[terms] !== undefined) continue;
    spec[terms] = [{ tags: selector }];
    delete spec[legacy];
    problems.warn(['spec', legacy], 'v1beta1-renamed', `${legacy} is ${terms} in v1`, `write ${terms}: [{tags: {...}}]`);
  }
}

function convertAmiFamily(spec: Record<string, unknown>, problems: ProblemList): void {
  if (spec.amiSelectorTerms !== undefined) return;
  const family = typeof spec.amiFamily === 'string' ? spec.amiFamily : 'AL2';
  if (family === 'Custom') return;
  spec.amiSelectorTerms = [{ alias: `${family.toLowerCase()}@latest` }];
  const at: PathSegment[] = spec.amiFamily === undefined ? ['spec'] : ['spec', 'amiFamily'];
  const because = spec.amiFamily === undefined ? 'v1beta1 defaulted amiFamily to AL2; ' : '';
  problems.warn(
    at,
    'v1beta1-filled',
    `${because}amiSelectorTerms is required in v1; filled in alias ${family.toLowerCase()}@latest`,
    `add amiSelectorTerms: [{alias: ${family.toLowerCase()}@latest}]`,
  );
}

/** Converts a `karpenter.k8s.aws/v1beta1` EC2NodeClass to `karpenter.k8s.aws/v1`. */
export function convertEC2NodeClassV1beta1(input: Record<string, unknown>): Conversion {
  const object = structuredClone(input);
  const problems = new ProblemList();
  object.apiVersion = KARPENTER_AWS_V1;
  problems.warn(
    ['apiVersion'],
    'v1beta1-converted',
    'karpenter.k8s.aws/v1beta1 is deprecated; converted to karpenter.k8s.aws/v1',
    'write apiVersion: karpenter.k8s.aws/v1',
  );
  const spec = child(object, 'spec');
  if (spec !== undefined) {
    convertSelectors(spec, problems);
    convertAmiFamily(spec, problems);
  }
  return { object, problems: problems.toArray() };
}
