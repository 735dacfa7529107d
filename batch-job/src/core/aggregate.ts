import type { EtlConfig } from './config.js';
import type { TopVehicle } from './manifest.js';
import type { Db } from './warehouse.js';

/**
 * Fills the aggregate table from the rentals in one `INSERT ... SELECT`: counts and sums per
 * (vehicle, pickup point, return point, month), so every roll-up can compute a weighted
 * average. `onlyTouched` limits it to the vehicles recorded by `trackChanges`.
 */
function insertGroups(db: Db, config: EtlConfig, onlyTouched: boolean): void {
  const { vehiculos, puntos_renta: puntos, rentas } = config.tables;
  const filter = onlyTouched ? 'WHERE id_vehiculo IN (SELECT id FROM temp.touched_vehiculos)' : '';
  db.exec(`
    INSERT INTO ${config.aggregateTable} (id_vehiculo, id_punto_salida, id_punto_retorno, mes, marca, modelo, anio, tipo,
                        capacidad, color, punto_salida, punto_retorno, total_rentas, dias_totales,
                        duracion_promedio_dias, ingresos)
    SELECT g.id_vehiculo, g.id_punto_salida, g.id_punto_retorno, g.mes,
           v.marca, v.modelo, v.anio, v.tipo, v.capacidad, v.color, ps.nombre, pr.nombre,
           g.total_rentas, g.dias_totales, g.dias_totales / g.total_rentas, g.ingresos
    FROM (
      SELECT id_vehiculo, id_punto_salida, id_punto_retorno, substr(fecha_inicio, 1, 7) AS mes,
             COUNT(*) AS total_rentas, SUM(duracion_renta) AS dias_totales, SUM(costo_total) AS ingresos
      FROM ${rentas} ${filter}
      GROUP BY id_vehiculo, id_punto_salida, id_punto_retorno, mes
    ) AS g
    JOIN ${vehiculos} AS v ON v.id_vehiculo = g.id_vehiculo
    JOIN ${puntos} AS ps ON ps.id_punto = g.id_punto_salida
    JOIN ${puntos} AS pr ON pr.id_punto = g.id_punto_retorno
    ORDER BY g.id_vehiculo, g.id_punto_salida, g.id_punto_retorno, g.mes
  `);
}

/**
 * Records, for the rest of this connection, which vehicles and points a load changes: temp
 * triggers fill `temp.touched_vehiculos` (vehicles of inserted or updated rentals, old and
 * new, and vehicles whose attributes changed) and `temp.touched_puntos` (renamed points).
 * Used on a warehouse that already holds rentals, so the refresh does not redo them all.
 * The lists may repeat ids (readers use IN): with a unique key, the trigger's
 * INSERT OR IGNORE still failed with a constraint error when fired by the loader's upsert.
 */
export function trackChanges(db: Db, config: EtlConfig): void {
  const { vehiculos, puntos_renta: puntos, rentas } = config.tables;
  db.exec(`
    CREATE TEMP TABLE IF NOT EXISTS touched_vehiculos (id INTEGER NOT NULL);
    CREATE TEMP TABLE IF NOT EXISTS touched_puntos (id INTEGER NOT NULL);
    CREATE TEMP TRIGGER IF NOT EXISTS track_rentas_insert AFTER INSERT ON main.${rentas}
      BEGIN INSERT INTO touched_vehiculos VALUES (new.id_vehiculo); END;
    CREATE TEMP TRIGGER IF NOT EXISTS track_rentas_update AFTER UPDATE ON main.${rentas}
      BEGIN INSERT INTO touched_vehiculos VALUES (old.id_vehiculo), (new.id_vehiculo); END;
    CREATE TEMP TRIGGER IF NOT EXISTS track_vehiculos_update AFTER UPDATE ON main.${vehiculos}
      BEGIN INSERT INTO touched_vehiculos VALUES (new.id_vehiculo); END;
    CREATE TEMP TRIGGER IF NOT EXISTS track_puntos_update AFTER UPDATE OF nombre ON main.${puntos}
      BEGIN INSERT INTO touched_puntos VALUES (new.id_punto); END;
  `);
}

/**
 * Brings the aggregate table up to date after a load and returns its row count. With
 * `incremental` (changes tracked by `trackChanges`), only the touched vehicles' groups are
 * recomputed and renamed points are renamed in place; otherwise everything is rebuilt.
 */
export function refreshAggregate(db: Db, config: EtlConfig, incremental: boolean): number {
  const agg = config.aggregateTable;
  const puntos = config.tables.puntos_renta;
  db.transaction(() => {
    if (!incremental) {
      db.exec(`DELETE FROM ${agg}`);
      insertGroups(db, config, false);
      return;
    }
    for (const side of ['salida', 'retorno']) {
      db.exec(`
        UPDATE ${agg} SET punto_${side} = (SELECT nombre FROM ${puntos} WHERE id_punto = ${agg}.id_punto_${side})
        WHERE id_punto_${side} IN (SELECT id FROM temp.touched_puntos)`);
    }
    db.exec(`DELETE FROM ${agg} WHERE id_vehiculo IN (SELECT id FROM temp.touched_vehiculos)`);
    insertGroups(db, config, true);
  })();
  return db.prepare(`SELECT COUNT(*) FROM ${agg}`).pluck().get() as number;
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
