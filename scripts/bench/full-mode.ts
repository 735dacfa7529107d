import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { checkStagingHeaders, runBaseline } from './baseline-route.js';
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
  /** A private temporary folder, removed by the caller. */
  readonly scratch: string;
  readonly print: (line: string) => void;
}

export interface FullResult {
  readonly etl: RouteSummary;
  readonly baseline: RouteSummary | null;
  readonly ratio: number | null;
  /** ETL CPU seconds over the shell's: less sensitive to a busy machine than wall time. */
  readonly cpuRatio: number | null;
  readonly aggregateRows: number;
  readonly profile: string[];
}

/**
 * The full load, K times: the ETL and (unless skipped) the sqlite3 baseline on the same
 * files, alternating so that load from other processes falls on both routes alike. Each
 * run's output is removed before the next, so disk use stays at one warehouse.
 */
export async function runFullMode(ctx: BenchContext, withBaseline: boolean): Promise<FullResult> {
  const { opts, data, print } = ctx;
  if (withBaseline) await checkStagingHeaders(data.dir);
  const etlRuns: Measurement[] = [];
  const baseRuns: Measurement[] = [];
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

    if (!withBaseline) continue;
    const db = join(ctx.scratch, `baseline-${k}.db`);
    const base = await runBaseline(ctx.baselineSql, data.dir, db, ctx.scratch);
    await rm(db, { force: true });
    if (base.rentasRows !== opts.rentals) {
      throw new BenchError(`the sqlite3 baseline loaded ${base.rentasRows} rentals, expected ${opts.rentals}`);
    }
    if (base.aggregateRows !== aggregateRows) {
      throw new BenchError(`the sqlite3 baseline built ${base.aggregateRows} aggregate rows, the ETL ${aggregateRows}: the two routes do not do the same job`);
    }
    const etlTop = etl.manifest.top.map((t) => t.id_vehiculo).join(',');
    if (base.top.join(',') !== etlTop) {
      // Durations from julianday() and from milliseconds may differ in the last bits, which
      // can swap ties; worth a look, not a failed bench.
      print(`warning: top 10 differs: etl ${etlTop}, baseline ${base.top.join(',')}`);
    }
    baseRuns.push(base.measurement);
    print(runLine('baseline', k, opts.runs, base.measurement, opts.rentals));
  }
  const etl = summarize(etlRuns, opts.rentals);
  const baseline = baseRuns.length > 0 ? summarize(baseRuns, opts.rentals) : null;
  const ratio = baseline ? etl.median_wall_s / baseline.median_wall_s : null;
  print('');
  for (const line of summaryTable(baseline ? [['etl', etl], ['baseline', baseline]] : [['etl', etl]], opts.runs)) print(line);
  print(`aggregate rows: ${aggregateRows.toLocaleString('en-US')} (etl${baseline ? ' = baseline' : ''})`);
  print(ratio === null ? 'ratio etl/baseline: n/a (baseline skipped)' : `ratio etl/baseline (wall): ${ratio.toFixed(2)}`);
  // CPU seconds move less than wall time when other jobs share the cores; printed beside it.
  const cpuRatio = baseline?.median_cpu_s && etl.median_cpu_s !== null ? etl.median_cpu_s / baseline.median_cpu_s : null;
  if (cpuRatio !== null) print(`ratio etl/baseline (cpu):  ${cpuRatio.toFixed(2)}`);
  return { etl, baseline, ratio, cpuRatio, aggregateRows, profile };
}

/** The last line of a full run, in the exact shape scripts grep for. */
export function benchLine(rentals: number, r: FullResult): string {
  const y = r.baseline ? r.baseline.median_wall_s.toFixed(2) : 'NA';
  const ratio = r.ratio === null ? 'NA' : r.ratio.toFixed(2);
  const rss = r.etl.median_peak_rss_mb === null ? 'NA' : String(r.etl.median_peak_rss_mb);
  return `bench: rentals=${rentals} etl_s=${r.etl.median_wall_s.toFixed(2)} baseline_s=${y} ratio=${ratio} peak_rss_mb=${rss}`;
}
