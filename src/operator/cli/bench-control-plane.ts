/**
 * `karpd bench control-plane`: fills the embedded API server with nodes and
 * pods (default 5,000 and 50,000) and measures what the agent and kubectl
 * lean on: listing all pods (JSON and Table), drain's field-selected list,
 * writes while watchers are attached, and the memory the objects take.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { silentLogger } from '../../apis/logger.js';
import { startControlPlane, type ControlPlane } from '../../sim/control-plane/control-plane.js';
import { realClock } from '../clock.js';
import { WorldSaver } from '../saved-world.js';
import type { CommandIO } from './command.js';
import { ExitCode } from './command.js';

const USAGE = `Usage: karpd bench control-plane [--nodes N] [--pods N] [--watchers N] [--writes N] [--save] [--json]

  --nodes N     nodes in the store (default 5000)
  --pods N      pods in the store, spread over the nodes and 50 namespaces (default 50000)
  --watchers N  pod watchers attached during the write test (default 20)
  --writes N    pod status patches sent over HTTP during the write test (default 1000)
  --save        save the store as karpd up does (a snapshot a second to a temp folder) during the write test
  --json        print one JSON object instead of the table`;

/** The figures of one run. */
export interface ControlPlaneBenchResult {
  readonly nodes: number;
  readonly pods: number;
  readonly fillSeconds: number;
  readonly heapMiB: number;
  readonly rssMiB: number;
  readonly listAllPodsMs: number;
  readonly listAllPodsMiB: number;
  readonly listAllPodsTableMs: number;
  readonly listPodsOnNodeMs: number;
  readonly watchers: number;
  readonly writes: number;
  readonly writeMeanMs: number;
  readonly writeP99Ms: number;
  readonly allWatchersCaughtUpMs: number;
  /** With --save: snapshots written during the write test, the time one full snapshot takes, and its size. */
  readonly snapshots?: number;
  readonly snapshotMs?: number;
  /** Taking the snapshot (copying entry references), the one step that holds the event loop; joining and writing go in chunks. */
  readonly snapshotBuildMs?: number;
  readonly snapshotMiB?: number;
}

interface BenchSaver {
  readonly saver: WorldSaver;
  readonly dir: string;
}

function startBenchSaver(cp: ControlPlane): BenchSaver {
  const dir = mkdtempSync(join(tmpdir(), 'karpd-bench-save-'));
  const cloud = { sequence: 0, eventSequence: 0, amiVersion: 1, instances: [] };
  const saver = new WorldSaver({
    stateDir: dir,
    clock: realClock(),
    logger: silentLogger,
    collect: () => ({ store: cp.store.snapshotParts(), cloud }),
  });
  cp.store.onChange(() => saver.markDirty());
  saver.start();
  return { saver, dir };
}

async function snapshotCost(
  cp: ControlPlane,
  bench: BenchSaver,
): Promise<{ snapshots: number; snapshotMs: number; snapshotBuildMs: number; snapshotMiB: number }> {
  await bench.saver.stop();
  const snapshots = bench.saver.writes;
  const start = performance.now();
  bench.saver.markDirty();
  await bench.saver.flush();
  const snapshotMs = performance.now() - start;
  const buildStart = performance.now();
  cp.store.snapshotParts();
  const snapshotBuildMs = performance.now() - buildStart;
  const json = cp.store.snapshotJson();
  rmSync(bench.dir, { recursive: true, force: true });
  return {
    snapshots,
    snapshotMs: Math.round(snapshotMs),
    snapshotBuildMs: Math.round(snapshotBuildMs),
    snapshotMiB: mib(Buffer.byteLength(json)),
  };
}

function mib(bytes: number): number {
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}

function fill(cp: ControlPlane, nodes: number, pods: number): void {
  const nodeType = cp.registry.core('nodes');
  const podType = cp.registry.core('pods');
  const nsType = cp.registry.core('namespaces');
  for (let i = 0; i < 50; i++) cp.api.create(nsType, undefined, { metadata: { name: `team-${i}` } });
  for (let i = 0; i < nodes; i++) {
    cp.api.create(nodeType, undefined, {
      metadata: {
        name: `node-${i}`,
        labels: {
          'kubernetes.io/hostname': `node-${i}`,
          'node.kubernetes.io/instance-type': 'm5.xlarge',
          'topology.kubernetes.io/zone': `us-east-1${'abc'[i % 3]}`,
        },
      },
      spec: { providerID: `aws:///us-east-1a/i-${i.toString(16).padStart(17, '0')}` },
      status: {
        capacity: { cpu: '4', memory: '16Gi', pods: '58' },
        allocatable: { cpu: '3920m', memory: '15Gi', pods: '58' },
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    });
  }
  for (let i = 0; i < pods; i++) {
    cp.api.create(podType, `team-${i % 50}`, {
      metadata: { name: `pod-${i}`, labels: { app: `app-${i % 200}` } },
      spec: {
        nodeName: nodes > 0 ? `node-${i % nodes}` : undefined,
        containers: [{ name: 'main', image: 'registry.example/app:1.0', resources: { requests: { cpu: '100m', memory: '256Mi' } } }],
      },
    });
  }
}

function timedGet(url: string, accept = 'application/json'): Promise<{ ms: number; bytes: number }> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { Accept: accept } }, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () => resolve({ ms: performance.now() - start, bytes }));
      })
      .on('error', reject);
  });
}

function patch(url: string, body: string, agent: http.Agent): Promise<number> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'PATCH', agent, headers: { 'Content-Type': 'application/merge-patch+json', 'Content-Length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(performance.now() - start));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function watchCount(url: string, counter: { seen: number }): http.ClientRequest {
  return http.get(url, (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      for (let i = chunk.indexOf('\n'); i >= 0; i = chunk.indexOf('\n', i + 1)) counter.seen++;
    });
  });
}

async function writesWithWatchers(
  cp: ControlPlane,
  watchers: number,
  writes: number,
): Promise<{ mean: number; p99: number; caughtUp: number }> {
  const rv = cp.store.currentRv();
  const counters = Array.from({ length: watchers }, () => ({ seen: 0 }));
  const requests = counters.map((c) => watchCount(`${cp.url}/api/v1/pods?watch=true&resourceVersion=${rv}`, c));
  await new Promise((r) => setTimeout(r, 200));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const latencies: number[] = [];
  const start = performance.now();
  for (let i = 0; i < writes; i++) {
    const body = JSON.stringify({ status: { phase: 'Running', conditions: [{ type: 'Ready', status: i % 2 === 0 ? 'True' : 'False' }] } });
    latencies.push(await patch(`${cp.url}/api/v1/namespaces/team-${i % 50}/pods/pod-${i}/status`, body, agent));
  }
  while (counters.some((c) => c.seen < writes)) await new Promise((r) => setTimeout(r, 5));
  const caughtUp = performance.now() - start;
  agent.destroy();
  for (const req of requests) req.destroy();
  latencies.sort((a, b) => a - b);
  return { mean: latencies.reduce((a, b) => a + b, 0) / latencies.length, p99: latencies[Math.floor(latencies.length * 0.99)], caughtUp };
}

/** Runs the benchmark once and returns its figures. */
export async function benchControlPlane(options: {
  nodes: number;
  pods: number;
  watchers: number;
  writes: number;
  save?: boolean;
}): Promise<ControlPlaneBenchResult> {
  const cp = await startControlPlane();
  try {
    const heapBefore = process.memoryUsage().heapUsed;
    const fillStart = performance.now();
    fill(cp, options.nodes, options.pods);
    const fillSeconds = (performance.now() - fillStart) / 1000;
    const memory = process.memoryUsage();
    const list = await timedGet(`${cp.url}/api/v1/pods`);
    const table = await timedGet(`${cp.url}/api/v1/pods`, 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json');
    const onNode = await timedGet(`${cp.url}/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-7`);
    const saving = options.save === true ? startBenchSaver(cp) : undefined;
    const writes = await writesWithWatchers(cp, options.watchers, Math.min(options.writes, options.pods));
    const saved = saving === undefined ? {} : await snapshotCost(cp, saving);
    return {
      ...saved,
      nodes: options.nodes,
      pods: options.pods,
      fillSeconds: Math.round(fillSeconds * 100) / 100,
      heapMiB: mib(Math.max(0, memory.heapUsed - heapBefore)),
      rssMiB: mib(memory.rss),
      listAllPodsMs: Math.round(list.ms),
      listAllPodsMiB: mib(list.bytes),
      listAllPodsTableMs: Math.round(table.ms),
      listPodsOnNodeMs: Math.round(onNode.ms * 10) / 10,
      watchers: options.watchers,
      writes: Math.min(options.writes, options.pods),
      writeMeanMs: Math.round(writes.mean * 100) / 100,
      writeP99Ms: Math.round(writes.p99 * 100) / 100,
      allWatchersCaughtUpMs: Math.round(writes.caughtUp),
    };
  } finally {
    await cp.close();
  }
}

function count(value: string, flag: string): number {
  if (!/^\d+$/.test(value)) throw new Error(`${flag}: expected a non-negative integer, got "${value}"`);
  return Number(value);
}

function format(r: ControlPlaneBenchResult): string {
  return [
    `store: ${r.nodes} nodes + ${r.pods} pods, filled in ${r.fillSeconds}s; heap grew ≈${r.heapMiB} MiB (no forced GC; rss ${r.rssMiB} MiB)`,
    `list all pods (JSON):   ${r.listAllPodsMs} ms, ${r.listAllPodsMiB} MiB`,
    `list all pods (Table):  ${r.listAllPodsTableMs} ms`,
    `pods on one node (fieldSelector spec.nodeName): ${r.listPodsOnNodeMs} ms`,
    `${r.writes} sequential status patches with ${r.watchers} watchers: mean ${r.writeMeanMs} ms, p99 ${r.writeP99Ms} ms; all watchers caught up after ${r.allWatchersCaughtUpMs} ms`,
    ...(r.snapshotMs === undefined
      ? []
      : [
          `saving: ${r.snapshots} snapshots during the writes; one full snapshot takes ${r.snapshotMs} ms (taking it: ${r.snapshotBuildMs} ms; joined and written in chunks), ${r.snapshotMiB} MiB`,
        ]),
  ].join('\n');
}

/** Runs `karpd bench control-plane`. */
export async function run(args: string[], io: CommandIO): Promise<number> {
  let options: { nodes: number; pods: number; watchers: number; writes: number; save: boolean; json: boolean };
  try {
    const { values } = parseArgs({
      args,
      options: {
        nodes: { type: 'string', default: '5000' },
        pods: { type: 'string', default: '50000' },
        watchers: { type: 'string', default: '20' },
        writes: { type: 'string', default: '1000' },
        save: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      io.out(USAGE);
      return ExitCode.ok;
    }
    options = {
      nodes: count(values.nodes, '--nodes'),
      pods: count(values.pods, '--pods'),
      watchers: count(values.watchers, '--watchers'),
      writes: count(values.writes, '--writes'),
      save: values.save,
      json: values.json,
    };
  } catch (error) {
    io.err(`karpd bench control-plane: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return ExitCode.usage;
  }
  const result = await benchControlPlane(options);
  io.out(options.json ? JSON.stringify(result) : format(result));
  return ExitCode.ok;
}
