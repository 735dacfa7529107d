// Bundles the command-line entry points into dist/ (one file each, dependencies left in
// node_modules) so `npm run etl` starts fast and the worker thread has a plain .js file.
// The Lambda bundles are built by `sam build` (esbuild Metadata in template.yaml) or by
// scripts/bundle-functions.mjs; they are not part of this build.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const entries = {
  cli: 'batch-job/src/cli.ts',
  job: 'batch-job/src/job.ts',
  demo: 'batch-job/src/demo.ts',
  'parse-worker': 'batch-job/src/core/parse-worker.ts',
  'export-worker': 'batch-job/src/core/export-worker.ts',
  generate: 'scripts/generate.ts',
  bench: 'scripts/bench.ts',
  'bench-aws': 'scripts/bench-aws.ts',
  'bench-duckdb': 'scripts/bench/duckdb-child.ts',
  'pipeline-local': 'scripts/pipeline-local.ts',
};

// `--only job,parse-worker` builds a subset (the Batch image has no scripts/ or tests).
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt > 0 ? new Set(process.argv[onlyAt + 1].split(',')) : undefined;
const entryPoints = Object.fromEntries(
  Object.entries(entries).filter(([name, file]) => (!only || only.has(name)) && existsSync(file)),
);

await build({
  entryPoints,
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
