import type { EtlConfig } from '../config.js';
import { rankingHeadSql } from '../rollups.js';
import { ROLLUP_TABLES } from '../warehouse-names.js';
import type { Db } from '../warehouse.js';

/**
 * The report's figures, read from the aggregate's roll-ups. Every line divides summed days by
 * summed rentals (a weighted average, never an average of averages), and every list is
 * bounded so the report stays small whatever the size of the warehouse.
 */
export const REPORT_LIMITS = {
  topVehicles: 20,
  points: 30,
  routes: 20,
  /** 20 years of months: "all months" for any real warehouse, still bounded. */
  months: 240,
  types: 30,
  /** Model years are 1900..next year, so this keeps them all. */
  years: 130,
} as const;

export interface Totals {
  rentas: number;
  dias: number;
  ingresos: number;
  vehiculos: number;
  rentasSoloIda: number;
  desde: string | null;
  hasta: string | null;
  /** How many lines each list would have without its limit. */
  puntos: number;
  rutas: number;
  meses: number;
  tipos: number;
}

/** One line of a roll-up: rentals, summed days, weighted average days, revenue. */
export interface Rollup {
  rentas: number;
  dias: number;
  promedio: number;
  ingresos: number;
}

export interface VehicleRow extends Rollup {
  posicion: number;
  id_vehiculo: number;
  marca: string;
  modelo: string;
  anio: number;
  tipo: string;
}

export interface PointRow extends Rollup {
  id: number;
  nombre: string;
}

export interface RouteRow extends Rollup {
  id_salida: number;
  id_retorno: number;
  salida: string;
  retorno: string;
}

export interface MonthRow extends Rollup {
  mes: string;
}

export interface TypeRow extends Rollup {
  tipo: string;
  vehiculos: number;
}

export interface YearRow extends Rollup {
  anio: number;
  vehiculos: number;
}

export interface ReportData {
  totals: Totals;
  top: VehicleRow[];
  points: PointRow[];
  routes: RouteRow[];
  months: MonthRow[];
  types: TypeRow[];
  years: YearRow[];
}

/** Sums over roll-up lines: of the exact integers, derived to days and pesos once, at the end. */
const SUMS = `SUM(total_rentas) AS rentas, SUM(segundos_totales) / 86400.0 AS dias,
  (SUM(segundos_totales) / 86400.0) / SUM(total_rentas) AS promedio, SUM(ingresos_centavos) / 100.0 AS ingresos`;
/** Lines before the LIMIT, counted on the grouped rows: the report says "30 of 200". */
const GROUPS = 'COUNT(*) OVER () AS grupos';

type Counted<T> = T & { grupos: number };

/**
 * Reads everything the report shows from the aggregate's roll-ups (a line per vehicle, per
 * point pair, per month), in bounded queries inside one read transaction, so all figures
 * come from the same state of the warehouse and the cost does not grow with its rentals.
 */
export function readReportData(db: Db, config: EtlConfig): ReportData {
  return db.transaction(() => readAll(db, config))();
}

function readAll(db: Db, config: EtlConfig): ReportData {
  const { vehiculos: byVehicle, rutas: byRoute, meses: byMonth } = ROLLUP_TABLES;
  const puntos = config.tables.puntos_renta;
  const all = <T>(sql: string, limit: number): Counted<T>[] => db.prepare(sql).all(limit) as Counted<T>[];
  const groups = (rows: readonly { grupos: number }[]): number => rows[0]?.grupos ?? 0;
  const pointName = (id: string) => `COALESCE((SELECT nombre FROM ${puntos} WHERE id_punto = ${id}), CAST(${id} AS TEXT))`;

  const sums = db
    .prepare(
      `SELECT COUNT(*) AS vehiculos, COALESCE(SUM(total_rentas), 0) AS rentas, COALESCE(SUM(segundos_totales), 0) / 86400.0 AS dias,
              COALESCE(SUM(ingresos_centavos), 0) / 100.0 AS ingresos,
              (SELECT COALESCE(SUM(total_rentas), 0) FROM ${byRoute} WHERE id_punto_salida <> id_punto_retorno) AS rentasSoloIda,
              (SELECT MIN(mes) FROM ${byMonth}) AS desde, (SELECT MAX(mes) FROM ${byMonth}) AS hasta
       FROM ${byVehicle}`,
    )
    .get() as Omit<Totals, 'puntos' | 'rutas' | 'meses' | 'tipos'>;

  const top = db
    .prepare(
      `SELECT posicion, id_vehiculo, marca, modelo, anio, tipo, total_rentas AS rentas, dias_totales AS dias,
              duracion_promedio_dias AS promedio, ingresos
       FROM (${rankingHeadSql()})`,
    )
    .all(REPORT_LIMITS.topVehicles) as VehicleRow[];

  const points = all<PointRow>(
    `SELECT id, ${pointName('id')} AS nombre, rentas, dias, promedio, ingresos, grupos FROM (
       SELECT id_punto_salida AS id, ${SUMS}, ${GROUPS} FROM ${byRoute} GROUP BY id_punto_salida)
     ORDER BY rentas DESC, id LIMIT ?`,
    REPORT_LIMITS.points,
  );

  const routes = all<RouteRow>(
    `SELECT id_punto_salida AS id_salida, id_punto_retorno AS id_retorno,
            ${pointName('id_punto_salida')} AS salida, ${pointName('id_punto_retorno')} AS retorno,
            total_rentas AS rentas, dias_totales AS dias, dias_totales / total_rentas AS promedio, ingresos, ${GROUPS}
     FROM ${byRoute} WHERE id_punto_salida <> id_punto_retorno
     ORDER BY rentas DESC, id_salida, id_retorno LIMIT ?`,
    REPORT_LIMITS.routes,
  );

  // The latest months when there are more than the limit, shown oldest first.
  const months = all<MonthRow>(
    `SELECT * FROM (
       SELECT mes, total_rentas AS rentas, dias_totales AS dias, dias_totales / total_rentas AS promedio, ingresos, ${GROUPS}
       FROM ${byMonth} ORDER BY mes DESC LIMIT ?)
     ORDER BY mes`,
    REPORT_LIMITS.months,
  );

  const types = all<TypeRow>(
    `SELECT tipo, COUNT(*) AS vehiculos, ${SUMS}, ${GROUPS}
     FROM ${byVehicle} GROUP BY tipo ORDER BY rentas DESC, tipo LIMIT ?`,
    REPORT_LIMITS.types,
  );

  const years = all<YearRow>(
    `SELECT anio, COUNT(*) AS vehiculos, ${SUMS}
     FROM ${byVehicle} GROUP BY anio ORDER BY anio DESC LIMIT ?`,
    REPORT_LIMITS.years,
  );

  const strip = <T>(rows: Counted<T>[]): T[] => rows.map(({ grupos: _, ...row }) => row as T);
  const totals: Totals = { ...sums, puntos: groups(points), rutas: groups(routes), meses: groups(months), tipos: groups(types) };
  return { totals, top, points: strip(points), routes: strip(routes), months: strip(months), types, years };
}
