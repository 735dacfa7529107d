// The benchmark behind `npm run bench`: it prints figures, it is not a test. The ETL, the
// sqlite3-shell baseline and the DuckDB route run as separate processes on the same cached
// data set, measured by the OS (wall time, peak RSS, CPU); the last line has a fixed shape
// for scripts to grep.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findSqliteShell } from './bench/baseline-route.js';
import { ensureDataset } from './bench/dataset.js';
import { benchLine, runFullMode, type BenchContext } from './bench/full-mode.js';
import { incrementalLine, runIncrementalMode } from './bench/incremental-mode.js';
import { runLambdasMode } from './bench/lambdas-mode.js';
import { rssSource } from './bench/measure.js';
import { BenchError, type BenchOptions, INCREMENTAL_BATCH, parseBenchArgs, USAGE } from './bench/options.js';
import { mb } from './bench/report.js';

const ID_LAYOUT_NOTES = {
  dense: 'dense (rentas and clientes ids 1..n)',
  sparse: 'sparse (rentas and clientes ids scattered over 1..2^40)',
  high: 'high (rentas and clientes ids 2^53-n .. 2^53-1)',
} as const;

const print = (line: string): void => void process.stdout.write(`${line}\n`);
const round3 = (n: number): number => Number(n.toFixed(3));

/** dist/ when bundled: the ETL, the generator and the DuckDB route's process are its siblings, bench/ is beside it. */
function locate(): { cli: string; generator: string; baselineSql: string; duckdbSql: string; duckdbChild: string } {
  const dist = dirname(fileURLToPath(import.meta.url));
  const paths = {
    cli: join(dist, 'cli.js'),
    generator: join(dist, 'generate.js'),
    baselineSql: join(dist, '..', 'bench', 'baseline.sql'),
    duckdbSql: join(dist, '..', 'bench', 'baseline-duckdb.sql'),
    duckdbChild: join(dist, 'bench-duckdb.js'),
  };
  for (const path of Object.values(paths)) {
    if (!existsSync(path)) throw new BenchError(`${path} is missing; run the bench with \`npm run bench\`, which builds dist/ first`);
  }
  return paths;
}

async function bench(opts: BenchOptions): Promise<number> {
  const paths = locate();
  const shell = opts.skipBaseline || opts.incremental ? undefined : findSqliteShell();
  if (shell && !shell.ok) process.stderr.write(`bench: ${shell.message}\n`);
  const duckdb = opts.skipDuckdb || opts.incremental ? undefined : findDuckdb();
  if (duckdb && !duckdb.ok) process.stderr.write(`bench: ${duckdb.message}\n`);

  const data = await ensureDataset(opts.cache, opts.rentals, opts.seed, paths.generator, (l) => print(`data: ${l}`), opts.idLayout);
  print(`data: ${data.dir}${data.cached ? ' (cached)' : ''}: rentas.csv ${mb(data.bytes['rentas.csv'])}, ${mb(data.bytes.total)} in all`);
  print(`ids: ${ID_LAYOUT_NOTES[opts.idLayout]}`);
  print(`measured by: ${rssSource()}; sqlite3 shell: ${shell?.ok ? shell.version : 'not used'}; DuckDB: ${duckdb?.ok ? duckdb.version : 'not used'}; node ${process.version}`);

  const scratch = await mkdtemp(join(tmpdir(), 'rentas-bench-'));
  const ctx: BenchContext = { opts, data, scratch, print, ...paths };
  const common = { rentals: opts.rentals, seed: opts.seed, id_layout: opts.idLayout, runs: opts.runs, data_bytes: data.bytes.total, rss_source: rssSource(), node: process.version };
  try {
    if (opts.incremental) {
      const r = await runIncrementalMode(ctx);
      printProfile('full load', r.profile.full);
      printProfile('incremental', r.profile.incremental);
      if (opts.json) {
        print(JSON.stringify({
          ...common,
          mode: 'incremental',
          batch: INCREMENTAL_BATCH,
          full: r.full,
          incremental: r.incremental,
          ratio: round3(r.ratio),
          profile: r.profile,
        }));
      }
      print(incrementalLine(opts.rentals, r));
      return 0;
    }
    const r = await runFullMode(ctx, shell?.ok === true, duckdb?.ok === true);
    printProfile('etl', r.profile);
    if (opts.json) {
      print(JSON.stringify({
        ...common,
        mode: 'full',
        sqlite3: shell?.ok ? shell.version : null,
        etl: r.etl,
        duckdb_version: duckdb?.ok ? duckdb.version : null,
        baseline: r.baseline,
        duckdb: r.duckdb,
        ratio: r.ratio === null ? null : round3(r.ratio),
        duckdb_ratio: r.duckdbRatio === null ? null : round3(r.duckdbRatio),
        cpu_ratio: r.cpuRatio === null ? null : round3(r.cpuRatio),
        aggregate_rows: r.aggregateRows,
        profile: r.profile,
      }));
    }
    print(benchLine(opts.rentals, r));
    // A missing shell or DuckDB was asked for (no --skip-baseline, --skip-duckdb): the figures are incomplete.
    return (shell && !shell.ok) || (duckdb && !duckdb.ok) ? 1 : 0;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Whether @duckdb/node-api (a development dependency) is installed, and its version. */
function findDuckdb(): { ok: true; version: string } | { ok: false; message: string } {
  const require = createRequire(import.meta.url);
  try {
    const manifest = require.resolve('@duckdb/node-api/package.json');
    return { ok: true, version: `@duckdb/node-api ${(require(manifest) as { version: string }).version}` };
  } catch {
    return { ok: false, message: '@duckdb/node-api is not installed, so the DuckDB route is skipped; install the development dependencies (`npm ci`) or pass --skip-duckdb.' };
  }
}

function printProfile(label: string, lines: readonly string[]): void {
  if (lines.length === 0) {
    print(`profile (${label}): none (the ETL printed no "profile:" lines with RENTAS_PROFILE=1)`);
    return;
  }
  print(`profile (${label}, last run):`);
  for (const line of lines) print(`  ${line}`);
}

async function main(argv: string[]): Promise<number> {
  try {
    const opts = parseBenchArgs(argv);
    if (opts === 'help') {
      print(USAGE);
      return 0;
    }
    if (opts.lambdas) return await runLambdasMode(opts, print);
    return await bench(opts);
  } catch (e) {
    if (!(e instanceof BenchError)) throw e;
    process.stderr.write(`bench: ${e.message.replace(/\.$/, '')}.\n`);
    return e.exitCode;
  }
}

process.exitCode = await main(process.argv.slice(2));
