import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../common/manifest.js';
import { runNode } from '../helpers/cli.js';
import { BASE_BATCH, HEADERS, readRejects, tempDir, writeBatch } from '../helpers/etl.js';

/**
 * Files as branch staff really export them from Excel (contract §7): Windows-1252, day-first
 * dates, semicolons, decimal commas. Each case runs the bundled CLI as a user would.
 */
const latin1 = (text: string) => Buffer.from(text, 'latin1');

/** A warehouse made from the base batch, copied so that a case can check it is left as it was. */
function warehouse(): { db: string; rows: (table: string) => unknown[] } {
  const out = tempDir();
  const made = runNode('cli', ['--input', writeBatch(BASE_BATCH), '--out', out]);
  expect(made.status).toBe(0);
  const db = join(tempDir(), 'rentas.db');
  copyFileSync(join(out, 'rentas.db'), db);
  return { db, rows: (table) => query(db, `SELECT * FROM ${table} ORDER BY 1`) };
}

function query(db: string, sql: string): unknown[] {
  const handle = new Database(db, { readonly: true });
  try {
    return handle.prepare(sql).all();
  } finally {
    handle.close();
  }
}

/** Runs the CLI with `--json` on a batch; the manifest and the process's outcome. */
function etl(files: Record<string, string | Buffer>, env: Record<string, string> = {}, db?: string) {
  const out = tempDir();
  const run = runNode('cli', ['--input', writeBatch(files), '--out', out, '--json', ...(db ? ['--db', db] : [])], env);
  return { ...run, out, manifest: JSON.parse(run.stdout) as Manifest };
}

const CLIENTES_1252 = latin1(`${HEADERS.clientes}\n1,Jos\xe9 P\xe9rez,jose@x.mx,,"Calle 1, Tlalpan"\n2,Ana Mu\xf1oz \x96 Ib\xe1\xf1ez,ana@x.mx,,Calle 2\n`);
const WARNING_1252 = 'clientes.csv: not UTF-8, read as Windows-1252 (Excel\'s plain "CSV" save); save it as "CSV UTF-8" to be sure accented letters are kept.';

describe('files exported from Excel on a branch PC', { concurrent: true }, () => {
  it('loads a Windows-1252 file with a warning naming it, the accented names stored as written', () => {
    const run = etl({ ...BASE_BATCH, 'clientes.csv': CLIENTES_1252 });

    expect(run.status).toBe(0);
    expect(run.manifest.tables.clientes).toMatchObject({ status: 'loaded', inserted: 2, rejected: 0, warnings: [WARNING_1252] });
    expect(query(join(run.out, 'rentas.db'), 'SELECT nombre FROM clientes ORDER BY id_cliente')).toEqual([{ nombre: 'José Pérez' }, { nombre: 'Ana Muñoz – Ibáñez' }]);
  });

  it('loads a gzip-compressed Windows-1252 file the same way', () => {
    const { 'clientes.csv': _, ...others } = BASE_BATCH;
    const run = etl({ ...others, 'clientes.csv.gz': gzipSync(CLIENTES_1252) });

    expect(run.status).toBe(0);
    expect(run.manifest.tables.clientes).toMatchObject({ status: 'loaded', inserted: 2, warnings: [WARNING_1252.replace('clientes.csv', 'clientes.csv.gz')] });
  });

  it('rejects a file mixing UTF-8 with other bytes, naming the first offending line, and leaves the warehouse as it was', () => {
    const { db, rows } = warehouse();
    const before = rows('clientes');
    const mixed = Buffer.concat([Buffer.from(`${HEADERS.clientes}\n1,José Pérez,jose@x.mx,,\n`), latin1('2,Ana Mu\xf1oz,ana@x.mx,,\n')]);

    const run = runNode('cli', ['--input', writeBatch({ 'clientes.csv': mixed }), '--out', tempDir(), '--db', db]);

    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'clientes.csv line 3: expected one encoding for the whole file, found bytes that are not UTF-8 in a file that also holds UTF-8 text; save the whole file again as "CSV UTF-8".',
    );
    expect(rows('clientes')).toEqual(before);
  });

  it('names the real line of a bad byte far into a file, under auto and under INPUT_ENCODING=utf-8', () => {
    const good = Array.from({ length: 698 }, (_, i) => `${i + 1},Cliente número ${i + 1} con un nombre largo,c${i + 1}@example.mx,+52 55 1234 5678,"Calle ${i + 1}, Colonia Centro"`);
    const file = Buffer.concat([Buffer.from(`${HEADERS.clientes}\n${good.join('\n')}\n`), latin1('699,Jos\xe9,j@x.mx,,\n')]);

    for (const env of [{}, { INPUT_ENCODING: 'utf-8' }] as Record<string, string>[]) {
      const run = etl({ ...BASE_BATCH, 'clientes.csv': file }, env);
      expect(run.status).toBe(1);
      expect(run.manifest.tables.clientes).toMatchObject({ status: 'rejected', rowsRead: 0, inserted: 0, error: expect.stringMatching(/^clientes\.csv line 700: expected /) });
    }
  });

  it('rejects a ;-delimited file with a sentence that says so, in Spanish with RENTAS_LANG=es', () => {
    const { db, rows } = warehouse();
    const before = rows('rentas');
    const semicolons = `${HEADERS.rentas.replaceAll(',', ';')}\n4;1;1;2;1;2024-03-01;2024-03-02;100\n`;

    const en = runNode('cli', ['--input', writeBatch({ 'rentas.csv': semicolons }), '--out', tempDir(), '--db', db]);
    const es = runNode('cli', ['--input', writeBatch({ 'rentas.csv': semicolons }), '--out', tempDir(), '--db', db], { RENTAS_LANG: 'es' });

    expect(en.status).toBe(1);
    expect(en.stderr).toContain('rentas.csv line 1: expected columns separated by commas, found them separated by semicolons (;): id_renta;id_vehiculo;id_punto_salida;id…; save the file as "CSV UTF-8 (comma delimited)".');
    expect(es.status).toBe(1);
    expect(es.stderr).toContain('rentas.csv línea 1: se esperaban columnas separadas por comas y están separadas por punto y coma (;)');
    expect(rows('rentas')).toEqual(before);
  });
});

describe('dates and numbers as Excel writes them', { concurrent: true }, () => {
  const rentas = (...rows: string[]) => ({ ...BASE_BATCH, 'rentas.csv': `${HEADERS.rentas}\n${rows.join('\n')}\n` });

  it('loads day-first dates with DATE_ORDER=dmy, stored as ISO', () => {
    const run = etl(rentas('1,1,1,2,1,5/3/2024,07/03/2024 16:30,1500', '2,2,2,2,2,2024-03-08,09-03-2024 08:00:05,800'), { DATE_ORDER: 'dmy' });

    expect(run.status).toBe(0);
    expect(run.manifest.tables.rentas).toMatchObject({ status: 'loaded', inserted: 2, rejected: 0 });
    expect(query(join(run.out, 'rentas.db'), 'SELECT fecha_inicio, fecha_fin FROM rentas ORDER BY id_renta')).toEqual([
      { fecha_inicio: '2024-03-05 00:00:00', fecha_fin: '2024-03-07 16:30:00' },
      { fecha_inicio: '2024-03-08 00:00:00', fecha_fin: '2024-03-09 08:00:05' },
    ]);
  });

  it('rejects a day-first date under the default DATE_ORDER=iso with a reason naming the setting, in English and Spanish', () => {
    const batch = rentas('1,1,1,2,1,2024-03-01,2024-03-02,100', '2,1,1,2,1,05/03/2024,07/03/2024,100');

    const en = etl(batch);
    const es = etl(batch, { RENTAS_LANG: 'es' });

    expect(en.status).toBe(0);
    expect(en.manifest.tables.rentas).toMatchObject({ inserted: 1, rejected: 1, rejectReasons: [{ code: 'BAD_DATE', column: 'fecha_inicio', count: 1, firstLine: 3 }] });
    expect(readRejects(en.out, 'rentas')[0]).toMatchObject({
      line: '3',
      reason: expect.stringContaining(
        'fecha_inicio: expected a date YYYY-MM-DD (DATE_ORDER=iso), got "05/03/2024", which reads as day/month/year: set DATE_ORDER=dmy to accept such dates, or export the dates as YYYY-MM-DD',
      ),
    });
    expect(readRejects(es.out, 'rentas')[0].reason).toContain('que se lee como día/mes/año: defina DATE_ORDER=dmy');
  });

  it('rejects a two-digit year and an a. m./p. m. time even with DATE_ORDER=dmy, saying so', () => {
    const run = etl(rentas('1,1,1,2,1,05/03/24,07/03/2024,100', '2,1,1,2,1,05/03/2024 02:30 p. m.,07/03/2024,100', '3,1,1,2,1,05/03/2024,07/03/2024,100'), { DATE_ORDER: 'dmy' });

    expect(run.status).toBe(0);
    const reasons = readRejects(run.out, 'rentas').map((r) => r.reason);
    expect(reasons).toEqual([expect.stringContaining('a two-digit year is not accepted'), expect.stringContaining('a. m./p. m. times are not accepted')]);
  });

  it('rejects a decimal comma with a reason that says so (code BAD_NUMBER)', () => {
    const run = etl(rentas('1,1,1,2,1,2024-03-01,2024-03-02,"1234,50"', '2,1,1,2,1,2024-03-01,2024-03-02,1234.50'));

    expect(run.status).toBe(0);
    expect(run.manifest.tables.rentas).toMatchObject({ inserted: 1, rejected: 1, rejectReasons: [{ code: 'BAD_NUMBER', column: 'costo_total', count: 1, firstLine: 2 }] });
    expect(readRejects(run.out, 'rentas')[0].reason).toContain(
      'costo_total: expected a number written with a decimal point and no thousands separator (1234.50), got "1234,50", which has a decimal comma or a thousands separator',
    );
    expect(JSON.parse(readFileSync(join(run.out, 'manifest.json'), 'utf8'))).toEqual(run.manifest);
  });
});
