import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { TABLE_KEYS } from '../../common/manifest.js';
import { loadConfig } from '../../batch-job/src/core/config.js';
import { runEtl } from '../../batch-job/src/core/run-etl.js';
import { BASE_BATCH, HEADERS, readRejects, runBatch, tempDir, writeBatch } from '../helpers/etl.js';

describe('runEtl on a batch folder', () => {
  it('loads a valid batch: every row inserted, status succeeded, outputs described in the manifest', async () => {
    const { manifest, exitCode, outDir } = await runBatch(BASE_BATCH);
    expect(exitCode).toBe(0);
    expect(manifest.status).toBe('succeeded');
    expect(manifest.tables.rentas).toMatchObject({ file: 'rentas.csv', status: 'loaded', rowsRead: 3, inserted: 3, rejected: 0 });
    expect(manifest.outputs.map((o) => [o.kind, o.path])).toEqual([
      ['database', 'rentas.db'],
      ['aggregate', 'vehiculos_mas_reservados.csv'],
      ['top', 'top_vehiculos.csv'],
      ['report', 'report.html'],
    ]);
    for (const o of manifest.outputs) {
      expect(o.bytes).toBeGreaterThan(0);
      expect(o.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8'))).toEqual(manifest);
  });

  it('keeps the accounting invariant rowsRead = inserted + updated + unchanged + rejected on every table', async () => {
    const first = await runBatch({
      ...BASE_BATCH,
      'rentas.csv': `${BASE_BATCH['rentas.csv']}4,9,1,1,1,2024-01-01,2024-01-02,10\n5,1,1,1,1,2024-01-02,2024-01-01,10\n`,
    });
    const second = await runBatch(
      { ...BASE_BATCH, 'clientes.csv': BASE_BATCH['clientes.csv'].replace('Ana López', 'Ana López Ruiz') + '3,Luis,luis@x.mx,,\n' },
      { dbPath: first.dbPath },
    );
    for (const run of [first, second]) {
      for (const key of TABLE_KEYS) {
        const t = run.manifest.tables[key];
        expect(t.rowsRead, key).toBe(t.inserted + t.updated + t.unchanged + t.rejected);
      }
    }
    expect(second.manifest.tables.clientes).toMatchObject({ inserted: 1, updated: 1, unchanged: 1 });
    const db = new Database(second.dbPath, { readonly: true });
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });

  it('finds every row unchanged when the same batch runs twice on one warehouse', async () => {
    const first = await runBatch(BASE_BATCH);
    const second = await runBatch(BASE_BATCH, { dbPath: first.dbPath });
    for (const key of TABLE_KEYS) {
      const t = second.manifest.tables[key];
      expect(t, key).toMatchObject({ inserted: 0, updated: 0, rejected: 0 });
      expect(t.unchanged, key).toBe(t.rowsRead);
    }
    expect(second.manifest.top).toEqual(first.manifest.top);
  });

  it('updates a row that a later batch changes, and the aggregate follows', async () => {
    const first = await runBatch(BASE_BATCH);
    const second = await runBatch(
      { 'rentas.csv': `${HEADERS.rentas}\n3,2,2,2,1,2024-02-01,2024-02-03,500\n` },
      { dbPath: first.dbPath },
    );
    expect(second.manifest.tables.rentas).toMatchObject({ rowsRead: 1, inserted: 0, updated: 1, unchanged: 0 });
    const bmw = second.manifest.top.find((v) => v.id_vehiculo === 2)!;
    expect(bmw).toMatchObject({ total_rentas: 1, duracion_promedio_dias: 2, ingresos: 500 });
  });

  it('loads dimension files before rentas whatever their names order, and reads .csv.gz', async () => {
    const { manifest } = await runBatch({
      'RENTAS.csv': BASE_BATCH['rentas.csv'],
      'vehiculos.csv.gz': gzipSync(BASE_BATCH['vehiculos.csv']),
      'clientes.csv': BASE_BATCH['clientes.csv'],
      'puntos_renta.csv': BASE_BATCH['puntos_renta.csv'],
      'notas.txt': 'not ours',
    });
    expect(manifest.status).toBe('succeeded');
    expect(manifest.tables.vehiculos.file).toBe('vehiculos.csv.gz');
    expect(manifest.tables.rentas.inserted).toBe(3);
  });

  it('rejects a rental that points at a vehicle rejected in the same batch', async () => {
    const { manifest, outDir } = await runBatch({
      ...BASE_BATCH,
      'vehiculos.csv': `${HEADERS.vehiculos}\n1,Nissan,Versa,2020,Sedán,5,Rojo,12000,Disponible\n2,,X1,2022,SUV,5,Negro,5000,Disponible\n`,
    });
    expect(manifest.status).toBe('partial');
    expect(manifest.tables.rentas).toMatchObject({ inserted: 2, rejected: 1 });
    expect(readRejects(outDir, 'rentas')).toEqual([
      expect.objectContaining({ line: '4', reason: 'column id_vehiculo: expected an existing vehiculos id, got 2', id_renta: '3' }),
    ]);
    expect(manifest.tables.rentas.rejectReasons).toEqual([{ code: 'UNKNOWN_REFERENCE', column: 'id_vehiculo', count: 1, firstLine: expect.any(Number) }]);
  });

  it('rejects the later of two rows with the same id, with the physical line of a multi-line record', async () => {
    const { manifest, outDir } = await runBatch({
      ...BASE_BATCH,
      'clientes.csv': `${HEADERS.clientes}\n1,"José\nPérez",jose@x.mx,,\n1,Otro,otro@x.mx,,\n2,Ana,ana@x.mx,,\n`,
    });
    expect(manifest.tables.clientes).toMatchObject({ rowsRead: 3, inserted: 2, rejected: 1 });
    expect(readRejects(outDir, 'clientes')[0]).toMatchObject({ line: '4', reason: expect.stringContaining('expected a unique id, got 1 again') });
  });

  it('rejects a row with the wrong number of fields', async () => {
    const { outDir } = await runBatch({ ...BASE_BATCH, 'clientes.csv': `${HEADERS.clientes}\n1,José,jose@x.mx\n2,Ana,ana@x.mx,,\n` });
    expect(readRejects(outDir, 'clientes')[0]).toMatchObject({ line: '2', reason: 'expected 5 fields as in the header, found 3' });
  });

  it('leaves the other files loaded when one has a bad header, and reports exit 1', async () => {
    const { manifest, exitCode } = await runBatch({
      ...BASE_BATCH,
      'rentas.csv': BASE_BATCH['rentas.csv'].replace('fecha_fin', 'fecha_final'),
    });
    expect(exitCode).toBe(1);
    expect(manifest.status).toBe('partial');
    expect(manifest.tables.rentas).toEqual({
      file: 'rentas.csv',
      status: 'rejected',
      error: expect.stringMatching(/^rentas\.csv line 1: missing required column fecha_fin; expected .* found .*fecha_final/),
      warnings: [],
      rowsRead: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, rejectsWritten: 0,
    });
    expect(manifest.tables.vehiculos).toMatchObject({ status: 'loaded', inserted: 2 });
  });

  it('rolls back a file that breaks half-way and keeps no rejects of it', async () => {
    const { manifest, outDir, dbPath } = await runBatch({
      ...BASE_BATCH,
      'clientes.csv': `${HEADERS.clientes}\n1,José,jose@x.mx,,\n2,Ana,bad,,\n3,"Luis,luis@x.mx,,\n`,
    });
    expect(manifest.tables.clientes).toMatchObject({ status: 'rejected', rowsRead: 0, inserted: 0, rejected: 0 });
    expect(existsSync(join(outDir, 'rejects', 'clientes.csv'))).toBe(false);
    const db = new Database(dbPath, { readonly: true });
    expect(db.prepare('SELECT COUNT(*) FROM clientes').pluck().get()).toBe(0);
    db.close();
  });

  it('marks absent files missing and loads a header-only file with 0 rows', async () => {
    const { manifest } = await runBatch({ 'vehiculos.csv': `${HEADERS.vehiculos}\n` });
    expect(manifest.tables.vehiculos).toMatchObject({ status: 'loaded', rowsRead: 0 });
    expect(manifest.tables.rentas).toMatchObject({ status: 'missing', file: null });
    expect(manifest.status).toBe('succeeded');
  });

  it('uses the configured table names while the manifest keeps the logical ones', async () => {
    const env = { RENTAS_TABLE: 'fact_rentas', AGGREGATE_TABLE: 'agg_top', RENTAL_CAR_DB: 'almacen.db' };
    const { manifest, dbPath } = await runBatch(BASE_BATCH, { env });
    expect(dbPath.endsWith('almacen.db')).toBe(true);
    expect(manifest.aggregate.table).toBe('agg_top');
    expect(Object.keys(manifest.tables)).toEqual([...TABLE_KEYS]);
    const db = new Database(dbPath, { readonly: true });
    expect(db.prepare('SELECT COUNT(*) FROM fact_rentas').pluck().get()).toBe(3);
    db.close();
  });

  it('enforces foreign keys in the published warehouse', async () => {
    const { dbPath } = await runBatch(BASE_BATCH);
    const db = new Database(dbPath);
    db.pragma('foreign_keys = ON');
    expect(() =>
      db.prepare("INSERT INTO rentas VALUES (99, 42, 1, 1, 1, '2024-01-01 00:00:00', '2024-01-02 00:00:00', 1, 1, 100, 86400)").run(),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('writes exports that cannot become live spreadsheet formulas', async () => {
    const { outDir } = await runBatch({
      ...BASE_BATCH,
      'vehiculos.csv': `${HEADERS.vehiculos}\n1,"=HYPERLINK(""http://x"")",@SUM(A1),2020,+Sedán,5,-Rojo,1,Disponible\n2,BMW,X1,2022,SUV,5,Negro,5000,Disponible\n`,
    });
    const rows = parse<Record<string, string>>(readFileSync(join(outDir, 'top_vehiculos.csv'), 'utf8'), { columns: true });
    const nissan = rows.find((r) => r.id_vehiculo === '1')!;
    expect(nissan.marca).toBe(`'=HYPERLINK("http://x")`);
    expect(nissan.modelo).toBe(`'@SUM(A1)`);
    expect(nissan.tipo).toBe(`'+Sedán`);
    expect(nissan.color).toBe(`'-Rojo`);
  });

  it('stores SQL-looking text as plain data', async () => {
    const evil = "x'); DROP TABLE rentas; --";
    const { manifest, dbPath } = await runBatch({
      ...BASE_BATCH,
      'clientes.csv': `${HEADERS.clientes}\n1,"${evil}",a@b.mx,"${evil}","${evil}"\n2,Ana,ana@x.mx,,\n`,
    });
    expect(manifest.tables.rentas.inserted).toBe(3);
    const db = new Database(dbPath, { readonly: true });
    expect(db.prepare('SELECT nombre FROM clientes WHERE id_cliente = 1').pluck().get()).toBe(evil);
    db.close();
  });

  it('builds directly in a scratch copy when the caller owns one, as the Batch job does', async () => {
    const first = await runBatch(BASE_BATCH);
    const outDir = tempDir('rentas-out-');
    const scratch = join(outDir, 'rentas.db');
    copyFileSync(first.dbPath, scratch);
    const { manifest } = await runEtl({
      config: loadConfig({}),
      inputDir: writeBatch({ 'rentas.csv': `${HEADERS.rentas}\n9,1,1,1,1,2024-05-01,2024-05-02,10\n` }),
      outDir,
      dbPath: scratch,
      buildInPlace: true,
    });
    expect(manifest.tables.rentas.inserted).toBe(1);
    expect(readdirSync(outDir).filter((f) => f.includes('.build-'))).toEqual([]);
    const db = new Database(scratch, { readonly: true });
    expect(db.prepare('SELECT COUNT(*) FROM rentas').pluck().get()).toBe(4);
    db.close();
  });
});
