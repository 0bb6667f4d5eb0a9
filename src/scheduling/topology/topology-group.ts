/**
 * One topology group (https://karpenter.sh/docs/concepts/scheduling/#topology-spread): a spread constraint, pod
 * affinity or pod anti-affinity term shared by every pod that declares the
 * same one, with a count of matching pods per domain. It answers "which
 * domains may this pod use on this node?" as a requirement, or says why none.
 */
import type { Toleration } from '../../apis/core-v1.js';
import { Labels } from '../../apis/well-known-labels.js';
import type { LabelMatcher } from '../label-selector.js';
import { Requirement } from '../requirement.js';
import type { Requirements } from '../requirements.js';

/** What kind of term a group stands for; `inverse` = anti-affinity seen from the pods it repels. */
export type TopologyType = 'spread' | 'affinity' | 'anti-affinity' | 'inverse-anti-affinity';

/** A node (existing or planned) as topology sees it. */
export interface TopologyTarget {
  readonly hostname: string;
  readonly requirements: Requirements;
}

/** The definition of a group. */
export interface TopologyGroupSpec {
  readonly id: string;
  readonly type: TopologyType;
  readonly key: string;
  /** Namespaces whose pods count; undefined = all. */
  readonly namespaces: ReadonlySet<string> | undefined;
  readonly selector: LabelMatcher;
  readonly maxSkew: number;
  readonly minDomains: number | undefined;
  /** Only pods on nodes compatible with this count (spread with nodeAffinityPolicy Honor). */
  readonly nodeFilter: Requirements | undefined;
  /** Every known domain of `key`, sorted (empty for the hostname key); with nodeTaintsPolicy Honor only tolerated ones. */
  readonly domains: readonly string[];
  /** Spread with nodeTaintsPolicy Honor: only nodes whose taints these tolerate count. */
  readonly tolerations?: readonly Toleration[];
}

/** A requirement to add, or the reason the pod cannot go there. */
export type TopologyAnswer = { readonly ok: true; readonly requirement?: Requirement } | { readonly ok: false; readonly reason: string };

const OK_ANSWER: TopologyAnswer = Object.freeze({ ok: true as const });

/** One topology group and its per-domain counts. */
export class TopologyGroup {
  private readonly counts = new Map<string, number>();
  private nonZero = 0;

  constructor(readonly spec: TopologyGroupSpec) {}

  /** Does this group count `labels` in `namespace`? */
  selects(namespace: string, labels: Readonly<Record<string, string>>): boolean {
    const ns = this.spec.namespaces;
    return (ns === undefined || ns.has(namespace)) && this.spec.selector(labels);
  }

  /** Matching pods in `domain`. */
  count(domain: string): number {
    return this.counts.get(domain) ?? 0;
  }

  /** How many domains hold at least one matching pod. */
  get occupiedDomains(): number {
    return this.nonZero;
  }

  /** Counts one more matching pod in each of `domains`. */
  record(domains: Iterable<string>): void {
    for (const domain of domains) {
      const before = this.counts.get(domain) ?? 0;
      if (before === 0) this.nonZero++;
      this.counts.set(domain, before + 1);
    }
  }

  private get isHostname(): boolean {
    return this.spec.key === Labels.hostname;
  }

  /** The domains a pod (restricted by `podRequirements`) may use on `target`, for a term the pod owns. */
  answer(target: TopologyTarget, podRequirements: Requirements, selfMatch: boolean): TopologyAnswer {
    switch (this.spec.type) {
      case 'spread':
        return this.isHostname ? this.spreadHostname(target, selfMatch) : this.spread(target, podRequirements, selfMatch);
      case 'affinity':
        return this.isHostname
          ? this.affinityHostname(target, podRequirements, selfMatch)
          : this.affinity(target, podRequirements, selfMatch);
      default:
        return this.isHostname ? this.antiHostname(target) : this.anti(target, podRequirements);
    }
  }

  private describe(): string {
    const { type, key, maxSkew } = this.spec;
    if (type === 'spread') return `topology spread on ${key} (maxSkew ${maxSkew})`;
    if (type === 'affinity') return `pod affinity on ${key}`;
    if (type === 'anti-affinity') return `pod anti-affinity on ${key}`;
    return `another pod's anti-affinity on ${key}`;
  }

  private spreadHostname(target: TopologyTarget, selfMatch: boolean): TopologyAnswer {
    if (this.count(target.hostname) + (selfMatch ? 1 : 0) <= this.spec.maxSkew) return OK_ANSWER;
    return { ok: false, reason: `would violate ${this.describe()}` };
  }

  private spread(target: TopologyTarget, podRequirements: Requirements, selfMatch: boolean): TopologyAnswer {
    const { key, maxSkew, minDomains } = this.spec;
    const podReq = podRequirements.get(key);
    const filter = this.spec.nodeFilter?.get(key);
    const counted = filter === undefined ? this.spec.domains : this.spec.domains.filter((d) => filter.has(d));
    if (counted.length === 0) return { ok: false, reason: `no known domain for ${this.describe()}` };
    let min = Number.POSITIVE_INFINITY;
    for (const d of counted) min = Math.min(min, this.count(d));
    if (minDomains !== undefined && counted.length < minDomains) min = 0;
    const targetReq = target.requirements.get(key);
    let best: string | undefined;
    let bestCount = Number.POSITIVE_INFINITY;
    for (const d of this.spec.domains) {
      const c = this.count(d);
      if (podReq.has(d) && targetReq.has(d) && c + (selfMatch ? 1 : 0) - min <= maxSkew && c < bestCount) {
        best = d;
        bestCount = c;
      }
    }
    if (best === undefined) return { ok: false, reason: `would violate ${this.describe()}` };
    return { ok: true, requirement: Requirement.in(key, [best]) };
  }

  private affinityHostname(target: TopologyTarget, podRequirements: Requirements, selfMatch: boolean): TopologyAnswer {
    if (this.count(target.hostname) > 0) return OK_ANSWER;
    if (selfMatch && this.nonZero === 0 && podRequirements.get(this.spec.key).has(target.hostname)) return OK_ANSWER;
    return { ok: false, reason: `${this.describe()} needs a node with a matching pod` };
  }

  private affinity(target: TopologyTarget, podRequirements: Requirements, selfMatch: boolean): TopologyAnswer {
    const { key } = this.spec;
    const podReq = podRequirements.get(key);
    const targetReq = target.requirements.get(key);
    const options: string[] = [];
    for (const [d, c] of this.counts) if (c > 0 && podReq.has(d)) options.push(d);
    if (options.length === 0 && selfMatch) {
      const bootstrap = this.spec.domains.find((d) => podReq.has(d) && targetReq.has(d)) ?? this.spec.domains.find((d) => podReq.has(d));
      if (bootstrap !== undefined) options.push(bootstrap);
    }
    const allowed = options.filter((d) => targetReq.has(d)).sort();
    if (allowed.length === 0) return { ok: false, reason: `${this.describe()} needs a domain with a matching pod` };
    return { ok: true, requirement: Requirement.in(key, allowed) };
  }

  private antiHostname(target: TopologyTarget): TopologyAnswer {
    if (this.count(target.hostname) === 0) return OK_ANSWER;
    return { ok: false, reason: `would violate ${this.describe()}` };
  }

  private anti(target: TopologyTarget, podRequirements: Requirements): TopologyAnswer {
    const { key } = this.spec;
    const podReq = podRequirements.get(key);
    const targetReq = target.requirements.get(key);
    const allowed = this.spec.domains.filter((d) => this.count(d) === 0 && podReq.has(d) && targetReq.has(d));
    if (allowed.length === 0) return { ok: false, reason: `would violate ${this.describe()}` };
    if (this.nonZero === 0 && !target.requirements.has(key)) return OK_ANSWER;
    return { ok: true, requirement: Requirement.in(key, allowed) };
  }

  /** The domains a placement on `target` with final `requirements` occupies: one when collapsed, else all possible (anti-affinity) or none. */
  domainsOf(target: TopologyTarget, requirements: Requirements, allPossible: boolean): string[] {
    if (this.isHostname) return [target.hostname];
    const req = requirements.find(this.spec.key);
    if (req !== undefined && !req.complement && req.set.size === 1) return [...req.set];
    if (!allPossible) return [];
    const r = requirements.get(this.spec.key);
    return this.spec.domains.filter((d) => r.has(d));
  }
}
