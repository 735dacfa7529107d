import type { RejectCode } from '../errors.js';
import type { TableKey } from './index.js';
import type { TableLimits } from './limits.js';

export type SqlType = 'INTEGER' | 'REAL' | 'TEXT';
export type Value = string | number;
/** Dimensions are loaded before the facts whose foreign keys point at them. */
export type TableRole = 'dimension' | 'fact';

/**
 * Reads one field's text into the value stored; `row` holds the values of the columns before
 * it. `scratch` (one per file, reused per row) holds numbers a rule leaves for the rules after
 * it at its column's index, such as a date's milliseconds, so none is computed twice.
 */
export type Read = (raw: string, row: readonly Value[], scratch: Float64Array) => Value;

export interface RuleContext {
  /** The stored column the rule is bound to, for its reject messages. */
  readonly column: string;
  /** The column's index in `row` and `scratch`. */
  readonly index: number;
  /** Fixes date-dependent bounds (next year's models) once, not per row. */
  readonly now: Date;
  /** The bounds that are settings (MAX_COSTO_TOTAL, MAX_RENTAL_DAYS), read once at start. */
  readonly limits: TableLimits;
  /**
   * Where a column declared before this one sits in `row` and `scratch`, by its stored name;
   * an unknown or later name throws here, when the table is bound, not per row.
   */
  readonly earlier: (stored: string) => number;
}

/**
 * A column's rule, bound once per table to its column: the bound `Read` runs per row and
 * rejects the row by throwing with `rejectRow` (rules.ts), which the row check catches.
 */
export type Rule = (context: RuleContext) => Read;

/**
 * One stored column. `input` is the header column it is read from; a computed column (no
 * `input`) has a rule that derives its value from the columns before it.
 */
export interface ColumnSpec {
  readonly input?: string;
  readonly stored: string;
  readonly type: SqlType;
  readonly rule: Rule;
}

/** What one table is: everything else (header check, schema, inserts, load order) derives from it. */
export interface TableDeclaration<K extends string = string, S extends string = string> {
  /** The logical table name: its manifest key, whatever its configured SQL name. */
  readonly key: K;
  readonly role: TableRole;
  /** File name without extension: `<fileBase>.csv` or `<fileBase>.csv.gz`. */
  readonly fileBase: string;
  /** The setting that renames its SQL table, and the name it has by default. */
  readonly setting: { readonly name: S; readonly default: string };
  /** Stored columns in table order; input columns are required in the header in this order too. */
  readonly columns: readonly ColumnSpec[];
  /** The stored column that is the primary key. */
  readonly id: string;
  readonly foreignKeys: readonly { readonly column: string; readonly references: TableDeclaration }[];
}

/** A reject: which column broke which rule, in one phrase ("expected ..., got ..."). */
export interface RowReject {
  readonly column: string;
  /** The reason's stable code, for grouping reject reasons in the manifest and reports. */
  readonly code: RejectCode;
  readonly message: string;
}

/** Values ready to bind, in the order of `storedColumns`; or the first rule the row breaks. */
export type RowResult = { ok: true; values: Value[] } | { ok: false; reject: RowReject };

/** Checks one record of a file, whose header was matched to `columns` once. */
export type RowCheck = (record: readonly string[]) => RowResult;

export interface ForeignKey {
  readonly column: string;
  readonly references: TableKey;
  /** The referenced table's id column. */
  readonly referencedColumn: string;
}

export interface StoredColumn {
  readonly name: string;
  readonly type: SqlType;
}

/**
 * What the pipeline uses of a table, derived from its declaration (see `tableContract`):
 * nothing here is written by hand, so no two lists can disagree.
 */
export interface TableContract {
  readonly key: TableKey;
  readonly role: TableRole;
  readonly fileBase: string;
  /** Required header columns: the input columns, in declaration order. */
  readonly columns: readonly string[];
  /** Stored columns in table order, the order of `RowResult.values`. */
  readonly storedColumns: readonly StoredColumn[];
  readonly idColumn: string;
  readonly foreignKeys: readonly ForeignKey[];
  /**
   * The row check for one file: `positions[i]` is where `columns[i]` sits in the file's
   * records, as the header match found it. Built once per file; the check runs per row.
   */
  rowCheck(positions: readonly number[]): RowCheck;
}
