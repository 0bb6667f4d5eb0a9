#!/usr/bin/env node
// Writes deploy/crds/*.yaml from the project's schema (src/apis/crds). Run with `npm run generate:crds`
// after changing src/apis/validation/*-schema.ts or src/apis/crds; test/apis/crds/generated-crds.test.ts
// fails while the files are stale.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderCrdFiles } from '../src/apis/crds/render.ts';

const directory = fileURLToPath(new URL('../deploy/crds/', import.meta.url));
for (const { file, text } of renderCrdFiles()) {
  writeFileSync(join(directory, file), text);
  console.log(`wrote deploy/crds/${file}`);
}
