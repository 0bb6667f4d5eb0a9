import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAgentFlagsError, isNoAgentError, readAgentAddress, resolveAgentAddress } from '../../src/operator/agent-address.js';

const TOKEN = 'a'.repeat(43);

function stateDirWith(content: string): string {
  const cwd = mkdtempSync(join(tmpdir(), 'karpd-agent-address-'));
  mkdirSync(join(cwd, 'state'));
  writeFileSync(join(cwd, 'state', 'agent.json'), content);
  return cwd;
}

describe('readAgentAddress', () => {
  it('reads the url and token of agent.json, relative to cwd', () => {
    const cwd = stateDirWith(JSON.stringify({ url: 'http://127.0.0.1:4000', token: TOKEN, pid: 12 }));
    assert.deepEqual(readAgentAddress('state', cwd), { url: 'http://127.0.0.1:4000', token: TOKEN });
  });

  it('names the state directory as given and what is wrong, and says how to start an agent', () => {
    const cases: Array<[string, RegExp]> = [
      ['not json', /^no karpd agent at state \(agent\.json unreadable: not JSON\): start one with npm start$/],
      [JSON.stringify({ url: 'ftp://x', token: TOKEN }), /agent\.json: url is not an http\(s\) URL/],
      [JSON.stringify({ url: 'http://127.0.0.1:1', token: 'short' }), /agent\.json: token is not a string of at least 32 characters/],
      ['[]', /url is not an http\(s\) URL/],
    ];
    for (const [content, message] of cases) {
      const cwd = stateDirWith(content);
      assert.throws(
        () => readAgentAddress('state', cwd),
        (error: unknown) => isNoAgentError(error) && message.test((error as Error).message),
        content,
      );
    }
    const empty = mkdtempSync(join(tmpdir(), 'karpd-agent-address-'));
    assert.throws(
      () => readAgentAddress('.karpd', empty),
      /^NoAgentError: no karpd agent at \.karpd \(agent\.json missing\): start one with npm start$/,
    );
  });
});

describe('resolveAgentAddress', () => {
  const cwd = stateDirWith(JSON.stringify({ url: 'http://127.0.0.1:4000', token: TOKEN }));

  it('takes --agent with --token, or with the environment token', () => {
    assert.deepEqual(resolveAgentAddress({ agent: 'https://agent.example:8443', token: TOKEN }, cwd), {
      url: 'https://agent.example:8443',
      token: TOKEN,
    });
    assert.deepEqual(resolveAgentAddress({ agent: 'http://127.0.0.1:9' }, cwd, TOKEN), { url: 'http://127.0.0.1:9', token: TOKEN });
    assert.equal(resolveAgentAddress({ agent: 'http://127.0.0.1:9', token: TOKEN }, cwd, 'b'.repeat(40)).token, TOKEN, '--token wins');
  });

  it('reads agent.json of --state-dir, by default .karpd', () => {
    assert.equal(resolveAgentAddress({ stateDir: 'state' }, cwd).url, 'http://127.0.0.1:4000');
    assert.throws(() => resolveAgentAddress({}, cwd), /no karpd agent at \.karpd/);
  });

  it('refuses flags that contradict each other or are malformed', () => {
    const refused: Array<[Parameters<typeof resolveAgentAddress>[0], string | undefined, RegExp]> = [
      [{ token: TOKEN }, undefined, /--token needs --agent URL/],
      [{ agent: 'http://x:1', token: TOKEN, stateDir: 'state' }, undefined, /either --state-dir or --agent/],
      [{ agent: 'localhost:1234', token: TOKEN }, undefined, /--agent "localhost:1234" is not an http\(s\) URL/],
      [{ agent: 'http://x:1' }, undefined, /--agent needs --token T \(or KARPD_TOKEN/],
      [{ agent: 'http://x:1' }, '', /--agent needs --token T/],
      [{ agent: 'http://x:1', token: 'short' }, undefined, /shorter than 32 characters/],
    ];
    for (const [flags, envToken, message] of refused) {
      assert.throws(
        () => resolveAgentAddress(flags, cwd, envToken),
        (error: unknown) => isAgentFlagsError(error) && message.test((error as Error).message),
        JSON.stringify(flags),
      );
    }
  });
});
