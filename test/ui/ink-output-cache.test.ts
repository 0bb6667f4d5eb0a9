/**
 * karpd's patch of ink (patches/ink+6.8.0.patch, applied by `npm ci`'s postinstall): ink's Output keeps one set of
 * caches for every frame instead of a new one per render, so a line unchanged since the last frame is not
 * tokenized and measured again (that was two thirds of a 120×40 frame, issue #11). These tests fail when the
 * patch is not applied (a fresh ink, a failed postinstall) or when an ink upgrade moved the code it patches.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';

interface InkOutput {
  readonly caches: { readonly styledChars: Map<string, unknown> };
  write(x: number, y: number, text: string, options: { transformers: unknown[] }): void;
  get(): { output: string; height: number };
}

async function outputClass(): Promise<new (options: { width: number; height: number }) => InkOutput> {
  const inkEntry = createRequire(import.meta.url).resolve('ink');
  const module = (await import(pathToFileURL(join(dirname(inkEntry), 'output.js')).href)) as {
    default: new (options: { width: number; height: number }) => InkOutput;
  };
  return module.default;
}

describe('ink output caches (patched ink)', () => {
  it('GIVEN two renders THEN they share one set of caches', async () => {
    const Output = await outputClass();
    assert.equal(new Output({ width: 10, height: 2 }).caches, new Output({ width: 10, height: 2 }).caches);
  });

  it('GIVEN a line drawn by one render WHEN the next render draws it THEN it is read from the cache and drawn the same', async () => {
    const Output = await outputClass();
    const line = `\u001b[32mkarpd cache check ${process.pid}\u001b[39m`;
    const first = new Output({ width: 40, height: 1 });
    first.write(0, 0, line, { transformers: [] });
    const drawn = first.get().output;
    const cached = first.caches.styledChars.get(line);
    assert.ok(cached !== undefined, 'the first render cached the line');
    const second = new Output({ width: 40, height: 1 });
    second.write(0, 0, line, { transformers: [] });
    assert.equal(second.get().output, drawn);
    assert.equal(second.caches.styledChars.get(line), cached);
  });
});
