/** `tokenFile` in karpd.yaml: the agent token from a mounted Secret instead of a fresh one per start. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunConfigError, parseRunConfig, readAgentToken } from '../../src/operator/run-config.js';

const CONFIG =
  'apiVersion: karpd.dev/v1alpha1\nkind: AgentConfig\ngit: {url: "https://git.example.com/p.git"}\nclusters: [{name: prod-eu}]\n';

function withFile(text: string, check: (path: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'karpd-token-'));
  try {
    const path = join(dir, 'token');
    writeFileSync(path, text);
    check(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('karpd run tokenFile', () => {
  it('GIVEN no tokenFile THEN the config has none (a fresh token each start)', () => {
    assert.equal(parseRunConfig(CONFIG, 'karpd.yaml').tokenFile, undefined);
    assert.equal(parseRunConfig(`${CONFIG}tokenFile: /etc/karpd/token/token\n`, 'karpd.yaml').tokenFile, '/etc/karpd/token/token');
  });

  it('GIVEN a Secret file with a trailing newline (kubectl create secret --from-file) WHEN read THEN the token is the line', () => {
    const token = 'Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5';
    withFile(`${token}\n`, (path) => assert.equal(readAgentToken(path), token));
    withFile(token, (path) => assert.equal(readAgentToken(path), token));
  });

  it('GIVEN a short, multi-line or missing token file WHEN read THEN it is refused naming the file', () => {
    withFile('short\n', (path) =>
      assert.throws(
        () => readAgentToken(path),
        (e) => e instanceof RunConfigError && e.message.includes(path),
      ),
    );
    withFile(`${'a'.repeat(40)}\n${'b'.repeat(40)}\n`, (path) => assert.throws(() => readAgentToken(path), /one line of at least 32/));
    assert.throws(() => readAgentToken('/nonexistent/karpd/token'), /tokenFile \/nonexistent\/karpd\/token: cannot read it \(ENOENT\)/);
  });
});
