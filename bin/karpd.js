#!/usr/bin/env node
// Entry point of the `karpd` command. The TypeScript sources are loaded through
// tsx's ESM hook, so there is no build step that can go stale.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/operator/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
