import type { EtlConfig } from './config.js';
import { aggregateRowCount, maintainRollups, rebuildRollups } from './rollups.js';
import type { TopVehicle } from './manifest.js';
import type { Db } from './warehouse.js';

const GROUP_COLUMNS = `id_vehiculo, id_punto_salida, id_punto_retorno, mes, marca, modelo, anio, tipo,
  capacidad, color, punto_salida, punto_retorno, total_rentas, dias_totales, duracion_promedio_dias, ingresos`;

/**
 * Fills the aggregate table from all rentals in one `INSERT ... SELECT`: counts and sums per
 * (vehicle, pickup point, return point, month), so every roll-up can compute a weighted
 * average.
 */
function insertAllGroups(db: Db, config: EtlConfig): void {
  const { vehiculos, puntos_renta: puntos, rentas } = config.tables;
  db.exec(`
    INSERT INTO ${config.aggregateTable} (${GROUP_COLUMNS})
    SELECT g.id_vehiculo, g.id_punto_salida, g.id_punto_retorno, g.mes,
           v.marca, v.modelo, v.anio, v.tipo, v.capacidad, v.color, ps.nombre, pr.nombre,
           g.total_rentas, g.dias_totales, g.dias_totales / g.total_rentas, g.ingresos
    FROM (
      SELECT id_vehiculo, id_punto_salida, id_punto_retorno, substr(fecha_inicio, 1, 7) AS mes,
             COUNT(*) AS total_rentas, SUM(duracion_renta) AS dias_totales, SUM(costo_total) AS ingresos
      FROM ${rentas}
      GROUP BY id_vehiculo, id_punto_salida, id_punto_retorno, mes
    ) AS g
    JOIN ${vehiculos} AS v ON v.id_vehiculo = g.id_vehiculo
    JOIN ${puntos} AS ps ON ps.id_punto = g.id_punto_salida
    JOIN ${puntos} AS pr ON pr.id_punto = g.id_punto_retorno
    ORDER BY g.id_vehiculo, g.id_punto_salida, g.id_punto_retorno, g.mes
  `);
}

/**
 * Keeps the aggregate table current while a batch loads into a warehouse that already holds
 * rentals: temp triggers (gone with the connection) add each inserted rental to its group,
 * move an updated one from its old group to its new one, and copy changed vehicle attributes
 * into that vehicle's groups, so the cost follows the batch, not the warehouse. Renamed
 * points are only noted here and renamed in one pass by `refreshAggregate`.
 */
export function maintainIncrementally(db: Db, config: EtlConfig): void {
  const { vehiculos, puntos_renta: puntos, rentas } = config.tables;
  const agg = config.aggregateTable;
  const key = (row: 'new' | 'old') =>
    `id_vehiculo = ${row}.id_vehiculo AND id_punto_salida = ${row}.id_punto_salida
     AND id_punto_retorno = ${row}.id_punto_retorno AND mes = substr(${row}.fecha_inicio, 1, 7)`;
  // "WHERE true" keeps SQLite from reading ON CONFLICT as a join constraint (UPSERT docs).
  const addNew = `
    INSERT INTO ${agg} (${GROUP_COLUMNS})
    SELECT new.id_vehiculo, new.id_punto_salida, new.id_punto_retorno, substr(new.fecha_inicio, 1, 7),
           v.marca, v.modelo, v.anio, v.tipo, v.capacidad, v.color, ps.nombre, pr.nombre,
           1, new.duracion_renta, new.duracion_renta, new.costo_total
    FROM ${vehiculos} AS v, ${puntos} AS ps, ${puntos} AS pr
    WHERE v.id_vehiculo = new.id_vehiculo AND ps.id_punto = new.id_punto_salida AND pr.id_punto = new.id_punto_retorno
    ON CONFLICT DO UPDATE SET
      total_rentas = total_rentas + 1,
      dias_totales = dias_totales + excluded.dias_totales,
      duracion_promedio_dias = (dias_totales + excluded.dias_totales) / (total_rentas + 1),
      ingresos = ingresos + excluded.ingresos;`;
  db.exec(`
    CREATE TEMP TABLE IF NOT EXISTS renamed_puntos (id INTEGER NOT NULL);
    CREATE TEMP TRIGGER IF NOT EXISTS agg_rentas_insert AFTER INSERT ON main.${rentas}
    BEGIN ${addNew} END;
    CREATE TEMP TRIGGER IF NOT EXISTS agg_rentas_update AFTER UPDATE ON main.${rentas}
    BEGIN
      UPDATE ${agg} SET
        total_rentas = total_rentas - 1,
        dias_totales = dias_totales - old.duracion_renta,
        duracion_promedio_dias = (dias_totales - old.duracion_renta) / MAX(total_rentas - 1, 1),
        ingresos = ingresos - old.costo_total
      WHERE ${key('old')};
      DELETE FROM ${agg} WHERE ${key('old')} AND total_rentas = 0;
      ${addNew}
    END;
    CREATE TEMP TRIGGER IF NOT EXISTS agg_vehiculos_update AFTER UPDATE ON main.${vehiculos}
    BEGIN
      UPDATE ${agg} SET marca = new.marca, modelo = new.modelo, anio = new.anio, tipo = new.tipo,
                        capacidad = new.capacidad, color = new.color
      WHERE id_vehiculo = new.id_vehiculo;
    END;
    CREATE TEMP TRIGGER IF NOT EXISTS agg_puntos_rename AFTER UPDATE OF nombre ON main.${puntos}
    BEGIN INSERT INTO renamed_puntos VALUES (new.id_punto); END;
  `);
  maintainRollups(db, config);
}

/**
 * Brings the aggregate table and its roll-ups up to date after a load and returns the
 * table's row count: a full rebuild, or, after `maintainIncrementally`, only the renaming
 * of renamed points (one pass over the table instead of one per point).
 */
export function refreshAggregate(db: Db, config: EtlConfig, incremental: boolean): number {
  const agg = config.aggregateTable;
  const puntos = config.tables.puntos_renta;
  db.transaction(() => {
    if (!incremental) {
      db.exec(`DELETE FROM ${agg}`);
      insertAllGroups(db, config);
      rebuildRollups(db, config);
      return;
    }
    // Without this check each UPDATE below would still read the whole table.
    if (db.prepare('SELECT EXISTS (SELECT 1 FROM temp.renamed_puntos)').pluck().get() === 0) return;
    for (const side of ['salida', 'retorno']) {
      db.exec(`
        UPDATE ${agg} SET punto_${side} = (SELECT nombre FROM ${puntos} WHERE id_punto = ${agg}.id_punto_${side})
        WHERE id_punto_${side} IN (SELECT id FROM temp.renamed_puntos)`);
    }
  })();
  return aggregateRowCount(db);
}

/** Rebuilds the whole aggregate table from all rentals; returns its row count. */
export function rebuildAggregate(db: Db, config: EtlConfig): number {
  return refreshAggregate(db, config, false);
}

/** The first `limit` vehicles of the ranking view. */
export function topVehicles(db: Db, config: EtlConfig, limit = 10): TopVehicle[] {
  return db
    .prepare(
      `SELECT id_vehiculo, marca, modelo, anio, total_rentas, duracion_promedio_dias, ingresos
       FROM ${config.topView} ORDER BY posicion LIMIT ?`,
    )
    .all(limit) as TopVehicle[];
}
