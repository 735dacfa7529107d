import type { ColumnSpec, Read, Rule, RowCheck, RowResult, SqlType, TableContract, TableDeclaration, Value } from './contract.js';
import type { TableKey } from './index.js';
import { DEFAULT_LIMITS, type TableLimits } from './limits.js';
import { rejectOf } from './rules.js';

/** A column read from the input column of the same name (or stored under another name). */
export function column(input: string, type: SqlType, rule: Rule, stored: string = input): ColumnSpec {
  return { input, stored, type, rule };
}

/** A stored column with no input column: its rule derives it from the columns declared before it. */
export function computed(stored: string, type: SqlType, rule: Rule): ColumnSpec {
  return { stored, type, rule };
}

/**
 * Checks a declaration's names once, at load: every id, foreign key and stored name must be
 * a declared column, so a typo fails at start rather than as a wrong schema.
 */
export function defineTable<const K extends string, const S extends string>(declaration: TableDeclaration<K, S>): TableDeclaration<K, S> {
  const stored = declaration.columns.map((c) => c.stored);
  const where = `table ${declaration.key}`;
  const repeated = stored.find((name, i) => stored.indexOf(name) !== i);
  if (repeated) throw new Error(`${where}: column ${repeated} is declared twice`);
  if (!stored.includes(declaration.id)) throw new Error(`${where}: id ${declaration.id} is not a declared column`);
  for (const fk of declaration.foreignKeys) {
    if (!stored.includes(fk.column)) throw new Error(`${where}: foreign key ${fk.column} is not a declared column`);
  }
  return declaration;
}

/**
 * Derives what the pipeline uses from a declaration, its rules bound once to `now`, to the
 * bounds that are settings and to the columns they read; `rowCheck` then binds them to one file's header positions.
 */
export function tableContract(declaration: TableDeclaration, now: Date, limits: TableLimits = DEFAULT_LIMITS): TableContract {
  const specs = declaration.columns;
  const storedNames = specs.map((c) => c.stored);
  const inputs = specs.filter((c) => c.input !== undefined);
  const reads: Read[] = specs.map((spec, at) =>
    spec.rule({
      column: spec.stored,
      index: at,
      now,
      limits,
      earlier(name) {
        const index = storedNames.indexOf(name);
        if (index < 0 || index >= at) {
          throw new Error(`table ${declaration.key}: column ${spec.stored} reads ${name}, which is not declared before it`);
        }
        return index;
      },
    }),
  );
  // For each stored column, its index among the input columns (-1: computed).
  const inputIndex = specs.map((spec) => inputs.indexOf(spec));
  return {
    key: declaration.key as TableKey,
    role: declaration.role,
    fileBase: declaration.fileBase,
    columns: inputs.map((c) => c.input as string),
    storedColumns: specs.map((c) => ({ name: c.stored, type: c.type })),
    idColumn: declaration.id,
    foreignKeys: declaration.foreignKeys.map((fk) => ({
      column: fk.column,
      references: fk.references.key as TableKey,
      referencedColumn: fk.references.id,
    })),
    rowCheck: (positions) => compileRowCheck(reads, inputIndex.map((i) => (i < 0 ? -1 : positions[i]))),
  };
}

/**
 * One loop over the bound rules: no object per field, only the values array and the result.
 * `from[i]` is the record position of stored column i, or -1 for a computed column.
 */
function compileRowCheck(reads: readonly Read[], from: readonly number[]): RowCheck {
  const width = reads.length;
  const scratch = new Float64Array(width);
  return (record): RowResult => {
    const values = new Array<Value>(width);
    try {
      for (let i = 0; i < width; i++) {
        const at = from[i];
        values[i] = reads[i](at < 0 ? '' : record[at], values, scratch);
      }
    } catch (e) {
      const reject = rejectOf(e);
      if (reject) return { ok: false, reject };
      throw e;
    }
    return { ok: true, values };
  };
}
