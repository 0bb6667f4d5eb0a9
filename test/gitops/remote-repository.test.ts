import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redactUrl, syncCheckout } from '../../src/gitops/source/remote-repository.js';

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' });

describe('remote GitOps repository checkout', () => {
  it('clones, then follows the branch tip', async () => {
    const origin = mkdtempSync(join(tmpdir(), 'karpd-origin-'));
    git(origin, 'init', '--initial-branch=main');
    git(origin, 'config', 'user.email', 't@example.com');
    git(origin, 'config', 'user.name', 't');
    writeFileSync(join(origin, 'a.yaml'), 'one\n');
    git(origin, 'add', '.');
    git(origin, 'commit', '-m', 'one');
    const dir = join(mkdtempSync(join(tmpdir(), 'karpd-state-')), 'gitops');
    const first = await syncCheckout(origin, 'main', dir);
    assert.equal(readFileSync(join(dir, 'a.yaml'), 'utf8'), 'one\n');
    writeFileSync(join(origin, 'a.yaml'), 'two\n');
    git(origin, 'commit', '-am', 'two');
    const second = await syncCheckout(origin, 'main', dir);
    assert.notEqual(second.head, first.head);
    assert.equal(readFileSync(join(dir, 'a.yaml'), 'utf8'), 'two\n');
  });

  it('never shows credentials in a URL', () => {
    assert.equal(redactUrl('https://bot:s3cret@git.example.com/a.git'), 'https://git.example.com/a.git');
  });
});
