import type { EtlConfig } from './config.js';
import { csvLine } from './csv-write.js';
import type { HashedFileWriter } from './export-file.js';
import type { Db } from './warehouse.js';

/** A slice of the aggregate by vehicle id: `from` <= id_vehiculo < `to`; an end left out is open. */
export interface VehicleRange {
  readonly from?: number;
  readonly to?: number;
}

function rangeWhere(range: VehicleRange): { sql: string; params: number[] } {
  const terms: string[] = [];
  const params: number[] = [];
  if (range.from !== undefined) {
    terms.push('id_vehiculo >= ?');
    params.push(range.from);
  }
  if (range.to !== undefined) {
    terms.push('id_vehiculo < ?');
    params.push(range.to);
  }
  return { sql: terms.length ? `WHERE ${terms.join(' AND ')}` : '', params };
}

/**
 * Writes the aggregate rows of `range` in key order to `out`, with the header row when
 * `header`. Rendering the dimension copies from per-vehicle caches was measured and gave
 * nothing: better-sqlite3's fixed cost per row dominates, so splitting the rows over two
 * threads is what pays.
 */
export function writeAggregateRange(db: Db, config: EtlConfig, range: VehicleRange, out: HashedFileWriter, header: boolean): void {
  const where = rangeWhere(range);
  const stmt = db
    .prepare(`SELECT * FROM ${config.aggregateTable} ${where.sql} ORDER BY id_vehiculo, id_punto_salida, id_punto_retorno, mes`)
    .raw(true);
  if (header) out.write(csvLine(stmt.columns().map((c) => c.name)));
  for (const row of stmt.iterate(...where.params) as IterableIterator<unknown[]>) out.write(csvLine(row));
}
