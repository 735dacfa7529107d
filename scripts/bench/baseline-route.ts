import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig } from '../../batch-job/src/core/config.js';
import { columnSql } from '../../batch-job/src/core/warehouse.js';
import { SAMPLE_COLUMNS } from '../../batch-job/src/sample-data/columns.js';
import type { ColumnSpec } from '../../common/tables/contract.js';
import { TABLES, tableContracts } from '../../common/tables/index.js';
import { headerOf } from './dataset.js';
import { lastLines } from './etl-route.js';
import { type Measurement, measure } from './measure.js';
import { BenchError } from './options.js';

// `.import --csv --skip N` first shipped in the 3.32.0 shell.
const MIN_VERSION = [3, 32, 0] as const;

/** The header each file must have, in this order (the generator's): the staging tables of bench/baseline.sql. */
const STAGING_HEADERS: Record<string, string> = Object.fromEntries(
  tableContracts().map((c) => [`${c.fileBase}.csv`, SAMPLE_COLUMNS[c.key].join(',')]),
);

/**
 * What bench/baseline.sql leaves to the declarations: all-TEXT staging tables with the sample
 * files' columns, the warehouse tables (default names) with the ETL's column SQL, and the
 * copies from staging into them.
 */
export function baselineDdl(): { staging: string; tables: string; copies: string } {
  const contracts = tableContracts();
  const config = loadConfig({});
  return {
    staging: contracts.map((c) => `CREATE TEMP TABLE stg_${c.key} (${SAMPLE_COLUMNS[c.key].map((n) => `${n} TEXT`).join(', ')});`).join('\n'),
    tables: contracts.map((c) => `CREATE TABLE ${config.tables[c.key]} (${columnSql(c, config)});`).join('\n'),
    copies: TABLES.map((t) => `INSERT INTO ${config.tables[t.key]}\n  SELECT ${t.columns.map((c) => copySql(t.key, c)).join(', ')}\n  FROM stg_${t.key};`).join('\n'),
  };
}

/** A stored column's SQL in the shell's copy where its type alone does not say it, by `table.column`. */
const COPY_SQL: Readonly<Record<string, string>> = {
  'clientes.correo_electronico': 'lower(trim(correo_electronico))',
  'rentas.duracion_renta': 'julianday(fecha_fin) - julianday(fecha_inicio)',
  'rentas.costo_centavos': 'CAST(round(CAST(costo_total AS REAL) * 100) AS INTEGER)',
  'rentas.duracion_segundos': "CAST(strftime('%s', fecha_fin) AS INTEGER) - CAST(strftime('%s', fecha_inicio) AS INTEGER)",
};

/** How the hand-written script turns a staged text into a stored value: cast by type, text trimmed. */
function copySql(table: string, column: ColumnSpec): string {
  const special = COPY_SQL[`${table}.${column.stored}`];
  if (special !== undefined) return special;
  if (column.input === undefined) {
    throw new BenchError(`the baseline has no SQL for the computed column ${table}.${column.stored}: add one to COPY_SQL in scripts/bench/baseline-route.ts`);
  }
  return column.type === 'TEXT' ? `trim(${column.input})` : `CAST(${column.input} AS ${column.type})`;
}

export type SqliteShell = { ok: true; version: string } | { ok: false; message: string };

/** Finds the sqlite3 shell on PATH and checks it is new enough for `.import --skip`. */
export function findSqliteShell(): SqliteShell {
  const probe = spawnSync('sqlite3', ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    return {
      ok: false,
      message:
        'the sqlite3 command-line shell is not on PATH, so the baseline is skipped; install it with `apt-get install -y sqlite3` (Debian package sqlite3) or pass --skip-baseline.',
    };
  }
  const version = probe.stdout.trim().split(/\s+/)[0];
  if (olderThan(version.split('.').map(Number), MIN_VERSION)) {
    return {
      ok: false,
      message: `the sqlite3 shell on PATH is ${version}, older than ${MIN_VERSION.join('.')} which \`.import --skip\` needs, so the baseline is skipped; install a newer one or pass --skip-baseline.`,
    };
  }
  return { ok: true, version };
}

/** Compares dotted versions part by part; a missing part counts as 0. */
function olderThan(version: readonly number[], min: readonly number[]): boolean {
  for (let i = 0; i < min.length; i++) {
    const part = version[i] ?? 0;
    if (part !== min[i]) return part < min[i];
  }
  return false;
}

export interface BaselineRun {
  readonly measurement: Measurement;
  readonly rentasRows: number;
  readonly aggregateRows: number;
  /** Vehicle ids of the view's first 10 rows. */
  readonly top: number[];
}

/** Refuses data whose column order the staging tables would silently misread. */
export async function checkStagingHeaders(dataDir: string): Promise<void> {
  for (const [file, expected] of Object.entries(STAGING_HEADERS)) {
    const got = (await headerOf(join(dataDir, file))).split(',').map((c) => c.trim().toLowerCase()).join(',');
    if (got !== expected) {
      throw new BenchError(`${join(dataDir, file)}: bench/baseline.sql stages the columns "${expected}", but the header is "${got}"`);
    }
  }
}

/**
 * Runs bench/baseline.sql, templated with the declarations' DDL and the data folder, in a fresh database with the
 * sqlite3 shell as one measured process, and reads the `key=value` figures it prints.
 */
export async function runBaseline(template: string, dataDir: string, dbPath: string, scratch: string): Promise<BaselineRun> {
  if (/['"\r\n]/.test(dataDir)) {
    throw new BenchError(`the data folder ${JSON.stringify(dataDir)} holds a quote or a line break, which the shell's .import cannot take`);
  }
  const script = join(scratch, 'baseline.sql');
  const ddl = baselineDdl();
  // Whole lines only, so a comment that mentions a placeholder stays a comment.
  const text = (await readFile(template, 'utf8'))
    .replace(/^\{\{STAGING_TABLES\}\}$/m, ddl.staging)
    .replace(/^\{\{TABLES\}\}$/m, ddl.tables)
    .replace(/^\{\{COPIES\}\}$/m, ddl.copies);
  await writeFile(script, text.replaceAll('{{DATA_DIR}}', dataDir));
  const measurement = await measure('sqlite3', ['-bail', '-batch', '-init', '/dev/null', dbPath, `.read ${script}`]);
  return baselineRunOf(measurement, 'the sqlite3 baseline');
}

/**
 * What a baseline route (the sqlite3 shell, DuckDB) printed as `key=value` lines: the rentals
 * loaded, the aggregate's rows and the top vehicles; a failed run or a missing line is a BenchError.
 */
export function baselineRunOf(measurement: Measurement, route: string): BaselineRun {
  if (measurement.exitCode !== 0) {
    throw new BenchError(`${route} exited with status ${measurement.exitCode}: ${lastLines(measurement.stderr) || 'no message'}`);
  }
  const figures = new Map(
    measurement.stdout.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).trim()]),
  );
  const count = (key: string): number => {
    const n = Number(figures.get(key));
    if (!Number.isSafeInteger(n)) throw new BenchError(`${route} printed no ${key}= line (stdout: ${lastLines(measurement.stdout)})`);
    return n;
  };
  return {
    measurement,
    rentasRows: count('rentas_rows'),
    aggregateRows: count('aggregate_rows'),
    top: (figures.get('top') ?? '').split(',').filter(Boolean).map(Number),
  };
}
