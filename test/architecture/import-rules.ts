/** The import rules of ARCHITECTURE.md as data plus one checker (used by import-rules.test.ts). */

export interface SourceFile {
  /** Repository-relative path with forward slashes. */
  readonly path: string;
  readonly text: string;
}

/** Folders whose code must stay pure: no I/O, no clock, no environment, no randomness. */
const PURE_FOLDERS = [
  'src/apis',
  'src/scheduling',
  'src/provisioning',
  'src/disruption',
  'src/replay/baseline',
  'src/gitops/render',
  'src/gitops/diff',
  'src/observe/view-model',
  'src/replay/report',
  'ui/state',
  'src/replay/scenario',
];

/** Single modules outside the pure folders that are pure too (plain data and pure functions), so pure code may import them. */
const PURE_MODULES = [
  'src/state/state-node',
  'src/replay/types',
  'src/replay/lower-bound',
  // The seeded spot-interruption draw the baseline shares with the sim cloud, and the hash it draws from.
  'src/replay/spot-interruption-schedule',
  'src/cloudprovider/sim/seeded',
];

/**
 * Single modules inside a pure folder that are its edge to the disk (the one reader of the folder's files): they
 * may do I/O, and pure code may not import them.
 */
const IO_EDGE_MODULES = ['src/replay/scenario/scenario-files'];

const IO_MODULES =
  /^(node:)?(fs|fs\/promises|http|https|http2|net|dgram|child_process|worker_threads|cluster|dns|tls|readline|os|process)$/;

const IMPURE_CALLS: Array<[RegExp, string]> = [
  [/\bDate\.now\(/, 'Date.now()'],
  [/\bnew Date\(\s*\)/, 'new Date()'],
  [/\bMath\.random\(/, 'Math.random()'],
  [/\bprocess\.env\b/, 'process.env'],
  [/\bconsole\.(log|error|warn|info|debug)\(/, 'console'],
];

/** Folders that only the named folders may import. */
const RUNTIME_ONLY: Array<{ module: RegExp; allowedIn: string[]; label: string }> = [
  { module: /^@kubernetes\/client-node/, allowedIn: ['src/kube/'], label: '@kubernetes/client-node' },
  { module: /^(ink|react)(\/|$)/, allowedIn: ['ui/'], label: 'ink/react' },
];

const IMPORT_PATTERN = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;

function importsOf(text: string): string[] {
  const specs: string[] = [];
  for (const match of text.matchAll(IMPORT_PATTERN)) specs.push(match[1] ?? match[2] ?? match[3]);
  return specs;
}

function pureFolderOf(path: string): string | undefined {
  if (IO_EDGE_MODULES.includes(path.replace(/\.(js|ts|tsx)$/, ''))) return undefined;
  return PURE_FOLDERS.find((folder) => path.startsWith(`${folder}/`));
}

function checkLayer(file: SourceFile, target: string): string | undefined {
  const from = file.path;
  if (from.startsWith('src/') && target.startsWith('ui/')) return `${from}: src/ must not import ui/ (${target})`;
  if (!from.startsWith('src/operator/') && target.startsWith('src/operator/')) {
    return `${from}: nothing outside src/operator may import it (${target})`;
  }
  const isTest = /\.test\.tsx?$/.test(from);
  if (from.startsWith('ui/') && target.startsWith('src/')) {
    const allowed = ['src/apis/', 'src/observe/', ...(isTest ? ['src/testing/'] : [])];
    if (!allowed.some((prefix) => target.startsWith(prefix))) return `${from}: ui/ may import only src/apis and src/observe (${target})`;
  }
  if (target.startsWith('src/testing/') && !isTest && !from.startsWith('src/testing/')) {
    return `${from}: src/testing is for tests only (${target})`;
  }
  const pure = pureFolderOf(from);
  if (
    pure !== undefined &&
    !target.startsWith('src/apis/') &&
    pureFolderOf(target) === undefined &&
    !target.startsWith('src/cloudprovider/types') &&
    !PURE_MODULES.some((module) => target.startsWith(module))
  ) {
    return `${from}: pure folder ${pure} must import only pure code (${target})`;
  }
  return undefined;
}

function checkPackage(file: SourceFile, spec: string): string | undefined {
  const pure = pureFolderOf(file.path);
  if (pure !== undefined && IO_MODULES.test(spec)) return `${file.path}: pure folder ${pure} must not import ${spec}`;
  for (const rule of RUNTIME_ONLY) {
    if (rule.module.test(spec) && !rule.allowedIn.some((prefix) => file.path.startsWith(prefix))) {
      return `${file.path}: only ${rule.allowedIn.join(', ')} may import ${rule.label}`;
    }
  }
  return undefined;
}

/**
 * Every broken rule in `files`, one message each. `resolveRelative(from, spec)`
 * turns a relative import into a repository-relative path.
 */
export function findImportViolations(files: SourceFile[], resolveRelative: (from: string, spec: string) => string): string[] {
  const violations: string[] = [];
  for (const file of files) {
    for (const spec of importsOf(file.text)) {
      if (spec.startsWith('.')) {
        const problem = checkLayer(file, resolveRelative(file.path, spec));
        if (problem !== undefined) violations.push(problem);
      } else {
        const problem = checkPackage(file, spec);
        if (problem !== undefined) violations.push(problem);
      }
    }
    const pure = pureFolderOf(file.path);
    if (pure === undefined) continue;
    for (const [pattern, label] of IMPURE_CALLS) {
      if (pattern.test(file.text)) violations.push(`${file.path}: pure folder ${pure} must not use ${label}`);
    }
  }
  return violations;
}
