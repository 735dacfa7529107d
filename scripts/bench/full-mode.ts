import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type BaselineRun, checkStagingHeaders, runBaseline } from './baseline-route.js';
import { runDuckdb } from './duckdb-route.js';
import type { Dataset } from './dataset.js';
import { TABLE_KEYS } from '../../common/manifest.js';
import { checkLoaded, runEtl } from './etl-route.js';
import type { Measurement } from './measure.js';
import { BenchError, type BenchOptions } from './options.js';
import { type RouteSummary, runLine, summarize, summaryTable } from './report.js';

export interface BenchContext {
  readonly opts: BenchOptions;
  readonly data: Dataset;
  readonly cli: string;
  readonly baselineSql: string;
  /** The DuckDB route's script template and its process (dist/bench-duckdb.js). */
  readonly duckdbSql: string;
  readonly duckdbChild: string;
  /** A private temporary folder, removed by the caller. */
  readonly scratch: string;
  readonly print: (line: string) => void;
}

export interface FullResult {
  readonly etl: RouteSummary;
  readonly baseline: RouteSummary | null;
  readonly duckdb: RouteSummary | null;
  readonly ratio: number | null;
  /** ETL wall time over DuckDB's: a yardstick (DuckDB skips the row rules and the accounting), not a target. */
  readonly duckdbRatio: number | null;
  /** ETL CPU seconds over the shell's: less sensitive to a busy machine than wall time. */
  readonly cpuRatio: number | null;
  readonly aggregateRows: number;
  readonly profile: string[];
}

/**
 * Fails unless another route loaded every rental and built as many aggregate rows as the ETL;
 * a different top 10 is only worth a warning.
 */
function checkRoute(label: string, run: BaselineRun, rentals: number, aggregateRows: number, etlTop: string, print: (line: string) => void): void {
  if (run.rentasRows !== rentals) {
    throw new BenchError(`the ${label} loaded ${run.rentasRows} rentals, expected ${rentals}`);
  }
  if (run.aggregateRows !== aggregateRows) {
    throw new BenchError(`the ${label} built ${run.aggregateRows} aggregate rows, the ETL ${aggregateRows}: the two routes do not do the same job`);
  }
  if (run.top.join(',') !== etlTop) {
    // Durations from julianday() and from milliseconds may differ in the last bits, which
    // can swap ties; worth a look, not a failed bench.
    print(`warning: top 10 differs: etl ${etlTop}, ${label} ${run.top.join(',')}`);
  }
}

/**
 * The full load, K times: the ETL, the sqlite3 baseline and the DuckDB route (each unless
 * skipped) on the same files, alternating so that load from other processes falls on every
 * route alike. Each run's output is removed before the next, so disk use stays at one warehouse.
 */
export async function runFullMode(ctx: BenchContext, withBaseline: boolean, withDuckdb: boolean): Promise<FullResult> {
  const { opts, data, print } = ctx;
  if (withBaseline || withDuckdb) await checkStagingHeaders(data.dir);
  const etlRuns: Measurement[] = [];
  const baseRuns: Measurement[] = [];
  const duckRuns: Measurement[] = [];
  let aggregateRows = 0;
  let profile: string[] = [];
  for (let k = 1; k <= opts.runs; k++) {
    const out = join(ctx.scratch, `etl-${k}`);
    const etl = await runEtl({ cli: ctx.cli, input: data.dir, out });
    checkLoaded(etl.manifest, opts.rentals, TABLE_KEYS);
    await rm(out, { recursive: true, force: true });
    etlRuns.push(etl.measurement);
    aggregateRows = etl.manifest.aggregate.rows;
    profile = etl.profile;
    print(runLine('etl', k, opts.runs, etl.measurement, opts.rentals));
    const etlTop = etl.manifest.top.map((t) => t.id_vehiculo).join(',');

    if (withBaseline) {
      const db = join(ctx.scratch, `baseline-${k}.db`);
      const base = await runBaseline(ctx.baselineSql, data.dir, db, ctx.scratch);
      await rm(db, { force: true });
      checkRoute('sqlite3 baseline', base, opts.rentals, aggregateRows, etlTop, print);
      baseRuns.push(base.measurement);
      print(runLine('baseline', k, opts.runs, base.measurement, opts.rentals));
    }
    if (withDuckdb) {
      const db = join(ctx.scratch, `duckdb-${k}.duckdb`);
      const duck = await runDuckdb(ctx.duckdbSql, ctx.duckdbChild, data.dir, db, ctx.scratch);
      await rm(db, { force: true });
      await rm(`${db}.wal`, { force: true });
      checkRoute('DuckDB route', duck, opts.rentals, aggregateRows, etlTop, print);
      duckRuns.push(duck.measurement);
      print(runLine('duckdb', k, opts.runs, duck.measurement, opts.rentals));
    }
  }
  const etl = summarize(etlRuns, opts.rentals);
  const baseline = baseRuns.length > 0 ? summarize(baseRuns, opts.rentals) : null;
  const duckdb = duckRuns.length > 0 ? summarize(duckRuns, opts.rentals) : null;
  const ratio = baseline ? etl.median_wall_s / baseline.median_wall_s : null;
  const duckdbRatio = duckdb ? etl.median_wall_s / duckdb.median_wall_s : null;
  print('');
  const rows: [string, RouteSummary][] = [['etl', etl]];
  if (baseline) rows.push(['baseline', baseline]);
  if (duckdb) rows.push(['duckdb', duckdb]);
  for (const line of summaryTable(rows, opts.runs)) print(line);
  const others = [baseline && 'baseline', duckdb && 'duckdb'].filter(Boolean);
  print(`aggregate rows: ${aggregateRows.toLocaleString('en-US')} (${['etl', ...others].join(' = ')})`);
  print(ratio === null ? 'ratio etl/baseline: n/a (baseline skipped)' : `ratio etl/baseline (wall): ${ratio.toFixed(2)}`);
  // CPU seconds move less than wall time when other jobs share the cores; printed beside it.
  const cpuRatio = baseline?.median_cpu_s && etl.median_cpu_s !== null ? etl.median_cpu_s / baseline.median_cpu_s : null;
  if (cpuRatio !== null) print(`ratio etl/baseline (cpu):  ${cpuRatio.toFixed(2)}`);
  // A yardstick, not a target: DuckDB skips the row rules, the accounting and the outputs.
  print(duckdbRatio === null ? 'ratio etl/duckdb: n/a (DuckDB route skipped)' : `ratio etl/duckdb (wall):   ${duckdbRatio.toFixed(2)}`);
  return { etl, baseline, duckdb, ratio, duckdbRatio, cpuRatio, aggregateRows, profile };
}

/** The last line of a full run, in the exact shape scripts grep for. */
export function benchLine(rentals: number, r: FullResult): string {
  const y = r.baseline ? r.baseline.median_wall_s.toFixed(2) : 'NA';
  const ratio = r.ratio === null ? 'NA' : r.ratio.toFixed(2);
  const rss = r.etl.median_peak_rss_mb === null ? 'NA' : String(r.etl.median_peak_rss_mb);
  const duck = r.duckdb ? r.duckdb.median_wall_s.toFixed(2) : 'NA';
  return `bench: rentals=${rentals} etl_s=${r.etl.median_wall_s.toFixed(2)} baseline_s=${y} ratio=${ratio} peak_rss_mb=${rss} duckdb_s=${duck}`;
}
