import { rebuildAggregate } from '../../batch-job/src/core/aggregate.js';
import { loadConfig, type EtlConfig } from '../../batch-job/src/core/config.js';
import type { Manifest, TableReport } from '../../common/manifest.js';
import { tableContracts } from '../../common/tables/index.js';
import { openWarehouse } from '../../batch-job/src/core/migrations.js';
import type { Db } from '../../batch-job/src/core/warehouse.js';

/** A fresh warehouse (in memory unless `path` is given) with the given config. */
export function newWarehouse(config: EtlConfig = loadConfig({}), path = ':memory:'): Db {
  return openWarehouse(path, config, tableContracts(new Date('2025-06-01T00:00:00Z')));
}

export interface SyntheticSize {
  vehicles: number;
  points: number;
  clients: number;
  rentals: number;
  /** Months covered by fecha_inicio, from January 2023. */
  months: number;
}

const BRANDS = [
  ['Nissan', 'Versa'], ['Volkswagen', 'Jetta'], ['Chevrolet', 'Aveo'], ['Toyota', 'Corolla'], ['Kia', 'Rio'],
  ['Honda', 'CR-V'], ['Mazda', 'CX-5'], ['Hyundai', 'Tucson'], ['BMW', 'Serie 3'], ['Ford', 'Ranger'],
];
const TYPES = ['Sedán', 'SUV', 'Compacto', 'Pickup', 'Van', 'Lujo'];
const COLORS = ['Blanco', 'Gris', 'Negro', 'Rojo', 'Azul', 'Plata'];
const CITIES = ['CDMX Aeropuerto T1', 'CDMX Polanco', 'Guadalajara Centro', 'Monterrey Aeropuerto', 'Cancún Zona Hotelera',
  'Puebla Angelópolis', 'Querétaro Centro', 'Mérida Paseo Montejo', 'Tijuana Aeropuerto', 'Oaxaca Centro'];

/**
 * Fills the four tables by SQL (recursive CTEs, no CSV) with deterministic, skewed data:
 * a few vehicles and points are far more popular than the rest, ~30% of rentals are
 * one-way, durations are fractional days. Then rebuilds the aggregate.
 */
export function fillSynthetic(db: Db, config: EtlConfig, size: SyntheticSize): void {
  const t = config.tables;
  const seq = 'WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < @count)';
  // frac(n * irrational): a low-discrepancy stand-in for random() that is the same every run.
  const u = (k: number) => `((n * ${k}) - CAST(n * ${k} AS INTEGER))`;
  db.transaction(() => {
    db.prepare(
      `${seq} INSERT INTO ${t.vehiculos} (id_vehiculo, marca, modelo, anio, tipo, capacidad, color, kilometraje, estado)
       SELECT n, json_extract(@brands, '$[' || (n % 10) || '][0]'), json_extract(@brands, '$[' || (n % 10) || '][1]'),
              2015 + (n % 11), json_extract(@types, '$[' || (n % 6) || ']'), 2 + (n % 7),
              json_extract(@colors, '$[' || (n % 6) || ']'), (n * 3571) % 150000, 'disponible'
       FROM seq`,
    ).run({ count: size.vehicles, brands: JSON.stringify(BRANDS), types: JSON.stringify(TYPES), colors: JSON.stringify(COLORS) });
    db.prepare(
      `${seq} INSERT INTO ${t.puntos_renta} (id_punto, nombre, direccion, telefono, horario_atencion)
       SELECT n, json_extract(@cities, '$[' || (n % 10) || ']') || CASE WHEN n > 10 THEN ' ' || n ELSE '' END,
              'Av. Reforma ' || n, '55' || (10000000 + n), '08:00-20:00'
       FROM seq`,
    ).run({ count: size.points, cities: JSON.stringify(CITIES) });
    db.prepare(
      `${seq} INSERT INTO ${t.clientes} (id_cliente, nombre, correo_electronico, telefono, direccion)
       SELECT n, 'Cliente ' || n, 'cliente' || n || '@example.mx', '55' || (20000000 + n), 'Calle ' || n FROM seq`,
    ).run({ count: size.clients });
    db.prepare(
      `${seq}, r AS (
         SELECT n, ${u(0.6180339887498949)} AS u1, ${u(0.7548776662466927)} AS u2, ${u(0.5698402909980532)} AS u3,
                ${u(0.3183098861837907)} AS u4, ${u(0.4142135623730950)} AS u5 FROM seq),
       s AS (
         SELECT n, 1 + CAST(@vehicles * u1 * u2 AS INTEGER) AS v, 1 + CAST(@points * u2 * u3 AS INTEGER) AS ps,
                u3, 0.25 + 12.0 * u4 * u4 AS dias,
                datetime('2023-01-01', '+' || CAST(u5 * @days AS INTEGER) || ' days', '+' || (n % 600) || ' minutes') AS inicio
         FROM r)
       INSERT INTO ${t.rentas} (id_renta, id_vehiculo, id_punto_salida, id_punto_retorno, id_cliente, fecha_inicio, fecha_fin,
                                costo_total, duracion_renta, costo_centavos, duracion_segundos)
       SELECT n, v, ps, CASE WHEN u3 < 0.3 THEN 1 + (ps + n % 7) % @points ELSE ps END, 1 + n % @clients,
              inicio, datetime(inicio, '+' || CAST(dias * 86400 AS INTEGER) || ' seconds'),
              round(dias * (450 + 35 * (v % 30)), 2), CAST(dias * 86400 AS INTEGER) / 86400.0,
              CAST(round(dias * (450 + 35 * (v % 30)) * 100) AS INTEGER), CAST(dias * 86400 AS INTEGER)
       FROM s`,
    ).run({
      count: size.rentals,
      vehicles: size.vehicles,
      points: size.points,
      clients: size.clients,
      days: (Date.UTC(2023, size.months, 1) - Date.UTC(2023, 0, 1)) / 86_400_000,
    });
  })();
  rebuildAggregate(db, config);
}

function loaded(file: string, rows: number): TableReport {
  return { file, status: 'loaded', warnings: [], rowsRead: rows, inserted: rows, updated: 0, unchanged: 0, rejected: 0, rejectsWritten: 0 };
}

/** A manifest as the run passes it to the report; `tables` entries may be overridden. */
export function sampleManifest(overrides: Partial<Manifest> = {}, tables: Partial<Manifest['tables']> = {}): Manifest {
  return {
    batchId: '2024-06-01_sucursales',
    status: 'succeeded',
    startedAt: '2024-06-01T12:00:00.000Z',
    finishedAt: '2024-06-01T12:00:04.250Z',
    tables: {
      vehiculos: loaded('vehiculos.csv', 3),
      puntos_renta: loaded('puntos_renta.csv', 2),
      clientes: loaded('clientes.csv', 2),
      rentas: loaded('rentas.csv', 5),
      ...tables,
    },
    aggregate: { table: 'vehiculos_mas_reservados', rows: 0, export: 'full', changedGroups: 0 },
    top: [],
    outputs: [],
    ...overrides,
  };
}
