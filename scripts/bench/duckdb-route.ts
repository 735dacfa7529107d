import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig } from '../../batch-job/src/core/config.js';
import { columnSql } from '../../batch-job/src/core/warehouse.js';
import type { ColumnSpec } from '../../common/tables/contract.js';
import { TABLES, tableContracts } from '../../common/tables/index.js';
import { type BaselineRun, baselineRunOf } from './baseline-route.js';
import { measure } from './measure.js';
import { BenchError } from './options.js';

/** SQLite's column types as DuckDB spells them: INTEGER is 64-bit in SQLite, 32-bit in DuckDB. */
const DUCKDB_TYPES: Readonly<Record<string, string>> = { INTEGER: 'BIGINT', REAL: 'DOUBLE', TEXT: 'VARCHAR' };

const duckType = (type: string): string => DUCKDB_TYPES[type] ?? type;

/** Seconds between the rental's two timestamps, from DuckDB's epoch(). */
const SECONDS = '(epoch(CAST(fecha_fin AS TIMESTAMP)) - epoch(CAST(fecha_inicio AS TIMESTAMP)))';

/** The shell baseline's computed columns (COPY_SQL in baseline-route.ts), in DuckDB's functions. */
const COPY_SQL: Readonly<Record<string, string>> = {
  'clientes.correo_electronico': 'lower(trim(correo_electronico))',
  'rentas.duracion_renta': `${SECONDS} / 86400.0`,
  'rentas.costo_centavos': 'CAST(round(CAST(costo_total AS DOUBLE) * 100) AS BIGINT)',
  'rentas.duracion_segundos': `CAST(${SECONDS} AS BIGINT)`,
};

function copySql(table: string, column: ColumnSpec): string {
  const special = COPY_SQL[`${table}.${column.stored}`];
  if (special !== undefined) return special;
  if (column.input === undefined) {
    throw new BenchError(`the DuckDB route has no SQL for the computed column ${table}.${column.stored}: add one to COPY_SQL in scripts/bench/duckdb-route.ts`);
  }
  return column.type === 'TEXT' ? `trim(${column.input})` : `CAST(${column.input} AS ${duckType(column.type)})`;
}

/** A file read by read_csv as the shell's staging tables hold it: RFC 4180, header skipped, every column text. */
const readCsv = (dataDir: string, file: string): string =>
  `read_csv('${join(dataDir, file)}', header = true, delim = ',', quote = '"', escape = '"', all_varchar = true)`;

/**
 * What bench/baseline-duckdb.sql leaves to the declarations: the warehouse tables (default
 * names, the ETL's column SQL with DuckDB's type names, so ids are primary keys and foreign
 * keys are declared), and the copies from read_csv into them, dimensions first.
 */
export function duckdbDdl(dataDir: string): { tables: string; copies: string } {
  const config = loadConfig({});
  const contracts = tableContracts();
  return {
    tables: contracts
      .map((c) => `CREATE TABLE ${config.tables[c.key]} (${columnSql(c, config).replace(/\b(INTEGER|REAL|TEXT)\b/g, duckType)});`)
      .join('\n'),
    copies: TABLES.map((t) => {
      const file = contracts.find((c) => c.key === t.key)!.fileBase;
      return `INSERT INTO ${config.tables[t.key]}\n  SELECT ${t.columns.map((c) => copySql(t.key, c)).join(', ')}\n  FROM ${readCsv(dataDir, `${file}.csv`)};`;
    }).join('\n'),
  };
}

/**
 * Runs bench/baseline-duckdb.sql, templated with the declarations and the data folder, in a
 * new DuckDB file through dist/bench-duckdb.js as one measured process, and reads the
 * `key=value` figures it prints (the same as the shell's).
 */
export async function runDuckdb(template: string, child: string, dataDir: string, dbPath: string, scratch: string): Promise<BaselineRun> {
  if (/['"\r\n]/.test(dataDir)) {
    throw new BenchError(`the data folder ${JSON.stringify(dataDir)} holds a quote or a line break, which the DuckDB script cannot take`);
  }
  const script = join(scratch, 'baseline-duckdb.sql');
  const ddl = duckdbDdl(dataDir);
  // Whole lines only, so a comment that mentions a placeholder stays a comment.
  const text = (await readFile(template, 'utf8')).replace(/^\{\{TABLES\}\}$/m, ddl.tables).replace(/^\{\{COPIES\}\}$/m, ddl.copies);
  await writeFile(script, text);
  return baselineRunOf(await measure(process.execPath, [child, script, dbPath]), 'the DuckDB route');
}
