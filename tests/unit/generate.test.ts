import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchHeader } from '../../common/header.js';
import { tableContracts } from '../../common/tables/index.js';
import { FLEET } from '../../batch-job/src/sample-data/catalog.js';
import {
  generateSample,
  SAMPLE_COLUMNS,
  SAMPLE_TABLES,
  sampleSizes,
  type SampleResult,
  type SampleTable,
} from '../../batch-job/src/sample-data/index.js';

const RENTALS = 20_000;
const SMALL = 3_000;

let root: string;
let sample: SampleResult;
const raw = {} as Record<SampleTable, string>;
const rows = {} as Record<SampleTable, string[][]>;

/** Data rows of a table, as objects keyed by the header. */
function records(table: SampleTable): Record<string, string>[] {
  const header = SAMPLE_COLUMNS[table];
  return rows[table].slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

const seconds = (dateTime: string): number => Date.parse(`${dateTime.replace(' ', 'T')}Z`) / 1000;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'generate-test-'));
  sample = await generateSample({ out: join(root, 'main'), rentals: RENTALS, seed: 7 });
  for (const table of SAMPLE_TABLES) {
    raw[table] = await readFile(sample.files[table], 'utf8');
    rows[table] = parse(raw[table]);
  }
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('sampleSizes', () => {
  it('scales vehicles, clients and points with the number of rentals', () => {
    expect(sampleSizes({ rentals: 1_000_000 })).toEqual({
      vehiculos: 10_000,
      puntos_renta: 200,
      clientes: 100_000,
      rentas: 1_000_000,
    });
    expect(sampleSizes({ rentals: 0 })).toEqual({ vehiculos: 20, puntos_renta: 8, clientes: 50, rentas: 0 });
  });

  it('lets explicit counts override the derived ones', () => {
    expect(sampleSizes({ rentals: 1000, vehicles: 3, clients: 4, points: 5 })).toEqual({
      vehiculos: 3,
      puntos_renta: 5,
      clientes: 4,
      rentas: 1000,
    });
  });
});

describe('generateSample', () => {
  it('writes the four files with the contract headers, in the contract order', () => {
    expect(Object.values(sample.files).map((f) => f.split('/').pop())).toEqual([
      'vehiculos.csv',
      'puntos_renta.csv',
      'clientes.csv',
      'rentas.csv',
    ]);
    expect(raw.vehiculos.split('\n')[0]).toBe('id_vehiculo,marca,modelo,anio,tipo,capacidad,color,kilometraje,estado');
    expect(raw.puntos_renta.split('\n')[0]).toBe('id_punto,nombre,direccion,telefono,horario_atencion');
    expect(raw.clientes.split('\n')[0]).toBe('id_cliente,nombre,correo_electronico,telefono,direccion');
    expect(raw.rentas.split('\n')[0]).toBe(
      'id_renta,id_vehiculo,id_punto_salida,id_punto_retorno,id_cliente,fecha_inicio,fecha_fin,costo_total',
    );
  });

  it('uses the same columns as the pipeline contracts', () => {
    for (const contract of tableContracts()) {
      expect(SAMPLE_COLUMNS[contract.key]).toEqual(contract.columns);
    }
  });

  it('writes as many data rows as it reports', () => {
    expect(sample.rows).toEqual({ vehiculos: 200, puntos_renta: 200, clientes: 2000, rentas: RENTALS });
    for (const table of SAMPLE_TABLES) expect(rows[table].length - 1).toBe(sample.rows[table]);
  });

  it('numbers every table 1..n, so ids are positive and unique', () => {
    for (const table of SAMPLE_TABLES) {
      const ids = rows[table].slice(1).map((r) => Number(r[0]));
      expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => i + 1));
    }
  });

  it('passes the pipeline row validators on every row', () => {
    for (const contract of tableContracts()) {
      const [header, ...data] = rows[contract.key];
      const check = contract.rowCheck(matchHeader(header, contract, `${contract.key}.csv`).positions);
      const bad = data.filter((r) => !check(r).ok);
      expect(bad, contract.key).toEqual([]);
    }
  });

  it('writes vehicles of plausible years, seats and mileage', () => {
    const seatsByType: Record<string, [number, number]> = {
      Compacto: [4, 5],
      Sedán: [5, 5],
      SUV: [5, 7],
      Pickup: [2, 5],
      Van: [12, 15],
      Lujo: [5, 5],
    };
    for (const v of records('vehiculos')) {
      expect(v.marca).not.toBe('');
      expect(v.modelo).not.toBe('');
      expect(Number(v.anio)).toBeGreaterThanOrEqual(2012);
      expect(Number(v.anio)).toBeLessThanOrEqual(2026);
      const [min, max] = seatsByType[v.tipo];
      expect(Number(v.capacidad)).toBeGreaterThanOrEqual(min);
      expect(Number(v.capacidad)).toBeLessThanOrEqual(max);
      expect(Number(v.kilometraje)).toBeGreaterThanOrEqual(0);
      expect(Number(v.kilometraje)).toBeLessThanOrEqual(250_000);
      expect(['Disponible', 'En mantenimiento', 'Rentado', 'Fuera de servicio']).toContain(v.estado);
    }
  });

  it('names rental points after Mexican cities with opening hours', () => {
    const points = records('puntos_renta');
    expect(points[1].nombre).toBe('Rentas Cancún Aeropuerto');
    for (const p of points) {
      expect(p.nombre).toMatch(/^Rentas \S/);
      expect(p.horario_atencion).toMatch(/^Lun-(Vie|Sáb|Dom) \d\d:\d\d-\d\d:\d\d/);
      expect(p.telefono).toMatch(/^\+52 (\d\d \d{4}|\d{3} \d{3}) \d{4}$/);
    }
  });

  it('gives clients unique ASCII e-mail addresses derived from their names', () => {
    const clients = records('clientes');
    const emails = clients.map((c) => c.correo_electronico.toLowerCase());
    for (const e of emails) expect(e).toMatch(/^[a-z0-9._]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/);
    expect(new Set(emails).size).toBe(emails.length);
    const derived = clients.filter((c) => {
      const first = c.nombre.normalize('NFD').replace(/[\u0300-\u036f]/g, '').split(' ')[0].toLowerCase();
      return c.correo_electronico.toLowerCase().includes(first);
    });
    expect(derived.length / clients.length).toBeGreaterThan(0.5);
    for (const c of clients) expect(c.telefono).toMatch(/^\+52 (\d\d \d{4}|\d{3} \d{3}) \d{4}$/);
  });

  it('exercises CSV quoting with commas in addresses and accents in names', () => {
    expect(records('clientes').filter((c) => c.direccion.includes(',')).length).toBeGreaterThan(1000);
    expect(raw.clientes).toMatch(/\n\d+,[^\n]*,"[^"\n]*,[^"\n]*"\n/);
    expect(records('clientes').filter((c) => /[áéíóúñÁÉÍÓÚÑ]/.test(c.nombre)).length).toBeGreaterThan(200);
    expect(records('puntos_renta').some((p) => p.horario_atencion.includes(','))).toBe(true);
  });

  it('writes rentals whose vehicle, points and client exist', () => {
    const within = (id: string, max: number): boolean => Number(id) >= 1 && Number(id) <= max;
    const dangling = records('rentas').filter(
      (r) =>
        !within(r.id_vehiculo, sample.rows.vehiculos) ||
        !within(r.id_punto_salida, sample.rows.puntos_renta) ||
        !within(r.id_punto_retorno, sample.rows.puntos_renta) ||
        !within(r.id_cliente, sample.rows.clientes),
    );
    expect(dangling).toEqual([]);
  });

  it('starts rentals in 2023-2025, in id order, and ends each after it starts', () => {
    const rentals = records('rentas');
    const bad = rentals.filter(
      (r) =>
        !/^202[345]-\d\d-\d\d \d\d:\d\d:\d\d$/.test(r.fecha_inicio) ||
        !/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(r.fecha_fin) ||
        !(seconds(r.fecha_fin) > seconds(r.fecha_inicio)),
    );
    expect(bad).toEqual([]);
    const starts = rentals.map((r) => r.fecha_inicio);
    expect(starts).toEqual([...starts].sort());
  });

  it('keeps most rentals between one and seven days', () => {
    const days = records('rentas').map((r) => (seconds(r.fecha_fin) - seconds(r.fecha_inicio)) / 86_400);
    const share = (f: (d: number) => boolean): number => days.filter(f).length / days.length;
    expect(share((d) => d >= 0.8 && d <= 7.3)).toBeGreaterThan(0.7);
    expect(share((d) => d < 0.6)).toBeGreaterThan(0.03);
    expect(Math.max(...days)).toBeLessThan(30);
  });

  it('prices a rental as its duration times the daily rate of the vehicle type, within 10 %', () => {
    const rate = Object.fromEntries(FLEET.map((c) => [c.type, c.dailyRate]));
    const tipo = records('vehiculos').map((v) => v.tipo);
    const offPrice = records('rentas').filter((r) => {
      const days = Math.max((seconds(r.fecha_fin) - seconds(r.fecha_inicio)) / 86_400, 0.25);
      const ratio = Number(r.costo_total) / (days * rate[tipo[Number(r.id_vehiculo) - 1]]);
      return !/^\d+\.\d\d$/.test(r.costo_total) || ratio < 0.899 || ratio > 1.101;
    });
    expect(offPrice).toEqual([]);
  });

  it('makes about 15 % of rentals one-way', () => {
    const rentals = records('rentas');
    const oneWay = rentals.filter((r) => r.id_punto_salida !== r.id_punto_retorno).length / rentals.length;
    expect(oneWay).toBeGreaterThan(0.12);
    expect(oneWay).toBeLessThan(0.18);
  });

  it('books more rentals in July, August and December than in February and September', () => {
    const byMonth = new Map<string, number>();
    for (const r of records('rentas')) {
      const month = r.fecha_inicio.slice(5, 7);
      byMonth.set(month, (byMonth.get(month) ?? 0) + 1);
    }
    const n = (m: string): number => byMonth.get(m) ?? 0;
    for (const high of ['07', '08', '12']) {
      expect(n(high)).toBeGreaterThan(1.4 * n('02'));
      expect(n(high)).toBeGreaterThan(1.4 * n('09'));
    }
  });

  it('books some vehicles much more often than the typical one', () => {
    const counts = new Map<string, number>();
    for (const r of records('rentas')) counts.set(r.id_vehiculo, (counts.get(r.id_vehiculo) ?? 0) + 1);
    const sorted = [...counts.values()].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    expect(sorted[sorted.length - 1]).toBeGreaterThan(2 * median);
  });

  it('never has one vehicle out on two rentals at once', () => {
    const lastEnd = new Map<string, number>();
    let overlaps = 0;
    for (const r of records('rentas')) {
      if (seconds(r.fecha_inicio) < (lastEnd.get(r.id_vehiculo) ?? -Infinity)) overlaps++;
      lastEnd.set(r.id_vehiculo, Math.max(lastEnd.get(r.id_vehiculo) ?? -Infinity, seconds(r.fecha_fin)));
    }
    expect(overlaps).toBe(0);
  });

  it('writes the same bytes for the same seed and different bytes for another seed', async () => {
    const a = await generateSample({ out: join(root, 'seed11-a'), rentals: SMALL, seed: 11 });
    const b = await generateSample({ out: join(root, 'seed11-b'), rentals: SMALL, seed: 11 });
    const c = await generateSample({ out: join(root, 'seed12'), rentals: SMALL, seed: 12 });
    for (const table of SAMPLE_TABLES) {
      const bytes = await readFile(a.files[table]);
      expect(bytes.equals(await readFile(b.files[table])), table).toBe(true);
      expect(bytes.equals(await readFile(c.files[table])), table).toBe(false);
    }
  });

  it('uses seed 42 when none is given', async () => {
    const implicit = await generateSample({ out: join(root, 'implicit'), rentals: 100 });
    const explicit = await generateSample({ out: join(root, 'explicit'), rentals: 100, seed: 42 });
    expect(await readFile(implicit.files.rentas, 'utf8')).toBe(await readFile(explicit.files.rentas, 'utf8'));
  });

  it('writes gzip files that gunzip to the plain files, replacing them', async () => {
    const dir = join(root, 'gzip');
    const plain = await generateSample({ out: dir, rentals: SMALL, seed: 11 });
    const texts = await Promise.all(SAMPLE_TABLES.map((t) => readFile(plain.files[t], 'utf8')));
    const zipped = await generateSample({ out: dir, rentals: SMALL, seed: 11, gzip: true });
    for (const [i, table] of SAMPLE_TABLES.entries()) {
      expect(zipped.files[table]).toBe(join(dir, `${table}.csv.gz`));
      expect(gunzipSync(await readFile(zipped.files[table])).toString('utf8')).toBe(texts[i]);
      expect(existsSync(join(dir, `${table}.csv`))).toBe(false);
    }
  });

  it('writes a header-only rentals file for zero rentals', async () => {
    const empty = await generateSample({ out: join(root, 'zero'), rentals: 0 });
    expect(await readFile(empty.files.rentas, 'utf8')).toBe(`${SAMPLE_COLUMNS.rentas.join(',')}\n`);
    expect(empty.rows.vehiculos).toBe(20);
  });

  it('refuses a negative or fractional count', async () => {
    await expect(generateSample({ out: join(root, 'bad'), rentals: -1 })).rejects.toMatchObject({ code: 'USAGE', message: 'rentals must be a whole number of 0 or more, got -1' });
    await expect(generateSample({ out: join(root, 'bad'), rentals: 10, vehicles: 1.5 })).rejects.toThrow(/vehicles/);
  });
});
