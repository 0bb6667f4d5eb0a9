/**
 * The Dockerfile builds the image deploy/ runs (there is no docker here, so these read the files): its Node major
 * is package.json's engines, its user the Deployment's runAsUser/runAsGroup, its one exposed port the metrics
 * listener, its command the Deployment's args; it installs git and ssh, runs `npm ci --omit=dev` with patches/ in
 * place for the postinstall's patch-package, and copies every file karpd reads at run time; .dockerignore keeps
 * local state, node_modules and tests out of the context and ignores nothing the Dockerfile copies.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DEFAULT_CATALOG_PATH } from '../../src/cloudprovider/catalog/load.js';
import { parseRunConfig } from '../../src/operator/run-config.js';
import { SHIPPED_SCENARIOS_DIR } from '../../src/replay/scenario/scenario-files.js';
import { CRD_DIRECTORY } from '../../src/sim/control-plane/crd-manifests.js';
import { ROOT, manifest } from './deploy-files.js';

/** One instruction of a Dockerfile: its keyword (upper case) and its arguments, continuation lines joined. */
interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

/** The instructions of a Dockerfile, in order: comments and blank lines dropped, `\` continuations joined. */
function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.startsWith('#')) continue; // a comment inside a continued instruction
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    const whole = (pending + line).trim();
    pending = '';
    if (whole === '') continue;
    const [keyword, ...rest] = whole.split(/\s+/);
    instructions.push({ keyword: keyword.toUpperCase(), args: rest.join(' ') });
  }
  return instructions;
}

/** The JSON (exec) form of ENTRYPOINT/CMD; the shell form would not pass signals to node, so it is an error here. */
function execForm(instruction: Instruction | undefined): string[] {
  assert.ok(instruction, 'missing instruction');
  const parsed: unknown = JSON.parse(instruction.args);
  assert.ok(Array.isArray(parsed) && parsed.every((a) => typeof a === 'string'), `${instruction.keyword} is not exec form`);
  return parsed;
}

/** Whether `.dockerignore` patterns exclude `path` (relative, `/`-separated): docker's rules without `[…]`/`?` classes. */
function dockerIgnores(patterns: readonly string[], path: string): boolean {
  const segments = path.replace(/\/+$/, '').split('/');
  const candidates = segments.map((_, i) => segments.slice(0, i + 1).join('/')); // a folder excludes what is in it
  let ignored = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    const body = (negated ? pattern.slice(1) : pattern).replace(/^\/+/, '').replace(/\/+$/, '');
    const regex = new RegExp(
      `^${body
        .split('**/')
        .map((part) => part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
        .join('(?:.*/)?')}$`,
    );
    if (candidates.some((c) => regex.test(c))) ignored = !negated;
  }
  return ignored;
}

function readDockerignore(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

const dockerfile = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
const ignorePatterns = readDockerignore(readFileSync(join(ROOT, '.dockerignore'), 'utf8'));
const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const deployment = manifest('agent/deployment.yaml', 'Deployment', 'karpd');
const podSpec = deployment.spec.template.spec;
const container = podSpec.containers[0];
const configMap = manifest('agent/configmap.yaml', 'ConfigMap', 'karpd-config');
const config = parseRunConfig(configMap.data['karpd.yaml'], 'deploy/agent/configmap.yaml');

const all = (keyword: string) => dockerfile.filter((i) => i.keyword === keyword);
const last = (keyword: string) => all(keyword).at(-1);
const indexOf = (predicate: (i: Instruction) => boolean) => dockerfile.findIndex(predicate);
/** The sources of one COPY's arguments (every word but the destination and the flags), without `./` and trailing `/`. */
const copySources = (args: string) =>
  args
    .split(/\s+/)
    .filter((w) => !w.startsWith('--'))
    .slice(0, -1)
    .map((w) => w.replace(/^\.\//, '').replace(/\/+$/, ''));
/** The sources of every COPY (no `--from`: there is one stage). */
const copied = all('COPY').flatMap((i) => {
  assert.ok(!i.args.includes('--from'), 'a COPY from another stage');
  return copySources(i.args);
});
const isCopied = (path: string) => copied.some((source) => path === source || path.startsWith(`${source}/`));

describe('Dockerfile', () => {
  it('GIVEN package.json engines THEN the base image is that Node major, slim, and the only stage', () => {
    const major = /^>=\s*(\d+)/.exec(packageJson.engines.node)?.[1];
    assert.ok(major, `engines.node ${packageJson.engines.node} has no minimum major`);
    const from = all('FROM');
    assert.equal(from.length, 1);
    assert.match(from[0].args, new RegExp(`^node:${major}(\\.[\\d.]+)?-(bookworm-)?slim(@sha256:[0-9a-f]{64})?$`));
  });

  it('GIVEN the Deployment securityContext THEN the image runs as its user and group, and that user exists', () => {
    const { runAsUser, runAsGroup, runAsNonRoot } = podSpec.securityContext;
    assert.equal(runAsNonRoot, true);
    assert.equal(last('USER')?.args, `${runAsUser}:${runAsGroup}`);
    // ssh looks its user up and refuses to run without a passwd entry.
    const run = all('RUN')
      .map((i) => i.args)
      .join('\n');
    assert.match(run, new RegExp(`groupadd [^\\n]*--gid ${runAsGroup}\\b`));
    assert.match(run, new RegExp(`useradd [^\\n]*--uid ${runAsUser} [^\\n]*--gid ${runAsGroup}\\b`));
    assert.ok(
      indexOf((i) => i.keyword === 'USER') > indexOf((i) => i.keyword === 'RUN' && i.args.includes('npm ci')),
      'npm ci must run before USER drops root (the files stay root-owned, read-only to the agent)',
    );
  });

  it('GIVEN the Deployment env THEN HOME in the image is the one the Deployment sets (the state emptyDir)', () => {
    const home = container.env.find((e: { name: string }) => e.name === 'HOME')?.value;
    assert.equal(home, config.stateDir);
    assert.ok(all('ENV').some((i) => i.args === `HOME=${home}`));
  });

  it('GIVEN the metrics listener THEN the only exposed port is it, and it is the container port (not the agent API)', () => {
    const exposed = all('EXPOSE').flatMap((i) => i.args.split(/\s+/).map((p) => Number(p.replace(/\/tcp$/, ''))));
    assert.deepEqual(exposed, [config.clusters[0].metrics.bindAddress?.port]);
    assert.deepEqual(
      container.ports.map((p: { containerPort: number }) => p.containerPort),
      exposed,
    );
    assert.ok(!exposed.includes(config.clusters[0].port));
  });

  it('GIVEN the ConfigMap mount THEN the default command is the Deployment args, reading the mounted karpd.yaml', () => {
    const entrypoint = execForm(last('ENTRYPOINT'));
    assert.deepEqual(entrypoint.slice(-2), ['node', packageJson.bin.karpd]);
    const cmd = execForm(last('CMD'));
    assert.deepEqual(cmd, container.args);
    const mount = container.volumeMounts.find((m: { name: string }) => m.name === 'config');
    const item = podSpec.volumes.find((v: { name: string }) => v.name === 'config').configMap.items[0];
    assert.equal(cmd[cmd.indexOf('--config') + 1], `${mount.mountPath}/${item.path}`);
  });

  it('GIVEN the image tag in deploy/ THEN it is the package version', () => {
    assert.equal(container.image, `ghcr.io/karpd/karpd:${packageJson.version}`);
  });

  it('THEN git and openssh-client are installed (the GitOps source)', () => {
    const install = all('RUN').find((i) => i.args.includes('apt-get install'));
    assert.ok(install);
    for (const pkg of ['git', 'openssh-client']) assert.match(install.args, new RegExp(`\\s${pkg}(\\s|$)`));
    assert.match(install.args, /rm -rf \/var\/lib\/apt\/lists/);
  });

  it('GIVEN postinstall runs patch-package THEN npm ci --omit=dev runs with patches/ and the lockfile already copied', () => {
    assert.match(packageJson.scripts.postinstall, /^patch-package\b/);
    // --omit=dev installs only dependencies: what runs at install (patch-package) and start (tsx) must be there.
    for (const runtime of ['patch-package', 'tsx']) assert.ok(packageJson.dependencies[runtime], `${runtime} is not a dependency`);
    const npmCi = indexOf((i) => i.keyword === 'RUN' && /\bnpm ci\b/.test(i.args));
    assert.ok(npmCi >= 0, 'no npm ci');
    const ci = dockerfile[npmCi].args;
    assert.match(ci, /--omit=dev/);
    assert.doesNotMatch(ci, /--ignore-scripts/);
    const copiedBefore = dockerfile
      .slice(0, npmCi)
      .filter((i) => i.keyword === 'COPY')
      .map((i) => i.args);
    for (const needed of ['package.json', 'package-lock.json', 'patches'])
      assert.ok(
        copiedBefore.some((args) => copySources(args).includes(needed)),
        `${needed} is not copied before npm ci`,
      );
  });

  it('THEN every file karpd reads at run time is copied: sources, tsconfig, catalog, CRDs, scenarios, GitOps template', () => {
    const runtimePaths = [
      packageJson.bin.karpd,
      'src/operator/cli/main.ts',
      'ui/main.tsx',
      'tsconfig.json',
      relative(ROOT, DEFAULT_CATALOG_PATH),
      relative(ROOT, CRD_DIRECTORY),
      relative(ROOT, SHIPPED_SCENARIOS_DIR),
      'repo-template/clusters',
    ];
    for (const path of runtimePaths) assert.ok(isCopied(path), `${path} is not copied into the image`);
    assert.ok(!isCopied('test'), 'the tests are copied into the image');
    assert.ok(!isCopied('node_modules'), 'the host node_modules is copied over the image’s own');
  });
});

describe('.dockerignore', () => {
  it('THEN local state, installed modules and the tests stay out of the build context', () => {
    for (const path of [
      '.karpd',
      '.karpd/world.json',
      'node_modules',
      'node_modules/tsx/package.json',
      'test',
      'test/deploy/dockerfile.test.ts',
      '.git',
    ])
      assert.ok(dockerIgnores(ignorePatterns, path), `${path} is not ignored`);
  });

  it('THEN nothing the Dockerfile copies is ignored (docker build would fail or build without it)', () => {
    for (const source of copied) assert.ok(!dockerIgnores(ignorePatterns, source), `${source} is copied but ignored`);
    assert.ok(!dockerIgnores(ignorePatterns, 'src/operator/cli/main.ts'));
  });

  it('GIVEN the matcher THEN it follows docker’s rules for folders, ** and negation', () => {
    assert.equal(dockerIgnores(['node_modules/'], 'node_modules/a/b.js'), true);
    assert.equal(dockerIgnores(['node_modules/'], 'src/node_modules'), false);
    assert.equal(dockerIgnores(['**/node_modules/'], 'src/node_modules/x'), true);
    assert.equal(dockerIgnores(['*.log'], 'karpd.log'), true);
    assert.equal(dockerIgnores(['*.log'], 'src/karpd.log'), false);
    assert.equal(dockerIgnores(['docs/', '!docs/keep.md'], 'docs/keep.md'), false);
    assert.equal(dockerIgnores(['docs/', '!docs/keep.md'], 'docs/other.md'), true);
  });
});
