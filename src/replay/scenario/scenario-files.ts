/**
 * Finds and loads the scenario of `karpd replay --scenario NAME|FILE`: a shipped name (`data-platform`, a file in
 * the package's `scenarios/` folder) or a path to a YAML file, parsed with parse-scenario.ts. The one file of
 * src/replay/scenario that reads the disk. A relative `clusterFolder` is read from the scenario file's folder when
 * it exists there, else from the karpd package root (so the shipped scenarios' `repo-template/clusters/sandbox`
 * works from any working directory).
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AutoscalerError, hasError } from '../../apis/errors.js';
import type { Problem } from '../../apis/problem.js';
import { didYouMean } from '../../apis/suggest.js';
import { formatProblem } from '../../gitops/render/format-problems.js';
import type { Scenario } from '../types.js';
import { parseScenario } from './parse-scenario.js';

/** The karpd package root (the folder holding `scenarios/` and `repo-template/`). */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Where the shipped scenarios live. */
export const SHIPPED_SCENARIOS_DIR = join(PACKAGE_ROOT, 'scenarios');

/** Thrown when `--scenario` names neither a shipped scenario nor a readable file. */
export class ScenarioNotFoundError extends AutoscalerError {
  constructor(
    readonly scenario: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Is `error` a {@link ScenarioNotFoundError}? */
export function isScenarioNotFoundError(error: unknown): boolean {
  return hasError(error, ScenarioNotFoundError);
}

/** Thrown when a scenario file has errors; `problems` holds them (and any warnings), each with file, line and field. */
export class InvalidScenarioError extends AutoscalerError {
  constructor(
    readonly file: string,
    readonly problems: readonly Problem[],
  ) {
    super(`scenario ${file} is not valid:\n${problems.map((problem) => `  ${formatProblem(problem)}`).join('\n')}`);
  }
}

/** Is `error` an {@link InvalidScenarioError}? */
export function isInvalidScenarioError(error: unknown): boolean {
  return hasError(error, InvalidScenarioError);
}

/** A scenario loaded from disk. */
export interface LoadedScenario {
  readonly scenario: Scenario;
  /** The file as problems name it (`scenarios/data-platform.yaml`, or the path as given). */
  readonly file: string;
  /** The absolute path of the file. */
  readonly path: string;
  /** The absolute path of the scenario's cluster folder. */
  readonly clusterFolderPath: string;
  /** Warnings the parser found (a burst after the end…). */
  readonly warnings: readonly Problem[];
}

/** Where to look. */
export interface ScenarioFilesOptions {
  /** The folder a relative FILE is read from. @default process.cwd() */
  readonly cwd?: string;
  /** The folder of the shipped scenarios. @default SHIPPED_SCENARIOS_DIR */
  readonly shippedDir?: string;
}

/** The names of the shipped scenarios, sorted. */
export async function shippedScenarioNames(shippedDir = SHIPPED_SCENARIOS_DIR): Promise<string[]> {
  const entries = await readdir(shippedDir).catch(() => [] as string[]);
  return entries
    .filter((entry) => /\.ya?ml$/.test(entry))
    .map((entry) => entry.replace(/\.ya?ml$/, ''))
    .sort();
}

/** Is `scenario` a path (has a folder separator or a YAML extension) rather than a shipped name? */
export function isScenarioPath(scenario: string): boolean {
  return /[\\/]/.test(scenario) || /\.ya?ml$/i.test(scenario);
}

async function notFound(scenario: string, shippedDir: string, cause?: unknown): Promise<ScenarioNotFoundError> {
  const names = await shippedScenarioNames(shippedDir);
  const hint = didYouMean(scenario, names);
  const known = names.length === 0 ? '' : ` (shipped: ${names.join(', ')})`;
  const what = isScenarioPath(scenario) ? `cannot read scenario file "${scenario}"` : `no shipped scenario "${scenario}"${known}`;
  return new ScenarioNotFoundError(scenario, hint === undefined ? what : `${what}: ${hint}`, cause === undefined ? undefined : { cause });
}

/** The file `scenario` names: its display name, absolute path and text. Throws {@link ScenarioNotFoundError}. */
export async function readScenarioSource(
  scenario: string,
  options: ScenarioFilesOptions = {},
): Promise<{ file: string; path: string; text: string }> {
  const shippedDir = options.shippedDir ?? SHIPPED_SCENARIOS_DIR;
  const path = isScenarioPath(scenario) ? resolve(options.cwd ?? process.cwd(), scenario) : join(shippedDir, `${scenario}.yaml`);
  const file = isScenarioPath(scenario) ? scenario : `scenarios/${scenario}.yaml`;
  try {
    return { file, path, text: await readFile(path, 'utf8') };
  } catch (error) {
    throw await notFound(scenario, shippedDir, error);
  }
}

/** The absolute cluster folder of a scenario read from `scenarioPath` (see the module comment). */
export function resolveClusterFolder(clusterFolder: string, scenarioPath: string): string {
  if (isAbsolute(clusterFolder)) return clusterFolder;
  const besideScenario = resolve(dirname(scenarioPath), clusterFolder);
  return existsSync(besideScenario) ? besideScenario : resolve(PACKAGE_ROOT, clusterFolder);
}

/**
 * Reads and parses the scenario `--scenario` names. Throws {@link ScenarioNotFoundError} or
 * {@link InvalidScenarioError}.
 *
 * @example
 * const { scenario, clusterFolderPath } = await loadScenario('data-platform');
 */
export async function loadScenario(scenario: string, options: ScenarioFilesOptions = {}): Promise<LoadedScenario> {
  const source = await readScenarioSource(scenario, options);
  const result = parseScenario(source.text, source.file);
  if (!result.ok) throw new InvalidScenarioError(source.file, result.problems);
  return {
    scenario: result.scenario,
    file: source.file,
    path: source.path,
    clusterFolderPath: resolveClusterFolder(result.scenario.clusterFolder, source.path),
    warnings: result.problems,
  };
}
