import { copyFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { forceToDisk } from '../../batch-job/src/core/warehouse-file.js';
import { TABLE_KEYS } from '../../common/manifest.js';
import { checkLoaded, databasePath, runEtl } from './etl-route.js';
import type { BenchContext } from './full-mode.js';
import type { Measurement } from './measure.js';
import { INCREMENTAL_BATCH } from './options.js';
import { type RouteSummary, runLine, summarize, summaryTable } from './report.js';
import { writeRentalBatch } from './rental-batch.js';

export interface IncrementalResult {
  readonly full: RouteSummary;
  readonly incremental: RouteSummary;
  readonly ratio: number;
  readonly profile: { full: string[]; incremental: string[] };
}

/**
 * A daily batch of new rentals into a warehouse that already holds N: K full loads and K
 * incremental loads, alternating. Each incremental run loads into a copy of the warehouse the
 * full load before it made (so it always has the current schema), and every run inserts the
 * same 10 000 rentals into the same N.
 */
export async function runIncrementalMode(ctx: BenchContext): Promise<IncrementalResult> {
  const { opts, data, print } = ctx;
  const batchDir = join(ctx.scratch, 'batch');
  await writeRentalBatch(data.dir, batchDir, opts.rentals + 1, INCREMENTAL_BATCH);

  const fullRuns: Measurement[] = [];
  const incRuns: Measurement[] = [];
  const profile = { full: [] as string[], incremental: [] as string[] };
  for (let k = 1; k <= opts.runs; k++) {
    const fullOut = join(ctx.scratch, `full-${k}`);
    const full = await runEtl({ cli: ctx.cli, input: data.dir, out: fullOut });
    checkLoaded(full.manifest, opts.rentals, TABLE_KEYS);
    const copy = join(ctx.scratch, `warehouse-${k}.db`);
    await copyFile(databasePath(full.manifest, fullOut), copy);
    // A warehouse at rest, as between two daily batches: the copy's writing is not the batch's cost.
    await forceToDisk(copy);
    await rm(fullOut, { recursive: true, force: true });
    fullRuns.push(full.measurement);
    profile.full = full.profile;
    print(runLine('full', k, opts.runs, full.measurement, opts.rentals));

    const incOut = join(ctx.scratch, `incremental-${k}`);
    const inc = await runEtl({ cli: ctx.cli, input: batchDir, out: incOut, db: copy });
    checkLoaded(inc.manifest, INCREMENTAL_BATCH, ['rentas']);
    await rm(incOut, { recursive: true, force: true });
    await rm(copy, { force: true });
    incRuns.push(inc.measurement);
    profile.incremental = inc.profile;
    print(runLine('incremental', k, opts.runs, inc.measurement, INCREMENTAL_BATCH));
  }
  const full = summarize(fullRuns, opts.rentals);
  const incremental = summarize(incRuns, INCREMENTAL_BATCH);
  const ratio = incremental.median_wall_s / full.median_wall_s;
  print('');
  for (const line of summaryTable([['full', full], ['incremental', incremental]], opts.runs)) print(line);
  print(`ratio incremental/full (wall): ${ratio.toFixed(2)}  (batch of ${INCREMENTAL_BATCH} into ${opts.rentals})`);
  return { full, incremental, ratio, profile };
}

/** The last line of an incremental run, in the exact shape scripts grep for. */
export function incrementalLine(rentals: number, r: IncrementalResult): string {
  return (
    `bench-incremental: base_rentals=${rentals} batch=${INCREMENTAL_BATCH} ` +
    `incremental_s=${r.incremental.median_wall_s.toFixed(2)} full_s=${r.full.median_wall_s.toFixed(2)} ratio=${r.ratio.toFixed(2)}`
  );
}
