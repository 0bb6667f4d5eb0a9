/**
 * `karpd replay --scenario NAME|FILE [--duration D] [--seed N] [--json] [--csv FILE] [--plot FILE]` (issue #13):
 * runs a scenario in simulated time through karpd's decisions, a cluster-autoscaler model (with on-demand node groups,
 * then with spot ones) and the cost lower bound
 * (src/replay/systems.ts), with a progress bar on a terminal (stderr), then prints a table per system — or, with
 * `--json`, one object — and writes the per-minute series (`--csv`) and a plot (`--plot`, SVG).
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Duration } from '../../apis/duration.js';
import { replayCsv } from '../../replay/report/replay-csv.js';
import { replayJson } from '../../replay/report/replay-json.js';
import type { ReplayReport } from '../../replay/report/replay-report.js';
import { replaySvg } from '../../replay/report/replay-svg.js';
import { replayTable } from '../../replay/report/replay-table.js';
import { DEFAULT_PARTS, type ReplayParts, type ReplayResult, runReplay, type SystemName } from '../../replay/systems.js';
import type { CommandIO } from './command.js';
import { ExitCode, isContinuousIntegration } from './command.js';
import type { CommandContext } from './main.js';

const USAGE = `Usage: karpd replay --scenario NAME|FILE [--duration D] [--seed N] [--json] [--csv FILE] [--plot FILE]

  --scenario NAME|FILE  a shipped scenario (data-platform, …) or a scenario YAML file
  --duration D          replay only the first D of the scenario (30m, 6h; at most 168h; default: the scenario's)
  --seed N              seed of pod timing, spot prices and interruptions, 0–2147483647 (default 1)
  --json                print one JSON object instead of the table
  --csv FILE            write the per-minute series (cost, nodes, pending pods per system)
  --plot FILE           write an SVG of cost and pending pods over the replay, the systems side by side

  cluster-autoscaler runs twice: with on-demand node groups (spot only where a pool allows only spot) and with
  spot node groups wherever a pool allows spot (interrupted like karpd's spot nodes)`;

/** The most a replay may simulate. */
const MAX_DURATION_MS = 7 * 24 * 3_600_000;
const MAX_SEED = 2_147_483_647;

/** The parsed flags. */
export interface ReplayOptions {
  readonly scenario: string;
  readonly durationMs?: number;
  readonly seed: number;
  readonly json: boolean;
  readonly csv?: string;
  readonly plot?: string;
}

/** Parses and bounds the flags; a sentence saying what is wrong otherwise. */
export function parseReplayArgs(args: readonly string[]): ReplayOptions | string {
  let scenario: string | undefined;
  let durationMs: number | undefined;
  let seed = 1;
  let json = false;
  let csv: string | undefined;
  let plot: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.indexOf('=');
    const [flag, inline] = arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const value = (): string | undefined => {
      if (inline !== undefined) return inline;
      const next = args[i + 1];
      if (next === undefined || next.startsWith('--')) return undefined;
      i += 1;
      return next;
    };
    if (flag === '--json') json = true;
    else if (flag === '--scenario') {
      scenario = value();
      if (!scenario) return '--scenario expects a scenario name or a YAML file';
    } else if (flag === '--duration') {
      const text = value();
      const duration = text === undefined ? undefined : Duration.tryParse(text);
      if (text === undefined || duration === undefined || duration.isNever())
        return `--duration expects a duration like 30m or 6h, got ${text === undefined ? 'nothing' : `"${text}"`}`;
      const ms = duration.toMillis();
      if (ms < 60_000 || ms > MAX_DURATION_MS) return `--duration must be between 1m and 168h, got "${text}"`;
      durationMs = ms;
    } else if (flag === '--seed') {
      const text = value();
      seed = Number(text);
      if (text === undefined || !/^\d+$/.test(text) || seed > MAX_SEED)
        return `--seed expects an integer from 0 to ${MAX_SEED}, got ${text === undefined ? 'nothing' : `"${text}"`}`;
    } else if (flag === '--csv') {
      csv = value();
      if (!csv) return '--csv expects a file to write';
    } else if (flag === '--plot') {
      plot = value();
      if (!plot) return '--plot expects a file to write (SVG)';
    } else return `unknown option "${arg}"`;
  }
  if (scenario === undefined) return '--scenario is required (a shipped scenario name, e.g. data-platform, or a YAML file)';
  return {
    scenario,
    seed,
    json,
    ...(durationMs !== undefined ? { durationMs } : {}),
    ...(csv !== undefined ? { csv } : {}),
    ...(plot !== undefined ? { plot } : {}),
  };
}

/** What the command uses besides its streams (tests replace them). */
export interface ReplayDeps {
  readonly parts?: ReplayParts;
  /** Draws the progress line (`\r…`); undefined: no progress bar. @default stderr when it is a terminal and not CI */
  readonly progress?: ((line: string) => void) | undefined;
  readonly writeFile?: (path: string, text: string) => Promise<void>;
}

const SYSTEM_LABEL: Readonly<Record<SystemName, string>> = {
  karpd: 'karpd',
  baseline: 'cluster-autoscaler',
  baselineSpot: 'cluster-autoscaler (spot)',
  lowerBound: 'lower bound',
};

/** The labels' column: as wide as the longest, so the bars line up. */
const LABEL_WIDTH = Math.max(...Object.values(SYSTEM_LABEL).map((label) => label.length));

/** `karpd ██████░░░░  60%  14h24m of 24h` — one progress line. */
export function progressLine(system: SystemName, doneMs: number, totalMs: number, width = 30): string {
  const share = totalMs <= 0 ? 1 : Math.min(1, doneMs / totalMs);
  const filled = Math.round(share * width);
  const hm = (ms: number) => `${Math.floor(ms / 3_600_000)}h${String(Math.floor((ms % 3_600_000) / 60_000)).padStart(2, '0')}m`;
  return `${SYSTEM_LABEL[system].padEnd(LABEL_WIDTH)} ${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${String(Math.round(share * 100)).padStart(3)}%  ${hm(doneMs)} of ${hm(totalMs)}`;
}

function defaultProgress(io: CommandIO): ((line: string) => void) | undefined {
  if (!process.stderr.isTTY || isContinuousIntegration(io.env ?? process.env)) return undefined;
  return (line) => process.stderr.write(`\r${line}\u001b[K`);
}

function reportOf(result: ReplayResult): ReplayReport {
  return {
    scenario: result.scenario.name,
    seed: result.seed,
    durationMs: result.durationMs,
    karpd: result.karpd,
    baseline: result.baseline,
    baselineSpot: result.baselineSpot,
    lowerBound: result.lowerBound,
    ...(result.lowerBound.repacked !== undefined
      ? { repacked: { cost: result.lowerBound.repacked.cost, costByPool: result.lowerBound.repacked.costByPool } }
      : {}),
    wallMs: result.wallMs,
  };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs `karpd replay …`. */
export async function run(args: string[], io: CommandIO, _context: CommandContext = {}, deps: ReplayDeps = {}): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(USAGE);
    return ExitCode.ok;
  }
  const options = parseReplayArgs(args);
  if (typeof options === 'string') {
    io.err(`karpd replay: ${options}\n\n${USAGE}`);
    return ExitCode.usage;
  }
  const parts = deps.parts ?? DEFAULT_PARTS;
  const progress = 'progress' in deps ? deps.progress : defaultProgress(io);
  const write = deps.writeFile ?? ((path: string, text: string) => writeFile(path, text, 'utf8'));
  let result: ReplayResult;
  try {
    const scenario = await parts.loadScenario(options.scenario, io.cwd);
    result = await runReplay(scenario, {
      seed: options.seed,
      ...(options.durationMs !== undefined ? { durationMs: options.durationMs } : {}),
      parts,
      ...(progress !== undefined ? { onProgress: (system, done, total) => progress(progressLine(system, done, total)) } : {}),
    });
  } catch (error) {
    if (progress !== undefined) progress('');
    io.err(`karpd replay: ${message(error)}`);
    return ExitCode.invalid;
  }
  if (progress !== undefined) progress('');
  const report = reportOf(result);
  try {
    if (options.csv !== undefined) await write(resolve(io.cwd, options.csv), replayCsv(report));
    if (options.plot !== undefined) await write(resolve(io.cwd, options.plot), replaySvg(report));
  } catch (error) {
    io.err(`karpd replay: writing the output failed: ${message(error)}`);
    return ExitCode.invalid;
  }
  io.out(options.json ? JSON.stringify(replayJson(report), null, 2) : replayTable(report));
  return ExitCode.ok;
}
