import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgentFileError, generateToken, readAgentFile, writeAgentFile } from '../../src/operator/agent-file.js';

const stateDir = () => mkdtempSync(join(tmpdir(), 'karpd-agent-file-'));

describe('agent.json', () => {
  it('generates 32 random bytes as base64url, different every time', () => {
    const a = generateToken();
    assert.match(a, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(Buffer.from(a, 'base64url').length, 32);
    assert.notEqual(a, generateToken());
  });

  it('is written with mode 0600, replacing an older world-readable file, leaving no temp file', () => {
    const dir = stateDir();
    writeFileSync(join(dir, 'agent.json'), '{}', { mode: 0o644 });
    chmodSync(join(dir, 'agent.json'), 0o644);
    const token = generateToken();
    const path = writeAgentFile(dir, { url: 'http://127.0.0.1:18400', token, pid: 42 });
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')), { url: 'http://127.0.0.1:18400', token, pid: 42 });
    assert.deepEqual(readdirSync(dir), ['agent.json']);
    assert.deepEqual(readAgentFile(dir), { url: 'http://127.0.0.1:18400', token, pid: 42 });
  });

  it('reading names the file and the missing field', () => {
    const dir = stateDir();
    assert.throws(
      () => readAgentFile(dir),
      (error) => error instanceof AgentFileError && /agent\.json: not found/.test(error.message),
    );
    writeFileSync(join(dir, 'agent.json'), JSON.stringify({ url: 'http://127.0.0.1:1' }));
    assert.throws(() => readAgentFile(dir), /agent\.json: token: /);
    writeFileSync(join(dir, 'agent.json'), '{');
    assert.throws(() => readAgentFile(dir), AgentFileError);
  });
});
