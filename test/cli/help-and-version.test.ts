/**
 * `karpd --version`, and every command's --help held to what the command
 * parses: each flag a help text names is given (with a sample value when the
 * help shows a placeholder) in front of --help, and must be accepted.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { helpText, main } from '../../src/operator/cli/main.js';
import type { CommandIO } from '../../src/operator/cli/command.js';

const ROOT = resolve(import.meta.dirname, '../..');

function capture(): CommandIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (text) => stdout.push(text), err: (text) => stderr.push(text), cwd: tmpdir() };
}

/** A value for the placeholder the help prints after a flag (`N`, `DIR`, `demo|none`, …); undefined: a boolean flag. */
function sampleValue(placeholder: string | undefined): string | undefined {
  if (placeholder === undefined || !/^[A-Z]|\|/.test(placeholder)) return undefined;
  if (placeholder.includes('|')) return placeholder.split('|')[0];
  if (placeholder.startsWith('N')) return '1';
  if (placeholder === 'DIR') return tmpdir();
  return 'sample';
}

/** `[flag, placeholder]` for every `--flag` at the start of a help line. */
function flagsOf(help: string): [string, string | undefined][] {
  return [...help.matchAll(/^\s+(?:-\w, )?(--[a-z][a-z-]*)(?: ([^\s]+))?/gm)].map((m) => [m[1], m[2]]);
}

const COMMANDS = [
  ['up'],
  ['control-plane'],
  ['run'],
  ['dash'],
  ['sim'],
  ['plan'],
  ['validate'],
  ['new'],
  ['bench', 'scheduling'],
  ['bench', 'control-plane'],
  ['status'],
  ['decisions'],
  ['approve'],
  ['reject'],
  ['why'],
  ['refresh'],
  ['suspend'],
  ['resume'],
  ['replay'],
];

describe('karpd --version', () => {
  it('prints the version from package.json and the Node.js version', async () => {
    const { version } = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { version: string };
    const io = capture();
    assert.equal(await main(['--version'], io), 0);
    assert.deepEqual(io.stdout, [`karpd ${version} (node ${process.version})`]);
    assert.match(helpText(), /karpd --version/);
  });
});

describe('--help of every command', () => {
  for (const command of COMMANDS) {
    it(`karpd ${command.join(' ')}: every flag its help names is parsed`, async () => {
      const io = capture();
      assert.equal(await main([...command, '--help'], io), 0, io.stderr.join('\n'));
      const help = io.stdout.join('\n');
      const flags = flagsOf(help).filter(([flag]) => flag !== '--help');
      assert.ok(flags.length > 0 || command[0] === 'validate', `no flags found in:\n${help}`);
      for (const [flag, placeholder] of flags) {
        const value = sampleValue(placeholder);
        const attempt = capture();
        const code = await main([...command, flag, ...(value === undefined ? [] : [value]), '--help'], attempt);
        assert.equal(code, 0, `karpd ${command.join(' ')} ${flag}: ${attempt.stderr.join('\n').split('\n')[0]}`);
      }
    });
  }

  it('karpd --help lists only commands that exist', async () => {
    const io = capture();
    await main(['--help'], io);
    const names = [...io.stdout.join('\n').matchAll(/^ {2}([a-z-]+) {2,}/gm)].map((m) => m[1]);
    assert.deepEqual(names, [
      'up',
      'control-plane',
      'run',
      'dash',
      'sim',
      'status',
      'decisions',
      'approve',
      'reject',
      'why',
      'refresh',
      'suspend',
      'resume',
      'plan',
      'validate',
      'new',
      'bench',
      'replay',
    ]);
    for (const name of names) assert.equal(await main([name, '--help'], capture()), 0, name);
  });
});
