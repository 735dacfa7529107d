import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../batch-job/src/core/config.js';
import { csvLine } from '../../batch-job/src/core/csv-write.js';
import { HashedFileWriter } from '../../batch-job/src/core/export-file.js';
import { describeFile, exportPaths, openReadOnly, writeAggregatePart, writeAggregateRange, writeExportsFrom } from '../../batch-job/src/core/exports.js';
import { tempDir } from '../helpers/etl.js';
import { newWarehouse } from '../helpers/report-warehouse.js';

const config = loadConfig({});
const HOSTILE = ['', 'a,b', 'say "hi"', 'line\nbreak', 'cr\rhere', '=SUM(A1)', '+1', '-2', '@x', '\tTab', '\rCR', 'Mérida', 'Ñandú 🚗', "'quoted", ' spaced ', '""', ','];
const NUMBERS = [0, 1, 2.5, 1 / 3, 0.1 + 0.2, 1e21, 1.5e-7, 123456789012.34, -0, 5e-324, 1.7976931348623157e308, 11892.35, 42];

/** A small deterministic generator, so a failure names a seed that reproduces it. */
function random(seed: number) {
  let s = seed >>> 0;
  const next = () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
  return { next, pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] };
}

/**
 * A warehouse file whose aggregate holds hostile text and numbers; `drift` of the rows
 * carry copies that differ from their vehicle or point (or an odd month), as if edited.
 */
function hostileWarehouse(seed: number, rows: number, drift: number): string {
  const path = join(tempDir('rentas-exports-'), 'w.db');
  const db = newWarehouse(config, path);
  const rng = random(seed);
  const text = () => (rng.next() < 0.5 ? rng.pick(HOSTILE) : `${rng.pick(HOSTILE)}${rng.pick(HOSTILE)}${Math.floor(rng.next() * 100)}`);
  const vehicles = new Map<number, unknown[]>();
  const points = new Map<number, string>();
  const vehicleStmt = db.prepare('INSERT INTO vehiculos VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)');
  const pointStmt = db.prepare(`INSERT INTO puntos_renta VALUES (?, ?, 'dir', 'tel', 'hrs')`);
  for (let id = 1; id <= 12; id++) {
    const v = [text(), text(), 1990 + id, text(), 1 + (id % 7), text()];
    vehicles.set(id, v);
    vehicleStmt.run(id, ...v, 'Disponible');
  }
  for (let id = 1; id <= 6; id++) {
    points.set(id, text());
    pointStmt.run(id, points.get(id));
  }
  // The exact integer sums (the last two columns) are not published: any value will do here.
  const insert = db.prepare(`INSERT OR IGNORE INTO ${config.aggregateTable} VALUES (${Array(16).fill('?').join(',')}, 0, 0)`);
  db.transaction(() => {
    for (let i = 0; i < rows; i++) {
      const id = 1 + Math.floor(rng.next() * 12);
      const [from, to] = [1 + Math.floor(rng.next() * 6), 1 + Math.floor(rng.next() * 6)];
      const mes = `${2020 + Math.floor(rng.next() * 6)}-${String(1 + Math.floor(rng.next() * 12)).padStart(2, '0')}`;
      const copies = [...vehicles.get(id)!, points.get(from), points.get(to)];
      const edited = rng.next() < drift;
      if (edited) copies[Math.floor(rng.next() * copies.length)] = rng.next() < 0.2 ? 3.25 : text();
      const days = rng.next() < 0.3 ? rng.pick(NUMBERS) : rng.next() * 1000;
      const rentals = 1 + Math.floor(rng.next() * 3);
      const month = edited && rng.next() < 0.3 ? rng.pick(['2024-1', '=2024-01', '2024-01 ', '']) : mes;
      insert.run(id, from, to, month, ...copies.slice(0, 8), rentals, days, rentals === 1 ? days : rng.pick(NUMBERS), rng.pick(NUMBERS));
    }
  })();
  db.close();
  return path;
}

/** The published columns of the aggregate: the contract's, without the exact integer sums kept beside them. */
const PUBLISHED = `id_vehiculo, id_punto_salida, id_punto_retorno, mes, marca, modelo, anio, tipo, capacidad, color,
  punto_salida, punto_retorno, total_rentas, dias_totales, duracion_promedio_dias, ingresos`;

/** The export as the plain renderer writes it: csvLine over the published columns in key order. */
function reference(path: string): Buffer {
  const db = openReadOnly(path);
  try {
    const stmt = db.prepare(`SELECT ${PUBLISHED} FROM ${config.aggregateTable} ORDER BY id_vehiculo, id_punto_salida, id_punto_retorno, mes`).raw(true);
    let text = csvLine(stmt.columns().map((c) => c.name));
    for (const row of stmt.iterate() as IterableIterator<unknown[]>) text += csvLine(row);
    return Buffer.from(text, 'utf8');
  } finally {
    db.close();
  }
}

describe('aggregate CSV export', () => {
  it.each([
    [1, 600, 0],
    [2, 600, 0.2],
    [3, 2000, 0.05],
    [4, 300, 1],
  ])('writes the same bytes as the plain renderer (seed %i, %i rows, drift %f)', async (seed, rows, drift) => {
    const dbPath = hostileWarehouse(seed, rows, drift);
    const outDir = tempDir('rentas-exports-out-');

    const [aggregate, top] = writeExportsFrom(dbPath, config, outDir);

    expect(readFileSync(aggregate.path).equals(reference(dbPath))).toBe(true);
    expect(aggregate).toMatchObject({ kind: 'aggregate', path: exportPaths(config, outDir).aggregate, ...(await describeFile(aggregate.path)) });
    expect(top).toMatchObject({ kind: 'top', path: exportPaths(config, outDir).top, ...(await describeFile(top.path)) });
  });

  it('writes only the header for an empty aggregate', () => {
    const dbPath = hostileWarehouse(5, 0, 0);

    const [aggregate] = writeExportsFrom(dbPath, config, tempDir('rentas-exports-out-'));

    expect(readFileSync(aggregate.path, 'utf8')).toBe(reference(dbPath).toString('utf8'));
    expect(readFileSync(aggregate.path, 'utf8').split('\n')).toHaveLength(2);
  });

  it.each([1, 5, 7, 13])('stitches a head and a tail split at vehicle %i into the same file, described by its own bytes', async (split) => {
    const dbPath = hostileWarehouse(6, 1500, 0.1);
    const dir = tempDir('rentas-exports-out-');
    const db = openReadOnly(dbPath);

    writeAggregatePart(db, config, { from: split }, join(dir, 'tail.part'), false);
    const head = new HashedFileWriter(join(dir, 'all.csv'));
    writeAggregateRange(db, config, { to: split }, head, true);
    head.append(join(dir, 'tail.part'));
    const written = head.close();
    db.close();

    expect(readFileSync(join(dir, 'all.csv')).equals(reference(dbPath))).toBe(true);
    expect(written).toEqual(await describeFile(join(dir, 'all.csv')));
  });
});
