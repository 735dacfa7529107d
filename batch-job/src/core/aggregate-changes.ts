import type { EtlConfig } from './config.js';
import type { Db } from './warehouse.js';
import { TEMP_TABLES } from './warehouse-names.js';

// How an aggregate refresh finds the groups it made new, changed or removed (contract §6): it
// keeps the rows it may change, then compares them with the table after it.
const {
  rentalChanges: RENTAL_CHANGES,
  changedVehicles: CHANGED_VEHICLES,
  renamedPoints: RENAMED_POINTS,
  groupScope: GROUP_SCOPE,
  groupsBefore: GROUPS_BEFORE,
  groupDiff: GROUP_DIFF,
} = TEMP_TABLES;

/** The aggregate's grain. */
export const GROUP_KEY = ['id_vehiculo', 'id_punto_salida', 'id_punto_retorno', 'mes'] as const;

/**
 * The aggregate's columns as published (contract §3), in table order. The exact integer sums
 * the warehouse keeps beside them (`segundos_totales`, `ingresos_centavos`) stay in the
 * warehouse; `dias_totales`, `duracion_promedio_dias` and `ingresos` are derived from them.
 */
export const EXPORTED_COLUMNS = [
  ...GROUP_KEY,
  'marca', 'modelo', 'anio', 'tipo', 'capacidad', 'color', 'punto_salida', 'punto_retorno',
  'total_rentas', 'dias_totales', 'duracion_promedio_dias', 'ingresos',
] as const;

/**
 * The key columns as the temp tables declare them: with the aggregate's types, so a join on
 * the key can use their primary keys (an untyped column's index serves no comparison with an
 * INTEGER or TEXT column, and SQLite then builds an automatic index on `mes` alone, whose
 * lookups read every kept group of the month: quadratic in the batch).
 */
const TYPED_KEY = 'id_vehiculo INTEGER, id_punto_salida INTEGER, id_punto_retorno INTEGER, mes TEXT';

/** Two aliases' rows are the same group. */
export const sameGroup = (a: string, b: string) => GROUP_KEY.map((k) => `${a}.${k} = ${b}.${k}`).join(' AND ');

/** How a refresh finds the groups it changed: not at all, by comparing with the aggregate as it was, or every group as new. */
export type ChangeTracking = 'none' | 'diff' | 'all';

/**
 * Keeps the aggregate rows that the refresh may change, to compare with after it: the groups
 * the noted rentals fall in and those of changed vehicles and renamed points (`touched`), the
 * whole table (`all`, before a rebuild) or none (every group then counts as new).
 */
export function keepGroupsBefore(db: Db, config: EtlConfig, which: 'touched' | 'all' | 'none'): void {
  const agg = config.aggregateTable;
  const key = GROUP_KEY.join(', ');
  db.exec(`
    DROP TABLE IF EXISTS temp.${GROUPS_BEFORE};
    CREATE TEMP TABLE ${GROUPS_BEFORE} (${TYPED_KEY}, ${EXPORTED_COLUMNS.slice(GROUP_KEY.length).join(', ')}, PRIMARY KEY (${key})) WITHOUT ROWID;
    DROP TABLE IF EXISTS temp.${GROUP_SCOPE};
    CREATE TEMP TABLE ${GROUP_SCOPE} (${TYPED_KEY}, PRIMARY KEY (${key})) WITHOUT ROWID;`);
  if (which === 'none') return;
  if (which === 'all') {
    db.exec(`INSERT INTO temp.${GROUPS_BEFORE} SELECT ${EXPORTED_COLUMNS.join(', ')} FROM ${agg}`);
    return;
  }
  db.exec(`
    INSERT OR IGNORE INTO temp.${GROUP_SCOPE} SELECT ${key} FROM temp.${RENTAL_CHANGES};
    INSERT OR IGNORE INTO temp.${GROUP_SCOPE} SELECT ${key} FROM ${agg} WHERE id_vehiculo IN (SELECT id FROM temp.${CHANGED_VEHICLES});`);
  // Points are not a prefix of the aggregate's key: read the table only when some were renamed.
  if (db.prepare(`SELECT EXISTS (SELECT 1 FROM temp.${RENAMED_POINTS})`).pluck().get() === 1) {
    db.exec(`INSERT OR IGNORE INTO temp.${GROUP_SCOPE} SELECT ${key} FROM ${agg}
      WHERE id_punto_salida IN (SELECT id FROM temp.${RENAMED_POINTS}) OR id_punto_retorno IN (SELECT id FROM temp.${RENAMED_POINTS})`);
  }
  db.exec(`INSERT INTO temp.${GROUPS_BEFORE}
    SELECT ${EXPORTED_COLUMNS.map((c) => `a.${c}`).join(', ')} FROM temp.${GROUP_SCOPE} AS s JOIN ${agg} AS a ON ${sameGroup('a', 's')}`);
}

/** The exported columns after the key. */
const VALUE_COLUMNS = EXPORTED_COLUMNS.filter((c) => !(GROUP_KEY as readonly string[]).includes(c));

/**
 * Compares the aggregate with the rows kept before the refresh, every exported column exactly
 * (they are derived from integers, so equal sums give equal values): a group only after is
 * `alta`, one whose values differ `modificacion`, one only before `baja`. On the incremental
 * path only the groups in scope are compared. The changed groups keep their values after the
 * refresh (NULL for `baja`), so the changes export does not read the aggregate again. Returns
 * how many groups changed.
 */
export function diffGroups(db: Db, config: EtlConfig, scoped: boolean): number {
  const agg = config.aggregateTable;
  const key = GROUP_KEY.join(', ');
  const differs = VALUE_COLUMNS.map((c) => `a.${c} IS NOT b.${c}`).join(' OR ');
  const after = scoped ? `temp.${GROUP_SCOPE} AS s JOIN ${agg} AS a ON ${sameGroup('a', 's')}` : `${agg} AS a`;
  db.exec(`
    DROP TABLE IF EXISTS temp.${GROUP_DIFF};
    CREATE TEMP TABLE ${GROUP_DIFF} (${TYPED_KEY}, cambio TEXT NOT NULL, ${VALUE_COLUMNS.join(', ')}, PRIMARY KEY (${key})) WITHOUT ROWID;
    INSERT INTO temp.${GROUP_DIFF}
      SELECT ${GROUP_KEY.map((k) => `a.${k}`).join(', ')}, CASE WHEN b.id_vehiculo IS NULL THEN 'alta' ELSE 'modificacion' END,
             ${VALUE_COLUMNS.map((c) => `a.${c}`).join(', ')}
      FROM ${after} LEFT JOIN temp.${GROUPS_BEFORE} AS b ON ${sameGroup('b', 'a')}
      WHERE b.id_vehiculo IS NULL OR ${differs};
    INSERT INTO temp.${GROUP_DIFF} (${key}, cambio)
      SELECT ${GROUP_KEY.map((k) => `b.${k}`).join(', ')}, 'baja'
      FROM temp.${GROUPS_BEFORE} AS b LEFT JOIN ${agg} AS a ON ${sameGroup('a', 'b')}
      WHERE a.id_vehiculo IS NULL;
    DROP TABLE temp.${GROUPS_BEFORE};
    DROP TABLE temp.${GROUP_SCOPE};`);
  return db.prepare(`SELECT COUNT(*) FROM temp.${GROUP_DIFF}`).pluck().get() as number;
}

/**
 * The changed groups found by the last refresh of this connection, in key order, as the
 * changes export publishes them: `cambio` first, then the aggregate's exported columns (only
 * the key for a group gone). Empty when the refresh did not track changes.
 */
export function changedGroupsQuery(): string {
  return `SELECT cambio, ${EXPORTED_COLUMNS.join(', ')} FROM temp.${GROUP_DIFF} ORDER BY ${GROUP_KEY.join(', ')}`;
}
