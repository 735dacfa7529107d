import type Database from 'better-sqlite3';
import type { EtlConfig } from './config.js';
import type { IdRange } from './id-set.js';
import { LEDGER_TABLE } from './warehouse-names.js';
import type { TableContract } from '../../../common/tables/contract.js';

export type Db = Database.Database;

/**
 * Settings for the private build copy of the warehouse: it is renamed into place only after
 * the whole run succeeded, so a crash can only lose the copy, never the warehouse. The
 * loader checks every foreign key against in-memory id sets before inserting, so SQLite's
 * own per-row check is off during the load (the schema still declares the keys, and every
 * other connection enforces them). Temporary b-trees (the aggregate's GROUP BY) spill to
 * files, not memory, so memory stays flat as the warehouse grows.
 */
export function tuneForBuild(db: Db): void {
  db.pragma('journal_mode = MEMORY');
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = OFF');
  db.pragma('temp_store = FILE');
  db.pragma('cache_size = -16384');
}

/**
 * Settings for a run that writes the warehouse itself in one transaction (the incremental
 * path): a rollback journal, the file and its folder synced at the commit (SQLite's own crash
 * safety, power cuts included: a run stopped before the commit leaves a journal the next opener
 * rolls back), foreign keys checked in memory as in a build, and a 16 MiB page cache. Changed
 * pages beyond the cache are written into the file before the commit (their originals into the
 * journal first); keeping them all in memory instead cost 0.3 s more at 5 M rentals, in fresh
 * memory. Another writer holds the transaction's start back for up to `busyMs`.
 */
export function tuneForTransaction(db: Db, busyMs: number): void {
  db.pragma('journal_mode = DELETE');
  db.pragma('synchronous = EXTRA');
  db.pragma('foreign_keys = OFF');
  db.pragma('temp_store = FILE');
  db.pragma('cache_size = -16384');
  db.pragma(`busy_timeout = ${Math.trunc(busyMs)}`);
}

/**
 * A table's column definitions, in declaration order: the id is the INTEGER PRIMARY KEY,
 * every other column NOT NULL, foreign keys naming the referenced table's configured name.
 */
export function columnSql(contract: TableContract, config: Pick<EtlConfig, 'tables'>): string {
  const fks = new Map(contract.foreignKeys.map((fk) => [fk.column, fk]));
  return contract.storedColumns
    .map((c) => {
      const fk = fks.get(c.name);
      const refSql = fk ? ` REFERENCES ${config.tables[fk.references]}(${fk.referencedColumn})` : '';
      return c.name === contract.idColumn ? `${c.name} INTEGER PRIMARY KEY` : `${c.name} ${c.type} NOT NULL${refSql}`;
    })
    .join(', ');
}

/**
 * Creates the four input tables if they are missing, their columns derived from the table
 * contracts. Only the schema steps (migrations.ts) call it.
 */
export function createInputTables(db: Db, config: EtlConfig, contracts: readonly TableContract[]): void {
  for (const c of contracts) {
    db.exec(`CREATE TABLE IF NOT EXISTS ${config.tables[c.key]} (${columnSql(c, config)})`);
  }
}

/**
 * Whether the ledger (the warehouse's own record of the batches applied to it, written in the
 * same build as their rows) holds this batch with the same input fingerprint: then the
 * warehouse already holds it, whatever happened to the process that applied it.
 */
export function batchApplied(db: Db, batchId: string, fingerprint: string): boolean {
  return db.prepare(`SELECT 1 FROM ${LEDGER_TABLE} WHERE batch_id = ? AND fingerprint = ?`).get(batchId, fingerprint) !== undefined;
}

/**
 * Records the batch in the ledger and returns its `sequence`: a run that changed the warehouse
 * takes the next number (max + 1); a batch found already applied (same id and fingerprint) that
 * changed nothing keeps the number it had.
 */
export function recordBatch(
  db: Db,
  batch: { batchId: string; fingerprint: string; status: string; appliedAt: string; changed: boolean },
): { sequence: number; alreadyApplied: boolean } {
  const prior = db.prepare(`SELECT fingerprint, sequence FROM ${LEDGER_TABLE} WHERE batch_id = ?`).get(batch.batchId) as
    | { fingerprint: string; sequence: number | null }
    | undefined;
  const keep = !batch.changed && prior !== undefined && prior.fingerprint === batch.fingerprint && prior.sequence !== null;
  const sequence = keep ? prior.sequence! : (db.prepare(`SELECT COALESCE(MAX(sequence), 0) + 1 FROM ${LEDGER_TABLE}`).pluck().get() as number);
  db.prepare(
    `INSERT INTO ${LEDGER_TABLE} (batch_id, fingerprint, applied_at, status, sequence) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(batch_id) DO UPDATE SET fingerprint = excluded.fingerprint, applied_at = excluded.applied_at, status = excluded.status,
       sequence = excluded.sequence`,
  ).run(batch.batchId, batch.fingerprint, batch.appliedAt, batch.status, sequence);
  return { sequence, alreadyApplied: keep };
}

/**
 * One upsert statement for `rows` rows: insert by id, or update when any stored value
 * differs. An unchanged row is neither inserted nor updated, so `changes` counts only real
 * writes. Names come from the validated config and the contract, never from input data.
 */
export function upsertSql(table: string, contract: TableContract, rows: number, into: 'empty' | 'existing' = 'existing'): string {
  const cols = contract.storedColumns.map((c) => c.name);
  const id = contract.idColumn;
  const rest = cols.filter((c) => c !== id);
  const tuple = `(${cols.map(() => '?').join(',')})`;
  const values = Array.from({ length: rows }, () => tuple).join(',');
  // Into a table that was empty, ids are already unique (the pipeline rejects repeats).
  if (into === 'empty') return `INSERT INTO ${table} (${cols.join(',')}) VALUES ${values}`;
  const set = rest.map((c) => `${c} = excluded.${c}`).join(', ');
  const differs = rest.map((c) => `${c} IS NOT excluded.${c}`).join(' OR ');
  // "WHERE true" keeps SQLite's parser from reading ON CONFLICT as part of a join (UPSERT docs).
  return `INSERT INTO ${table} (${cols.join(',')}) VALUES ${values} ON CONFLICT(${id}) DO UPDATE SET ${set} WHERE ${differs}`;
}

/**
 * All ids of a table, compactly, for foreign-key checks in memory (here or in a worker): as a
 * range when they have no gap (the row count equals the span of the ids, which SQLite gives
 * without reading the rows: 500 000 clients in 0.06 s instead of 0.3 s), else as a list, in one
 * pass over the table (the array grows as it fills, as counting the rows first would read the
 * whole table twice).
 */
export function loadIds(db: Db, table: string, idColumn: string): Float64Array | IdRange {
  const count = db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  if (count > 0) {
    // Apart, each end is one descent of the b-tree; together they would read the whole table.
    const from = db.prepare(`SELECT min(${idColumn}) FROM ${table}`).pluck().get() as number;
    const to = db.prepare(`SELECT max(${idColumn}) FROM ${table}`).pluck().get() as number;
    if (to - from + 1 === count) return { from, to };
  }
  let ids = new Float64Array(1024);
  let i = 0;
  for (const id of db.prepare(`SELECT ${idColumn} FROM ${table}`).pluck().iterate()) {
    if (i === ids.length) {
      const grown = new Float64Array(ids.length * 2);
      grown.set(ids);
      ids = grown;
    }
    ids[i++] = id as number;
  }
  return ids.slice(0, i);
}
