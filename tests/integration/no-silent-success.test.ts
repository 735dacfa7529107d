import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runNode } from '../helpers/cli.js';
import { BASE_BATCH, HEADERS, runBatch, tempDir, writeBatch } from '../helpers/etl.js';

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
/** The CLI, checking rows in its main thread (cheaper to start); `worker` checks them in the parser thread, as by default. */
const etl = (args: string[], env: Record<string, string> = {}, worker = false) => runNode('cli', worker ? args : [...args, '--no-worker'], env);
const manifestOf = (out: string) => JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));

/** A warehouse holding BASE_BATCH, and its checksum. */
async function warehouse(): Promise<{ db: string; before: string }> {
  const { dbPath } = await runBatch(BASE_BATCH);
  return { db: dbPath, before: sha256(dbPath) };
}

/** `count` rentals of vehicle 1, point 1 and client 1 whose dates are written DD/MM/YYYY. */
function dmyRentals(count: number): string {
  const rows = Array.from({ length: count }, (_, i) => `${i + 1},1,1,1,1,01/02/2024,03/02/2024,1500`);
  return `${HEADERS.rentas}\n${rows.join('\n')}\n`;
}

describe('a batch folder without any table file', () => {
  it('exits 1 naming what the folder holds, and leaves the warehouse of --db untouched', async () => {
    const { db, before } = await warehouse();
    const input = writeBatch({ 'rentas.txt': 'x', 'Rentas (1).csv': 'x', 'notas.docx': 'x' });
    const out = join(tempDir(), 'out');
    const { status, stdout, stderr } = etl(['--input', input, '--out', out, '--db', db]);
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `etl: ${input} holds none of the four table files (vehiculos.csv, puntos_renta.csv, clientes.csv, rentas.csv, each also as .csv.gz): ` +
        'it holds Rentas (1).csv (rentas.csv?), notas.docx, rentas.txt (rentas.csv?). Nothing was loaded and the warehouse is unchanged; ' +
        'put the files in the folder under those names and run again.\n',
    );
    expect(sha256(db)).toBe(before);
    expect(existsSync(out)).toBe(false);
  });

  it('says so in Spanish with RENTAS_LANG=es, and keeps the warehouse already in --out', async () => {
    const { db, before, out } = await runBatch(BASE_BATCH).then((r) => ({ db: r.dbPath, before: sha256(r.dbPath), out: r.outDir }));
    const manifestBefore = sha256(join(out, 'manifest.json'));
    const input = writeBatch({});
    const { status, stderr } = etl(['--input', input, '--out', out], { RENTAS_LANG: 'es' });
    expect(status).toBe(1);
    expect(stderr).toBe(
      `etl: ${input} no tiene ninguno de los cuatro archivos de tabla (vehiculos.csv, puntos_renta.csv, clientes.csv, rentas.csv, cada uno también como .csv.gz): ` +
        'la carpeta está vacía. No se cargó nada y el almacén no cambió; ponga los archivos en la carpeta con esos nombres y vuelva a ejecutar.\n',
    );
    expect(sha256(db)).toBe(before);
    expect(sha256(join(out, 'manifest.json'))).toBe(manifestBefore);
  });
});

describe('a file whose name matches no table', () => {
  it('is named in a warning with the table it was probably meant for, and the batch loads the rest', () => {
    const { 'rentas.csv': rentas, ...dimensions } = BASE_BATCH;
    const input = writeBatch({ ...dimensions, 'Rentas (1).csv': rentas, 'notas.docx': 'x', _SUCCESS: '', '.DS_Store': 'x' });
    const out = tempDir();
    const { status, stdout } = etl(['--input', input, '--out', out]);
    expect(status).toBe(0);
    const sentence = 'Rentas (1).csv was not loaded: it is not a table file. If it is this batch\'s rentas file, save it as rentas.csv (in Excel: "CSV UTF-8") and run the batch again.';
    expect(stdout).toContain(`warning: ${sentence}`);
    expect(stdout).toContain('warning: notas.docx was not loaded: its name is not one of vehiculos.csv, puntos_renta.csv, clientes.csv, rentas.csv.');
    const manifest = manifestOf(out);
    expect(manifest.tables.rentas).toMatchObject({ status: 'missing', warnings: [sentence] });
    expect(manifest.warnings).toEqual(['notas.docx was not loaded: its name is not one of vehiculos.csv, puntos_renta.csv, clientes.csv, rentas.csv.']);
  });

  it('names at most ten other files, the ones that look meant for a table first, and counts the rest', () => {
    const { 'rentas.csv': rentas, ...dimensions } = BASE_BATCH;
    const junk = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`foto-${String(i).padStart(3, '0')}.jpg`, 'x']));
    const out = tempDir();
    const { status } = etl(['--input', writeBatch({ ...dimensions, ...junk, 'Rentas (1).csv': rentas }), '--out', out]);
    expect(status).toBe(0);
    const manifest = manifestOf(out);
    expect(manifest.tables.rentas.warnings).toEqual([expect.stringMatching(/^Rentas \(1\)\.csv was not loaded/)]);
    expect(manifest.warnings).toHaveLength(10);
    expect(manifest.warnings[0]).toMatch(/^foto-000\.jpg was not loaded/);
    expect(manifest.warnings[9]).toBe('291 more files of the folder were not loaded either: they are not table files.');
  });

  it('says in Spanish that rentas.xlsx was not loaded beside the batch\'s RENTAS.CSV, a table file (names match without case)', () => {
    const { 'rentas.csv': rentas, ...dimensions } = BASE_BATCH;
    const out = tempDir();
    const { status, stdout } = etl(['--input', writeBatch({ ...dimensions, 'RENTAS.CSV': rentas, 'rentas.xlsx': 'x' }), '--out', out], { RENTAS_LANG: 'es' });
    expect(status).toBe(0);
    const sentence = 'rentas.xlsx no se cargó: no es un archivo de tabla, y RENTAS.CSV es el archivo de rentas de este lote.';
    expect(stdout).toContain(`aviso: ${sentence}`);
    expect(manifestOf(out).tables.rentas).toMatchObject({ file: 'RENTAS.CSV', status: 'loaded', inserted: 3, warnings: [sentence] });
  });

});

describe('rentals whose client is unknown', () => {
  it('says in the reason that clientes.csv was not in the batch, with the code UNKNOWN_REFERENCE', () => {
    const { 'clientes.csv': _clientes, ...rest } = BASE_BATCH;
    const out = tempDir();
    const { status, stdout, stderr } = etl(['--input', writeBatch(rest), '--out', out], {}, true);
    expect(status).toBe(1);
    const rejects = readFileSync(join(out, 'rejects', 'rentas.csv'), 'utf8').split('\n');
    expect(rejects[1]).toBe(
      '2,"column id_cliente: expected an existing clientes id, got 1; clientes.csv was not in this batch and the warehouse has no such id: add clientes.csv to the batch",' +
        '1,1,1,2,1,2024-01-01 10:00,2024-01-03 10:00,1500',
    );
    expect(manifestOf(out).tables.rentas.rejectReasons).toEqual([{ code: 'UNKNOWN_REFERENCE', column: 'id_cliente', count: 3, firstLine: 2 }]);
    expect(stdout).toContain('  UNKNOWN_REFERENCE (unknown id) in id_cliente: 3 row(s), first at line 2; clientes.csv was not in this batch');
    expect(stderr).toBe(`etl: every data row of rentas.csv was rejected (3 rows), so none of it was loaded; the reasons are in ${out}/rejects/rentas.csv.\n`);
  });

  it('says it in Spanish too, from the parser thread as from the main thread', () => {
    const { 'clientes.csv': _clientes, ...rest } = BASE_BATCH;
    const out = tempDir();
    const { status, stdout } = etl(['--input', writeBatch(rest), '--out', out], { RENTAS_LANG: 'es' }, true);
    expect(status).toBe(1);
    expect(readFileSync(join(out, 'rejects', 'rentas.csv'), 'utf8')).toContain(
      'columna id_cliente: se esperaba un id existente de clientes, se recibió 1; clientes.csv no venía en este lote y el almacén no tiene ese id: agregue clientes.csv al lote',
    );
    expect(stdout).toContain('  UNKNOWN_REFERENCE (id desconocido) en id_cliente: 3 fila(s), la primera en la línea 2; clientes.csv no venía en este lote');
  });

  it('does not blame the file when clientes.csv was in the batch', () => {
    const out = tempDir();
    const rentas = BASE_BATCH['rentas.csv'].replace(/^3,2,2,2,1,/m, '3,2,2,2,9,');
    const { status, stdout } = etl(['--input', writeBatch({ ...BASE_BATCH, 'rentas.csv': rentas }), '--out', out]);
    expect(status).toBe(0);
    expect(readFileSync(join(out, 'rejects', 'rentas.csv'), 'utf8')).toContain('"column id_cliente: expected an existing clientes id, got 9"');
    expect(stdout).toContain('  UNKNOWN_REFERENCE (unknown id) in id_cliente: 1 row(s), first at line 4\n');
  });
});

describe('a batch of dimension files only', () => {
  it('loads normally and says which tables were not in it, without an empty top', () => {
    const out = tempDir();
    const input = writeBatch({ 'vehiculos.csv': BASE_BATCH['vehiculos.csv'], 'puntos_renta.csv': BASE_BATCH['puntos_renta.csv'] });
    const { status, stdout, stderr } = etl(['--input', input, '--out', out]);
    expect(status).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain('Batch batch: succeeded');
    expect(stdout).toContain('Not in this batch: clientes, rentas; those tables keep what the warehouse already held.');
    expect(stdout).toContain('No rentals are loaded yet, so there are no top vehicles (vehiculos_mas_reservados: 0 rows).');
    expect(stdout).not.toMatch(/Top 0/);
  });

  it('says so in Spanish', () => {
    const input = writeBatch({ 'vehiculos.csv': BASE_BATCH['vehiculos.csv'] });
    const { status, stdout } = etl(['--input', input, '--out', tempDir()], { RENTAS_LANG: 'es' });
    expect(status).toBe(0);
    expect(stdout).toContain('Lote batch: completo');
    expect(stdout).toContain('No vinieron en este lote: puntos_renta, clientes, rentas; esas tablas conservan lo que ya tenía el almacén.');
    expect(stdout).toContain('Todavía no hay rentas cargadas, así que no hay vehículos más rentados (vehiculos_mas_reservados: 0 filas).');
  });
});

describe('a table file of which every data row is rejected', () => {
  it('makes the batch partial and exits 1; the summary gives each reason with its count and first line, never row contents', () => {
    const out = tempDir();
    const input = writeBatch({ ...BASE_BATCH, 'rentas.csv': dmyRentals(1200) });
    const { status, stdout, stderr } = etl(['--input', input, '--out', out]);
    expect(status).toBe(1);
    expect(manifestOf(out).status).toBe('partial');
    expect(stdout).toContain('every data row of rentas.csv was rejected: none of it was loaded');
    expect(stdout).toContain('1,200 rentas row(s) rejected');
    expect(stdout).toMatch(/ {2}BAD_DATE \(not a date\) in fecha_inicio: 1,200 row\(s\), first at line 2\n/);
    expect(stdout).toMatch(/rentas\s+rentas\.csv\s+loaded\s+1,200\s+0\s+0\s+0\s+1,200/);
    expect(stdout).not.toContain('01/02/2024');
    expect(stderr).toBe(`etl: every data row of rentas.csv was rejected (1,200 rows), so none of it was loaded; the reasons are in ${out}/rejects/rentas.csv.\n`);
  });

  it('says in the summary when only the first rejects were written (MAX_REJECTS_WRITTEN)', () => {
    const out = tempDir();
    const { status, stdout } = etl(['--input', writeBatch({ ...BASE_BATCH, 'rentas.csv': dmyRentals(3) }), '--out', out], { MAX_REJECTS_WRITTEN: '1' });
    expect(status).toBe(1);
    expect(stdout).toContain('only the first 1 rentas reject(s) were written there (MAX_REJECTS_WRITTEN); the other 2 are counted only');
    expect(readFileSync(join(out, 'rejects', 'rentas.csv'), 'utf8').trim().split('\n')).toHaveLength(2);
  });

});

describe('the summary', () => {
  it('writes counts with separators, ids and years plain, and money with $; some rows rejected still exit 0', () => {
    const vehicles = `${HEADERS.vehiculos}\n12345,Nissan,Versa,2020,Sedán,5,Rojo,12000,Disponible\n`;
    const rentas = `${HEADERS.rentas}\n1,12345,1,2,1,2024-01-01,2024-01-03,1234.5\n2,12345,1,2,1,01/02/2024,03/02/2024,1500\n`;
    const { status, stdout } = etl(['--input', writeBatch({ ...BASE_BATCH, 'vehiculos.csv': vehicles, 'rentas.csv': rentas }), '--out', tempDir()]);
    expect(status).toBe(0);
    expect(stdout).toContain('  BAD_DATE (not a date) in fecha_inicio: 1 row(s), first at line 3');
    expect(stdout).toContain('Top 1 vehicle (vehiculos_mas_reservados: 1 rows)');
    expect(stdout).toMatch(/\n\s*1\s+12345\s+Nissan\s+Versa\s+2020\s+1\s+2\.00\s+\$1,234\.50\n/);
  });
});

describe('the input files of a CLI run', () => {
  it('are recorded by name, bytes and SHA-256 in the manifest, and their hash in the ledger', () => {
    const input = writeBatch(BASE_BATCH);
    const out = tempDir();
    expect(etl(['--input', input, '--out', out]).status).toBe(0);
    const { inputs } = manifestOf(out);
    expect(inputs).toEqual(
      ['vehiculos', 'puntos_renta', 'clientes', 'rentas'].map((table) => ({
        table,
        file: `${table}.csv`,
        bytes: readFileSync(join(input, `${table}.csv`)).length,
        sha256: sha256(join(input, `${table}.csv`)),
      })),
    );
    const db = new Database(join(out, 'rentas.db'), { readonly: true });
    const fingerprint = db.prepare('SELECT fingerprint FROM etl_lotes_aplicados').pluck().get();
    db.close();
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('the other command lines', () => {
  it('generate --rentals -5 says what a valid value is and the sample\'s minimum sizes', () => {
    const result = spawnSync(process.execPath, ['dist/generate.js', '--out', join(tempDir(), 'g'), '--rentals', '-5'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /^generate: --rentals expects a whole number of 0 or more, got "-5" \(without other options the sample has at least 20 vehicles, 8 points and 50 clients\) \(usage: generate /,
    );
  });

  it('demo --dir removes only the folders it made itself, never a folder of the user', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'output'));
    writeFileSync(join(dir, 'output', 'mine.txt'), 'keep me');
    writeFileSync(join(dir, 'notes.txt'), 'keep me too');
    const refused = spawnSync(process.execPath, [join(process.cwd(), 'dist/demo.js'), '--dir', '.', '--rentals', '0'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_NO_WARNINGS: '1' } });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe(
      `demo: ${join(dir, 'output')} already exists and was not made by the demo, so it is left alone; choose another --dir (the demo writes only ./incoming/demo-batch and ./output).\n`,
    );
    expect(readFileSync(join(dir, 'output', 'mine.txt'), 'utf8')).toBe('keep me');
    const fresh = join(dir, 'fresh');
    const demo = spawnSync(process.execPath, [join(process.cwd(), 'dist/demo.js'), '--dir', fresh, '--rentals', '0'], { cwd: dir, encoding: 'utf8' });
    expect(demo.status).toBe(0);
    // The marks that let the next run replace these two folders, and only these.
    expect(existsSync(join(fresh, 'output', '.rentas-demo'))).toBe(true);
    expect(existsSync(join(fresh, 'incoming', 'demo-batch', '.rentas-demo'))).toBe(true);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('keep me too');
  });

  it('the CLI loads no AWS SDK, so no SDK notice can mix with its output', () => {
    expect(readFileSync('dist/cli.js', 'utf8')).not.toMatch(/@aws-sdk|@aws-lambda-powertools/);
    const { status, stderr } = spawnSync(process.execPath, ['dist/cli.js', '--input', writeBatch(BASE_BATCH), '--out', tempDir(), '--no-worker'], {
      encoding: 'utf8',
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: '' },
    });
    expect(status).toBe(0);
    expect(stderr).toBe('');
  });
});
