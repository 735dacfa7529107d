import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { beginAggregateRefresh, rebuildAggregate, topVehicles } from '../../batch-job/src/core/aggregate.js';
import { loadConfig } from '../../batch-job/src/core/config.js';
import { migrate, openWarehouse } from '../../batch-job/src/core/migrations.js';
import { runEtl } from '../../batch-job/src/core/run-etl.js';
import { type Db, upsertSql } from '../../batch-job/src/core/warehouse.js';
import { ROLLUP_TABLES } from '../../batch-job/src/core/warehouse-names.js';
import type { Manifest } from '../../common/manifest.js';
import { type TableContract, tableContracts } from '../../common/tables/index.js';
import { runNode } from '../helpers/cli.js';
import { BASE_BATCH, HEADERS, checkFields, readRejects, tempDir, writeBatch } from '../helpers/etl.js';

const NOW = new Date('2025-06-01T00:00:00Z');
const config = loadConfig({});
const contracts = tableContracts(NOW, config.limits);
const contract = (key: string): TableContract => contracts.find((c) => c.key === key)!;
const { vehiculos: BY_VEHICLE, rutas: BY_ROUTE, meses: BY_MONTH } = ROLLUP_TABLES;

/** The aggregate, its roll-ups, the ranking view and manifest.top, as stored: no rounding. */
function sums(db: Db) {
  return {
    aggregate: db.prepare(`SELECT * FROM vehiculos_mas_reservados ORDER BY id_vehiculo, id_punto_salida, id_punto_retorno, mes`).all(),
    vehicles: db.prepare(`SELECT * FROM ${BY_VEHICLE} ORDER BY id_vehiculo`).all(),
    routes: db.prepare(`SELECT * FROM ${BY_ROUTE} ORDER BY id_punto_salida, id_punto_retorno`).all(),
    months: db.prepare(`SELECT * FROM ${BY_MONTH} ORDER BY mes`).all(),
    ranking: db.prepare('SELECT * FROM top_vehiculos').all(),
    top: topVehicles(db, 10),
  };
}

/** The warehouse file is whole, and nothing of the run is left beside it. */
function expectIntactAndClean(dbPath: string): void {
  const db = new Database(dbPath, { readonly: true });
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  db.close();
  const dir = join(dbPath, '..');
  expect(readdirSync(dir).filter((f) => /\.build-|-wal$|-shm$|-journal$/.test(f))).toEqual([]);
}

/** `n` rentals of vehicles 1-2 between points 1-2, costs with half-cent digits, ids from `from`. */
function rentals(from: number, n: number, cost: (i: number) => string): string {
  const lines = Array.from({ length: n }, (_, k) => {
    const i = from + k;
    const day = String(1 + (i % 27)).padStart(2, '0');
    return `${i},${1 + (i % 2)},1,${1 + ((i >> 1) % 2)},1,2024-03-${day} 09:00,2024-03-${day} 17:30:15,${cost(i)}`;
  });
  return `${HEADERS.rentas}\n${lines.join('\n')}\n`;
}

const cli = (args: string[], env: Record<string, string> = {}) => runNode('cli', args, env);
const PATHS = [[[] as string[]], [['--no-worker']]] as const;

describe('exact sums: costo_total in whole cents, durations in whole seconds (contract §2)', () => {
  it.each(PATHS)('a batch correcting a costo_total at the bound to 1234.56 leaves ingresos equal to the recomputation (%j)', (extra) => {
    // 100 rentals, so the two-rental correction takes the incremental path (< 1/8 of the warehouse).
    const base = { ...BASE_BATCH, 'rentas.csv': `${rentals(10, 98, (i) => `${i}.${i % 10}05`)}3,2,2,2,1,2024-02-01,2024-02-10,1234.56\n7,2,2,2,2,2024-02-03,2024-02-04,10000000\n` };
    const out = tempDir();
    const dbPath = join(out, 'w', 'rentas.db');
    expect(cli(['--input', writeBatch(base), '--out', out, '--db', dbPath, ...extra]).status).toBe(0);

    const fix = `${HEADERS.rentas}\n7,2,2,2,2,2024-02-03,2024-02-04,1234.56\n`;
    const { status, stdout } = cli(['--input', writeBatch({ 'rentas.csv': fix }), '--out', tempDir(), '--db', dbPath, '--json', ...extra]);

    expect(status).toBe(0);
    const manifest = JSON.parse(stdout) as Manifest;
    expect(manifest.tables.rentas).toMatchObject({ updated: 1, rejected: 0 });
    const db = new Database(dbPath, { readonly: true });
    const group = db.prepare(`SELECT ingresos, ingresos_centavos FROM vehiculos_mas_reservados WHERE id_vehiculo = 2 AND mes = '2024-02'`).get();
    expect(group).toEqual({ ingresos: 2469.12, ingresos_centavos: 246_912 });
    const recomputed = db.prepare(`SELECT SUM(costo_centavos) FROM rentas WHERE id_vehiculo = 2`).pluck().get() as number;
    expect(manifest.top.find((v) => v.id_vehiculo === 2)?.ingresos).toBe(recomputed / 100);
    // The other rentals' costs were written with half cents (10.005, 11.105 ...): each is rounded once, then summed exactly.
    const written = db.prepare(`SELECT SUM(costo_centavos) FROM rentas WHERE id_renta >= 10`).pluck().get();
    expect(written).toBe(Array.from({ length: 98 }, (_, k) => (10 + k) * 100 + ((10 + k) % 10) * 10 + 1).reduce((a, b) => a + b, 0));
    db.close();
    expectIntactAndClean(dbPath);
  });

  it.each(PATHS)('rejects a 1e308 costo_total with one sentence naming MAX_COSTO_TOTAL, and a later batch loads the corrected rows (%j)', (extra) => {
    const batch = {
      ...BASE_BATCH,
      'rentas.csv': `${BASE_BATCH['rentas.csv']}4,1,1,2,1,2024-01-10,2024-01-12,1e308\n5,2,2,2,2,2024-02-11,2024-02-12,1e308\n`,
    };
    const out = tempDir();
    const dbPath = join(out, 'w', 'rentas.db');

    const { status, stdout } = cli(['--input', writeBatch(batch), '--out', out, '--db', dbPath, '--json', ...extra]);

    expect(status).toBe(0);
    const manifest = JSON.parse(stdout) as Manifest;
    expect(manifest.status).toBe('partial');
    expect(manifest.tables.rentas).toMatchObject({ inserted: 3, rejected: 2, rejectReasons: [{ code: 'OUT_OF_RANGE', column: 'costo_total', count: 2, firstLine: expect.any(Number) }] });
    expect(readRejects(out, 'rentas').map((r) => [r.line, r.reason])).toEqual(
      ['5', '6'].map((line) => [line, 'column costo_total: expected a number from 0 to 10000000 (MAX_COSTO_TOTAL), got "1e308"']),
    );
    expect(manifest.top.map((v) => v.ingresos)).toEqual([2300, 9000.5]);

    const fix = `${HEADERS.rentas}\n4,1,1,2,1,2024-01-10,2024-01-12,1234.56\n5,2,2,2,2,2024-02-11,2024-02-12,1234.56\n`;
    const again = cli(['--input', writeBatch({ 'rentas.csv': fix }), '--out', tempDir(), '--db', dbPath, '--json', ...extra]);

    expect(again.status).toBe(0);
    expect((JSON.parse(again.stdout) as Manifest).top.map((v) => [v.id_vehiculo, v.ingresos])).toEqual([
      [1, 3534.56],
      [2, 10_235.06],
    ]);
    expectIntactAndClean(dbPath);
  });

  it('refuses a MAX_COSTO_TOTAL that is not a whole number in range before touching anything (exit 2)', () => {
    const { status, stderr } = cli(['--input', writeBatch(BASE_BATCH), '--out', join(tempDir(), 'never')], { MAX_COSTO_TOTAL: '1e308' });
    expect(status).toBe(2);
    expect(stderr.trim()).toBe('etl: MAX_COSTO_TOTAL must be a whole number from 1 to 1000000000, got "1e308".');
  });

  it('rejects a rental longer than MAX_RENTAL_DAYS, naming the setting, and applies the setting given', async () => {
    const long = `${HEADERS.rentas}\n1,1,1,1,1,2024-01-01,2025-01-01,10\n2,1,1,1,1,2024-01-01,2025-01-01 00:00:01,10\n`;
    const run = async (env: Record<string, string>) => {
      const outDir = tempDir();
      return { outDir, ...(await runEtl({ config: loadConfig(env), inputDir: writeBatch({ ...BASE_BATCH, 'rentas.csv': long }), outDir, now: () => NOW })) };
    };

    const { manifest, outDir } = await run({});
    expect(manifest.tables.rentas).toMatchObject({ inserted: 1, rejected: 1 });
    expect(readRejects(outDir, 'rentas')[0]).toMatchObject({
      line: '3',
      reason: 'column fecha_fin: expected a date at most 366 days (MAX_RENTAL_DAYS) after fecha_inicio (2024-01-01 00:00:00), got "2025-01-01 00:00:01"',
    });
    expect((await run({ MAX_RENTAL_DAYS: '400' })).manifest.tables.rentas).toMatchObject({ inserted: 2, rejected: 0 });
  });
});

describe('schema step 2 on a version-1 warehouse', () => {
  it('backfills cents and seconds from the stored values, and sums equal to a rebuild', () => {
    const path = join(tempDir('rentas-v1-'), 'rentas.db');
    const db = new Database(path);
    migrate(db, { config, contracts }, 1);
    db.exec(`
      INSERT INTO vehiculos VALUES (1, 'Nissan', 'Versa', 2020, 'Sedán', 5, 'Rojo', 1, 'x'), (2, 'BMW', 'X1', 2022, 'SUV', 5, 'Negro', 1, 'x');
      INSERT INTO puntos_renta VALUES (1, 'A', 'a', 't', 'h'), (2, 'B', 'b', 't', 'h');
      INSERT INTO clientes VALUES (1, 'Ana', 'a@x.mx', 't', 'd');
      INSERT INTO rentas VALUES
        (1, 1, 1, 2, 1, '2024-01-01 10:00:00', '2024-01-03 16:00:00', 1.005, 2.25),
        (2, 1, 1, 2, 1, '2024-01-05 00:00:00', '2024-01-05 00:00:01', 0.1, 1.0 / 86400),
        (3, 1, 1, 2, 1, '2024-01-07 00:00:00', '2024-01-08 00:00:00', 0.2, 1),
        (4, 2, 2, 2, 1, '2024-02-01 00:00:00', '2024-02-02 00:00:00', 1e17, 1),
        (5, 2, 2, 2, 1, '2024-02-03 00:00:00', '2024-02-04 00:00:00', 1234.56, 1);
      -- The aggregate and roll-ups as version 1 summed them: REAL sums.
      INSERT INTO vehiculos_mas_reservados
        SELECT r.id_vehiculo, id_punto_salida, id_punto_retorno, substr(fecha_inicio, 1, 7), marca, modelo, anio, tipo, capacidad, color,
               ps.nombre, pr.nombre, COUNT(*), SUM(duracion_renta), SUM(duracion_renta) / COUNT(*), SUM(costo_total)
        FROM rentas r JOIN vehiculos v USING (id_vehiculo) JOIN puntos_renta ps ON ps.id_punto = id_punto_salida
        JOIN puntos_renta pr ON pr.id_punto = id_punto_retorno GROUP BY 1, 2, 3, 4;
      INSERT INTO ${BY_VEHICLE} SELECT id_vehiculo, marca, modelo, anio, tipo, capacidad, color, SUM(total_rentas), SUM(dias_totales), SUM(ingresos)
        FROM vehiculos_mas_reservados GROUP BY id_vehiculo;
      INSERT INTO ${BY_ROUTE} SELECT id_punto_salida, id_punto_retorno, SUM(total_rentas), SUM(dias_totales), SUM(ingresos)
        FROM vehiculos_mas_reservados GROUP BY 1, 2;
      INSERT INTO ${BY_MONTH} SELECT mes, COUNT(*), SUM(total_rentas), SUM(dias_totales), SUM(ingresos) FROM vehiculos_mas_reservados GROUP BY mes;
    `);

    migrate(db, { config, contracts });

    expect(db.prepare('SELECT id_renta, costo_total, costo_centavos, duracion_renta, duracion_segundos FROM rentas ORDER BY 1').raw().all()).toEqual([
      [1, 1.01, 101, 2.25, 194_400],
      [2, 0.1, 10, 1 / 86_400, 1],
      [3, 0.2, 20, 1, 86_400],
      // Beyond what whole cents hold exactly: kept as it was, counted as 0 until a batch corrects it.
      [4, 1e17, null, 1, 86_400],
      [5, 1234.56, 123_456, 1, 86_400],
    ]);
    const migrated = sums(db);
    expect(migrated.vehicles.map((v) => (v as { ingresos: number }).ingresos)).toEqual([1.31, 1234.56]);
    rebuildAggregate(db, config);
    expect(migrated).toEqual(sums(db));
    db.close();
  });
});

/** A small PRNG (mulberry32): the same sequences on every run. */
function prng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * n);
  };
}

const COSTS = ['0', '0.005', '0.004', '9999999.995', '10000000', '10000000.001', '1e17', '1e308', '1234.56', '0.1', '0.2', '100.005', '1e2', '2.675', '7.'];

/** One random rental text: tiny, huge, bound-edge and half-cent costs; 1-second to 366-day (and 366 days + 1 s) durations. */
function randomRental(next: (n: number) => number): Record<string, string> {
  const start = Date.UTC(2024, next(4), 1 + next(28), next(24), next(60), next(60));
  const spans = [1, 3600 * (1 + next(12)), 366 * 86_400, 366 * 86_400 + 1, next(40 * 86_400) + 1];
  const end = start + spans[next(spans.length)] * 1000;
  const wall = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
  const cost = next(3) === 0 ? `${next(10_000_000)}.${String(next(1000)).padStart(3, '0')}` : COSTS[next(COSTS.length)];
  return {
    id_renta: String(1 + next(24)), id_vehiculo: String(1 + next(4)), id_punto_salida: String(1 + next(3)), id_punto_retorno: String(1 + next(3)),
    id_cliente: '1', fecha_inicio: wall(start), fecha_fin: wall(end), costo_total: cost,
  };
}

/** A warehouse image with 4 vehicles, 3 points and a client, made (and migrated) once. */
let image: Buffer | undefined;

/** A warehouse in memory from the image. */
function warehouse(): Db {
  if (!image) {
    const db = openWarehouse(':memory:', config, contracts);
    const dims: [string, Record<string, string>[]][] = [
      ['vehiculos', [1, 2, 3, 4].map((i) => ({ id_vehiculo: `${i}`, marca: 'Kia', modelo: `M${i}`, anio: '2020', tipo: 'SUV', capacidad: '5', color: 'Gris', kilometraje: '1', estado: 'x' }))],
      ['puntos_renta', [1, 2, 3].map((i) => ({ id_punto: `${i}`, nombre: `P${i}`, direccion: 'd', telefono: 't', horario_atencion: 'h' }))],
      ['clientes', [{ id_cliente: '1', nombre: 'Ana', correo_electronico: 'a@x.mx', telefono: 't', direccion: 'd' }]],
    ];
    for (const [key, rows] of dims) for (const row of rows) upsert(db, key, row);
    image = db.serialize();
    db.close();
  }
  return new Database(image);
}

const statements = new WeakMap<Db, Map<string, Database.Statement>>();

/** Upserts one row as the loader does (the same statement), or returns false when the row check rejects it. */
function upsert(db: Db, key: string, fields: Record<string, string>): boolean {
  const result = checkFields(contract(key), fields);
  if (!result.ok) return false;
  let mine = statements.get(db);
  if (!mine) statements.set(db, (mine = new Map()));
  let statement = mine.get(key);
  if (!statement) mine.set(key, (statement = db.prepare(upsertSql(key, contract(key), 1))));
  statement.run(...result.values);
  return true;
}

describe('the aggregate after incremental batches is identical to a full rebuild', () => {
  it('over 150 random sequences of small batches: new rentals, corrections, tiny, huge and bound-edge values', () => {
    for (let seed = 1; seed <= 150; seed++) {
      const next = prng(seed);
      const incremental = warehouse();
      const rebuilt = warehouse();
      // The truth: each held rental's cents from its text as written, summed in BigInt.
      const held = new Map<string, { vehicle: string; cents: bigint }>();
      for (let batch = 0, batches = 3 + next(5); batch < batches; batch++) {
        const refreshes = [
          beginAggregateRefresh(incremental, config, { incremental: true, changes: 'diff' }),
          beginAggregateRefresh(rebuilt, config, { incremental: false, changes: 'none' }),
        ];
        const rows = Array.from({ length: 1 + next(6) }, () => randomRental(next));
        // A file holds an id once (a later repeat is rejected): keep the first of each id.
        const once = rows.filter((r, i) => rows.findIndex((o) => o.id_renta === r.id_renta) === i);
        for (const row of once) {
          const accepted = upsert(incremental, 'rentas', row);
          expect(upsert(rebuilt, 'rentas', row)).toBe(accepted);
          if (accepted) held.set(row.id_renta, { vehicle: row.id_vehiculo, cents: exactCents(row.costo_total) });
        }
        for (const refresh of refreshes) refresh.finish();

        const after = sums(incremental);
        expect(after, `seed ${seed}, batch ${batch}`).toEqual(sums(rebuilt));
        for (const line of after.vehicles as { id_vehiculo: number; ingresos_centavos: number; ingresos: number }[]) {
          const truth = [...held.values()].filter((r) => r.vehicle === String(line.id_vehiculo)).reduce((a, r) => a + r.cents, 0n);
          expect(line.ingresos_centavos).toBe(Number(truth));
          expect(line.ingresos).toBe(Number(truth) / 100);
        }
      }
      incremental.close();
      rebuilt.close();
    }
  });

  it('through the run: the incremental and the rebuild path give the same warehouse sums, manifest.top and exports', async () => {
    const out = tempDir();
    const base = join(out, 'base.db');
    await runEtl({ config, inputDir: writeBatch({ ...BASE_BATCH, 'rentas.csv': rentals(10, 150, (i) => `${i % 7}.${i % 10}05`) }), outDir: tempDir(), dbPath: base });
    const [small, large] = [join(out, 'small.db'), join(out, 'large.db')];
    copyFileSync(base, small);
    copyFileSync(base, large);
    const next = prng(99);
    for (let batch = 0; batch < 3; batch++) {
      const lines = Array.from({ length: 5 }, () => {
        const r = randomRental(next);
        return [String(10 + next(170)), r.id_vehiculo.replace(/[34]/, '1'), r.id_punto_salida.replace('3', '2'), '1', '1', r.fecha_inicio, r.fecha_fin, r.costo_total].join(',');
      });
      const csv = `${HEADERS.rentas}\n${[...new Map(lines.map((l) => [l.split(',')[0], l])).values()].join('\n')}\n`;
      // The same rows; blank lines (not rows) make the second file large against the warehouse, so it takes the rebuild path.
      // AGGREGATE_EXPORT=full: the incremental path publishes the whole aggregate too.
      const full = { ...config, aggregateExport: 'full' as const };
      const a = await runEtl({ config: full, inputDir: writeBatch({ 'rentas.csv': csv }), outDir: tempDir(), dbPath: small, now: () => NOW });
      const b = await runEtl({ config: full, inputDir: writeBatch({ 'rentas.csv': csv + '\n'.repeat(4000) }), outDir: tempDir(), dbPath: large, now: () => NOW });

      expect(Object.keys(a.timings)).toContain('aggregate (incremental)');
      expect(Object.keys(b.timings)).toContain('aggregate');
      expect(a.manifest.tables.rentas).toEqual(b.manifest.tables.rentas);
      expect(a.manifest.top).toEqual(b.manifest.top);
      const exported = (r: typeof a, kind: string) => readFileSync(join(r.manifestPath, '..', r.manifest.outputs.find((o) => o.kind === kind)!.path), 'utf8');
      expect(exported(a, 'aggregate')).toBe(exported(b, 'aggregate'));
      expect(exported(a, 'top')).toBe(exported(b, 'top'));
    }
    const [x, y] = [new Database(small, { readonly: true }), new Database(large, { readonly: true })];
    expect(sums(x)).toEqual(sums(y));
    x.close();
    y.close();
  });
});

/** The cents of a decimal text as written, half away from zero, by BigInt (the reference). */
function exactCents(text: string): bigint {
  const [mantissa, exp = '0'] = text.trim().toLowerCase().split('e');
  const [whole, fraction = ''] = mantissa.split('.');
  const digits = BigInt(`${whole || '0'}${fraction}`);
  const shift = Number(exp) - fraction.length + 2;
  if (shift >= 0) return digits * 10n ** BigInt(shift);
  const unit = 10n ** BigInt(-shift);
  return (digits + unit / 2n) / unit;
}
