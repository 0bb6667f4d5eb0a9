/**
 * The regular expressions of the Karpenter CRDs and of Kubernetes names, as
 * pattern rules with a description of what was expected. Facts of the API,
 * from https://karpenter.sh/docs/concepts/nodepools/ and https://karpenter.sh/docs/concepts/nodeclasses/
 */
import type { PatternRule } from './schema.js';

/** `expireAfter` / `consolidateAfter`: hours, minutes, seconds or `Never`. */
export const DURATION_OR_NEVER: PatternRule = {
  regex: /^(([0-9]+(s|m|h))+|Never)$/,
  expected: 'a duration in hours, minutes and seconds such as 30s, 5m, 720h or 1h30m, or Never',
};

/** `terminationGracePeriod`: hours, minutes, seconds (no `Never`). */
export const DURATION: PatternRule = {
  regex: /^([0-9]+(s|m|h))+$/,
  expected: 'a duration in hours, minutes and seconds such as 30s, 5m or 48h',
};

/** `budgets[].duration`: minutes and hours only. */
export const BUDGET_DURATION: PatternRule = {
  regex: /^((([0-9]+(h|m))|([0-9]+h[0-9]+m))(0s)?)$/,
  expected: 'a duration in hours and minutes such as 30m, 8h or 1h30m',
};

/** `budgets[].nodes`: a node count or a percentage 0–100%. */
export const BUDGET_NODES: PatternRule = {
  regex: /^((100|[0-9]{1,2})%|[0-9]+)$/,
  expected: 'a node count such as "5" or a percentage from "0%" to "100%"',
};

/** The shape upstream's CRD accepts for `budgets[].schedule` before the cron parser runs. */
export const BUDGET_SCHEDULE_SHAPE = /^(@(annually|yearly|monthly|weekly|daily|midnight|hourly))|((.+)\s(.+)\s(.+)\s(.+)\s(.+))$/;

/** A DNS-1123 subdomain (object names, label-key prefixes). */
export const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The name part of a qualified name (label keys, taint keys). */
export const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** A label value (may be empty). */
export const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** An object name: a DNS-1123 subdomain of at most 253 characters. */
export const OBJECT_NAME: PatternRule = {
  regex: DNS_SUBDOMAIN,
  expected: 'lower-case letters, digits, "-" and "." (a DNS subdomain name)',
};

/** An AWS region name such as `eu-west-2` or `us-gov-west-1`. */
export const AWS_REGION: PatternRule = {
  regex: /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$/,
  expected: 'an AWS region such as eu-west-2 or us-east-1',
};

/**
 * `blockDeviceMappings[].ebs.volumeSize`: upstream's CRD pattern, which caps the size at 59000Gi, 64000G, 58Ti or 64T
 * (the `Ti` and `T` ranges are upstream's as written; its empty alternatives, which let a bare `Ti` through, are left out).
 */
export const VOLUME_SIZE: PatternRule = {
  regex:
    /^((?:[1-9][0-9]{0,3}|[1-4][0-9]{4}|[5][0-8][0-9]{3}|59000)Gi|(?:[1-9][0-9]{0,3}|[1-5][0-9]{4}|[6][0-3][0-9]{3}|64000)G|([1-9]|[1-5][0-7]|58)Ti|([1-9]|[1-5][0-9]|6[0-3]|64)T)$/,
  expected: 'a size in Gi, G, Ti or T such as 100Gi, at most 59000Gi, 64000G, 58Ti or 64T',
};

/** `kubelet.evictionHard` / `evictionSoft` values: a percentage (0–100%, two decimals) or a quantity, upstream's CRD pattern. */
export const EVICTION_THRESHOLD: PatternRule = {
  regex:
    /^((\d{1,2}(\.\d{1,2})?|100(\.0{1,2})?)%|(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?)$/,
  expected: 'a percentage such as 10% or 5.5%, or a quantity such as 100Mi',
};

/** `kubelet.evictionSoftGracePeriod` values: a Go duration (metav1.Duration), such as 1m30s, 2m or 500ms. */
export const GO_DURATION: PatternRule = {
  regex: /^(0|([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+)$/,
  expected: 'a duration such as 30s, 1m30s or 2m',
};
