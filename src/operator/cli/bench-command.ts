/**
 * `karpd bench <name> [options]`: runs one benchmark and prints its figures.
 * Each benchmark lives in its own `bench-<name>.ts` file exporting
 * `run(args, io)`; add a line to {@link BENCHMARKS} to register another one.
 */
import type { CommandIO } from './command.js';
import { ExitCode } from './command.js';
import type { CommandContext } from './main.js';

/** A benchmark the `bench` command knows: a one-line summary and a lazy loader. */
interface BenchmarkEntry {
  readonly summary: string;
  readonly load: (context: CommandContext) => Promise<{ run: (args: string[], io: CommandIO) => Promise<number> }>;
}

/** Every benchmark, in the order `karpd bench --help` lists them. */
const BENCHMARKS: Record<string, BenchmarkEntry> = {
  scheduling: {
    summary: "the provisioning scheduler on upstream Karpenter's benchmark shape (pods/s, nodes, $/h vs a lower bound)",
    load: () => import('./bench-scheduling.js'),
  },
  consolidation: {
    summary: 'single- and multi-node consolidation on a 1,000-node cluster (every candidate evaluated, a multi-node decision, $/h saved)',
    load: () => import('./bench-consolidation.js'),
  },
  'control-plane': {
    summary: 'the embedded control plane: lists, field-selected pod lists, writes with watchers, memory at scale',
    load: () => import('./bench-control-plane.js'),
  },
  ui: {
    summary: 'the dashboard: the view model and a NodeClaims frame after one NodeClaim changes (2,000 claims, 20,000 pods)',
    load: async (context) => {
      if (context.loadUiBenchmark === undefined) throw new Error('karpd bench ui needs the dashboard (run karpd through bin/karpd.js)');
      return context.loadUiBenchmark();
    },
  },
};

/** The text `karpd bench --help` prints. */
export function benchHelp(): string {
  const width = Math.max(...Object.keys(BENCHMARKS).map((n) => n.length));
  return [
    'Usage: karpd bench <benchmark> [options]',
    '',
    'Benchmarks:',
    ...Object.entries(BENCHMARKS).map(([name, entry]) => `  ${name.padEnd(width)}  ${entry.summary}`),
    '',
    'Run `karpd bench <benchmark> --help` for the options of one benchmark.',
  ].join('\n');
}

/** Runs `karpd bench …`. */
export async function run(args: string[], io: CommandIO, context: CommandContext = {}): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h') {
    io.out(benchHelp());
    return name === undefined ? ExitCode.usage : ExitCode.ok;
  }
  const entry = BENCHMARKS[name];
  if (entry === undefined) {
    io.err(`karpd bench: unknown benchmark "${name}" (expected one of: ${Object.keys(BENCHMARKS).join(', ')})\n\n${benchHelp()}`);
    return ExitCode.usage;
  }
  const benchmark = await entry.load(context);
  return benchmark.run(rest, io);
}
