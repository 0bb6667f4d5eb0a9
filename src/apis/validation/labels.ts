/**
 * Label key and value rules: Kubernetes qualified names and label values, and
 * Karpenter's restricted label domains (https://karpenter.sh/docs/concepts/nodepools/, the
 * v1.9+ rules; the AWS provider adds its own `karpenter.k8s.aws` domain).
 */
import { LabelAliases, Labels, WellKnownLabels } from '../well-known-labels.js';
import type { PathSegment, ProblemList } from '../problem.js';
import { closestMatch } from '../suggest.js';
import { DNS_SUBDOMAIN, LABEL_VALUE, QUALIFIED_NAME_PART } from './patterns.js';

/** Why `key` is not a valid qualified name, or undefined when it is. */
export function qualifiedNameError(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return `prefix "${prefix}" must be a DNS subdomain (lower-case letters, digits, "-" and ".")`;
  }
  if (name.length === 0 || name.length > 63) return 'the name part must be 1 to 63 characters long';
  if (!QUALIFIED_NAME_PART.test(name))
    return 'the name part must start and end with a letter or digit and contain only letters, digits, "-", "_" and "."';
  return undefined;
}

/** Why `value` is not a valid label value, or undefined when it is. */
export function labelValueError(value: string): string | undefined {
  if (value.length > 63) return `must be at most 63 characters long, got ${value.length}`;
  if (!LABEL_VALUE.test(value)) return 'must start and end with a letter or digit and contain only letters, digits, "-", "_" and "."';
  return undefined;
}

/** The labels of the AWS provider's domain that users may set or require. */
const AWS_ALLOWED = new Set([...WellKnownLabels].filter((key) => key.startsWith('karpenter.k8s.aws/')));

function domainOf(key: string): string | undefined {
  const slash = key.indexOf('/');
  return slash < 0 ? undefined : key.slice(0, slash);
}

function inDomain(domain: string | undefined, root: string): boolean {
  return domain === root || (domain?.endsWith(`.${root}`) ?? false);
}

/** Why Karpenter would refuse `key` as a NodePool label or requirement key, or undefined when allowed. */
export function restrictedLabelError(key: string): string | undefined {
  const domain = domainOf(key);
  if (key === Labels.nodePool) return `label "${key}" is set by Karpenter on every node of the pool and must not be set or required here`;
  if (key === Labels.hostname) return `label "${key}" is restricted (every node gets its own hostname)`;
  if (inDomain(domain, 'karpenter.sh') && key !== Labels.capacityType) {
    return `label domain "karpenter.sh" is restricted (only "${Labels.capacityType}" may be used)`;
  }
  if (inDomain(domain, 'karpenter.k8s.aws') && !AWS_ALLOWED.has(key)) {
    return `label "${key}" is in the restricted domain "karpenter.k8s.aws" and is not a well-known label`;
  }
  return undefined;
}

/** Checks one label key (qualified name, not restricted); `what` names it in messages. */
export function checkLabelKey(key: string, at: readonly PathSegment[], problems: ProblemList): boolean {
  const invalid = qualifiedNameError(key);
  if (invalid !== undefined) {
    problems.error(at, 'invalid-label-key', `invalid label key "${key}": ${invalid}`);
    return false;
  }
  const restricted = restrictedLabelError(key);
  if (restricted !== undefined) {
    const hint = key.startsWith('karpenter.sh/do-not-')
      ? 'use the pod or node annotation "karpenter.sh/do-not-disrupt" instead'
      : undefined;
    problems.error(at, 'restricted-label', restricted, hint);
    return false;
  }
  return true;
}

const KNOWN_KEYS = [...WellKnownLabels, ...Object.keys(LabelAliases)];

/** A well-known label `key` is probably a typo of, e.g. `topology.kubernetes.io/zon` → `…/zone`. */
export function wellKnownTypoOf(key: string): string | undefined {
  if (WellKnownLabels.has(key) || key in LabelAliases) return undefined;
  const match = closestMatch(key, KNOWN_KEYS, 3);
  return match !== undefined && match !== key ? match : undefined;
}
