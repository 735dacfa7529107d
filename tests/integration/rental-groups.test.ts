import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { writeExportsFrom } from '../../batch-job/src/core/exports.js';
import { runNode } from '../helpers/cli.js';
import { rebuildAggregate } from '../../batch-job/src/core/aggregate.js';
import { loadConfig } from '../../batch-job/src/core/config.js';
import { ROLLUP_TABLES } from '../../batch-job/src/core/warehouse-names.js';
import { HEADERS, runBatch, tempDir, writeBatch } from '../helpers/etl.js';

/** The aggregate and its roll-ups exactly as stored, with each value's SQLite type. */
function snapshot(db: Database.Database) {
  const rows = (sql: string) => db.prepare(sql).raw(true).all();
  const typed = (table: string) => rows(`SELECT json_group_array(json_array(${columnsOf(db, table)})) FROM (SELECT * FROM ${table} ORDER BY 1, 2, 3, 4)`);
  return {
    aggregate: typed('vehiculos_mas_reservados'),
    vehicles: rows(`SELECT * FROM ${ROLLUP_TABLES.vehiculos} ORDER BY id_vehiculo`),
    routes: rows(`SELECT * FROM ${ROLLUP_TABLES.rutas} ORDER BY 1, 2`),
    months: rows(`SELECT * FROM ${ROLLUP_TABLES.meses} ORDER BY 1`),
  };
}

/** Every column of a table as `value, typeof(value)`, so an INTEGER stored as REAL would show. */
function columnsOf(db: Database.Database, table: string): string {
  const names = (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
  return names.map((n) => `${n}, typeof(${n})`).join(', ');
}

describe('the aggregate of a full load, summed while the rentals are inserted', () => {
  it('equals, value for value and type for type, the aggregate and roll-ups rebuilt by SQL from the rentas table', async () => {
    const rentas: string[] = [];
    for (let id = 1; id <= 300; id++) {
      const vehicle = 1 + ((id * 7) % 5);
      const month = String(1 + ((id * 11) % 12)).padStart(2, '0');
      const hours = 2 + ((id * 13) % 200);
      const end = new Date(Date.parse(`2024-${month}-03T10:00:00Z`) + hours * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
      rentas.push(`${id},${vehicle},${1 + (id % 3)},${1 + ((id * 5) % 3)},${1 + (id % 2)},2024-${month}-03 10:00:00,${end},${(hours * 41.37).toFixed(2)}`);
    }
    const { dbPath } = await runBatch({
      'vehiculos.csv': `${HEADERS.vehiculos}\n${[1, 2, 3, 4, 5].map((v) => `${v},Kia,Rio ${v},2020,Compacto,5,Gris,100,Disponible`).join('\n')}\n`,
      'puntos_renta.csv': `${HEADERS.puntos_renta}\n1,Rentas CDMX,a,b,c\n2,Rentas Cancún,a,b,c\n3,Rentas Mérida,a,b,c\n`,
      'clientes.csv': `${HEADERS.clientes}\n1,A,a@x.mx,,\n2,B,b@x.mx,,\n`,
      'rentas.csv': `${HEADERS.rentas}\n${rentas.join('\n')}\n`,
    });
    const db = new Database(dbPath);
    const summed = snapshot(db);
    rebuildAggregate(db, loadConfig({}));
    const rebuilt = snapshot(db);
    db.close();

    expect(summed.months.length).toBe(12);
    expect(summed).toEqual(rebuilt);
  });

  // Names a spreadsheet would run or a CSV would split, ids out of order, fractions of a day.
  const awkward = () => {
    const rentas: string[] = [];
    for (let id = 1; id <= 600; id++) {
      const vehicle = [31, 7, 1024, 5][id % 4];
      const hours = 1 + ((id * 37) % 97);
      const month = String(1 + (Math.floor(id / 36) % 12)).padStart(2, '0');
      const end = new Date(Date.parse(`2023-${month}-10T08:15:00Z`) + hours * 3_600_000 + 59_000).toISOString().slice(0, 19).replace('T', ' ');
      rentas.push(`${id},${vehicle},${[9, 2, 40][Math.floor(id / 4) % 3]},${[40, 9, 2][Math.floor(id / 12) % 3]},1,2023-${month}-10 08:15:00,${end},${((id * 1234.567) % 9999).toFixed(2)}`);
    }
    return {
      'vehiculos.csv': [
        HEADERS.vehiculos,
        '31,=Kia,"Rio, ""5p""",2021,Compacto,5,-Gris,100,Disponible',
        '7,@Nissan,Versa,2019,Sedán,5,Rojo,90,Disponible',
        '1024,Mazda,Mazda 3,2024,+Hatch,5,Azul,120,Disponible',
        '5,BYD,Dolphin,2024,Eléctrico,4,Blanco,150,Disponible',
        '',
      ].join('\n'),
      'puntos_renta.csv': `${HEADERS.puntos_renta}\n9,"Rentas ""Centro"", CDMX",a,b,c\n2,=Aeropuerto,a,b,c\n40,Mérida Norte,a,b,c\n`,
      'clientes.csv': `${HEADERS.clientes}\n1,A,a@x.mx,,\n`,
      'rentas.csv': `${HEADERS.rentas}\n${rentas.join('\n')}\n`,
    };
  };

  it.each([[[] as string[]], [['--no-worker']]])('writes the aggregate export from the groups byte for byte as the table reads back (%j)', (flags) => {
    const outDir = tempDir('rentas-out-');
    const run = runNode('cli', ['--input', writeBatch(awkward()), '--out', outDir, ...flags]);
    expect(run.status, run.stderr).toBe(0);
    const fromTable = tempDir('rentas-table-');
    writeExportsFrom(join(outDir, 'rentas.db'), loadConfig({}), fromTable);
    const file = 'vehiculos_mas_reservados.csv';
    const exported = readFileSync(join(outDir, file), 'utf8');
    expect(exported).toContain(`"'=Aeropuerto"`.slice(1, -1));
    expect(exported).toContain('"Rio, ""5p"""');
    expect(exported.split('\n').length).toBeGreaterThan(100);
    expect(exported).toBe(readFileSync(join(fromTable, file), 'utf8'));
    const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')) as { outputs: { kind: string; bytes: number }[] };
    expect(manifest.outputs.find((o) => o.kind === 'aggregate')?.bytes).toBe(Buffer.byteLength(exported));
    // The groups were summed in the parser thread (or beside it without one): the table they
    // filled equals an SQL rebuild from the rentals.
    const db = new Database(join(outDir, 'rentas.db'));
    const summed = snapshot(db);
    rebuildAggregate(db, loadConfig({}));
    expect(summed).toEqual(snapshot(db));
    db.close();
  });
});
