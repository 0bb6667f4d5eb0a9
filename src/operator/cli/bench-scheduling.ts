/**
 * `karpd bench scheduling`: upstream Karpenter's scheduling benchmark shape
 * (kubernetes-sigs/karpenter pkg/controllers/provisioning/scheduling/scheduling_benchmark_test.go) against karpd's `solve`. One NodePool, no
 * existing nodes, a seeded mix of pods (one fifth each: generic, zonal spread,
 * hostname spread, zonal self-affinity, hostname anti-affinity) on 400
 * synthetic instance types or the real EC2 catalog. Prints speed beside
 * packing quality: the plan's $/h and a lower bound on it.
 */
import { performance } from 'node:perf_hooks';
import type { Pod } from '../../apis/core-v1.js';
import type { NodePool, NodeSelectorRequirementWithMinValues } from '../../apis/nodepool.js';
import { Labels } from '../../apis/well-known-labels.js';
import type { InstanceType } from '../../scheduling/instance-type.js';
import { Requirements } from '../../scheduling/requirements.js';
import { type Rng, mulberry32 } from '../../scheduling/rng.js';
import { solve } from '../../scheduling/solve.js';
import { syntheticInstanceTypes } from '../../scheduling/synthetic-instance-types.js';
import type { CommandIO } from './command.js';
import { ExitCode } from './command.js';

const USAGE = `Usage: karpd bench scheduling [--pods N[,N…]] [--catalog synthetic|ec2] [--seed N] [--repeat N] [--json]

  --pods N      pods per run; repeat or comma-separate for several sizes (default 1000,5000,20000)
  --catalog synthetic|ec2
                synthetic: 400 types shaped like upstream's fake provider (default)
                ec2: the real EC2 catalog with a general-purpose pool (c, m, r families, amd64)
  --seed N      seed of the pod mix (default 42)
  --repeat N    solve each size N times and report the median run (default 1)
  --json        one JSON object per size instead of the table`;

/** Figures of one benchmark run. */
export interface SchedulingBenchResult {
  readonly catalog: string;
  readonly pods: number;
  readonly scheduled: number;
  readonly nodes: number;
  readonly seconds: number;
  readonly podsPerSecond: number;
  readonly msPerPod: number;
  readonly pricePerHour: number;
  readonly lowerBoundPricePerHour: number;
}

interface BenchOptions {
  sizes: number[];
  catalog: 'synthetic' | 'ec2';
  seed: number;
  repeat: number;
  json: boolean;
}

function parseArgs(args: string[]): BenchOptions | string {
  const options: BenchOptions = { sizes: [], catalog: 'synthetic', seed: 42, repeat: 1, json: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? args[++i];
    if (flag === '--json') options.json = true;
    else if (flag === '--pods') {
      const sizes = (value() ?? '').split(',').map((s) => Number(s));
      if (sizes.some((n) => !Number.isInteger(n) || n < 1)) return `--pods expects positive integers, got "${args[i]}"`;
      options.sizes.push(...sizes);
    } else if (flag === '--catalog') {
      const catalog = value();
      if (catalog !== 'synthetic' && catalog !== 'ec2') return `--catalog expects synthetic or ec2, got "${catalog}"`;
      options.catalog = catalog;
    } else if (flag === '--seed') {
      options.seed = Number(value());
      if (!Number.isInteger(options.seed)) return `--seed expects an integer, got "${args[i]}"`;
    } else if (flag === '--repeat') {
      options.repeat = Number(value());
      if (!Number.isInteger(options.repeat) || options.repeat < 1) return `--repeat expects a positive integer, got "${args[i]}"`;
    } else return `unknown option "${arg}"`;
  }
  if (options.sizes.length === 0) options.sizes = [1000, 5000, 20000];
  return options;
}

const CPU = ['100m', '250m', '500m', '1', '1500m'];
const MEMORY = ['100Mi', '256Mi', '512Mi', '1Gi', '2Gi', '4Gi'];
const LABEL_VALUES = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];

function benchPod(rng: Rng, index: number, labels: Record<string, string>, spec: Partial<Pod['spec']>): Pod {
  const uid = `${rng.int(0x7fffffff).toString(16).padStart(8, '0')}-${index}`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `bench-${index}`, namespace: 'default', uid, creationTimestamp: '2026-01-01T00:00:00Z', labels },
    spec: { containers: [{ name: 'app', resources: { requests: { cpu: rng.pick(CPU), memory: rng.pick(MEMORY) } } }], ...spec },
  };
}

/** The seeded pod mix: one fifth each of generic, zonal spread, hostname spread, zonal self-affinity, hostname anti-affinity. */
export function benchmarkPods(count: number, seed: number): Pod[] {
  const rng = mulberry32(seed);
  const fifth = Math.floor(count / 5);
  const out: Pod[] = [];
  const spread = (key: string): Partial<Pod['spec']> => ({
    topologySpreadConstraints: [
      {
        maxSkew: 1,
        topologyKey: key,
        whenUnsatisfiable: 'DoNotSchedule',
        labelSelector: { matchLabels: { 'my-label': rng.pick(LABEL_VALUES) } },
      },
    ],
  });
  for (let i = 0; i < fifth; i++) out.push(benchPod(rng, out.length, { 'my-label': rng.pick(LABEL_VALUES) }, {}));
  for (let i = 0; i < fifth; i++) out.push(benchPod(rng, out.length, { 'my-label': rng.pick(LABEL_VALUES) }, spread(Labels.zone)));
  for (let i = 0; i < fifth; i++) out.push(benchPod(rng, out.length, { 'my-label': rng.pick(LABEL_VALUES) }, spread(Labels.hostname)));
  for (let i = 0; i < fifth; i++) {
    const labels = { 'my-affinity': rng.pick(LABEL_VALUES) };
    out.push(
      benchPod(rng, out.length, labels, {
        affinity: {
          podAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: labels }, topologyKey: Labels.zone }],
          },
        },
      }),
    );
  }
  for (let i = 0; i < fifth; i++) {
    const labels = { app: 'nginx' };
    out.push(
      benchPod(rng, out.length, labels, {
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: labels }, topologyKey: Labels.hostname }],
          },
        },
      }),
    );
  }
  while (out.length < count) out.push(benchPod(rng, out.length, { 'my-label': rng.pick(LABEL_VALUES) }, {}));
  return out;
}

/**
 * The benchmark's NodePool. Upstream sets "effectively unlimited" limits (cpu 10,000,000, memory 10,000,000Gi);
 * with the real catalog's 3 TiB types the pessimistic limit accounting (https://karpenter.sh/docs/concepts/nodepools/#speclimits) would exhaust that memory limit
 * after ~3,500 claims, so the EC2 pool has no limits at all.
 */
function benchPool(requirements: NodeSelectorRequirementWithMinValues[], limited: boolean): NodePool {
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name: 'default' },
    spec: {
      template: { spec: { requirements, nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' } } },
      ...(limited ? { limits: { cpu: '10000000', memory: '10000000Gi' } } : {}),
    },
  };
}

/** Where the $/h figures come from, printed under the table. */
function priceNote(catalog: 'synthetic' | 'ec2'): string {
  return catalog === 'ec2'
    ? "prices: the catalog's us-east-1 on-demand prices (priceSource catalog-us-east-1), used for every region until a live price source answers"
    : "prices: upstream benchmark's synthetic price formula (not real EC2 prices)";
}

async function catalogFor(name: 'synthetic' | 'ec2'): Promise<{ pool: NodePool; types: InstanceType[] }> {
  if (name === 'synthetic') return { pool: benchPool([], true), types: syntheticInstanceTypes(400) };
  const { ec2InstanceTypes } = await import('../../cloudprovider/catalog/index.js');
  const types = ec2InstanceTypes({ region: 'us-east-1', zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] });
  const pool = benchPool(
    [
      { key: Labels.instanceCategory, operator: 'In', values: ['c', 'm', 'r'] },
      { key: Labels.arch, operator: 'In', values: ['amd64'] },
      { key: Labels.os, operator: 'In', values: ['linux'] },
    ],
    false,
  );
  return { pool, types };
}

/** The cheapest price per unit of the scarcest resource times the pods' demand: no plan can cost less. */
export function lowerBoundPrice(
  pool: NodePool,
  types: readonly InstanceType[],
  pods: readonly Pod[],
  demand: { cpu: number; memory: number },
): number {
  const poolReqs = Requirements.from(pool.spec.template.spec.requirements);
  let bound = 0;
  for (const resource of ['cpu', 'memory'] as const) {
    let best = Number.POSITIVE_INFINITY;
    for (const t of types) {
      if (!Requirements.from(t.requirements).intersects(poolReqs) || !(t.allocatable[resource] > 0)) continue;
      const price = Math.min(...t.offerings.filter((o) => o.available).map((o) => o.price));
      best = Math.min(best, price / t.allocatable[resource]);
    }
    if (Number.isFinite(best)) bound = Math.max(bound, best * demand[resource]);
  }
  return pods.length > 0 ? bound : 0;
}

function runOnce(catalog: { pool: NodePool; types: InstanceType[] }, name: string, count: number, seed: number): SchedulingBenchResult {
  const pods = benchmarkPods(count, seed);
  const snapshot = { nodes: [], nodePools: [{ nodePool: catalog.pool, instanceTypes: catalog.types }] };
  const start = performance.now();
  const result = solve(snapshot, pods);
  const seconds = (performance.now() - start) / 1000;
  const demand = { cpu: 0, memory: 0 };
  for (const claim of result.newNodeClaims) {
    demand.cpu += claim.requests.cpu ?? 0;
    demand.memory += claim.requests.memory ?? 0;
  }
  const scheduled = result.placements.length;
  return {
    catalog: name,
    pods: count,
    scheduled,
    nodes: result.newNodeClaims.length,
    seconds,
    podsPerSecond: count / seconds,
    msPerPod: (seconds * 1000) / count,
    pricePerHour: result.newNodeClaims.reduce((sum, c) => sum + c.price, 0),
    lowerBoundPricePerHour: lowerBoundPrice(catalog.pool, catalog.types, pods, demand),
  };
}

function formatTable(rows: readonly SchedulingBenchResult[]): string {
  const header = ['pods', 'scheduled', 'new nodes', 'pods/s', 'ms/pod', 'plan $/h', 'lower bound $/h', 'plan / bound'];
  const lines = rows.map((r) => [
    String(r.pods),
    String(r.scheduled),
    String(r.nodes),
    r.podsPerSecond.toFixed(0),
    r.msPerPod.toFixed(3),
    r.pricePerHour.toFixed(2),
    r.lowerBoundPricePerHour.toFixed(2),
    r.lowerBoundPricePerHour > 0 ? (r.pricePerHour / r.lowerBoundPricePerHour).toFixed(3) : '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]): string => cells.map((c, i) => c.padStart(widths[i])).join('  ');
  return [fmt(header), ...lines.map(fmt)].join('\n');
}

/** Runs `karpd bench scheduling`. */
export async function run(args: string[], io: CommandIO): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(USAGE);
    return ExitCode.ok;
  }
  const options = parseArgs(args);
  if (typeof options === 'string') {
    io.err(`karpd bench scheduling: ${options}\n\n${USAGE}`);
    return ExitCode.usage;
  }
  let catalog: { pool: NodePool; types: InstanceType[] };
  try {
    catalog = await catalogFor(options.catalog);
  } catch (error) {
    io.err(`karpd bench scheduling: loading the ${options.catalog} catalog: ${error instanceof Error ? error.message : String(error)}`);
    return ExitCode.invalid;
  }
  runOnce(catalog, options.catalog, 500, options.seed + 1);
  const rows: SchedulingBenchResult[] = [];
  for (const size of options.sizes) {
    const runs = Array.from({ length: options.repeat }, () => runOnce(catalog, options.catalog, size, options.seed));
    const row = runs.sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)];
    rows.push(row);
    if (options.json) io.out(JSON.stringify(row));
  }
  if (!options.json) {
    io.out(
      `karpd bench scheduling — catalog ${options.catalog} (${catalog.types.length} instance types), one NodePool, no existing nodes, seed ${options.seed}`,
    );
    io.out(formatTable(rows));
    io.out(priceNote(options.catalog));
  }
  return ExitCode.ok;
}
