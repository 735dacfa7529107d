import { parseArgs } from 'node:util';
import { readCliConfig } from './cli-config.js';
import { envWithDotenv } from './core/config.js';
import { ErrorCode, EtlError } from '../../common/errors.js';
import { t } from '../../common/i18n/index.js';
import { allRowsRejected } from '../../common/manifest.js';
import { type ProgressEvent, runEtl } from './core/run-etl.js';
import { summary } from './cli-format.js';
import { jsonSafe, printable } from '../../common/safe-text.js';

/**
 * Exit statuses of the contract (§4, §7): 0 all files accepted, 1 a file rejected whole, a
 * folder without any table file or a file all of whose rows were rejected, 2 usage error or
 * failure.
 */
async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        input: { type: 'string' },
        out: { type: 'string' },
        db: { type: 'string' },
        'batch-id': { type: 'string' },
        'full-export': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        'no-worker': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    return fail(t().cliUsageError({ problem: (e as Error).message.replace(/\.$/, ''), usage: t().cliUsage }));
  }
  if (args.help) {
    process.stdout.write(`${t().cliUsage}\n`);
    return 0;
  }
  if (!args.input || !args.out) return fail(t().cliUsageError({ problem: t().cliInputOutRequired, usage: t().cliUsage }));
  try {
    const config = readCliConfig(envWithDotenv());
    const result = await runEtl({
      // --full-export is AGGREGATE_EXPORT=full for this run.
      config: args['full-export'] ? { ...config.etl, aggregateExport: 'full' } : config.etl,
      inputDir: args.input,
      outDir: args.out,
      dbPath: args.db,
      batchId: args['batch-id'],
      parseInWorker: !args['no-worker'],
      parseThreadMinBytes: config.parseThreadMinBytes,
      lockWaitSeconds: config.lockWaitSeconds,
      onProgress: process.stderr.isTTY && !args.json ? progressLine() : undefined,
      // The crash tests' hook: SIGKILL, which leaves no chance to clean up.
      reached: config.stopAt && ((point) => point === config.stopAt && process.kill(process.pid, 'SIGKILL')),
    });
    if (config.profile) {
      for (const [stage, seconds] of Object.entries(result.timings)) process.stderr.write(`profile: ${stage} ${seconds.toFixed(2)} s\n`);
    }
    if (args.json) process.stdout.write(`${jsonSafe(JSON.stringify(result.manifest, null, 2))}\n`);
    else process.stdout.write(`${summary(result.manifest, args.out)}\n`);
    for (const [table, report] of Object.entries(result.manifest.tables)) {
      if (report.status === 'rejected') process.stderr.write(`etl: ${printable(report.error ?? '')}\n`);
      if (allRowsRejected(report)) {
        const rejects = `${args.out}/rejects/${table}.csv`;
        process.stderr.write(`etl: ${printable(t().cliAllRejected({ file: report.file ?? table, count: report.rejected, rejects }))}\n`);
      }
    }
    return result.exitCode;
  } catch (e) {
    // A folder without any table file is the batch's fault, like a file rejected whole (contract §7).
    if (e instanceof EtlError && e.code === ErrorCode.BATCH_EMPTY) return fail(e.message, 1);
    return fail(e instanceof EtlError ? e.message : t().cliUnexpected({ detail: (e as Error).stack ?? String(e) }));
  }
}

/** Prints the sentence of a failure; it may quote a path, a batch id or a file's text, so it is escaped. */
function fail(sentence: string, status = 2): number {
  process.stderr.write(`etl: ${printable(sentence)}\n`);
  return status;
}

/** A single, rewritten status line on a terminal; nothing when output is piped. */
function progressLine(): (event: ProgressEvent) => void {
  let last = 0;
  return (event) => {
    const now = Date.now();
    if (event.stage === 'table') {
      if (now - last < 200) return;
      last = now;
      const pct = event.bytesTotal > 0 ? Math.min(100, Math.round((100 * event.bytesRead) / event.bytesTotal)) : 100;
      process.stderr.write(`\r\x1b[K${printable(t().progressTable({ file: event.file, percent: pct, rows: event.rowsRead }))}`);
    } else if (event.stage === 'done') {
      process.stderr.write('\r\x1b[K');
    } else {
      process.stderr.write(`\r\x1b[K${event.stage === 'aggregate' ? t().progressAggregate : t().progressExports}`);
    }
  };
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e) => {
    process.stderr.write(`etl: ${printable(t().cliUnexpected({ detail: String((e as Error).stack ?? e) }))}\n`);
    process.exitCode = 2;
  },
);
