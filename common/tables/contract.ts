import type { TableKey } from '../manifest.js';

export type SqlType = 'INTEGER' | 'REAL' | 'TEXT';

export interface ColumnSpec {
  readonly name: string;
  readonly type: SqlType;
}

/** A reject: which column broke which rule, in one phrase ("expected ..., got ..."). */
export interface RowReject {
  readonly column: string;
  /** Short rule name, for grouping reject reasons in reports. */
  readonly rule: string;
  readonly message: string;
}

/** Values ready to bind, in the order of `storedColumns`; or the first rule the row breaks. */
export type RowResult = { ok: true; values: (string | number)[] } | { ok: false; reject: RowReject };

export interface ForeignKey {
  readonly column: string;
  readonly references: TableKey;
}

/**
 * Everything the pipeline knows about one input table: its file, its required columns,
 * its row rule and the columns it stores. Adding a table means adding one such module.
 */
export interface TableContract {
  readonly key: TableKey;
  /** File name without extension: `<fileBase>.csv` or `<fileBase>.csv.gz`. */
  readonly fileBase: string;
  /** Required header columns, in the order `validate` receives their fields; the id first. */
  readonly columns: readonly string[];
  /** Stored columns (the id first), in the order of `RowResult.values`. */
  readonly storedColumns: readonly ColumnSpec[];
  readonly foreignKeys: readonly ForeignKey[];
  /** Checks one row; `fields` are the required columns' raw texts in `columns` order. */
  validate(fields: readonly string[]): RowResult;
}
