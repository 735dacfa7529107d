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
  SELECT id_vehiculo, MAX(marca) AS marca, MAX(modelo) AS modelo, MAX(tipo) AS tipo, MAX(anio) AS anio,
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
  // One pass per vehicle, kept for the totals, types and model years below.
  db.exec(`DROP TABLE IF EXISTS temp.report_vehicles; CREATE TEMP TABLE report_vehicles AS SELECT * FROM ${perVehicle(agg)}`);
  const all = <T>(sql: string, limit: number): Counted<T>[] => db.prepare(sql).all(limit) as Counted<T>[];
  const groups = (rows: readonly { grupos: number }[]): number => rows[0]?.grupos ?? 0;

  const sums = db
    .prepare(
      `SELECT COUNT(*) AS vehiculos, COALESCE(SUM(total_rentas), 0) AS rentas, COALESCE(SUM(dias_totales), 0) AS dias,
              COALESCE(SUM(ingresos), 0) AS ingresos, COALESCE(SUM(solo_ida), 0) AS rentasSoloIda,
              MIN(desde) AS desde, MAX(hasta) AS hasta
       FROM temp.report_vehicles`,
    )
    .get() as Omit<Totals, 'puntos' | 'rutas' | 'meses' | 'tipos'>;

  const top = db
    .prepare(
      // The ranking of the top_vehiculos view (same order and tie-break), read from the
      // per-vehicle pass instead of grouping the aggregate a second time.
      `SELECT ROW_NUMBER() OVER (ORDER BY total_rentas DESC, dias_totales / total_rentas DESC, id_vehiculo) AS posicion,
              id_vehiculo, marca, modelo, anio, tipo, total_rentas AS rentas, dias_totales AS dias,
              dias_totales / total_rentas AS promedio, ingresos
       FROM temp.report_vehicles ORDER BY posicion LIMIT ?`,
    )
    .all(REPORT_LIMITS.topVehicles) as VehicleRow[];

  const { points, routes, months } = placeAndMonthRollups(db, config);

  const types = all<TypeRow>(
    `SELECT tipo, COUNT(*) AS vehiculos, ${SUMS}, ${GROUPS}
     FROM temp.report_vehicles GROUP BY tipo ORDER BY rentas DESC, tipo LIMIT ?`,
    REPORT_LIMITS.types,
  );

  const years = all<YearRow>(
    `SELECT anio, COUNT(*) AS vehiculos, ${SUMS}
     FROM temp.report_vehicles GROUP BY anio ORDER BY anio DESC LIMIT ?`,
    REPORT_LIMITS.years,
  );

  const totals: Totals = {
    ...sums,
    puntos: points.grupos,
    rutas: routes.grupos,
    meses: months.grupos,
    tipos: groups(types),
  };
  db.exec('DROP TABLE temp.report_vehicles');
  return { totals, top, points: points.rows, routes: routes.rows, months: months.rows, types, years };
}

interface Sums {
  rentas: number;
  dias: number;
  ingresos: number;
}

/**
 * Pickup points, one-way routes and months in one ordered pass over the aggregate: three
 * GROUP BYs on columns that are not its key would each sort the whole table (seconds at a
 * million rows), while these groups are few (points, point pairs, months) and fit in maps.
 * The sums are the aggregate's own, so every average stays weighted.
 */
function placeAndMonthRollups(db: Db, config: EtlConfig) {
  const byPoint = new Map<number, Sums>();
  const byRoute = new Map<string, Sums & { salida: number; retorno: number }>();
  const byMonth = new Map<string, Sums>();
  const add = (into: Sums, rentas: number, dias: number, ingresos: number) => {
    into.rentas += rentas;
    into.dias += dias;
    into.ingresos += ingresos;
  };
  const rows = db
    .prepare(`SELECT id_punto_salida, id_punto_retorno, mes, total_rentas, dias_totales, ingresos FROM ${config.aggregateTable}`)
    .raw(true)
    .iterate() as IterableIterator<[number, number, string, number, number, number]>;
  for (const [salida, retorno, mes, rentas, dias, ingresos] of rows) {
    let point = byPoint.get(salida);
    if (!point) byPoint.set(salida, (point = { rentas: 0, dias: 0, ingresos: 0 }));
    add(point, rentas, dias, ingresos);
    let month = byMonth.get(mes);
    if (!month) byMonth.set(mes, (month = { rentas: 0, dias: 0, ingresos: 0 }));
    add(month, rentas, dias, ingresos);
    if (salida !== retorno) {
      const key = `${salida}>${retorno}`;
      let route = byRoute.get(key);
      if (!route) byRoute.set(key, (route = { salida, retorno, rentas: 0, dias: 0, ingresos: 0 }));
      add(route, rentas, dias, ingresos);
    }
  }
  const names = new Map(
    db.prepare(`SELECT id_punto, nombre FROM ${config.tables.puntos_renta}`).raw(true).all() as [number, string][],
  );
  const rollup = (s: Sums): Rollup => ({ rentas: s.rentas, dias: s.dias, promedio: s.dias / s.rentas, ingresos: s.ingresos });
  const busiest = <T extends Rollup>(list: T[], tie: (a: T, b: T) => number, limit: number) =>
    list.sort((a, b) => b.rentas - a.rentas || tie(a, b)).slice(0, limit);

  const points = busiest<PointRow>(
    [...byPoint].map(([id, s]) => ({ id, nombre: names.get(id) ?? String(id), ...rollup(s) })),
    (a, b) => a.id - b.id,
    REPORT_LIMITS.points,
  );
  const routes = busiest<RouteRow>(
    [...byRoute.values()].map((s) => ({
      id_salida: s.salida,
      id_retorno: s.retorno,
      salida: names.get(s.salida) ?? String(s.salida),
      retorno: names.get(s.retorno) ?? String(s.retorno),
      ...rollup(s),
    })),
    (a, b) => a.id_salida - b.id_salida || a.id_retorno - b.id_retorno,
    REPORT_LIMITS.routes,
  );
  // The latest months when there are more than the limit, shown oldest first.
  const months = [...byMonth]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .slice(-REPORT_LIMITS.months)
    .map(([mes, s]) => ({ mes, ...rollup(s) }));
  return {
    points: { rows: points, grupos: byPoint.size },
    routes: { rows: routes, grupos: byRoute.size },
    months: { rows: months, grupos: byMonth.size },
  };
}
