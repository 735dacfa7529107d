import { parseArgs } from 'node:util';
import { ID_LAYOUTS, type IdLayout } from '../../batch-job/src/sample-data/id-layout.js';

export const USAGE =
  'usage: npm run bench -- [--rentals N] [--seed S] [--runs K] [--cache DIR] [--skip-baseline] [--skip-duckdb] [--incremental | --id-layout dense|sparse|high] [--json] | --lambdas [--big-mb N] [--json]';

/** Rentals in the incremental batch; ids N+1 .. N+INCREMENTAL_BATCH. */
export const INCREMENTAL_BATCH = 10_000;

export interface BenchOptions {
  readonly rentals: number;
  readonly seed: number;
  readonly runs: number;
  readonly cache: string;
  readonly skipBaseline: boolean;
  /** Leave out the DuckDB route (full mode). */
  readonly skipDuckdb: boolean;
  readonly incremental: boolean;
  /** How the generated rentas and clientes ids are spread (full mode): dense 1..n, sparse over 1..2^40, or high (2^53-n .. 2^53-1). */
  readonly idLayout: IdLayout;
  readonly json: boolean;
  /** Measure the Lambdas (bundles, upload check, notifications) instead of the ETL. */
  readonly lambdas: boolean;
  /** Size in MB of the big object the upload check reads (--lambdas). */
  readonly bigMb: number;
}

/** A bad flag or a failed check: one sentence, exit status 2 (1 only for a missing sqlite3). */
export class BenchError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'BenchError';
  }
}

function integer(flag: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const n = /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < min) throw new BenchError(`--${flag} expects an integer >= ${min}, got "${raw}"; ${USAGE}`);
  return n;
}

/** Reads argv into frozen bench options, or 'help'. */
export function parseBenchArgs(argv: string[]): BenchOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        rentals: { type: 'string' },
        seed: { type: 'string' },
        runs: { type: 'string' },
        cache: { type: 'string' },
        'skip-baseline': { type: 'boolean', default: false },
        'skip-duckdb': { type: 'boolean', default: false },
        incremental: { type: 'boolean', default: false },
        'id-layout': { type: 'string' },
        json: { type: 'boolean', default: false },
        lambdas: { type: 'boolean', default: false },
        'big-mb': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (e) {
    throw new BenchError(`${(e as Error).message.replace(/\.$/, '')}; ${USAGE}`);
  }
  if (values.help) return 'help';
  if (values['big-mb'] !== undefined && !values.lambdas) throw new BenchError(`--big-mb applies to --lambdas only; ${USAGE}`);
  const idLayout = values['id-layout'] ?? 'dense';
  if (!(ID_LAYOUTS as readonly string[]).includes(idLayout)) throw new BenchError(`--id-layout expects one of ${ID_LAYOUTS.join(', ')}, got "${idLayout}"; ${USAGE}`);
  // The incremental batch takes the ids after the data set's last one, which only the dense layout has room for.
  if (values['id-layout'] !== undefined && (values.incremental || values.lambdas)) throw new BenchError(`--id-layout applies to the full load only; ${USAGE}`);
  return Object.freeze({
    rentals: integer('rentals', values.rentals, 1_000_000, 1),
    // The generator's own default, passed explicitly so the cache key always names it.
    seed: integer('seed', values.seed, 42, 0),
    runs: integer('runs', values.runs, 1, 1),
    cache: values.cache ?? '.cache/bench',
    skipBaseline: values['skip-baseline'],
    skipDuckdb: values['skip-duckdb'],
    incremental: values.incremental,
    idLayout: idLayout as IdLayout,
    json: values.json,
    lambdas: values.lambdas,
    bigMb: integer('big-mb', values['big-mb'], 500, 1),
  });
}
