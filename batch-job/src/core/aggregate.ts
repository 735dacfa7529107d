import { type ChangeTracking, diffGroups, keepGroupsBefore, sameGroup } from './aggregate-changes.js';
import type { EtlConfig } from './config.js';
import { aggregateRowCount, applyGroupChanges, rankingHeadSql, rebuildRollups, refreshVehicleAttributes, RollupSums } from './rollups.js';
import type { TopVehicle } from '../../../common/manifest.js';
import { GroupCursor, type GroupTable, RentalGroups } from './rental-groups.js';
import type { TableContract } from '../../../common/tables/contract.js';
import type { Db } from './warehouse.js';
import { TEMP_TABLES } from './warehouse-names.js';

const {
  rentalChanges: RENTAL_CHANGES,
  changedVehicles: CHANGED_VEHICLES,
  renamedPoints: RENAMED_POINTS,
  groupChanges: GROUP_CHANGES,
  groupsBefore: GROUPS_BEFORE,
} = TEMP_TABLES;

const GROUP_COLUMNS = `id_vehiculo, id_punto_salida, id_punto_retorno, mes, marca, modelo, anio, tipo,
  capacidad, color, punto_salida, punto_retorno, total_rentas, dias_totales, duracion_promedio_dias, ingresos,
  segundos_totales, ingresos_centavos`;

/**
 * The columns people read, derived from the exact integer sums `s` (seconds), `c` (cents) and
 * the count `n`, each a function of the integers alone: every path that sets the integers
 * sets these with the same expressions, so an incremental refresh and a rebuild agree to the
 * last bit. (`dias_totales`, `duracion_promedio_dias`, `ingresos`, in that order.)
 */
export function derivedSums(s: string, c: string, n: string): [dias: string, promedio: string, ingresos: string] {
  return [`(${s}) / 86400.0`, `((${s}) / 86400.0) / (${n})`, `(${c}) / 100.0`];
}

/**
 * Fills the aggregate table from all rentals in one `INSERT ... SELECT`: counts and exact
 * integer sums (seconds, cents) per (vehicle, pickup point, return point, month), so every
 * roll-up can compute a weighted average. A rental loaded before cents existed whose amount
 * cents cannot hold (NULL, see schema step 2) counts as 0.
 */
function insertAllGroups(db: Db, config: EtlConfig): void {
  const { vehiculos, puntos_renta: puntos, rentas } = config.tables;
  db.exec(`
    INSERT INTO ${config.aggregateTable} (${GROUP_COLUMNS})
    SELECT g.id_vehiculo, g.id_punto_salida, g.id_punto_retorno, g.mes,
           v.marca, v.modelo, v.anio, v.tipo, v.capacidad, v.color, ps.nombre, pr.nombre,
           g.total_rentas, ${derivedSums('g.segundos', 'g.centavos', 'g.total_rentas').join(', ')}, g.segundos, g.centavos
    FROM (
      SELECT id_vehiculo, id_punto_salida, id_punto_retorno, substr(fecha_inicio, 1, 7) AS mes, COUNT(*) AS total_rentas,
             COALESCE(SUM(duracion_segundos), 0) AS segundos, COALESCE(SUM(costo_centavos), 0) AS centavos
      FROM ${rentas}
      GROUP BY id_vehiculo, id_punto_salida, id_punto_retorno, mes
    ) AS g
    JOIN ${vehiculos} AS v ON v.id_vehiculo = g.id_vehiculo
    JOIN ${puntos} AS ps ON ps.id_punto = g.id_punto_salida
    JOIN ${puntos} AS pr ON pr.id_punto = g.id_punto_retorno
    ORDER BY g.id_vehiculo, g.id_punto_salida, g.id_punto_retorno, g.mes
  `);
}

/** Groups per multi-row INSERT: 7 values each, well under SQLite's 32 766 parameters. */
const GROUPS_PER_STATEMENT = 200;

/**
 * Fills the aggregate table from groups summed during the load, in key order (appends to the
 * WITHOUT ROWID b-tree), with the same values `insertAllGroups` computes: only the key and the
 * integer sums are bound, the names are joined from the dimension tables and the REALs derived
 * with the same expressions (binding the 8 text columns of every row cost more than inserting
 * it). A group whose vehicle or point is missing is left out, as the join leaves it out.
 * Returns the roll-ups' sums of the rows written.
 */
function insertGroups(db: Db, config: EtlConfig, groups: GroupTable): RollupSums {
  const { vehiculos, puntos_renta: puntos } = config.tables;
  const vehicleIds = new Set(db.prepare(`SELECT id_vehiculo FROM ${vehiculos}`).pluck().all() as number[]);
  const pointIds = new Set(db.prepare(`SELECT id_punto FROM ${puntos}`).pluck().all() as number[]);
  const width = 7;
  const tuple = `(${Array.from({ length: width }, () => '?').join(',')})`;
  // The VALUES rows stay the outer loop (CROSS JOIN), so the rows go in as they come: in key order.
  const insert = (n: number) =>
    db.prepare(`
      INSERT INTO ${config.aggregateTable} (${GROUP_COLUMNS})
      SELECT g.column1, g.column2, g.column3, g.column4, v.marca, v.modelo, v.anio, v.tipo, v.capacidad, v.color, ps.nombre, pr.nombre,
             g.column5, ${derivedSums('g.column6', 'g.column7', 'g.column5').join(', ')}, g.column6, g.column7
      FROM (VALUES ${Array.from({ length: n }, () => tuple).join(',')}) AS g
      CROSS JOIN ${vehiculos} AS v ON v.id_vehiculo = g.column1
      CROSS JOIN ${puntos} AS ps ON ps.id_punto = g.column2
      CROSS JOIN ${puntos} AS pr ON pr.id_punto = g.column3`);
  const many = insert(GROUPS_PER_STATEMENT);
  const sums = new RollupSums();
    const group = new GroupCursor(groups);
  let at = 0;
  const valuesOf = new Array<number | string>(width * GROUPS_PER_STATEMENT);
  while (group.next()) {
    if (!vehicleIds.has(group.vehicle) || !pointIds.has(group.pickup) || !pointIds.has(group.dropoff)) continue;
    valuesOf[at++] = group.vehicle;
    valuesOf[at++] = group.pickup;
    valuesOf[at++] = group.dropoff;
    valuesOf[at++] = group.month;
    valuesOf[at++] = group.rentals;
    valuesOf[at++] = group.seconds;
    valuesOf[at++] = group.cents;
    sums.add(group.vehicle, group.pickup, group.dropoff, group.month, group.rentals, group.seconds, group.cents);
    if (at === valuesOf.length) {
      many.run(valuesOf);
      at = 0;
    }
  }
  if (at > 0) insert(at / width).run(valuesOf.slice(0, at));
  return sums;
}

export interface AggregateRefreshOptions {
  /** Update only the groups the batch touches, noted during the load; else rebuild the whole table. */
  readonly incremental: boolean;
  /** How to find the changed groups (the incremental path always compares). */
  readonly changes: ChangeTracking;
}

export interface AggregateRefreshResult {
  /** The aggregate table's row count. */
  readonly rows: number;
  /** Groups new, changed or gone; undefined when not tracked. They stay readable through `writeAggregateChanges` until the connection closes. */
  readonly changedGroups: number | undefined;
}

/** A refresh begun before a load: `finish` after it brings the aggregate and its roll-ups up to date. */
export interface AggregateRefresh {
  /**
   * Groups to sum while `contract`'s rentals are loaded into an empty table (a full rebuild
   * only), so that `finish` needs no GROUP BY; undefined when the refresh cannot use them.
   */
  collect(contract: TableContract): RentalGroups | undefined;
  /**
   * `withGroups` is handed the collected groups, in key order, when the rebuild writes the
   * table from them, before it does (e.g. to render the export from the same memory meanwhile).
   */
  finish(withGroups?: (groups: GroupTable) => void): AggregateRefreshResult;
}

/**
 * Begins keeping the aggregate up to date across one load. Incremental: temp triggers note the
 * load's changes from now on, so this must come before the first row is written. `finish`,
 * after the load, applies them (or rebuilds the table), finds the changed groups when asked,
 * and removes the triggers.
 */
export function beginAggregateRefresh(db: Db, config: EtlConfig, options: AggregateRefreshOptions): AggregateRefresh {
  const incremental = options.incremental;
  const changes: ChangeTracking = incremental ? 'diff' : options.changes;
  if (incremental) noteChanges(db, config);
  let finished = false;
  let groups: RentalGroups | undefined;
  return {
    collect(contract) {
      if (incremental || groups) return undefined;
      return (groups = new RentalGroups(contract));
    },
    finish(withGroups) {
      if (finished) throw new Error('The aggregate refresh was already finished.');
      finished = true;
      let changedGroups: number | undefined;
      db.transaction(() => {
        if (changes !== 'none') keepGroupsBefore(db, config, incremental ? 'touched' : changes === 'all' ? 'none' : 'all');
        if (incremental) applyNotes(db, config);
        else rebuildAll(db, config, groups, withGroups);
        if (changes !== 'none') changedGroups = diffGroups(db, config, incremental);
      })();
      if (incremental) stopNoting(db);
      groups?.giveUp();
      return { rows: aggregateRowCount(db), changedGroups };
    },
  };
}

const TRIGGERS = ['agg_rentas_insert', 'agg_rentas_update', 'agg_vehiculos_update', 'agg_puntos_rename'] as const;

/**
 * Prepares a batch into a warehouse that already holds rentals: temp triggers (gone with the
 * connection) note each inserted rental as +1 in its group and each updated one as -1 in its
 * old group and +1 in its new one, and note changed vehicles and renamed points. Noting is
 * all they do, so a rental costs one small insert; `applyNotes` then applies the changes
 * group by group, and the cost follows the batch, not the warehouse.
 */
function noteChanges(db: Db, config: EtlConfig): void {
  const { vehiculos, puntos_renta: puntos, rentas } = config.tables;
  const change = (row: 'new' | 'old', sign: '' | '-') =>
    `(${row}.id_vehiculo, ${row}.id_punto_salida, ${row}.id_punto_retorno, substr(${row}.fecha_inicio, 1, 7),
      ${sign}1, ${sign}COALESCE(${row}.duracion_segundos, 0), ${sign}COALESCE(${row}.costo_centavos, 0))`;
  db.exec(`
    CREATE TEMP TABLE IF NOT EXISTS ${RENTAL_CHANGES} (
      id_vehiculo INTEGER NOT NULL, id_punto_salida INTEGER NOT NULL, id_punto_retorno INTEGER NOT NULL, mes TEXT NOT NULL,
      rentas INTEGER NOT NULL, segundos INTEGER NOT NULL, centavos INTEGER NOT NULL);
    CREATE TEMP TABLE IF NOT EXISTS ${CHANGED_VEHICLES} (id INTEGER PRIMARY KEY);
    CREATE TEMP TABLE IF NOT EXISTS ${RENAMED_POINTS} (id INTEGER NOT NULL);
    CREATE TEMP TRIGGER IF NOT EXISTS agg_rentas_insert AFTER INSERT ON main.${rentas}
    BEGIN INSERT INTO temp.${RENTAL_CHANGES} VALUES ${change('new', '')}; END;
    CREATE TEMP TRIGGER IF NOT EXISTS agg_rentas_update AFTER UPDATE ON main.${rentas}
    BEGIN INSERT INTO temp.${RENTAL_CHANGES} VALUES ${change('old', '-')}, ${change('new', '')}; END;
    CREATE TEMP TRIGGER IF NOT EXISTS agg_vehiculos_update AFTER UPDATE ON main.${vehiculos}
    BEGIN INSERT OR IGNORE INTO temp.${CHANGED_VEHICLES} VALUES (new.id_vehiculo); END;
    CREATE TEMP TRIGGER IF NOT EXISTS agg_puntos_rename AFTER UPDATE OF nombre ON main.${puntos}
    BEGIN INSERT INTO temp.${RENAMED_POINTS} VALUES (new.id_punto); END;
  `);
}

function stopNoting(db: Db): void {
  for (const trigger of TRIGGERS) db.exec(`DROP TRIGGER IF EXISTS temp.${trigger}`);
}

/**
 * Applies what `noteChanges` noted: the changes summed per group, added to the
 * groups that exist and inserted as new groups (with the vehicle's and points' current
 * names), groups left without rentals removed, then the roll-ups moved by the same sums.
 * Whether a group existed, and whether it is left without rentals, come from the rows kept
 * before the refresh (`keepGroupsBefore`, which holds every touched group that existed), so
 * the aggregate itself is read only where it is written.
 */
function applyNotedChanges(db: Db, config: EtlConfig): void {
  const { vehiculos, puntos_renta: puntos } = config.tables;
  const agg = config.aggregateTable;
  // The SET clauses read the old values: the new sums are written out in full.
  const [dias, promedio, ingresos] = derivedSums(
    'segundos_totales + excluded.segundos_totales',
    'ingresos_centavos + excluded.ingresos_centavos',
    'MAX(total_rentas + excluded.total_rentas, 1)',
  );
  db.exec(`
    DROP TABLE IF EXISTS temp.${GROUP_CHANGES};
    CREATE TEMP TABLE ${GROUP_CHANGES} AS
      SELECT c.id_vehiculo, c.id_punto_salida, c.id_punto_retorno, c.mes,
             SUM(c.rentas) AS rentas, SUM(c.segundos) AS segundos, SUM(c.centavos) AS centavos,
             b.id_vehiculo IS NOT NULL AS existed, COALESCE(b.total_rentas + SUM(c.rentas) = 0, 0) AS removed
      FROM temp.${RENTAL_CHANGES} c LEFT JOIN temp.${GROUPS_BEFORE} b ON ${sameGroup('b', 'c')}
      GROUP BY c.id_vehiculo, c.id_punto_salida, c.id_punto_retorno, c.mes;
    DELETE FROM temp.${RENTAL_CHANGES};
    INSERT INTO ${agg} (${GROUP_COLUMNS})
    SELECT g.id_vehiculo, g.id_punto_salida, g.id_punto_retorno, g.mes,
           v.marca, v.modelo, v.anio, v.tipo, v.capacidad, v.color, ps.nombre, pr.nombre,
           g.rentas, ${derivedSums('g.segundos', 'g.centavos', 'MAX(g.rentas, 1)').join(', ')}, g.segundos, g.centavos
    FROM temp.${GROUP_CHANGES} AS g
    JOIN ${vehiculos} AS v ON v.id_vehiculo = g.id_vehiculo
    JOIN ${puntos} AS ps ON ps.id_punto = g.id_punto_salida
    JOIN ${puntos} AS pr ON pr.id_punto = g.id_punto_retorno
    WHERE true
    ORDER BY g.id_vehiculo, g.id_punto_salida, g.id_punto_retorno, g.mes
    ON CONFLICT DO UPDATE SET
      total_rentas = total_rentas + excluded.total_rentas,
      segundos_totales = segundos_totales + excluded.segundos_totales,
      ingresos_centavos = ingresos_centavos + excluded.ingresos_centavos,
      dias_totales = ${dias}, duracion_promedio_dias = ${promedio}, ingresos = ${ingresos};
    DELETE FROM ${agg} WHERE total_rentas = 0
      AND (id_vehiculo, id_punto_salida, id_punto_retorno, mes) IN
          (SELECT id_vehiculo, id_punto_salida, id_punto_retorno, mes FROM temp.${GROUP_CHANGES} WHERE removed);
  `);
  applyGroupChanges(db, config, GROUP_CHANGES);
}

/** Rebuilds the whole aggregate table and its roll-ups from all rentals (from `groups` when they hold them all). */
function rebuildAll(db: Db, config: EtlConfig, groups: RentalGroups | undefined, withGroups?: (groups: GroupTable) => void): void {
  db.exec(`DELETE FROM ${config.aggregateTable}`);
  if (groups?.usable) {
    const table = groups.ordered();
    withGroups?.(table);
    rebuildRollups(db, config, insertGroups(db, config, table));
    return;
  }
  insertAllGroups(db, config);
  rebuildRollups(db, config);
}

/**
 * Applies the noted changes group by group, then copies changed vehicle attributes and renamed
 * points into their groups (each in one pass over only the rows concerned).
 */
function applyNotes(db: Db, config: EtlConfig): void {
  const agg = config.aggregateTable;
  const { vehiculos, puntos_renta: puntos } = config.tables;
  applyNotedChanges(db, config);
  db.exec(`
    UPDATE ${agg} SET marca = v.marca, modelo = v.modelo, anio = v.anio, tipo = v.tipo, capacidad = v.capacidad, color = v.color
    FROM ${vehiculos} AS v
    WHERE ${agg}.id_vehiculo = v.id_vehiculo AND v.id_vehiculo IN (SELECT id FROM temp.${CHANGED_VEHICLES});`);
  refreshVehicleAttributes(db, config, CHANGED_VEHICLES);
  db.exec(`DELETE FROM temp.${CHANGED_VEHICLES}`);
  // Without this check each UPDATE below would still read the whole table.
  if (db.prepare(`SELECT EXISTS (SELECT 1 FROM temp.${RENAMED_POINTS})`).pluck().get() === 0) return;
  for (const side of ['salida', 'retorno']) {
    db.exec(`
      UPDATE ${agg} SET punto_${side} = (SELECT nombre FROM ${puntos} WHERE id_punto = ${agg}.id_punto_${side})
      WHERE id_punto_${side} IN (SELECT id FROM temp.${RENAMED_POINTS})`);
  }
  db.exec(`DELETE FROM temp.${RENAMED_POINTS}`);
}

/** Rebuilds the whole aggregate table from all rentals; returns its row count. */
export function rebuildAggregate(db: Db, config: EtlConfig): number {
  return beginAggregateRefresh(db, config, { incremental: false, changes: 'none' }).finish().rows;
}

/** The first `limit` vehicles of the ranking view. */
export function topVehicles(db: Db, limit = 10): TopVehicle[] {
  return db
    .prepare(`SELECT id_vehiculo, marca, modelo, anio, total_rentas, duracion_promedio_dias, ingresos FROM (${rankingHeadSql()})`)
    .all(limit) as TopVehicle[];
}
