import type { EtlConfig } from '../config.js';
import type { Db } from '../warehouse.js';

/**
 * The report's figures, read from the aggregate table. Every roll-up divides summed days by
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

const SUMS = `SUM(total_rentas) AS rentas, SUM(dias_totales) AS dias,
  SUM(dias_totales) / SUM(total_rentas) AS promedio, SUM(ingresos) AS ingresos`;
/** Lines before the LIMIT, counted on the grouped rows: the report says "30 of 200". */
const GROUPS = 'COUNT(*) OVER () AS grupos';

/**
 * One line per vehicle. GROUP BY id_vehiculo follows the aggregate's primary key, so SQLite
 * reads it in order without sorting; the type and model year roll-ups then group ~one row
 * per vehicle instead of the whole aggregate.
 */
const perVehicle = (agg: string) => `(
  SELECT id_vehiculo, MAX(tipo) AS tipo, MAX(anio) AS anio,
         SUM(total_rentas) AS total_rentas, SUM(dias_totales) AS dias_totales, SUM(ingresos) AS ingresos,
         SUM(CASE WHEN id_punto_salida <> id_punto_retorno THEN total_rentas ELSE 0 END) AS solo_ida,
         MIN(mes) AS desde, MAX(mes) AS hasta
  FROM ${agg} GROUP BY id_vehiculo)`;

type Counted<T> = T & { grupos: number };

/**
 * Reads everything the report shows, in a handful of bounded queries over the aggregate,
 * inside one read transaction so that all figures come from the same state of the warehouse.
 */
export function readReportData(db: Db, config: EtlConfig): ReportData {
  return db.transaction(() => readAll(db, config))();
}

function readAll(db: Db, config: EtlConfig): ReportData {
  const agg = config.aggregateTable;
  const all = <T>(sql: string, limit: number): Counted<T>[] => db.prepare(sql).all(limit) as Counted<T>[];
  const groups = (rows: readonly { grupos: number }[]): number => rows[0]?.grupos ?? 0;

  const sums = db
    .prepare(
      `SELECT COUNT(*) AS vehiculos, COALESCE(SUM(total_rentas), 0) AS rentas, COALESCE(SUM(dias_totales), 0) AS dias,
              COALESCE(SUM(ingresos), 0) AS ingresos, COALESCE(SUM(solo_ida), 0) AS rentasSoloIda,
              MIN(desde) AS desde, MAX(hasta) AS hasta
       FROM ${perVehicle(agg)}`,
    )
    .get() as Omit<Totals, 'puntos' | 'rutas' | 'meses' | 'tipos'>;

  const top = db
    .prepare(
      `SELECT posicion, id_vehiculo, marca, modelo, anio, tipo, total_rentas AS rentas, dias_totales AS dias,
              duracion_promedio_dias AS promedio, ingresos
       FROM ${config.topView} ORDER BY posicion LIMIT ?`,
    )
    .all(REPORT_LIMITS.topVehicles) as VehicleRow[];

  const points = all<PointRow>(
    `SELECT id_punto_salida AS id, MAX(punto_salida) AS nombre, ${SUMS}, ${GROUPS}
     FROM ${agg} GROUP BY id_punto_salida ORDER BY rentas DESC, id LIMIT ?`,
    REPORT_LIMITS.points,
  );

  const routes = all<RouteRow>(
    `SELECT id_punto_salida AS id_salida, id_punto_retorno AS id_retorno,
            MAX(punto_salida) AS salida, MAX(punto_retorno) AS retorno, ${SUMS}, ${GROUPS}
     FROM ${agg} WHERE id_punto_salida <> id_punto_retorno
     GROUP BY id_punto_salida, id_punto_retorno
     ORDER BY rentas DESC, id_salida, id_retorno LIMIT ?`,
    REPORT_LIMITS.routes,
  );

  // The latest months when there are more than the limit, shown oldest first.
  const months = all<MonthRow>(
    `SELECT mes, ${SUMS}, ${GROUPS} FROM ${agg} GROUP BY mes ORDER BY mes DESC LIMIT ?`,
    REPORT_LIMITS.months,
  ).reverse();

  const types = all<TypeRow>(
    `SELECT tipo, COUNT(*) AS vehiculos, ${SUMS}, ${GROUPS}
     FROM ${perVehicle(agg)} GROUP BY tipo ORDER BY rentas DESC, tipo LIMIT ?`,
    REPORT_LIMITS.types,
  );

  const years = all<YearRow>(
    `SELECT anio, COUNT(*) AS vehiculos, ${SUMS}
     FROM ${perVehicle(agg)} GROUP BY anio ORDER BY anio DESC LIMIT ?`,
    REPORT_LIMITS.years,
  );

  const totals: Totals = {
    ...sums,
    puntos: groups(points),
    rutas: groups(routes),
    meses: groups(months),
    tipos: groups(types),
  };
  return { totals, top, points, routes, months, types, years };
}
