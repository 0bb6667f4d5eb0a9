/**
 * The asynchronous inputs of drift detection (karpenter-semantics.md §5), cached so that a controller that runs on
 * every state change does not ask the cloud each time: the provider's `isDrifted` answer per NodeClaim (reused for
 * 5 minutes, the upstream drift re-check period) and the instance types per NodePool for `InstanceTypeNotFound`
 * (reused for 30 minutes, upstream's "at most once per 30 min", and re-read when the pool's template changes). Only
 * answers are cached; a failed call is retried after a shorter wait and its error is thrown once, to be reported.
 */
import type { NodeClaim } from '../../apis/nodeclaim.js';
import type { NodePool } from '../../apis/nodepool.js';
import type { CloudProvider, DriftReason } from '../../cloudprovider/types.js';
import type { InstanceType } from '../../scheduling/instance-type.js';
import { reasonOf } from '../runtime/object-errors.js';
import { stableStringify } from '../stable-json.js';

/** How long answers are reused and failures wait. */
export interface DriftInputOptions {
  /** Reuse an `isDrifted` answer this long. @default 300000 (5 min) */
  readonly providerDriftTtlMs?: number;
  /** Reuse a pool's instance types this long. @default 1800000 (30 min) */
  readonly instanceTypesTtlMs?: number;
  /** Retry a failed cloud call after this long. @default 60000 (1 min) */
  readonly retryMs?: number;
}

/** The provider's answer: known (drifted with `reason`, or not), or not known (the last call failed). */
export type ProviderAnswer = { readonly known: true; readonly reason?: DriftReason } | { readonly known: false };

interface Asked {
  readonly at: number;
  readonly answer: ProviderAnswer;
}

const keyOf = (claim: NodeClaim) => claim.metadata.uid ?? claim.metadata.name ?? '';

/** `cloud.isDrifted` per NodeClaim, at most once per TTL while it answers. */
export class ProviderDriftCache {
  private readonly asked = new Map<string, Asked>();

  constructor(
    private readonly cloud: CloudProvider,
    private readonly options: DriftInputOptions = {},
  ) {}

  /** The provider's answer for `claim`; asks again once the last answer is older than the TTL. Throws when asking fails. */
  async answerFor(claim: NodeClaim, now: number): Promise<ProviderAnswer> {
    const key = keyOf(claim);
    const last = this.asked.get(key);
    const reuseMs = last?.answer.known === false ? (this.options.retryMs ?? 60_000) : (this.options.providerDriftTtlMs ?? 300_000);
    if (last !== undefined && now - last.at < reuseMs) return last.answer;
    try {
      const reason = await this.cloud.isDrifted(claim);
      const answer: ProviderAnswer = reason === undefined ? { known: true } : { known: true, reason };
      this.asked.set(key, { at: now, answer });
      return answer;
    } catch (error) {
      this.asked.set(key, { at: now, answer: { known: false } });
      throw new Error(`asking the cloud provider whether nodeclaim ${claim.metadata.name ?? ''} drifted: ${reasonOf(error)}`, {
        cause: error,
      });
    }
  }

  /** Forgets claims that are gone. */
  retain(claims: readonly NodeClaim[]): void {
    const live = new Set(claims.map(keyOf));
    for (const key of this.asked.keys()) if (!live.has(key)) this.asked.delete(key);
  }
}

interface Listed {
  readonly at: number;
  /** The pool's template when listed: another template may offer other types. */
  readonly template: string;
  readonly types?: readonly InstanceType[];
  readonly failed: boolean;
}

/** `cloud.getInstanceTypes` per NodePool, at most once per TTL while it answers. */
export class InstanceTypesCache {
  private readonly listed = new Map<string, Listed>();

  constructor(
    private readonly cloud: CloudProvider,
    private readonly options: DriftInputOptions = {},
  ) {}

  /**
   * The pool's instance types, or `undefined` when they are not known (never listed, or the pool changed and the
   * new list failed). When listing fails, the last list is kept and the error thrown (once per retry window).
   */
  async typesFor(pool: NodePool, now: number): Promise<readonly InstanceType[] | undefined> {
    const name = pool.metadata.name ?? '';
    const template = stableStringify(pool.spec.template);
    const last = this.listed.get(name);
    const current = last?.template === template ? last : undefined;
    const reuseMs = current?.failed ? (this.options.retryMs ?? 60_000) : (this.options.instanceTypesTtlMs ?? 1_800_000);
    if (current !== undefined && now - current.at < reuseMs) return current.types;
    try {
      const types = await this.cloud.getInstanceTypes(pool);
      this.listed.set(name, { at: now, template, types, failed: false });
      return types;
    } catch (error) {
      this.listed.set(name, { at: now, template, types: current?.types, failed: true });
      throw new Error(`listing the instance types of nodepool ${name}: ${reasonOf(error)}`, { cause: error });
    }
  }

  /** The last list for the pool's current template, without asking (after {@link typesFor} failed). */
  known(pool: NodePool): readonly InstanceType[] | undefined {
    const last = this.listed.get(pool.metadata.name ?? '');
    return last?.template === stableStringify(pool.spec.template) ? last.types : undefined;
  }

  /** Forgets pools that are gone. */
  retain(pools: readonly NodePool[]): void {
    const live = new Set(pools.map((pool) => pool.metadata.name ?? ''));
    for (const name of this.listed.keys()) if (!live.has(name)) this.listed.delete(name);
  }
}
