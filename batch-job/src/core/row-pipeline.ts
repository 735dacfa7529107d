import type { RecordBatch } from './csv-records.js';
import { ErrorCode, FileRejectedError, RejectCode } from '../../../common/errors.js';
import { t } from '../../../common/i18n/index.js';
import type { HeaderDecision } from '../../../common/header.js';
import { type IdRange, idLookup, IdSet, IdSetFullError } from './id-set.js';
import type { RejectReasonCount, TableKey } from '../../../common/manifest.js';
import { RejectSink } from './reject-sink.js';
import type { RowCheck, TableContract } from '../../../common/tables/contract.js';

/** What a file's rows came to, apart from what the database decides (insert/update/unchanged). */
export interface RowSummary {
  rowsRead: number;
  accepted: number;
  rejected: number;
  /** Rejected rows written to the rejects file (at most the cap); the rest are only counted. */
  rejectsWritten: number;
  /** By code and column, in order of first appearance (the manifest sorts them). */
  rejectReasons: RejectReasonCount[];
  warnings: string[];
}

/** Ids the file's foreign keys may point at, per referenced table. */
export type KnownIds = Partial<Record<TableKey, ArrayLike<number> | IdRange>>;

/** A table whose file was not in the batch, and that file's name (contract §7). */
export interface AbsentTable {
  readonly table: TableKey;
  readonly file: string;
}

/**
 * Everything that happens to a row before the database: mapping by the decided header, the table's row
 * rule, duplicate ids in the file, foreign keys against the known ids. Accepted rows come out
 * as flat value arrays ready to bind; rejected rows go to the rejects file with their line and
 * reason. It holds no database handle, so it runs in the parser's worker thread as well as
 * in the main thread.
 */
export class RowPipeline {
  /** Set once the header is read: the table's row check bound to this file's column positions. */
  private check: RowCheck | undefined;
  private headerWidth = 0;
  private readonly idIndex: number;
  private sink: RejectSink | undefined;
  private readonly seen: IdSet;
  private readonly fks: { column: string; references: TableKey; index: number; ids: { has(id: number): boolean }; absentFile?: string }[];
  readonly summary: RowSummary = { rowsRead: 0, accepted: 0, rejected: 0, rejectsWritten: 0, rejectReasons: [], warnings: [] };
  /** `code column` → its entry in `summary.rejectReasons`. */
  private readonly reasonAt = new Map<string, RejectReasonCount>();

  constructor(
    private readonly contract: TableContract,
    private readonly file: string,
    private readonly rejectsPath: string,
    knownIds: KnownIds,
    /** The file's header, decided by the header rule (`readHeader`) before its records are read. */
    private readonly header: HeaderDecision,
    /** Rejected rows written to the rejects file at most (MAX_REJECTS_WRITTEN); later ones are counted. */
    private readonly maxRejectsWritten = Number.MAX_SAFE_INTEGER,
    /** Tables not in this batch: an unknown id that points at one says the file was missing. */
    absent: readonly AbsentTable[] = [],
  ) {
    const storedIndex = (name: string): number => contract.storedColumns.findIndex((c) => c.name === name);
    this.idIndex = storedIndex(contract.idColumn);
    this.seen = new IdSet(t().idsOfFile({ file }));
    this.fks = contract.foreignKeys.map((fk) => ({
      ...fk,
      index: storedIndex(fk.column),
      ids: idLookup(knownIds[fk.references] ?? [], t().idsReferenced({ table: fk.references, column: fk.column })),
      absentFile: absent.find((a) => a.table === fk.references)?.file,
    }));
  }

  /** Checks a batch of records; returns the accepted rows' values, flattened. */
  process(batch: RecordBatch): (string | number)[] {
    const out: (string | number)[] = [];
    const { contract } = this;
    const width = contract.storedColumns.length;
    for (let r = 0; r < batch.records.length; r++) {
      const record = batch.records[r];
      const line = batch.lines[r];
      if (this.check === undefined) {
        this.readHeader(record);
        continue;
      }
      this.summary.rowsRead++;
      if (record.length !== this.headerWidth) {
        this.reject(line, t().rejectFieldCount({ expected: this.headerWidth, found: record.length }), RejectCode.FIELD_COUNT, undefined, record);
        continue;
      }
      const result = this.check(record);
      if (!result.ok) {
        const { column, code, message } = result.reject;
        this.reject(line, t().rejectInColumn({ column, message }), code, column, record);
        continue;
      }
      const values = result.values;
      const id = values[this.idIndex] as number;
      if (this.seen.has(id)) {
        const { idColumn } = contract;
        this.reject(line, t().rejectDuplicateId({ column: idColumn, id }), RejectCode.DUPLICATE_ID, idColumn, record);
        continue;
      }
      const missing = this.fks.find((fk) => !fk.ids.has(values[fk.index] as number));
      if (missing) {
        const reason = { column: missing.column, table: missing.references, id: values[missing.index] as number };
        const sentence = missing.absentFile === undefined ? t().rejectUnknownReference(reason) : t().rejectUnknownReferenceAbsent({ ...reason, file: missing.absentFile });
        this.reject(line, sentence, RejectCode.UNKNOWN_REFERENCE, missing.column, record);
        continue;
      }
      this.remember(id, line);
      this.summary.accepted++;
      for (let i = 0; i < width; i++) out.push(values[i]);
    }
    return out;
  }

  /** Ends the file: a file without even a header is rejected whole. */
  finish(): RowSummary {
    if (this.check === undefined) {
      this.discard();
      throw new FileRejectedError(ErrorCode.FILE_EMPTY, t().fileEmpty({ file: this.file }), { file: this.file, table: this.contract.key, line: 1 });
    }
    this.sink?.close();
    return this.summary;
  }

  /** Drops the rejects written so far: the whole file is being rejected. */
  discard(): void {
    this.sink?.discard();
    this.summary.rejectsWritten = 0;
  }

  /** The first record is the header `readHeader` decided on: the same bytes, the same parser. */
  private readHeader(record: string[]): void {
    const match = this.header;
    this.check = this.contract.rowCheck(match.positions);
    this.headerWidth = record.length;
    this.summary.warnings.push(...match.warnings);
    this.sink = new RejectSink(this.rejectsPath, record);
  }

  /** Adds an accepted row's id to the ids seen; a file with more ids than the set holds is rejected whole. */
  private remember(id: number, line: number): void {
    try {
      this.seen.add(id);
    } catch (e) {
      if (!(e instanceof IdSetFullError)) throw e;
      this.discard();
      throw new FileRejectedError(e.code, t().tooManyIds({ file: this.file, line, expected: e.expected }), { file: this.file, table: this.contract.key, line });
    }
  }

  private reject(line: number, reason: string, code: RejectCode, column: string | undefined, record: readonly string[]): void {
    this.summary.rejected++;
    const key = column === undefined ? code : `${code} ${column}`;
    const counted = this.reasonAt.get(key);
    if (counted !== undefined) counted.count++;
    else {
      const entry: RejectReasonCount = column === undefined ? { code, count: 1, firstLine: line } : { code, column, count: 1, firstLine: line };
      this.reasonAt.set(key, entry);
      this.summary.rejectReasons.push(entry);
    }
    if (this.summary.rejectsWritten >= this.maxRejectsWritten) return;
    this.summary.rejectsWritten++;
    this.sink!.add(line, reason, record);
  }
}
