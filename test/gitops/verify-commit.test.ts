import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GitSource } from '../../src/gitops/source/git-source.js';
import { readVerification } from '../../src/gitops/source/verify-commit.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { RecordingLogger } from '../../src/testing/recording-logger.js';
import { commitFiles, git, makeOrigin, tempDir } from './git-fixture.js';

function hasGpg(): boolean {
  try {
    execFileSync('gpg', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

interface TestKey {
  readonly home: string;
  readonly fingerprint: string;
  readonly publicKeyFile: string;
}

/** A throwaway signing key in its own GnuPG home. */
function generateKey(name: string): TestKey {
  const home = tempDir(`gpg-${name}`);
  chmodSync(home, 0o700);
  const gpg = (args: string[]) => execFileSync('gpg', ['--batch', '--homedir', home, ...args], { encoding: 'utf8', stdio: 'pipe' });
  gpg(['--passphrase', '', '--quick-gen-key', `${name} <${name}@example.com>`, 'ed25519', 'sign', 'never']);
  const fingerprint =
    gpg(['--with-colons', '--list-keys'])
      .split('\n')
      .find((line) => line.startsWith('fpr:'))
      ?.split(':')[9] ?? '';
  const publicKeyFile = join(tempDir(`key-${name}`), `${name}.asc`);
  writeFileSync(publicKeyFile, gpg(['--armor', '--export', fingerprint]));
  return { home, fingerprint, publicKeyFile };
}

function commitSigned(repo: string, key: TestKey, message: string): string {
  commitFiles(repo, { [`${message.replaceAll(' ', '-')}.yaml`]: `${message}\n` }, message, []);
  git(repo, ['-c', `user.signingkey=${key.fingerprint}`, 'commit', '--quiet', '--amend', '--no-edit', '-S'], { GNUPGHOME: key.home });
  return git(repo, ['rev-parse', 'HEAD']);
}

const killAgent = (home: string) => execFileSync('gpgconf', ['--homedir', home, '--kill', 'all'], { stdio: 'ignore' });

describe('commit signature verification', () => {
  const available = hasGpg();
  let trusted: TestKey;
  let stranger: TestKey;
  before(() => {
    if (!available) return;
    trusted = generateKey('trusted');
    stranger = generateKey('stranger');
  });
  after(() => {
    if (!available) return;
    for (const key of [trusted, stranger]) killAgent(key.home);
  });

  it('puts a commit signed by a configured key in force and refuses unsigned and unknown-key commits', async (t) => {
    if (!available) return t.skip('gpg is not installed: signature verification cannot be tested');
    const origin = makeOrigin();
    const signed = commitSigned(origin.dir, trusted, 'signed one');
    const cacheDir = tempDir('cache');
    const logger = new RecordingLogger();
    const source = new GitSource({
      url: origin.dir,
      cacheDir,
      intervalMs: 60_000,
      clock: new FakeClock(),
      logger,
      verify: { keys: [trusted.publicKeyFile] },
    });
    const first = await source.refresh();
    assert.equal(first?.commit, signed);
    assert.equal(first?.verification?.verified, true);
    assert.match(first?.verification?.signer ?? '', new RegExp(`trusted <trusted@example.com> \\(${trusted.fingerprint}\\)`));
    assert.equal(statSync(join(cacheDir, 'gnupg')).mode & 0o777, 0o700, 'the private GnuPG home is 0700');

    const unsigned = commitFiles(origin.dir, { 'u.yaml': 'u\n' }, 'unsigned');
    assert.equal((await source.refresh())?.commit, signed, 'an unsigned commit is not put in force');
    assert.deepEqual(source.status().refused, { commit: unsigned, reason: `commit ${unsigned.slice(0, 12)} refused: unsigned` });
    assert.equal(source.status().error, undefined, 'a refusal is not a fetch failure');
    assert.ok(logger.problems().some((line) => line.message.includes('refused: unsigned')));

    const foreign = commitSigned(origin.dir, stranger, 'signed by a stranger');
    assert.equal((await source.refresh())?.commit, signed);
    assert.equal(source.status().refused?.commit, foreign);
    assert.match(
      source.status().refused?.reason ?? '',
      new RegExp(`^commit ${foreign.slice(0, 12)} refused: signed by an unknown key [0-9A-F]{16}$`),
    );

    const next = commitSigned(origin.dir, trusted, 'signed two');
    assert.equal((await source.refresh())?.commit, next);
    assert.equal(source.status().refused, undefined);
  });

  it('reports a key file that cannot be imported as the fetch error', async (t) => {
    if (!available) return t.skip('gpg is not installed: signature verification cannot be tested');
    const origin = makeOrigin();
    const missing = join(tempDir('keys'), 'missing.asc');
    const source = new GitSource({
      url: origin.dir,
      cacheDir: tempDir('cache'),
      intervalMs: 60_000,
      clock: new FakeClock(),
      logger: new RecordingLogger(),
      verify: { keys: [missing] },
    });
    assert.equal(await source.refresh(), undefined);
    assert.match(source.status().error ?? '', new RegExp(`importing signing key ${missing}`));
  });
});

describe('readVerification', () => {
  const fpr = 'A'.repeat(40);
  it('needs a good and valid signature by a configured key', () => {
    const raw = `[GNUPG:] GOODSIG 1234 Name <n@x>\n[GNUPG:] VALIDSIG ${fpr} 2026-01-01 0 4 0 22 8 00 ${fpr}\n`;
    assert.deepEqual(readVerification(raw, [fpr]), { verified: true, signer: `Name <n@x> (${fpr})` });
    assert.deepEqual(readVerification(raw, ['B'.repeat(40)]), { verified: false, reason: 'signed by an untrusted key 1234' });
  });

  it('names a bad signature, an expired or revoked key, an unknown key, and no signature', () => {
    assert.equal(readVerification('[GNUPG:] BADSIG 1234 Name\n', [fpr]).reason, 'bad signature (key 1234)');
    assert.equal(readVerification('[GNUPG:] EXPKEYSIG 1234 Name\n', [fpr]).reason, 'signed by an expired key 1234');
    assert.equal(readVerification('[GNUPG:] REVKEYSIG 1234 Name\n', [fpr]).reason, 'signed by a revoked key 1234');
    assert.equal(
      readVerification('[GNUPG:] ERRSIG 1234 22 8 00 1 9 -\n[GNUPG:] NO_PUBKEY 1234\n', [fpr]).reason,
      'signed by an unknown key 1234',
    );
    assert.equal(readVerification('', [fpr]).reason, 'unsigned');
  });
});
