import { basename } from 'node:path';
import type { RecordBatch } from './csv-records.js';
import { ErrorCode, FileRejectedError } from './errors.js';
import { matchHeader } from './header.js';
import { IdSet } from './id-set.js';
import type { TableKey, TableReport } from './manifest.js';
import { RejectSink } from './reject-sink.js';
import type { TableContract } from './tables/contract.js';
import { countRows, type Db, upsertSql } from './warehouse.js';

/** Rows per multi-row INSERT: fewer statement runs, still well under SQLite's 32 766 parameters. */
const ROWS_PER_STATEMENT = 50;

export interface LoadTableInput {
  readonly db: Db;
  readonly table: string;
  readonly contract: TableContract;
  readonly path: string;
  readonly records: AsyncIterable<RecordBatch>;
  readonly rejectsPath: string;
  /** Ids that exist for each referenced table: warehouse rows plus this batch's accepted ones. */
  readonly knownIds: ReadonlyMap<TableKey, { has(id: number): boolean }>;
  readonly onProgress?: (rowsRead: number, bytesRead: number) => void;
}

/**
 * Loads one file into its table inside a savepoint: every data row ends as inserted, updated,
 * unchanged or rejected (with its line and reason in the rejects file). A file that cannot be
 * read to the end is rolled back whole and the FileRejectedError propagates.
 */
export async function loadTable(input: LoadTableInput): Promise<TableReport> {
  const { db, table, contract, records } = input;
  const file = basename(input.path);
  const report: TableReport = { file, status: 'loaded', warnings: [], rowsRead: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
  const reasons: Record<string, number> = {};
  const width = contract.storedColumns.length;
  const many = db.prepare(upsertSql(table, contract, ROWS_PER_STATEMENT));
  const one = db.prepare(upsertSql(table, contract, 1));
  const seen = new IdSet();
  const fks = contract.foreignKeys.map((fk, i) => ({
    ...fk,
    index: contract.storedColumns.findIndex((c) => c.name === fk.column),
    ids: input.knownIds.get(fk.references) ?? new Set<number>(),
    i,
  }));

  let positions: readonly number[] | undefined;
  let identity = false;
  let headerWidth = 0;
  let sink: RejectSink | undefined;
  let pending: (string | number)[] = [];
  let accepted = 0;
  let changes = 0;
  const flushMany = db.transaction((rows: (string | number)[][]) => {
    for (const values of rows) changes += many.run(values).changes;
  });
  const batchRows: (string | number)[][] = [];

  const reject = (line: number, reason: string, rule: string, record: string[]) => {
    report.rejected++;
    reasons[rule] = (reasons[rule] ?? 0) + 1;
    sink!.add(line, reason, record);
  };

  const before = countRows(db, table);
  db.exec('SAVEPOINT load_table');
  try {
    for await (const batch of records) {
      for (let r = 0; r < batch.records.length; r++) {
        const record = batch.records[r];
        const line = batch.lines[r];
        if (positions === undefined) {
          const match = matchHeader(record, contract, file);
          positions = match.positions;
          headerWidth = record.length;
          identity = headerWidth === positions.length && positions.every((p, i) => p === i);
          report.warnings.push(...match.warnings);
          sink = new RejectSink(input.rejectsPath, record);
          continue;
        }
        report.rowsRead++;
        if (record.length !== headerWidth) {
          reject(line, `expected ${headerWidth} fields as in the header, found ${record.length}`, 'fields', record);
          continue;
        }
        const result = contract.validate(identity ? record : positions.map((p) => record[p]));
        if (!result.ok) {
          reject(line, `column ${result.reject.column}: ${result.reject.message}`, `${result.reject.column}: ${result.reject.rule}`, record);
          continue;
        }
        const values = result.values;
        const id = values[0] as number;
        if (seen.has(id)) {
          reject(line, `column ${contract.columns[0]}: expected a unique id, got ${id} again (an earlier line of this file has it)`, `${contract.columns[0]}: duplicate`, record);
          continue;
        }
        const missingFk = fks.find((fk) => !fk.ids.has(values[fk.index] as number));
        if (missingFk) {
          reject(
            line,
            `column ${missingFk.column}: expected an existing ${missingFk.references} id, got ${values[missingFk.index]}`,
            `${missingFk.column}: foreign key`,
            record,
          );
          continue;
        }
        seen.add(id);
        accepted++;
        for (let i = 0; i < width; i++) pending.push(values[i]);
        if (pending.length === width * ROWS_PER_STATEMENT) {
          batchRows.push(pending);
          pending = [];
        }
      }
      if (batchRows.length > 0) {
        flushMany(batchRows);
        batchRows.length = 0;
      }
      input.onProgress?.(report.rowsRead, batch.bytesRead);
    }
    if (positions === undefined) {
      throw new FileRejectedError(ErrorCode.FILE_EMPTY, `${file} is empty: expected a header row.`, { file, table: contract.key, line: 1 });
    }
    for (let at = 0; at < pending.length; at += width) changes += one.run(pending.slice(at, at + width)).changes;
    db.exec('RELEASE load_table');
  } catch (e) {
    db.exec('ROLLBACK TO load_table');
    db.exec('RELEASE load_table');
    sink?.discard();
    throw e;
  }
  sink?.close();
  report.inserted = countRows(db, table) - before;
  report.updated = changes - report.inserted;
  report.unchanged = accepted - changes;
  if (report.rejected > 0) report.rejectReasons = reasons;
  return report;
}
