import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { rebuildAggregate, topVehicles } from '../../batch-job/src/core/aggregate.js';
import { loadConfig } from '../../batch-job/src/core/config.js';
import { csvLine } from '../../batch-job/src/core/csv-write.js';
import { writeTopCsv } from '../../batch-job/src/core/exports.js';
import { readReportData } from '../../batch-job/src/core/report/queries.js';
import { rankingHeadSql } from '../../batch-job/src/core/rollups.js';
import { ROLLUP_TABLES } from '../../batch-job/src/core/warehouse-names.js';
import { HEADERS, runBatch } from '../helpers/etl.js';

/**
 * The roll-up tables and the ranking view, in key order, exactly as stored: their sums are of
 * whole cents and seconds, so sums kept up to date batch after batch equal a recomputation.
 */
function rollupSnapshot(db: Database.Database) {
  return {
    vehicles: db.prepare(`SELECT * FROM ${ROLLUP_TABLES.vehiculos} ORDER BY id_vehiculo`).all(),
    routes: db.prepare(`SELECT * FROM ${ROLLUP_TABLES.rutas} ORDER BY id_punto_salida, id_punto_retorno`).all(),
    months: db.prepare(`SELECT * FROM ${ROLLUP_TABLES.meses} ORDER BY mes`).all(),
    ranking: db.prepare('SELECT * FROM top_vehiculos').all(),
  };
}

/** A deterministic batch: 6 vehicles, 3 points, 4 clients, 400 rentals over 14 months. */
function syntheticBatch() {
  const vehiculos = [
    '1,Nissan,Versa,2020,Sedán,5,Rojo,1000,Disponible',
    '2,Nissan,March,2019,Compacto,5,Azul,2000,Disponible',
    '3,Toyota,Hilux,2021,Pickup,5,Blanco,3000,Disponible',
    '4,Kia,Rio,2020,Compacto,5,Gris,4000,Disponible',
    '5,BMW,X1,2023,SUV,5,Negro,500,Disponible',
    '6,Jeep,Compass,2022,SUV,5,Verde,700,Rentado',
  ];
  const puntos = ['1,Rentas CDMX,a,b,c', '2,Rentas Cancún,a,b,c', '3,Rentas Monterrey,a,b,c'];
  const clientes = ['1,A,a@x.mx,,', '2,B,b@x.mx,,', '3,C,c@x.mx,,', '4,D,d@x.mx,,'];
  const rentas: string[] = [];
  let seed = 7;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (let id = 1; id <= 400; id++) {
    const month = 1 + rnd(14);
    const year = month > 12 ? 2025 : 2024;
    const m = String(((month - 1) % 12) + 1).padStart(2, '0');
    const day = String(1 + rnd(27)).padStart(2, '0');
    const hour = String(rnd(24)).padStart(2, '0');
    const hours = 3 + rnd(24 * 20);
    const start = new Date(`${year}-${m}-${day}T${hour}:15:00Z`);
    const end = new Date(start.getTime() + hours * 3_600_000);
    const fmt = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');
    rentas.push(`${id},${1 + rnd(6)},${1 + rnd(3)},${1 + rnd(3)},${1 + rnd(4)},${fmt(start)},${fmt(end)},${(hours * 37.5).toFixed(2)}`);
  }
  const file = (h: string, rows: string[]) => `${h}\n${rows.join('\n')}\n`;
  return {
    'vehiculos.csv': file(HEADERS.vehiculos, vehiculos),
    'puntos_renta.csv': file(HEADERS.puntos_renta, puntos),
    'clientes.csv': file(HEADERS.clientes, clientes),
    'rentas.csv': file(HEADERS.rentas, rentas),
  };
}

describe('the aggregate table vehiculos_mas_reservados', () => {
  it('equals an independent plain-SQL computation over the raw rentas rows', async () => {
    const { manifest, dbPath } = await runBatch(syntheticBatch());
    const db = new Database(dbPath, { readonly: true });
    const expected = db
      .prepare(
        `SELECT r.id_vehiculo, r.id_punto_salida, r.id_punto_retorno, strftime('%Y-%m', r.fecha_inicio) AS mes,
                v.marca, v.modelo, ps.nombre AS punto_salida, pr.nombre AS punto_retorno,
                COUNT(*) AS total_rentas,
                SUM(julianday(r.fecha_fin) - julianday(r.fecha_inicio)) AS dias_totales,
                AVG(julianday(r.fecha_fin) - julianday(r.fecha_inicio)) AS duracion_promedio_dias,
                SUM(r.costo_total) AS ingresos
         FROM rentas r JOIN vehiculos v USING (id_vehiculo)
         JOIN puntos_renta ps ON ps.id_punto = r.id_punto_salida
         JOIN puntos_renta pr ON pr.id_punto = r.id_punto_retorno
         GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
      )
      .all() as Record<string, number | string>[];
    const actual = db
      .prepare(
        `SELECT id_vehiculo, id_punto_salida, id_punto_retorno, mes, marca, modelo, punto_salida, punto_retorno,
                total_rentas, dias_totales, duracion_promedio_dias, ingresos
         FROM vehiculos_mas_reservados ORDER BY 1, 2, 3, 4`,
      )
      .all() as Record<string, number | string>[];
    db.close();
    expect(actual.length).toBe(expected.length);
    expect(manifest.aggregate.rows).toBe(expected.length);
    actual.forEach((row, i) => {
      for (const [k, v] of Object.entries(expected[i])) {
        if (typeof v === 'number' && !Number.isInteger(v)) expect(row[k] as number, k).toBeCloseTo(v, 6);
        else expect(row[k], k).toBe(v);
      }
    });
  });

  it('rolls up to a weighted average that differs from the average of monthly averages', async () => {
    const rentas = [
      '1,1,1,1,1,2024-01-10,2024-01-20,1000', // January: one rental of 10 days
      '2,1,1,1,1,2024-02-01,2024-02-02,100', // February: three rentals of 1 day
      '3,1,1,1,1,2024-02-03,2024-02-04,100',
      '4,1,1,1,1,2024-02-05,2024-02-06,100',
    ];
    const batch = syntheticBatch();
    const { manifest, dbPath } = await runBatch({ ...batch, 'rentas.csv': `${HEADERS.rentas}\n${rentas.join('\n')}\n` });
    expect(manifest.top[0]).toMatchObject({ id_vehiculo: 1, total_rentas: 4, duracion_promedio_dias: 3.25, ingresos: 1300 });
    const db = new Database(dbPath, { readonly: true });
    const monthly = db.prepare('SELECT AVG(duracion_promedio_dias) FROM vehiculos_mas_reservados WHERE id_vehiculo = 1').pluck().get();
    const byModel = db
      .prepare('SELECT SUM(dias_totales) / SUM(total_rentas) FROM vehiculos_mas_reservados WHERE modelo = ?')
      .pluck()
      .get('Versa');
    db.close();
    expect(monthly).toBe(5.5);
    expect(byModel).toBe(3.25);
  });

  it('ranks ties by longer average duration, then lower id, and lists only vehicles with rentals', async () => {
    const rentas = [
      '1,3,1,1,1,2024-01-01,2024-01-03,1', // vehicle 3: one rental, 2 days
      '2,2,1,1,1,2024-01-01,2024-01-03,1', // vehicle 2: one rental, 2 days
      '3,4,1,1,1,2024-01-01,2024-01-05,1', // vehicle 4: one rental, 4 days
    ];
    const { manifest, dbPath } = await runBatch({ ...syntheticBatch(), 'rentas.csv': `${HEADERS.rentas}\n${rentas.join('\n')}\n` });
    expect(manifest.top.map((v) => v.id_vehiculo)).toEqual([4, 2, 3]);
    const db = new Database(dbPath, { readonly: true });
    expect(db.prepare('SELECT posicion, id_vehiculo FROM top_vehiculos').all()).toEqual([
      { posicion: 1, id_vehiculo: 4 },
      { posicion: 2, id_vehiculo: 2 },
      { posicion: 3, id_vehiculo: 3 },
    ]);
    // The manifest's and the report's first lines are read without numbering the whole view: the same rows.
    for (const n of [1, 2, 3, 10]) {
      const view = db.prepare('SELECT * FROM top_vehiculos ORDER BY posicion LIMIT ?').all(n);
      expect(db.prepare(rankingHeadSql()).all(n)).toEqual(view);
      expect(topVehicles(db, n)).toEqual(view.map((r) => pick(r, ['id_vehiculo', 'marca', 'modelo', 'anio', 'total_rentas', 'duracion_promedio_dias', 'ingresos'])));
    }
    expect(readReportData(db, loadConfig({})).top.map((v) => [v.posicion, v.id_vehiculo])).toEqual([[1, 4], [2, 2], [3, 3]]);
    // The ranking export numbers the lines itself: the view's text, byte for byte.
    const out = mkdtempSync(join(tmpdir(), 'top-'));
    writeTopCsv(db, loadConfig({}), out);
    const stmt = db.prepare('SELECT * FROM top_vehiculos').raw(true);
    const viewCsv = [stmt.columns().map((c) => c.name), ...(stmt.all() as unknown[][])].map((r) => csvLine(r)).join('');
    expect(readFileSync(join(out, 'top_vehiculos.csv'), 'utf8')).toBe(viewCsv);
    db.close();
  });
});

function pick(row: unknown, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, (row as Record<string, unknown>)[k]]));
}

describe('the aggregate refresh on a warehouse that already holds rentals', () => {
  it('matches a full rebuild, roll-ups and report figures included, after updates to vehicles, point names and rentals, and new rentals', async () => {
    const first = await runBatch(syntheticBatch());
    await runBatch(
      {
        'vehiculos.csv': `${HEADERS.vehiculos}\n2,Nissan,March Sense,2019,Compacto,5,Azul,2500,Disponible\n`,
        'puntos_renta.csv': `${HEADERS.puntos_renta}\n3,Rentas Monterrey Centro,a,b,c\n`,
        'rentas.csv': `${HEADERS.rentas}\n5,6,1,3,1,2024-07-01,2024-07-04,300\n401,1,2,3,1,2025-03-01,2025-03-02,100\n402,6,3,3,2,2025-03-01,2025-03-03,200\n`,
      },
      { dbPath: first.dbPath },
    );
    const db = new Database(first.dbPath);
    const snapshot = () => ({
      aggregate: db.prepare('SELECT * FROM vehiculos_mas_reservados ORDER BY id_vehiculo, id_punto_salida, id_punto_retorno, mes').all(),
      ...rollupSnapshot(db),
      report: readReportData(db, loadConfig({})),
    });
    const incremental = snapshot();
    rebuildAggregate(db, loadConfig({}));
    const full = snapshot();
    db.close();
    expect(incremental).toEqual(full);
    expect(incremental.aggregate).toContainEqual(expect.objectContaining({ id_vehiculo: 2, modelo: 'March Sense' }));
    expect(incremental.aggregate).toContainEqual(expect.objectContaining({ id_punto_retorno: 3, punto_retorno: 'Rentas Monterrey Centro' }));
  });

  it('drops a vehicle from the ranking when an update moves its only rental to another vehicle', async () => {
    const rentas = ['1,1,1,2,1,2024-01-01,2024-01-03,100', '2,2,1,1,2,2024-01-05,2024-01-06,50', '3,2,1,1,2,2024-03-05,2024-03-09,70'];
    const first = await runBatch({ ...syntheticBatch(), 'rentas.csv': `${HEADERS.rentas}\n${rentas.join('\n')}\n` });
    // Rental 1 moves from vehicle 1 to vehicle 3, and to another month: vehicle 1 has none left.
    const second = await runBatch({ 'rentas.csv': `${HEADERS.rentas}\n1,3,1,2,1,2024-02-01,2024-02-03,100\n` }, { dbPath: first.dbPath });
    expect(second.manifest.tables.rentas.updated).toBe(1);
    expect(second.manifest.top.map((v) => v.id_vehiculo)).toEqual([2, 3]);
    const db = new Database(first.dbPath);
    const incremental = rollupSnapshot(db);
    expect(second.manifest.aggregate.rows).toBe(db.prepare('SELECT COUNT(*) FROM vehiculos_mas_reservados').pluck().get());
    rebuildAggregate(db, loadConfig({}));
    expect(incremental).toEqual(rollupSnapshot(db));
    db.close();
  });

  it('gives a warehouse made before the roll-ups its roll-ups and a ranking view that reads them', async () => {
    const { dbPath } = await runBatch(syntheticBatch());
    const old = new Database(dbPath);
    const expected = rollupSnapshot(old);
    old.exec(`DROP VIEW top_vehiculos; DROP TABLE ${ROLLUP_TABLES.vehiculos}; DROP TABLE ${ROLLUP_TABLES.rutas}; DROP TABLE ${ROLLUP_TABLES.meses};
      CREATE VIEW top_vehiculos AS SELECT 1 AS posicion; PRAGMA user_version = 0`);
    old.close();
    // A batch that changes nothing still opens (and so migrates) the warehouse.
    await runBatch({ 'puntos_renta.csv': `${HEADERS.puntos_renta}\n1,Rentas CDMX,a,b,c\n` }, { dbPath });
    const db = new Database(dbPath, { readonly: true });
    expect(rollupSnapshot(db)).toEqual(expected);
    expect(db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'top_vehiculos'`).pluck().get()).toContain(ROLLUP_TABLES.vehiculos);
    db.close();
  });
});

describe('incremental batches, one after another', () => {
  /** A batch of new rentals, updates that move old ones (vehicle, points, month, cost), renamed points and changed vehicles. */
  function mixedBatch(seed: number, round: number, firstNewId: number) {
    let state = seed * 7919 + round;
    const rnd = (n: number) => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state % n;
    };
    const rental = (id: number) => {
      const month = String(1 + rnd(12)).padStart(2, '0');
      const day = String(1 + rnd(27)).padStart(2, '0');
      const days = 1 + rnd(9);
      return `${id},${1 + rnd(6)},${1 + rnd(3)},${1 + rnd(3)},${1 + rnd(4)},2024-${month}-${day} 0${rnd(10)}:30,2024-${month}-${day} 1${rnd(10)}:00,${(days * 99.9).toFixed(2)}`;
    };
    // Ids of the base (1..400, 1000..8999) and of earlier rounds (20 000 up to firstNewId).
    const existingId = () => [1 + rnd(400), 1000 + rnd(8000), 20_000 + rnd(Math.max(firstNewId - 20_000, 1))][rnd(firstNewId > 20_000 ? 3 : 2)];
    const updated = Array.from({ length: 30 }, () => rental(existingId()));
    const added = Array.from({ length: 40 }, (_, i) => rental(firstNewId + i));
    const unique = [...new Map([...updated, ...added].map((line) => [line.split(',')[0], line])).values()];
    return {
      'vehiculos.csv': `${HEADERS.vehiculos}\n${1 + rnd(6)},Marca ${round},Modelo ${seed},${2015 + rnd(8)},Tipo ${rnd(3)},5,Color ${round},100,Disponible\n`,
      'puntos_renta.csv': `${HEADERS.puntos_renta}\n${1 + rnd(3)},Punto ${seed}-${round},a,b,c\n`,
      'rentas.csv': `${HEADERS.rentas}\n${unique.join('\n')}\n`,
    };
  }

  /** The synthetic batch plus 8 000 rentals: large enough for small batches to be applied incrementally. */
  function largerBase() {
    const base = syntheticBatch();
    const more = Array.from({ length: 8000 }, (_, i) => `${1000 + i},${1 + (i % 6)},${1 + (i % 3)},1,1,2024-0${1 + (i % 9)}-01,2024-0${1 + (i % 9)}-03,100`);
    return { ...base, 'rentas.csv': `${base['rentas.csv']}${more.join('\n')}\n` };
  }

  it.each([1, 2, 3])('keeps the aggregate and its roll-ups equal to a full rebuild after each of five mixed batches (seed %i)', async (seed) => {
    const { dbPath } = await runBatch(largerBase());
    let nextId = 20_000;
    for (let round = 1; round <= 5; round++) {
      const { manifest, timings } = await runBatch(mixedBatch(seed, round, nextId), { dbPath });
      expect(timings).toHaveProperty(['aggregate (incremental)']);
      expect(manifest.tables.rentas).toMatchObject({ inserted: 40, rejected: 0 });
      expect(manifest.tables.rentas.updated).toBeGreaterThan(10);
      nextId += 40;
      const db = new Database(dbPath);
      const aggregate = () =>
        db.prepare('SELECT * FROM vehiculos_mas_reservados ORDER BY id_vehiculo, id_punto_salida, id_punto_retorno, mes').all();
      const incremental = { aggregate: aggregate(), ...rollupSnapshot(db), rows: manifest.aggregate.rows };
      rebuildAggregate(db, loadConfig({}));
      const full = { aggregate: aggregate(), ...rollupSnapshot(db), rows: db.prepare('SELECT COUNT(*) FROM vehiculos_mas_reservados').pluck().get() };
      db.close();
      expect(incremental).toEqual(full);
    }
  });

  it('leaves the aggregate and its roll-ups as they were when the rentals file breaks half-way', async () => {
    const { dbPath } = await runBatch(largerBase());
    const before = new Database(dbPath, { readonly: true });
    const expected = { ...rollupSnapshot(before), aggregate: before.prepare('SELECT * FROM vehiculos_mas_reservados').all() };
    before.close();
    const rows = Array.from({ length: 600 }, (_, i) => `${20000 + i},2,1,2,1,2024-05-01,2024-05-03,100`);
    // A record of more than 1 000 fields rejects the whole file after hundreds of rows were inserted.
    const broken = `${HEADERS.rentas}\n${rows.join('\n')}\n${Array(1001).fill('1').join(',')}\n`;

    const { manifest, timings } = await runBatch({ 'rentas.csv': broken }, { dbPath });

    expect(timings).toHaveProperty(['aggregate (incremental)']);
    expect(manifest.tables.rentas.status).toBe('rejected');
    const db = new Database(dbPath, { readonly: true });
    expect({ ...rollupSnapshot(db), aggregate: db.prepare('SELECT * FROM vehiculos_mas_reservados').all() }).toEqual(expected);
    db.close();
  });
});
