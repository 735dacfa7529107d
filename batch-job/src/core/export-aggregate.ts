import type { EtlConfig } from './config.js';
import { csvCell, csvLine } from './csv-write.js';
import type { HashedFileWriter } from './export-file.js';
import type { Db } from './warehouse.js';

/** A slice of the aggregate by vehicle id: `from` <= id_vehiculo < `to`; an end left out is open. */
export interface VehicleRange {
  readonly from?: number;
  readonly to?: number;
}

/** The aggregate's columns in table order; the fast renderer relies on exactly these. */
const COLUMNS = [
  'id_vehiculo', 'id_punto_salida', 'id_punto_retorno', 'mes', 'marca', 'modelo', 'anio', 'tipo',
  'capacidad', 'color', 'punto_salida', 'punto_retorno', 'total_rentas', 'dias_totales',
  'duracion_promedio_dias', 'ingresos',
] as const;

/** Aggregate columns that are copies of a dimension column, with that column. */
const VEHICLE_COPIES = ['marca', 'modelo', 'anio', 'tipo', 'capacidad', 'color'] as const;
const ORDER = 'ORDER BY a.id_vehiculo, a.id_punto_salida, a.id_punto_retorno, a.mes';

function rangeWhere(range: VehicleRange): { sql: string; params: number[] } {
  const terms: string[] = [];
  const params: number[] = [];
  if (range.from !== undefined) {
    terms.push('a.id_vehiculo >= ?');
    params.push(range.from);
  }
  if (range.to !== undefined) {
    terms.push('a.id_vehiculo < ?');
    params.push(range.to);
  }
  return { sql: terms.length ? `WHERE ${terms.join(' AND ')}` : '', params };
}

/**
 * Writes the aggregate rows of `range` (key order) to `out`, with the header row when
 * `header`. Same bytes as `csvLine` over `SELECT *`; the fast renderer is used when the
 * tables have the shape it relies on, the plain one otherwise.
 */
export function writeAggregateRange(db: Db, config: EtlConfig, range: VehicleRange, out: HashedFileWriter, header: boolean): void {
  const agg = config.aggregateTable;
  if (header) out.write(csvLine(db.prepare(`SELECT * FROM ${agg}`).columns().map((c) => c.name)));
  if (fastPathFits(db, config)) writeFast(db, config, range, out);
  else writePlain(db, agg, range, out);
}

function writePlain(db: Db, agg: string, range: VehicleRange, out: HashedFileWriter): void {
  const where = rangeWhere(range);
  const stmt = db.prepare(`SELECT * FROM ${agg} a ${where.sql} ${ORDER}`).raw(true);
  let text = '';
  for (const row of stmt.iterate(...where.params) as IterableIterator<unknown[]>) {
    text += csvLine(row);
    if (text.length > 1 << 16) {
      out.write(text);
      text = '';
    }
  }
  out.write(text);
}

function declaredTypes(db: Db, table: string): Map<string, string> {
  const info = db.pragma(`table_info(${table})`) as { name: string; type: string }[];
  return new Map(info.map((c) => [c.name, c.type.toUpperCase()]));
}

/**
 * The fast renderer compares the aggregate's copies with the dimension columns in SQL; that
 * comparison means "renders the same" only when both sides have the same declared type
 * (no affinity conversion), so any other shape takes the plain path.
 */
function fastPathFits(db: Db, config: EtlConfig): boolean {
  const names = db.prepare(`SELECT * FROM ${config.aggregateTable}`).columns().map((c) => c.name);
  if (names.length !== COLUMNS.length || names.some((n, i) => n !== COLUMNS[i])) return false;
  const agg = declaredTypes(db, config.aggregateTable);
  const veh = declaredTypes(db, config.tables.vehiculos);
  const pts = declaredTypes(db, config.tables.puntos_renta);
  return (
    veh.has('id_vehiculo') &&
    pts.has('id_punto') &&
    VEHICLE_COPIES.every((c) => veh.get(c) === agg.get(c)) &&
    pts.get('nombre') === agg.get('punto_salida') &&
    pts.get('nombre') === agg.get('punto_retorno')
  );
}

/**
 * True for a row whose copied columns equal its vehicle's and points' (compared in C,
 * bytewise for text) and whose month is a plain `YYYY-MM`: such a row can be rendered from
 * per-vehicle and per-point cells rendered once, instead of making V8 strings per row.
 */
function rowMatchesDimensionsSql(): string {
  const text = (col: string, dim: string) => `a.${col} = ${dim} COLLATE BINARY`;
  return [
    ...VEHICLE_COPIES.map((c) => text(c, `v.${c}`)),
    text('punto_salida', 'ps.nombre'),
    text('punto_retorno', 'pr.nombre'),
    `a.mes GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'`,
  ].join(' AND ');
}

interface PointCells {
  readonly id: string;
  readonly name: string;
}

/**
 * Reads two cursors in the same key order: the main one returns numbers only (the month as
 * yyyymm when the row matches its dimensions, NULL when not); the second returns the whole
 * of each row that does not match, rendered exactly as `csvLine` would.
 */
function writeFast(db: Db, config: EtlConfig, range: VehicleRange, out: HashedFileWriter): void {
  const { aggregateTable: agg, tables } = config;
  const where = rangeWhere(range);
  const joins = `FROM ${agg} a LEFT JOIN ${tables.vehiculos} v ON v.id_vehiculo = a.id_vehiculo
    LEFT JOIN ${tables.puntos_renta} ps ON ps.id_punto = a.id_punto_salida
    LEFT JOIN ${tables.puntos_renta} pr ON pr.id_punto = a.id_punto_retorno`;
  const matches = rowMatchesDimensionsSql();
  const mainRows = db.prepare(
    `SELECT a.id_vehiculo, a.id_punto_salida, a.id_punto_retorno,
       CASE WHEN ${matches} THEN CAST(substr(a.mes, 1, 4) AS INTEGER) * 100 + CAST(substr(a.mes, 6, 2) AS INTEGER) END,
       a.total_rentas, a.dias_totales, a.duracion_promedio_dias, a.ingresos
     ${joins} ${where.sql} ${ORDER}`,
  ).raw(true);
  const otherRows = db
    .prepare(`SELECT a.* ${joins} ${where.sql ? `${where.sql} AND` : 'WHERE'} (${matches}) IS NOT 1 ${ORDER}`)
    .raw(true)
    .iterate(...where.params) as IterableIterator<unknown[]>;
  const vehicleStmt = db.prepare(`SELECT ${VEHICLE_COPIES.join(', ')} FROM ${tables.vehiculos} WHERE id_vehiculo = ?`).raw(true);
  const pointStmt = db.prepare(`SELECT nombre FROM ${tables.puntos_renta} WHERE id_punto = ?`).pluck(true);
  const points = new Map<unknown, PointCells>();
  const pointCells = (id: unknown): PointCells => {
    let cells = points.get(id);
    if (cells === undefined) {
      cells = { id: csvCell(id), name: csvCell(pointStmt.get(id)) };
      points.set(id, cells);
    }
    return cells;
  };
  const months = new Map<number, string>();
  const monthCell = (yyyymm: number): string => {
    let cell = months.get(yyyymm);
    if (cell === undefined) {
      cell = `${String(Math.floor(yyyymm / 100)).padStart(4, '0')}-${String(yyyymm % 100).padStart(2, '0')}`;
      months.set(yyyymm, cell);
    }
    return cell;
  };

  let vehicle: unknown;
  let vehicleHead = '';
  let vehicleCells = '';
  let text = '';
  try {
    for (const row of mainRows.iterate(...where.params) as IterableIterator<unknown[]>) {
      const [id, from, to, month, rentals, days, meanDays, revenue] = row;
      if (month === null) {
        text += csvLine(nextOther(otherRows, row));
      } else {
        if (id !== vehicle) {
          vehicle = id;
          vehicleHead = `${csvCell(id)},`;
          vehicleCells = (vehicleStmt.get(id) as unknown[]).map(csvCell).join(',');
        }
        const pickup = pointCells(from);
        const dropoff = pointCells(to);
        const daysCell = csvCell(days);
        // A cell of one rental: its mean duration is its duration, so the text is shared.
        const meanCell = meanDays === days ? daysCell : csvCell(meanDays);
        text += `${vehicleHead}${pickup.id},${dropoff.id},${monthCell(month as number)},${vehicleCells},${pickup.name},${dropoff.name},${csvCell(rentals)},${daysCell},${meanCell},${csvCell(revenue)}\n`;
      }
      if (text.length > 1 << 16) {
        out.write(text);
        text = '';
      }
    }
    out.write(text);
    if (!otherRows.next().done) throw new Error('the aggregate export read more unmatched rows than the main cursor saw');
  } finally {
    otherRows.return?.();
  }
}

function nextOther(otherRows: IterableIterator<unknown[]>, expected: readonly unknown[]): unknown[] {
  const next = otherRows.next();
  // Both cursors walk the same keys; a mismatch would mean rows out of place in the file.
  if (next.done || next.value[0] !== expected[0] || next.value[1] !== expected[1] || next.value[2] !== expected[2]) {
    throw new Error('the aggregate export cursors disagree on the row order');
  }
  return next.value;
}
