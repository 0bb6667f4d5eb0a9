/**
 * The regular expressions of the Karpenter CRDs and of Kubernetes names, as
 * pattern rules with a description of what was expected. Facts of the API,
 * from karpenter-semantics.md §1.1–1.3 and aws-provider.md §1.1.
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
