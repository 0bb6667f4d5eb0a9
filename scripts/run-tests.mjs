#!/usr/bin/env node
// Runs every test file under test/ (or the files/folders given as arguments)
// with node's own test runner, TypeScript loaded through tsx. The runner's
// closing lines (`ℹ pass N`, `ℹ fail N`) are what CI reads.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const isTestFile = (name) => /\.test\.tsx?$/.test(name);

function collect(path) {
  if (!statSync(path).isDirectory()) return isTestFile(path) ? [path] : [];
  return readdirSync(path, { recursive: true })
    .map((entry) => join(path, String(entry)))
    .filter((file) => isTestFile(file) && !file.includes('node_modules'))
    .sort();
}

const roots = process.argv.slice(2);
const files = (roots.length > 0 ? roots : ['test']).flatMap((root) => collect(resolve(root)));
if (files.length === 0) {
  console.error('no test files found under', roots.length > 0 ? roots.join(' ') : 'test/');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
