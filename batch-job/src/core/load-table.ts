import { basename } from 'node:path';
import type { TableReport } from '../../../common/manifest.js';
import type { RentalGroups } from './rental-groups.js';
import type { RowSource } from './row-source.js';
import type { TableContract } from '../../../common/tables/contract.js';
import { type Db, upsertSql } from './warehouse.js';
import { TEMP_TABLES } from './warehouse-names.js';

const LOAD_UPDATES = TEMP_TABLES.loadUpdates;

/** Rows per multi-row INSERT: fewer statement runs, still well under SQLite's 32 766 parameters. */
const ROWS_PER_STATEMENT = 50;

export interface LoadTableInput {
  readonly db: Db;
  readonly table: string;
  readonly contract: TableContract;
  readonly path: string;
  /** The file's accepted rows, checked by a RowPipeline (here or in a worker thread). */
  readonly rows: RowSource;
  readonly onProgress?: (rowsRead: number, bytesRead: number) => void;
  /**
   * Takes the aggregate's groups of the rows inserted from `rows` (asked to sum them) when the
   * table was empty, else gives up on them.
   */
  readonly groups?: RentalGroups;
}

/**
 * Upserts one file's accepted rows inside a savepoint, each chunk in one transaction with
 * 50-row prepared statements: every data row ends as inserted, updated, unchanged or
 * rejected. A file that cannot be read to the end is rolled back whole and its
 * FileRejectedError propagates.
 */
export async function loadTable(input: LoadTableInput): Promise<TableReport> {
  const { db, table, contract, rows } = input;
  const width = contract.storedColumns.length;
  const into = hasRows(db, table) ? 'existing' : 'empty';
  const many = db.prepare(upsertSql(table, contract, ROWS_PER_STATEMENT, into));
  const one = db.prepare(upsertSql(table, contract, 1, into));
  const manyWidth = width * ROWS_PER_STATEMENT;
  let changes = 0;
  const insertChunk = db.transaction((values: (string | number)[]) => {
    let at = 0;
    for (; at + manyWidth <= values.length; at += manyWidth) changes += many.run(values.slice(at, at + manyWidth)).changes;
    for (; at < values.length; at += width) changes += one.run(values.slice(at, at + width)).changes;
  });

  if (into === 'existing') input.groups?.giveUp();
  const stopCounting = into === 'existing' ? countUpdates(db, table) : () => 0;
  let updated: number;
  db.exec('SAVEPOINT load_table');
  let summary;
  try {
    for await (const chunk of rows.chunks) {
      insertChunk(chunk.values);
      input.onProgress?.(chunk.rowsRead, chunk.bytesRead);
    }
    summary = await rows.summary();
    db.exec('RELEASE load_table');
    if (into === 'empty') input.groups?.adopt(rows.groups());
  } catch (e) {
    input.groups?.giveUp();
    // SQLite ends the whole transaction itself on some errors (a full disk, an I/O error):
    // then there is no savepoint left to roll back, and the first error is the one to report.
    if (db.inTransaction) {
      db.exec('ROLLBACK TO load_table');
      db.exec('RELEASE load_table');
    }
    throw e;
  } finally {
    updated = stopCounting();
  }
  // An upsert's changes are its inserts plus its updates; a plain INSERT's are all inserts.
  const inserted = changes - updated;
  const report: TableReport = {
    file: basename(input.path),
    status: 'loaded',
    warnings: summary.warnings,
    rowsRead: summary.rowsRead,
    inserted,
    updated: changes - inserted,
    unchanged: summary.accepted - changes,
    rejected: summary.rejected,
    rejectsWritten: summary.rejectsWritten,
  };
  if (summary.rejected > 0) report.rejectReasons = [...summary.rejectReasons].sort((a, b) => b.count - a.count || a.firstLine - b.firstLine);
  return report;
}

export function hasRows(db: Db, table: string): boolean {
  return db.prepare(`SELECT EXISTS (SELECT 1 FROM ${table})`).pluck().get() === 1;
}

/**
 * Counts the rows an upsert updates, so inserts follow from its changes without counting a
 * table of millions of rows before and after (each count reads the whole table). The
 * returned function stops counting and gives the count.
 */
function countUpdates(db: Db, table: string): () => number {
  db.exec(`
    CREATE TEMP TABLE IF NOT EXISTS ${LOAD_UPDATES} (n INTEGER NOT NULL);
    DELETE FROM temp.${LOAD_UPDATES};
    INSERT INTO temp.${LOAD_UPDATES} VALUES (0);
    CREATE TEMP TRIGGER load_count_updates AFTER UPDATE ON main.${table} BEGIN UPDATE temp.${LOAD_UPDATES} SET n = n + 1; END;`);
  return () => {
    const count = db.prepare(`SELECT n FROM temp.${LOAD_UPDATES}`).pluck().get() as number;
    db.exec('DROP TRIGGER temp.load_count_updates');
    return count;
  };
}
