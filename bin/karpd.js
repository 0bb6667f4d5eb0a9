#!/usr/bin/env node
// Entry point of the `karpd` command. The TypeScript sources are loaded through
// tsx's ESM hook, so there is no build step that can go stale. The dashboard
// (ui/, ink and React) is handed to the CLI as a launcher and loaded only when
// a command opens it, so `src/` never imports it and headless runs never load ink.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

// The project's tsconfig by path, not the one tsx would look up from the working directory: run from any other
// folder, the dashboard's JSX would otherwise compile for the classic runtime and fail with "React is not defined".
register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
const { main } = await import('../src/operator/cli/main.ts');
const { defaultIO } = await import('../src/operator/cli/command.ts');
// React's production build for the dashboard (the development build checks every render and is several times slower).
const loadingUi = (path) => {
  process.env.NODE_ENV ??= 'production';
  return import(path);
};
const launchDashboard = async (options) => (await loadingUi('../ui/main.tsx')).launchDashboard(options);
const loadUiBenchmark = () => loadingUi('../ui/bench/ui-bench.tsx');
process.exitCode = await main(process.argv.slice(2), defaultIO(), { launchDashboard, loadUiBenchmark });
