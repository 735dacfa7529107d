import type { EtlConfig } from './config.js';
import type { TopVehicle } from './manifest.js';
import type { Db } from './warehouse.js';

/**
 * Rebuilds the aggregate table from all rentals in one `INSERT ... SELECT`: counts and sums
 * per (vehicle, pickup point, return point, month), so every roll-up can compute a weighted
 * average. Runs inside one transaction; returns the number of aggregate rows.
 */
export function rebuildAggregate(db: Db, config: EtlConfig): number {
  const { vehiculos, puntos_renta: puntos, rentas } = config.tables;
  const agg = config.aggregateTable;
  db.transaction(() => {
    db.exec(`DELETE FROM ${agg}`);
    db.exec(`
      INSERT INTO ${agg} (id_vehiculo, id_punto_salida, id_punto_retorno, mes, marca, modelo, anio, tipo,
                          capacidad, color, punto_salida, punto_retorno, total_rentas, dias_totales,
                          duracion_promedio_dias, ingresos)
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
  })();
  return db.prepare(`SELECT COUNT(*) FROM ${agg}`).pluck().get() as number;
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
