/**
 * A set of requirements, one {@link Requirement} per (normalised) label key:
 * the algebra every scheduling, drift and offering decision is expressed in
 * (https://karpenter.sh/docs/concepts/nodepools/). Immutable: `add` and `intersect`
 * return new objects.
 */
import type { NodeSelectorRequirement } from '../apis/core-v1.js';
import type { NodeSelectorRequirementWithMinValues } from '../apis/nodepool.js';
import { type Check, OK, no } from './check.js';
import { AllowUndefinedWellKnownLabels, labelTypoHint, normalizeLabelKey } from './label-keys.js';
import { Requirement } from './requirement.js';

/** Options of {@link Requirements.compatible}. */
export interface CompatibilityOptions {
  /**
   * Keys the other side may use although this side does not define them.
   * @default the well-known labels and the hostname (custom labels must be defined by this side)
   */
  readonly allowUndefined?: KeySet;
}

/** Anything that answers "is this key in the set?" (a `Set<string>` will do). */
export interface KeySet {
  has(key: string): boolean;
}

/** Every key allowed undefined: compatibility reduces to {@link Requirements.intersects}. */
export const AllowAllUndefined: KeySet = Object.freeze({ has: () => true });

/** Requirements keyed by label key; absent keys are unconstrained. */
export class Requirements {
  private readonly byKey: ReadonlyMap<string, Requirement>;

  /** Wraps a map of key → requirement (keys must already be normalised). */
  constructor(byKey: ReadonlyMap<string, Requirement> = new Map()) {
    this.byKey = byKey;
  }

  /** Parses node-selector requirements; aliases are normalised and repeated keys intersected. */
  static from(reqs: readonly (NodeSelectorRequirement | NodeSelectorRequirementWithMinValues)[] | undefined): Requirements {
    const map = new Map<string, Requirement>();
    for (const req of reqs ?? []) {
      const key = normalizeLabelKey(req.key);
      const parsed = Requirement.fromNodeSelector(req, key);
      const existing = map.get(key);
      map.set(key, existing === undefined ? parsed : existing.intersect(parsed));
    }
    return new Requirements(map);
  }

  /** `key In [value]` for every label. */
  static fromLabels(labels: Readonly<Record<string, string>> | undefined): Requirements {
    const map = new Map<string, Requirement>();
    for (const [key, value] of Object.entries(labels ?? {})) {
      const k = normalizeLabelKey(key);
      const parsed = Requirement.in(k, [value]);
      const existing = map.get(k);
      map.set(k, existing === undefined ? parsed : existing.intersect(parsed));
    }
    return new Requirements(map);
  }

  /** Builds requirements from already-parsed requirement objects (intersecting repeated keys). */
  static of(...requirements: Requirement[]): Requirements {
    return new Requirements().add(...requirements);
  }

  /** The constrained keys, in insertion order. */
  keys(): string[] {
    return [...this.byKey.keys()];
  }

  /** How many keys are constrained. */
  get size(): number {
    return this.byKey.size;
  }

  /** Is `key` constrained? */
  has(key: string): boolean {
    return this.byKey.has(key);
  }

  /** The requirement on `key`; an unconstrained key reads as `Exists`. */
  get(key: string): Requirement {
    return this.byKey.get(key) ?? Requirement.exists(key);
  }

  /** The requirement on `key`, or undefined when the key is unconstrained. */
  find(key: string): Requirement | undefined {
    return this.byKey.get(key);
  }

  /** Every requirement, in insertion order. */
  values(): Requirement[] {
    return [...this.byKey.values()];
  }

  /** These requirements with `requirements` intersected in (the same object when nothing narrows). */
  add(...requirements: Requirement[]): Requirements {
    let map: Map<string, Requirement> | undefined;
    for (const req of requirements) {
      const existing = (map ?? this.byKey).get(req.key);
      const next = existing === undefined ? req : existing.intersect(req);
      if (existing !== undefined && next.sameAs(existing)) continue;
      map ??= new Map(this.byKey);
      map.set(req.key, next);
    }
    return map === undefined ? this : new Requirements(map);
  }

  /** The intersection of both sets, key by key. */
  intersect(other: Requirements): Requirements {
    if (other.byKey.size === 0) return this;
    if (this.byKey.size === 0) return other;
    return this.add(...other.byKey.values());
  }

  /**
   * Can a node with these requirements satisfy `other` (typically a pod's)?
   * Every shared key must intersect; a key only `other` constrains must be
   * allowed undefined (well-known by default) unless `other` only excludes.
   */
  compatible(other: Requirements, options?: CompatibilityOptions): Check {
    const allowUndefined = options?.allowUndefined ?? AllowUndefinedWellKnownLabels;
    let reasons: string[] | undefined;
    for (const [key, incoming] of other.byKey) {
      const existing = this.byKey.get(key);
      if (existing === undefined) {
        if (allowUndefined.has(key) || incoming.isNegative()) continue;
        // biome-ignore lint/suspicious/noAssignInExpressions: allocate the reasons only when there is one (hot path)
        (reasons ??= []).push(
          `label "${key}" does not have known values${labelTypoHint(key, [...this.byKey.keys(), ...AllowUndefinedWellKnownLabels])}`,
        );
      } else if (!existing.intersects(incoming)) {
        // biome-ignore lint/suspicious/noAssignInExpressions: allocate the reasons only when there is one (hot path)
        (reasons ??= []).push(conflictReason(key, incoming, existing));
      }
    }
    return reasons === undefined ? OK : no(reasons.join('; '));
  }

  /** Does every key both sides constrain share a value (two negative requirements never conflict)? */
  intersects(other: Requirements): boolean {
    const [small, large] = this.byKey.size <= other.byKey.size ? [this.byKey, other.byKey] : [other.byKey, this.byKey];
    for (const [key, req] of small) {
      const counterpart = large.get(key);
      if (counterpart !== undefined && !counterpart.intersects(req)) return false;
    }
    return true;
  }

  /** The requirements as Kubernetes node-selector requirements, sorted by key. */
  toNodeSelectorRequirements(): NodeSelectorRequirementWithMinValues[] {
    return [...this.byKey.keys()].sort().flatMap((key) => this.byKey.get(key)!.toNodeSelectorRequirements());
  }

  /** The labels these requirements pin: every key whose requirement is `In` exactly one value. */
  labels(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const key of [...this.byKey.keys()].sort()) {
      const req = this.byKey.get(key)!;
      if (!req.complement && req.set.size === 1) out[key] = req.values[0];
    }
    return out;
  }

  /** Keys with a minValues, and that minimum. */
  minValues(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [key, req] of this.byKey) if (req.minValues !== undefined) out.set(key, req.minValues);
    return out;
  }

  /** A human-readable rendering, sorted by key. */
  toString(): string {
    return [...this.byKey.keys()]
      .sort()
      .map((key) => this.byKey.get(key)!.toString())
      .join(', ');
  }
}

function conflictReason(key: string, incoming: Requirement, existing: Requirement): string {
  const strip = (r: Requirement): string => r.toString().split(`${key} `).join('');
  return `key ${key}: ${strip(incoming)} not in ${strip(existing)}`;
}
