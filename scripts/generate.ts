// Command line for the sample-data generator: argv -> options -> generateSample() -> exit 0/2.
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SEED, generateSample, ID_LAYOUTS, type IdLayout, SAMPLE_TABLES, type SampleOptions } from '../batch-job/src/sample-data/index.js';
import { joinNegativeValues } from '../batch-job/src/cli-args.js';
import { t } from '../common/i18n/index.js';
import { printable } from '../common/safe-text.js';

class UsageError extends Error {}

const VALUED = ['out', 'rentals', 'seed', 'vehicles', 'clients', 'points', 'id-layout'];

function integer(flag: string, raw: string | undefined, min: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < min) {
    const got = JSON.stringify(raw);
    throw new UsageError(flag === 'rentals' ? t().generateRentalsBad({ got }) : t().generateCountBad({ flag, min, got }));
  }
  return n;
}

function idLayout(raw: string | undefined): IdLayout | undefined {
  if (raw === undefined) return undefined;
  if (!(ID_LAYOUTS as readonly string[]).includes(raw)) throw new UsageError(t().generateLayoutBad({ choices: ID_LAYOUTS.join(', '), got: JSON.stringify(raw) }));
  return raw as IdLayout;
}

/** Reads argv into generator options; throws `UsageError` with one phrase on a bad flag. */
function parseCommandLine(argv: string[]): SampleOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: joinNegativeValues(argv, VALUED),
      strict: true,
      allowPositionals: false,
      options: {
        out: { type: 'string' },
        rentals: { type: 'string' },
        seed: { type: 'string' },
        vehicles: { type: 'string' },
        clients: { type: 'string' },
        points: { type: 'string' },
        gzip: { type: 'boolean' },
        'id-layout': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    // parseArgs explains itself in several sentences; the first says what is wrong.
    const first = (e as Error).message.split(/\.(?:\s|$)/)[0];
    throw new UsageError(first.charAt(0).toLowerCase() + first.slice(1));
  }
  if (values.help) return 'help';
  if (!values.out) throw new UsageError(t().generateOutRequired);
  return {
    out: values.out,
    rentals: integer('rentals', values.rentals, 0) ?? 10_000,
    seed: integer('seed', values.seed, 0),
    vehicles: integer('vehicles', values.vehicles, 1),
    clients: integer('clients', values.clients, 1),
    points: integer('points', values.points, 1),
    gzip: values.gzip ?? false,
    idLayout: idLayout(values['id-layout']),
  };
}

async function main(): Promise<number> {
  let opts: SampleOptions | 'help';
  try {
    opts = parseCommandLine(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`generate: ${printable(t().generateBadArgument({ problem: e.message, usage: t().generateUsage }))}\n`);
    return 2;
  }
  if (opts === 'help') {
    process.stdout.write(`${t().generateUsage}\n`);
    return 0;
  }
  const started = performance.now();
  try {
    const result = await generateSample(opts);
    const seconds = (performance.now() - started) / 1000;
    for (const table of SAMPLE_TABLES) {
      const { size } = await stat(result.files[table]);
      process.stdout.write(`${t().generateFile({ file: basename(result.files[table]), rows: result.rows[table], bytes: size })}\n`);
    }
    process.stdout.write(`${printable(t().generateDone({ seconds, dir: opts.out, seed: opts.seed ?? DEFAULT_SEED }))}\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`generate: ${printable(t().generateWriteFailed({ dir: opts.out, message: (e as Error).message }))}\n`);
    return 2;
  }
}

process.exitCode = await main();
