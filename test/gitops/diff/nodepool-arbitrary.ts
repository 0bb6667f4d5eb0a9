/**
 * fast-check arbitraries for the diff properties: a NodePool *model* (the
 * values a pool says: limits, durations, which optional disruption fields are
 * set) and the ways a person may spell it in Git (`1000`, `"1k"`, `"1e3"`;
 * `"2Gi"`, `"2048Mi"`, `"2147483648"`; `720h`, `720h0m0s`, `43200m`). Every
 * spelling is one the NodePool CRD accepts, so a model can be sent to the API
 * server too.
 */
import fc from 'fast-check';
import type { NodePool } from '../../../src/apis/nodepool.js';

/** What a pool says, independent of spelling. */
export interface NodePoolModel {
  readonly name: string;
  readonly cpuCores?: number;
  readonly memoryGi?: number;
  /** Hours, or `Never`. */
  readonly expireAfterHours?: number | 'Never';
  readonly terminationGraceSeconds?: number;
  readonly disruption?: {
    readonly consolidateAfterSeconds: number | 'Never';
    readonly consolidationPolicy?: 'WhenEmpty' | 'WhenEmptyOrUnderutilized';
    readonly budgets?: ReadonlyArray<{ readonly nodes?: string; readonly windowMinutes?: number }>;
  };
  readonly weight?: number;
  /** Whether the pool spells out empty taints / template labels (equal to leaving them out). */
  readonly emptyExtras: boolean;
}

const optional = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arbitrary, { nil: undefined });

/** A NodePool model with any optional field left out or set. */
export function nodePoolModel(): fc.Arbitrary<NodePoolModel> {
  return fc.record({
    name: fc.constantFrom('airflow-worker', 'trino-xsmall', 'jupyterhub-small'),
    cpuCores: optional(fc.integer({ min: 1, max: 5000 })),
    memoryGi: optional(fc.integer({ min: 1, max: 9000 })),
    expireAfterHours: optional(fc.oneof(fc.integer({ min: 1, max: 2000 }), fc.constant('Never' as const))),
    terminationGraceSeconds: optional(fc.integer({ min: 1, max: 86_400 })),
    disruption: optional(
      fc.record({
        consolidateAfterSeconds: fc.oneof(fc.integer({ min: 0, max: 7200 }), fc.constant('Never' as const)),
        consolidationPolicy: optional(fc.constantFrom('WhenEmpty' as const, 'WhenEmptyOrUnderutilized' as const)),
        budgets: optional(
          fc.oneof(
            fc.constant([]),
            fc.array(
              fc.record({
                nodes: optional(fc.constantFrom('10%', '0', '5', '50%')),
                windowMinutes: optional(fc.integer({ min: 1, max: 600 })),
              }),
              { minLength: 1, maxLength: 2 },
            ),
          ),
        ),
      }),
    ),
    weight: optional(fc.integer({ min: 1, max: 100 })),
    emptyExtras: fc.boolean(),
  });
}

/** Picks spellings from a list of choices, one choice per call, cycling through `choices`. */
class Speller {
  private index = 0;
  constructor(private readonly choices: readonly number[]) {}
  pick<T>(options: readonly T[]): T {
    const choice = this.choices.length === 0 ? 0 : this.choices[this.index++ % this.choices.length];
    return options[choice % options.length];
  }
}

function cpuSpellings(cores: number): Array<string | number> {
  const spellings: Array<string | number> = [cores, String(cores), `${cores * 1000}m`];
  if (cores % 1000 === 0) spellings.push(`${cores / 1000}k`, `${cores / 1000}e3`);
  return spellings;
}

function memorySpellings(gi: number): string[] {
  return [`${gi}Gi`, `${gi * 1024}Mi`, `${gi * 1024 * 1024}Ki`, String(BigInt(gi) * 2n ** 30n)];
}

function secondsSpellings(seconds: number): string[] {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return [`${seconds}s`, `${h}h${m}m${s}s`, `${h * 60 + m}m${s}s`];
}

function hoursSpellings(hours: number): string[] {
  return [`${hours}h`, `${hours}h0m0s`, `${hours * 60}m`, `${hours * 3600}s`];
}

function minutesSpellings(minutes: number): string[] {
  const spellings = [`${minutes}m`, `${Math.floor(minutes / 60)}h${minutes % 60}m`];
  if (minutes % 60 === 0) spellings.push(`${minutes / 60}h`, `${minutes / 60}h0m`);
  return spellings;
}

function disruptionOf(model: NodePoolModel, speller: Speller): NodePool['spec']['disruption'] {
  const disruption = model.disruption;
  if (disruption === undefined) return undefined;
  const after = disruption.consolidateAfterSeconds;
  return {
    consolidateAfter: after === 'Never' ? 'Never' : speller.pick(secondsSpellings(after)),
    ...(disruption.consolidationPolicy === undefined ? {} : { consolidationPolicy: disruption.consolidationPolicy }),
    ...(disruption.budgets === undefined
      ? {}
      : {
          budgets: disruption.budgets.map((budget) => ({
            ...(budget.nodes === undefined ? {} : { nodes: budget.nodes }),
            ...(budget.windowMinutes === undefined
              ? {}
              : { schedule: '@daily', duration: speller.pick(minutesSpellings(budget.windowMinutes)) }),
          })) as NonNullable<NodePool['spec']['disruption']>['budgets'],
        }),
  };
}

/** `model` as a manifest, each value spelled as `choices` pick. */
export function spellNodePool(model: NodePoolModel, choices: readonly number[]): NodePool {
  const speller = new Speller(choices);
  const limits: Record<string, string | number> = {};
  if (model.cpuCores !== undefined) limits.cpu = speller.pick(cpuSpellings(model.cpuCores));
  if (model.memoryGi !== undefined) limits.memory = speller.pick(memorySpellings(model.memoryGi));
  const expire = model.expireAfterHours;
  const disruption = disruptionOf(model, speller);
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name: model.name, ...(model.emptyExtras ? { labels: {} } : {}) },
    spec: {
      template: {
        ...(model.emptyExtras ? { metadata: { labels: {} } } : {}),
        spec: {
          requirements: [{ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot', 'on-demand'] }],
          nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' },
          ...(model.emptyExtras ? { taints: [] } : {}),
          ...(expire === undefined ? {} : { expireAfter: expire === 'Never' ? 'Never' : speller.pick(hoursSpellings(expire)) }),
          ...(model.terminationGraceSeconds === undefined
            ? {}
            : { terminationGracePeriod: speller.pick(secondsSpellings(model.terminationGraceSeconds)) }),
        },
      },
      ...(disruption === undefined ? {} : { disruption }),
      ...(Object.keys(limits).length === 0 ? {} : { limits: limits as Record<string, string> }),
      ...(model.weight === undefined ? {} : { weight: model.weight }),
    },
  };
}

/** Spelling choices for {@link spellNodePool}. */
export function spellingChoices(): fc.Arbitrary<number[]> {
  return fc.array(fc.nat({ max: 11 }), { minLength: 1, maxLength: 12 });
}

/** A NodePool manifest in some spelling. */
export function nodePoolManifest(): fc.Arbitrary<NodePool> {
  return fc.tuple(nodePoolModel(), spellingChoices()).map(([model, choices]) => spellNodePool(model, choices));
}
