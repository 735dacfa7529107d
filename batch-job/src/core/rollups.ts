import type { EtlConfig } from './config.js';
import type { Db } from './warehouse.js';
import { ROLLUP_TABLES } from './warehouse-names.js';

// Roll-ups of the aggregate table kept in the warehouse: per vehicle, per (pickup, return)
// point pair and per month. They hold the same counts and exact integer sums (seconds, cents)
// as the aggregate rows they summarise, with `dias_totales` and `ingresos` derived from those
// integers, so every average computed from them stays weighted and no sum drifts. The ranking view and the
// report read them instead of grouping millions of aggregate rows, and a batch into a large
// warehouse updates only the lines its rentals touch.
const { vehiculos: BY_VEHICLE, rutas: BY_ROUTE, meses: BY_MONTH } = ROLLUP_TABLES;
const VEHICLE_ATTRIBUTES = ['marca', 'modelo', 'anio', 'tipo', 'capacidad', 'color'] as const;
/** The vehicle attributes as a SQL list, each written by `column`. */
const attributes = (column: (name: string) => string = (c) => c) => VEHICLE_ATTRIBUTES.map(column).join(', ');

/**
 * The three roll-ups, summed row by row from the aggregate's rows (they are few, so maps): by
 * `rebuildRollups` in one pass over the table, or by the writer of the rows while it writes them.
 */
export class RollupSums {
  private readonly vehicles = new Map<number, Sums>();
  private readonly routes = new Map<number, Map<number, Sums>>();
  private readonly months = new Map<string, Sums & { grupos: number }>();

  add(vehiculo: number, salida: number, retorno: number, mes: string, rentas: number, segundos: number, centavos: number): void {
    let vehicle = this.vehicles.get(vehiculo);
    if (!vehicle) this.vehicles.set(vehiculo, (vehicle = { rentas: 0, segundos: 0, centavos: 0 }));
    add(vehicle, rentas, segundos, centavos);
    let from = this.routes.get(salida);
    if (!from) this.routes.set(salida, (from = new Map<number, Sums>()));
    let route = from.get(retorno);
    if (!route) from.set(retorno, (route = { rentas: 0, segundos: 0, centavos: 0 }));
    add(route, rentas, segundos, centavos);
    let month = this.months.get(mes);
    if (!month) this.months.set(mes, (month = { grupos: 0, rentas: 0, segundos: 0, centavos: 0 }));
    month.grupos++;
    add(month, rentas, segundos, centavos);
  }

  /**
   * Writes the sums into the (emptied) roll-up tables, each vehicle with its attributes from
   * the vehicles table (every vehicle summed has its row there, as every aggregate row does).
   */
  write(db: Db, config: EtlConfig): void {
    // The same derivation as in SQL: an integer below 2^53 divided once, correctly rounded.
    const values = (r: Sums) => [r.rentas, r.segundos / 86_400, r.centavos / 100, r.segundos, r.centavos];
    const vehicle = db.prepare(`
      INSERT INTO ${BY_VEHICLE} (id_vehiculo, ${attributes()}, ${SUM_COLUMNS})
      SELECT v.id_vehiculo, ${attributes((c) => `v.${c}`)}, ?, ?, ?, ?, ? FROM ${config.tables.vehiculos} AS v WHERE v.id_vehiculo = ?`);
    for (const [id, r] of this.vehicles) vehicle.run(...values(r), id);
    const route = db.prepare(`INSERT INTO ${BY_ROUTE} (id_punto_salida, id_punto_retorno, ${SUM_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`);
    for (const [salida, to] of this.routes) for (const [retorno, r] of to) route.run(salida, retorno, ...values(r));
    const month = db.prepare(`INSERT INTO ${BY_MONTH} (mes, grupos, ${SUM_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`);
    for (const [mes, m] of this.months) month.run(mes, m.grupos, ...values(m));
  }
}

/**
 * Refills the roll-ups from the whole aggregate table, after a full rebuild of it: summed in
 * one pass over the table (each would sort it in SQL), or taken from `written`, the sums of
 * every row the caller has just written.
 */
export function rebuildRollups(db: Db, config: EtlConfig, written?: RollupSums): void {
  const agg = config.aggregateTable;
  db.transaction(() => {
    db.exec(`DELETE FROM ${BY_VEHICLE}; DELETE FROM ${BY_ROUTE}; DELETE FROM ${BY_MONTH};`);
    let sums = written;
    if (!sums) {
      sums = new RollupSums();
      const rows = db
        .prepare(`SELECT id_vehiculo, id_punto_salida, id_punto_retorno, mes, total_rentas, segundos_totales, ingresos_centavos FROM ${agg}`)
        .raw(true)
        .iterate() as IterableIterator<[number, number, number, string, number, number, number]>;
      for (const [vehiculo, salida, retorno, mes, rentas, segundos, centavos] of rows) sums.add(vehiculo, salida, retorno, mes, rentas, segundos, centavos);
    }
    sums.write(db, config);
  })();
}

/** The sums every roll-up keeps: the count, the derived REALs, the exact integers. */
const SUM_COLUMNS = 'total_rentas, dias_totales, ingresos, segundos_totales, ingresos_centavos';

/** `dias_totales` and `ingresos` from integer seconds and cents (as the aggregate derives them). */
const derived = (segundos: string, centavos: string) => `(${segundos}) / 86400.0, (${centavos}) / 100.0`;

interface Sums {
  rentas: number;
  segundos: number;
  centavos: number;
}

function add(into: Sums, rentas: number, segundos: number, centavos: number): void {
  into.rentas += rentas;
  into.segundos += segundos;
  into.centavos += centavos;
}

/**
 * Moves the roll-ups by one incremental batch's per-group sums (`groups`, a temp table with
 * the aggregate's key, `rentas`, `segundos`, `centavos`, and whether the group `existed` before
 * and was `removed` after), then removes every line left without rentals, so the ranking
 * lists only vehicles with rentals and each month counts its aggregate rows.
 */
export function applyGroupChanges(db: Db, config: EtlConfig, groups: string): void {
  const vehicles = config.tables.vehiculos;
  // The SET clauses read the old values: the derived columns are written from the new sums.
  const add = (extra = '') => `ON CONFLICT DO UPDATE SET total_rentas = total_rentas + excluded.total_rentas,
      segundos_totales = segundos_totales + excluded.segundos_totales,
      ingresos_centavos = ingresos_centavos + excluded.ingresos_centavos,
      dias_totales = (segundos_totales + excluded.segundos_totales) / 86400.0,
      ingresos = (ingresos_centavos + excluded.ingresos_centavos) / 100.0${extra}`;
  const sums = `SUM(g.rentas), ${derived('SUM(g.segundos)', 'SUM(g.centavos)')}, SUM(g.segundos), SUM(g.centavos)`;
  db.exec(`
    INSERT INTO ${BY_VEHICLE} (id_vehiculo, ${attributes()}, ${SUM_COLUMNS})
    SELECT g.id_vehiculo, ${attributes((c) => `v.${c}`)}, ${sums}
    FROM temp.${groups} AS g JOIN ${vehicles} AS v ON v.id_vehiculo = g.id_vehiculo
    WHERE true GROUP BY g.id_vehiculo
    ${add(`, ${attributes((c) => `${c} = excluded.${c}`)}`)};
    DELETE FROM ${BY_VEHICLE} WHERE total_rentas = 0 AND id_vehiculo IN (SELECT id_vehiculo FROM temp.${groups});
    INSERT INTO ${BY_ROUTE} (id_punto_salida, id_punto_retorno, ${SUM_COLUMNS})
    SELECT g.id_punto_salida, g.id_punto_retorno, ${sums} FROM temp.${groups} AS g
    WHERE true GROUP BY g.id_punto_salida, g.id_punto_retorno
    ${add()};
    DELETE FROM ${BY_ROUTE} WHERE total_rentas = 0
      AND (id_punto_salida, id_punto_retorno) IN (SELECT id_punto_salida, id_punto_retorno FROM temp.${groups});
    INSERT INTO ${BY_MONTH} (mes, grupos, ${SUM_COLUMNS})
    SELECT g.mes, SUM(NOT g.existed) - SUM(g.removed), ${sums} FROM temp.${groups} AS g
    WHERE true GROUP BY g.mes
    ${add(', grupos = grupos + excluded.grupos')};
    DELETE FROM ${BY_MONTH} WHERE grupos = 0 AND mes IN (SELECT mes FROM temp.${groups});
  `);
}

/** Copies the current attributes of the vehicles listed in `changed` (a temp table of ids). */
export function refreshVehicleAttributes(db: Db, config: EtlConfig, changed: string): void {
  db.exec(`
    UPDATE ${BY_VEHICLE} SET ${attributes((c) => `${c} = v.${c}`)}
    FROM ${config.tables.vehiculos} AS v
    WHERE ${BY_VEHICLE}.id_vehiculo = v.id_vehiculo AND v.id_vehiculo IN (SELECT id FROM temp.${changed})`);
}

/** Rows of the aggregate table, counted from the month roll-up instead of a scan of it. */
export function aggregateRowCount(db: Db): number {
  return db.prepare(`SELECT COALESCE(SUM(grupos), 0) FROM ${BY_MONTH}`).pluck().get() as number;
}

/** Rentals in the warehouse, as the month roll-up counts them (every rental is in one month). */
export function rentalsCounted(db: Db): number {
  return db.prepare(`SELECT COALESCE(SUM(total_rentas), 0) FROM ${BY_MONTH}`).pluck().get() as number;
}

/** The ranking's order (the `top_vehiculos` view's), a total one: the id breaks ties. */
const RANKING_ORDER = 'total_rentas DESC, duracion_promedio_dias DESC, id_vehiculo';

/**
 * The ranking's lines without their `posicion` (their place in this order is it): the view's
 * other columns, read from the vehicle roll-up with one sort and no window function, which
 * numbers the rows through two more passes (0.2 s against 0.3 s for 50 000 vehicles).
 */
export function rankingSql(): string {
  return `SELECT id_vehiculo, marca, modelo, anio, tipo, capacidad, color, total_rentas, dias_totales,
      dias_totales / total_rentas AS duracion_promedio_dias, ingresos
    FROM ${BY_VEHICLE} ORDER BY ${RANKING_ORDER}`;
}

/**
 * The first lines of the ranking (the `top_vehiculos` view), with its columns, the same rows in
 * the same order: the view numbers every vehicle before any LIMIT applies (50 000 vehicles
 * sorted whole, 0.12 s), where this keeps only the first `?` while it reads the roll-up, then
 * numbers those.
 */
export function rankingHeadSql(): string {
  return `SELECT ROW_NUMBER() OVER (ORDER BY ${RANKING_ORDER}) AS posicion, * FROM (${rankingSql()} LIMIT ?) ORDER BY posicion`;
}
