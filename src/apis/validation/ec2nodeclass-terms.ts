/**
 * The CEL rules of an EC2NodeClass's selector terms (https://karpenter.sh/docs/concepts/nodeclasses/):
 * which fields each term needs and which ones exclude the others, and the
 * AMI alias format and its agreement with `amiFamily`.
 */
import { AMI_ALIAS_FAMILIES } from '../ec2nodeclass.js';
import type { PathSegment, ProblemList } from '../problem.js';
import { didYouMean } from '../suggest.js';
import { isRecord } from './schema.js';

function present(term: Record<string, unknown>, field: string): boolean {
  return term[field] !== undefined && term[field] !== null;
}

function eachTerm(terms: unknown, at: readonly PathSegment[], check: (term: Record<string, unknown>, where: PathSegment[]) => void): void {
  if (!Array.isArray(terms)) return;
  terms.forEach((term, index) => {
    if (isRecord(term)) check(term, [...at, index]);
  });
}

function needsOneOf(term: Record<string, unknown>, fields: readonly string[], where: PathSegment[], problems: ProblemList): void {
  if (!fields.some((field) => present(term, field))) {
    problems.error(where, 'empty-term', `a selector term needs one of ${fields.join(', ')}`);
  }
}

function exclusive(
  term: Record<string, unknown>,
  field: string,
  others: readonly string[],
  where: PathSegment[],
  problems: ProblemList,
): void {
  if (!present(term, field)) return;
  const clashing = others.filter((other) => present(term, other));
  if (clashing.length > 0) {
    problems.error(
      [...where, field],
      'exclusive-fields',
      `"${field}" cannot be combined with ${clashing.map((name) => `"${name}"`).join(', ')} in one term`,
      'put them in separate terms',
    );
  }
}

/** Upstream's CEL on every selector term's tags: `self.all(k, k != '' && self[k] != '')` (empty values: the schema). */
function checkTagValues(term: Record<string, unknown>, where: PathSegment[], problems: ProblemList): void {
  if (!isRecord(term.tags)) return;
  for (const key of Object.keys(term.tags)) {
    if (key === '') problems.error([...where, 'tags'], 'empty-tag-key', 'tag keys must not be empty');
  }
}

/** Checks `subnetSelectorTerms`, `securityGroupSelectorTerms` and `capacityReservationSelectorTerms`. */
export function checkNetworkTerms(spec: Record<string, unknown>, problems: ProblemList): void {
  eachTerm(spec.subnetSelectorTerms, ['spec', 'subnetSelectorTerms'], (term, where) => {
    needsOneOf(term, ['tags', 'id'], where, problems);
    exclusive(term, 'id', ['tags'], where, problems);
    checkTagValues(term, where, problems);
  });
  eachTerm(spec.securityGroupSelectorTerms, ['spec', 'securityGroupSelectorTerms'], (term, where) => {
    needsOneOf(term, ['tags', 'id', 'name'], where, problems);
    exclusive(term, 'id', ['tags', 'name'], where, problems);
    exclusive(term, 'name', ['tags'], where, problems);
    checkTagValues(term, where, problems);
  });
  eachTerm(spec.capacityReservationSelectorTerms, ['spec', 'capacityReservationSelectorTerms'], (term, where) => {
    // Upstream's CEL: `has(x.tags) || has(x.id) || has(x.instanceMatchCriteria)`, so `{instanceMatchCriteria: open}`
    // alone selects every open reservation of the account.
    needsOneOf(term, ['tags', 'id', 'instanceMatchCriteria'], where, problems);
    exclusive(term, 'id', ['tags', 'ownerID', 'instanceMatchCriteria'], where, problems);
    checkTagValues(term, where, problems);
  });
}

function checkAlias(alias: string, where: PathSegment[], problems: ProblemList): string | undefined {
  const match = /^([a-zA-Z0-9]+)@(.+)$/.exec(alias);
  if (match === null) {
    problems.error(where, 'invalid-alias', `invalid alias "${alias}" (expected family@version such as al2023@latest)`);
    return undefined;
  }
  const [, family, version] = match;
  // Upstream's CEL compares the family as written (`self.split('@')[0] in ['al2', ...]`): `AL2023@latest` is refused.
  const amiFamily = Object.hasOwn(AMI_ALIAS_FAMILIES, family) ? AMI_ALIAS_FAMILIES[family] : undefined;
  if (amiFamily === undefined) {
    const lower = family.toLowerCase();
    const families = Object.keys(AMI_ALIAS_FAMILIES);
    const hint = Object.hasOwn(AMI_ALIAS_FAMILIES, lower) ? `write it in lower case: ${lower}@${version}` : didYouMean(family, families);
    problems.error(where, 'invalid-alias', `unknown AMI family "${family}" in alias (expected one of ${families.join(', ')})`, hint);
    return undefined;
  }
  if (amiFamily.startsWith('Windows') && version !== 'latest') {
    problems.error(where, 'invalid-alias', `Windows aliases only accept @latest, got "@${version}"`);
  }
  return amiFamily;
}

function checkAmiFamily(spec: Record<string, unknown>, aliasFamily: string | undefined, hasAlias: boolean, problems: ProblemList): void {
  const amiFamily = spec.amiFamily;
  if (!hasAlias && (amiFamily === undefined || amiFamily === null)) {
    problems.error(
      ['spec', 'amiFamily'],
      'required',
      'amiFamily is required when amiSelectorTerms has no alias',
      'set amiFamily, or select the AMI with alias: al2023@latest',
    );
  }
  if (hasAlias && aliasFamily !== undefined && typeof amiFamily === 'string' && amiFamily !== aliasFamily && amiFamily !== 'Custom') {
    problems.error(
      ['spec', 'amiFamily'],
      'alias-family-mismatch',
      `amiFamily ${amiFamily} does not match the alias family ${aliasFamily}`,
      'remove amiFamily (the alias decides it)',
    );
  }
}

/** Checks `amiSelectorTerms` (alias exclusive and alone, id exclusive) and its agreement with `amiFamily`. */
export function checkAmiTerms(spec: Record<string, unknown>, problems: ProblemList): void {
  const at: PathSegment[] = ['spec', 'amiSelectorTerms'];
  const terms = Array.isArray(spec.amiSelectorTerms) ? spec.amiSelectorTerms : [];
  let aliasFamily: string | undefined;
  let hasAlias = false;
  eachTerm(terms, at, (term, where) => {
    needsOneOf(term, ['alias', 'tags', 'id', 'name', 'ssmParameter'], where, problems);
    exclusive(term, 'alias', ['tags', 'id', 'name', 'owner', 'ssmParameter'], where, problems);
    exclusive(term, 'id', ['tags', 'name', 'owner'], where, problems);
    checkTagValues(term, where, problems);
    if (typeof term.alias !== 'string') return;
    hasAlias = true;
    aliasFamily = checkAlias(term.alias, [...where, 'alias'], problems);
    if (terms.length > 1)
      problems.error([...where, 'alias'], 'alias-not-alone', 'a term with an alias must be the only amiSelectorTerms entry');
  });
  if (Array.isArray(spec.amiSelectorTerms)) checkAmiFamily(spec, aliasFamily, hasAlias, problems);
}
