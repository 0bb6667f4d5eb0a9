/**
 * Runs the real kubectl (1.32, /usr/bin/kubectl) against an embedded
 * control plane started for one test file, with a fresh discovery cache.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startControlPlane, type ControlPlane, type ControlPlaneOptions } from '../../../src/sim/control-plane/control-plane.js';
import { writeKubeconfig } from '../../../src/sim/control-plane/kubeconfig.js';
import { eventually as pollUntil } from '../../../src/testing/eventually.js';

/** Where kubectl is expected. */
export const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';

/** Why the kubectl suites are skipped, or false when kubectl is there. */
export const skipReason: string | false = existsSync(KUBECTL) ? false : `kubectl not found at ${KUBECTL}`;

/** The outcome of one kubectl run. */
export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A control plane plus a kubectl bound to it. */
export interface KubectlHarness {
  readonly cp: ControlPlane;
  readonly dir: string;
  /** Runs kubectl with `args`; `input` is piped to stdin (for `-f -`). */
  kubectl(args: string[], input?: string): Promise<KubectlResult>;
  /** Writes a file in the harness directory and returns its path. */
  file(name: string, text: string): string;
  /** Starts a long-running kubectl (e.g. `get -w`) and collects its stdout. */
  spawn(args: string[]): { child: ChildProcess; output: () => string };
  close(): Promise<void>;
}

/** Starts a control plane and returns a kubectl harness around it. */
export async function startHarness(options: ControlPlaneOptions = {}): Promise<KubectlHarness> {
  const cp = await startControlPlane(options);
  const dir = mkdtempSync(join(tmpdir(), 'karpd-kubectl-'));
  const kubeconfig = writeKubeconfig(dir, cp.url);
  const base = ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache')];
  const children: ChildProcess[] = [];
  return {
    cp,
    dir,
    kubectl: (args, input) =>
      new Promise((resolve) => {
        const child = execFile(KUBECTL, [...base, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          resolve({ code, stdout: String(stdout), stderr: String(stderr) });
        });
        if (input !== undefined) child.stdin?.end(input);
      }),
    file: (name, text) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    spawn: (args) => {
      const child = spawn(KUBECTL, [...base, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      let out = '';
      child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
      return { child, output: () => out };
    },
    close: async () => {
      for (const child of children) if (child.exitCode === null) child.kill();
      await cp.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` every 50 ms until it holds, or throws after `timeoutMs` (kubectl tests name the condition first). */
export async function eventually(what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> {
  await pollUntil(check, what, timeoutMs, 50);
}
