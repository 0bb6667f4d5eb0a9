/**
 * `karpd bench ui`: the NodeClaims window over a large fleet (2,000 NodeClaims, 20,000 pods by default). After a
 * first build it changes one NodeClaim at a time and times, for each change, the view model's rebuild (the
 * memoising builder the agent's feed uses) and the frame: the frame's lines (`buildFrame`) and ink rendering them
 * (React reconciling the memoised lines, ink's layout and output to a terminal-sized stream). It prints medians
 * and p95s; the target is a frame in ≤ 16 ms (60 per second) on this machine.
 */
import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { Box, render } from 'ink';
import { createViewModelBuilder } from '../../src/observe/view-model/build-view.js';
import type { ViewModel } from '../../src/observe/view-model/view-model.js';
import { FrameLine } from '../components/frame-line.js';
import type { ConnectionState } from '../source/dashboard-source.js';
import { createVisibleRowsSelector } from '../state/selectors.js';
import { initialUiState } from '../state/ui-state.js';
import { glyphsFor } from '../theme/glyphs.js';
import { type FrameRow, buildFrame } from '../views/frame.js';
import { createTableCache } from '../views/table.js';
import { syntheticCluster, viewInputOf, withChangedClaim } from './synthetic-fleet.js';

const HELP = `Usage: karpd bench ui [--node-claims N] [--pods N] [--frames N] [--columns N] [--rows N] [--json]

The NodeClaims window with a large fleet in the view model: one NodeClaim
changes per frame; each frame times the view model's rebuild and the frame
(its lines, and ink drawing them). Target: a frame in 16 ms or less.

Options:
  --node-claims N  NodeClaims (and Nodes) in the fleet (default 2000, 1-20000)
  --pods N         pods bound to them, a few pending (default 20000, 0-200000)
  --frames N       changes to time (default 60, 5-1000)
  --columns N      terminal width (default 120, 80-400)
  --rows N         terminal height (default 40, 24-200)
  --no-color       frames without colour (NO_COLOR), which ink draws faster
  --json           one JSON object: nodeClaims, pods, msPerFrame, …
  -h, --help       this help`;

/** What a command writes to (the CLI's CommandIO, structurally). */
interface BenchIO {
  out(text: string): void;
  err(text: string): void;
}

interface BenchFlags {
  readonly nodeClaims: number;
  readonly pods: number;
  readonly frames: number;
  readonly columns: number;
  readonly rows: number;
  readonly json: boolean;
  readonly color: boolean;
}

function bounded(value: string | undefined, flag: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max)
    throw new Error(`${flag}: expected a whole number ${min}-${max}, got "${value}"`);
  return parsed;
}

function parse(args: string[]): BenchFlags | 'help' {
  const { values } = parseArgs({
    args,
    options: {
      'node-claims': { type: 'string' },
      pods: { type: 'string' },
      frames: { type: 'string' },
      columns: { type: 'string' },
      rows: { type: 'string' },
      json: { type: 'boolean', default: false },
      'no-color': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: false,
  });
  if (values.help) return 'help';
  return {
    nodeClaims: bounded(values['node-claims'], '--node-claims', 2000, 1, 20_000),
    pods: bounded(values.pods, '--pods', 20_000, 0, 200_000),
    frames: bounded(values.frames, '--frames', 60, 5, 1000),
    columns: bounded(values.columns, '--columns', 120, 80, 400),
    rows: bounded(values.rows, '--rows', 40, 24, 200),
    json: values.json,
    color: !values['no-color'],
  };
}

/** A terminal-sized stream that counts what ink writes and throws it away. */
class NullTerminal extends Writable {
  bytes = 0;
  readonly isTTY = true;
  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {
    super();
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.bytes += chunk.length;
    done();
  }
}

/** A stdin ink accepts (raw mode is a no-op): the bench sends no keys. */
class IdleStdin extends EventEmitter {
  readonly isTTY = true;
  setRawMode(): this {
    return this;
  }
  setEncoding(): this {
    return this;
  }
  read(): null {
    return null;
  }
  resume(): this {
    return this;
  }
  pause(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
}

function FrameView(props: { readonly frame: readonly FrameRow[]; readonly columns: number; readonly color: boolean }) {
  const glyphs = glyphsFor(true);
  return (
    <Box flexDirection="column" width={props.columns} height={props.frame.length}>
      {props.frame.map((row, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a frame line is its screen position, as in the App.
        <FrameLine key={index} row={row} glyphs={glyphs} color={props.color} />
      ))}
    </Box>
  );
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

const round = (ms: number) => Math.round(ms * 100) / 100;

/** Runs `karpd bench ui`. */
export async function run(args: string[], io: BenchIO): Promise<number> {
  let flags: BenchFlags | 'help';
  try {
    flags = parse(args);
  } catch (error) {
    io.err(`karpd bench ui: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (flags === 'help') {
    io.out(HELP);
    return 0;
  }
  const now = new Date('2026-01-01T12:00:00Z');
  const builder = createViewModelBuilder({ ages: 'display' });
  let cluster = syntheticCluster(flags.nodeClaims, flags.pods);
  let started = performance.now();
  let view: ViewModel = builder.build(viewInputOf(cluster, 1, now));
  const firstBuildMs = performance.now() - started;
  const glyphs = glyphsFor(true);
  const cache = createTableCache();
  const visible = createVisibleRowsSelector();
  const ui = initialUiState('nodeClaims');
  const connection: ConnectionState = { state: 'live' };
  const size = { columns: flags.columns, rows: flags.rows };
  const frameOf = (current: ViewModel) => buildFrame({ view: current, connection, ui, now, size, readOnly: false, glyphs, cache, visible });
  const stdout = new NullTerminal(flags.columns, flags.rows);
  const renders: number[] = [];
  const instance = render(<FrameView frame={frameOf(view)} columns={flags.columns} color={flags.color} />, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: new IdleStdin() as unknown as NodeJS.ReadStream,
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: 100_000,
    onRender: ({ renderTime }) => renders.push(renderTime),
  });
  const viewMs: number[] = [];
  const frameMs: number[] = [];
  const linesMs: number[] = [];
  try {
    await new Promise((resolve) => setTimeout(resolve, 5));
    for (let frame = 0; frame < flags.frames; frame++) {
      // One NodeClaim changes; the cursor's first screenful includes the low indexes, so alternate in and out of view.
      const index = frame % 2 === 0 ? frame % Math.min(10, flags.nodeClaims) : (frame * 7919) % flags.nodeClaims;
      cluster = withChangedClaim(cluster, index, frame + 1);
      started = performance.now();
      view = builder.build(viewInputOf(cluster, frame + 2, now));
      const built = performance.now();
      const lines = frameOf(view);
      const linesDone = performance.now();
      const before = renders.length;
      instance.rerender(<FrameView frame={lines} columns={flags.columns} color={flags.color} />);
      const drawn = performance.now();
      if (renders.length === before)
        throw new Error(`ink did not draw frame ${frame} synchronously (${renders.length} renders); the timing would be wrong`);
      viewMs.push(built - started);
      linesMs.push(linesDone - built);
      frameMs.push(drawn - built);
      // Let ink's throttle window pass, so every rerender draws at once.
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  } finally {
    instance.unmount();
  }
  const result = {
    nodeClaims: flags.nodeClaims,
    pods: flags.pods,
    frames: flags.frames,
    terminal: `${flags.columns}x${flags.rows}`,
    color: flags.color,
    reactBuild: process.env.NODE_ENV === 'production' ? 'production' : 'development',
    firstBuildMs: round(firstBuildMs),
    viewModelMs: round(quantile(viewMs, 0.5)),
    viewModelP95Ms: round(quantile(viewMs, 0.95)),
    frameLinesMs: round(quantile(linesMs, 0.5)),
    msPerFrame: round(quantile(frameMs, 0.5)),
    msPerFrameP95: round(quantile(frameMs, 0.95)),
    targetMsPerFrame: 16,
    bytesWritten: stdout.bytes,
  };
  if (flags.json) io.out(JSON.stringify(result));
  else
    io.out(
      [
        `karpd bench ui: NodeClaims window, ${result.nodeClaims} NodeClaims, ${result.pods} pods, ${result.terminal}, React ${result.reactBuild} build`,
        `  first view model build      ${result.firstBuildMs} ms`,
        `  view model after one change ${result.viewModelMs} ms (p95 ${result.viewModelP95Ms} ms)`,
        `  frame after one change      ${result.msPerFrame} ms (p95 ${result.msPerFrameP95} ms; its lines ${result.frameLinesMs} ms)   target ≤ ${result.targetMsPerFrame} ms: ${result.msPerFrame <= result.targetMsPerFrame ? 'met' : 'NOT met'}`,
      ].join('\n'),
    );
  return 0;
}
