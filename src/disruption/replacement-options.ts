/**
 * Cutting a consolidation replacement's instance-type options down to what is worth launching
 * (karpenter-semantics.md §4.8 step 5, §4.8.3): force spot when the price filter assumed it, keep only the types
 * strictly cheaper than the candidates, and (beyond upstream) only those that save at least the minimum savings,
 * so a node is never replaced by an identical or near-identical one. Every option is priced at its cheapest
 * compatible available offering; upstream filters on each type's worst launch price, which differs only when one
 * type's allowed zones have different prices.
 */
import { Labels } from '../apis/well-known-labels.js';
import type { InstanceType } from '../scheduling/instance-type.js';
import { cheapestOffering, instanceTypeRequirements } from '../scheduling/pool-template.js';
import { Requirement } from '../scheduling/requirement.js';
import { Requirements } from '../scheduling/requirements.js';
import type { InstanceTypeOption, NewNodeClaim } from '../scheduling/snapshot.js';
import { perHourText, plural } from './command-summary.js';
import type { MinimumSavings, VerdictKind } from './types.js';

/** Options that survived, or why none did. */
export type OptionsCut =
  | { readonly ok: true; readonly options: readonly InstanceTypeOption[] }
  | { readonly ok: false; readonly kind: VerdictKind; readonly message: string };

/** Tolerance for comparing sums of float prices. */
const EPSILON = 1e-9;

function byPrice(a: InstanceTypeOption, b: InstanceTypeOption): number {
  return a.price - b.price || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/** The claim's requirements with `karpenter.sh/capacity-type In [spot]`. */
export function spotRequirements(claim: NewNodeClaim): Requirements {
  return Requirements.from(claim.requirements).add(Requirement.in(Labels.capacityType, ['spot']));
}

/** The claim's options re-priced under `requirements` (types with no allowed available offering dropped), cheapest first. */
export function repriced(claim: NewNodeClaim, requirements: Requirements, types: ReadonlyMap<string, InstanceType>): InstanceTypeOption[] {
  const out: InstanceTypeOption[] = [];
  for (const option of claim.instanceTypeOptions) {
    const type = types.get(option.name);
    const offering = type === undefined ? undefined : cheapestOffering(type, requirements);
    if (offering !== undefined)
      out.push({ name: option.name, price: offering.price, zone: offering.zone, capacityType: offering.capacityType });
  }
  return out.sort(byPrice);
}

/** The least a replacement of candidates costing `priceBefore` must save: both the absolute and the relative floor. */
export function requiredSaving(priceBefore: number, minimum: MinimumSavings): number {
  return Math.max(minimum.perHour, (minimum.percent / 100) * priceBefore);
}

/** Keeps the options strictly cheaper than `priceBefore` by at least the minimum savings. */
export function cutByPrice(options: readonly InstanceTypeOption[], priceBefore: number, minimum: MinimumSavings): OptionsCut {
  const cheaper = options.filter((o) => o.price < priceBefore - EPSILON);
  if (cheaper.length === 0) {
    const cheapest = options[0];
    const detail = cheapest === undefined ? 'no option is left' : `the cheapest, ${cheapest.name}, costs ${perHourText(cheapest.price)}`;
    return { ok: false, kind: 'savings', message: `no cheaper replacement than ${perHourText(priceBefore)}: ${detail}` };
  }
  const required = requiredSaving(priceBefore, minimum);
  const saving = cheaper.filter((o) => priceBefore - o.price >= required - EPSILON);
  if (saving.length === 0) {
    const best = priceBefore - cheaper[0].price;
    return {
      ok: false,
      kind: 'savings',
      message: `replacement would save only ${perHourText(best)} (needs ${perHourText(required)})`,
    };
  }
  return { ok: true, options: saving };
}

/** The distinct values of `key` that `types` offer within what `reqs` allow. */
function valuesOf(key: string, reqs: Requirements, types: readonly InstanceType[]): Set<string> {
  const allowed = reqs.get(key);
  const values = new Set<string>();
  for (const type of types) {
    const req = instanceTypeRequirements(type).find(key);
    if (req === undefined || req.complement) continue;
    for (const v of req.set) if (allowed.has(v)) values.add(v);
  }
  return values;
}

/** The first minValues of `reqs` that `options` cannot meet, as a sentence; undefined when all are met. */
export function unmetMinValues(
  reqs: Requirements,
  options: readonly InstanceTypeOption[],
  types: ReadonlyMap<string, InstanceType>,
): string | undefined {
  const known = options.map((o) => types.get(o.name)).filter((t): t is InstanceType => t !== undefined);
  for (const [key, min] of reqs.minValues()) {
    const found = valuesOf(key, reqs, known).size;
    if (found < min) return `the cheaper instance types cannot meet minValues ${min} for ${key} (${found} available)`;
  }
  return undefined;
}

/** How many of the cheapest `options` it takes to meet every minValues of `reqs` (0 when there are none). */
export function optionsForMinValues(
  reqs: Requirements,
  options: readonly InstanceTypeOption[],
  types: ReadonlyMap<string, InstanceType>,
): number {
  if (reqs.minValues().size === 0) return 0;
  for (let n = 1; n <= options.length; n++) if (unmetMinValues(reqs, options.slice(0, n), types) === undefined) return n;
  return options.length;
}

/** Single-node spot-to-spot (§4.8.3): at least `minimum` cheaper options, then launch with only the cheapest of them. */
export function cutForSpotToSpot(
  options: readonly InstanceTypeOption[],
  reqs: Requirements,
  types: ReadonlyMap<string, InstanceType>,
  minimum: number,
): OptionsCut {
  if (options.length < minimum)
    return {
      ok: false,
      kind: 'spot-to-spot',
      message: `spot-to-spot consolidation needs ${plural(minimum, 'cheaper instance type')}, found ${options.length}`,
    };
  return { ok: true, options: options.slice(0, Math.max(minimum, optionsForMinValues(reqs, options, types))) };
}

/** The replacement NodeClaim launching as one of `options` under `requirements` (instance types pinned to the options). */
export function withOptions(claim: NewNodeClaim, requirements: Requirements, options: readonly InstanceTypeOption[]): NewNodeClaim {
  const minValues = requirements.find(Labels.instanceType)?.minValues;
  const pinned = requirements.add(
    Requirement.in(
      Labels.instanceType,
      options.map((o) => o.name),
      minValues,
    ),
  );
  return { ...claim, requirements: pinned.toNodeSelectorRequirements(), instanceTypeOptions: options, price: options[0].price };
}
