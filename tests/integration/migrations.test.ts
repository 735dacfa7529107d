import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../batch-job/src/core/config.js';
import { SCHEMA_VERSION, STEPS, addDeclaredColumns, migrate, schemaVersion } from '../../batch-job/src/core/migrations.js';
import { upsertSql } from '../../batch-job/src/core/warehouse.js';
import { column, defineTable, tableContract } from '../../common/tables/define.js';
import { requiredText } from '../../common/tables/rules.js';
import { vehiculos } from '../../common/tables/vehiculos.js';
import { ROLLUP_TABLES } from '../../batch-job/src/core/warehouse-names.js';
import { tableContracts } from '../../common/tables/index.js';
import { BASE_BATCH, HEADERS, expectEtlError, runBatch, tempDir } from '../helpers/etl.js';
import { SCHEMAS, type SchemaEntry } from '../helpers/warehouse-schemas.js';

const SCHEMA = { config: loadConfig({}), contracts: tableContracts(new Date('2025-06-01T00:00:00Z')) };

/** A second batch: a changed vehicle, a renamed point, a moved rental and a new one. */
const SECOND_BATCH = {
  'vehiculos.csv': `${HEADERS.vehiculos}\n1,Nissan,Versa,2021,Sedán,5,Blanco,15000,Disponible\n`,
  'puntos_renta.csv': `${HEADERS.puntos_renta}\n2,Rentas Mérida Centro,"Calle 60, Mérida",+52 999 123 4567,Lun-Sab 08:00-20:00\n`,
  'rentas.csv': `${HEADERS.rentas}\n2,2,1,2,2,2024-01-05,2024-01-07,950\n4,1,2,1,1,2024-03-01 08:00,2024-03-04 20:00,2100\n`,
};

function schemaOf(path: string): SchemaEntry[] {
  const db = new Database(path, { readonly: true });
  const rows = db.prepare('SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid').all() as SchemaEntry[];
  db.close();
  return rows;
}

function versionOf(path: string): number {
  const db = new Database(path, { readonly: true });
  const version = schemaVersion(db);
  db.close();
  return version;
}

/** Every table's rows in key order (the ledger without its timestamps); numbers to 12 digits. */
function contents(path: string): Record<string, unknown[]> {
  const db = new Database(path, { readonly: true });
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all() as string[];
  const out = Object.fromEntries(
    tables.map((t) => [t, db.prepare(t === 'etl_lotes_aplicados' ? `SELECT batch_id, status FROM ${t} ORDER BY 1` : `SELECT * FROM ${t} ORDER BY 1, 2, 3`).all()]),
  );
  out.top_vehiculos = db.prepare('SELECT * FROM top_vehiculos').all();
  db.close();
  return JSON.parse(JSON.stringify(out), (_, v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(12)) : v)) as Record<string, unknown[]>;
}

/** A warehouse file run through the steps up to `version` (0: an empty file). */
function warehouseAt(version: number): string {
  const path = join(tempDir('rentas-schema-'), 'rentas.db');
  const db = new Database(path);
  migrate(db, SCHEMA, version);
  db.close();
  return path;
}

/** A warehouse as the code before schema versions made it: the pinned DDL, user_version 0. */
function unversionedWarehouse(): string {
  const path = join(tempDir('rentas-legacy-'), 'rentas.db');
  const db = new Database(path);
  for (const entry of SCHEMAS[1]) db.exec(entry.sql);
  db.close();
  return path;
}

function setVersion(path: string, version: number, sql = ''): void {
  const db = new Database(path);
  db.exec(sql);
  db.pragma(`user_version = ${version}`);
  db.close();
}

/** What migrating the file at `path` to the current version throws (undefined if nothing). */
function migrateError(path: string): unknown {
  const db = new Database(path);
  try {
    migrate(db, SCHEMA);
    return undefined;
  } catch (e) {
    return e;
  } finally {
    db.close();
  }
}

/** The reference: both batches loaded into a warehouse that always had versions. */
async function versionedReference(): Promise<Record<string, unknown[]>> {
  const { dbPath } = await runBatch(BASE_BATCH);
  await runBatch(SECOND_BATCH, { dbPath });
  return contents(dbPath);
}

describe('warehouse schema steps', () => {
  it('gives a new warehouse every step: the latest version and the schema pinned for it', async () => {
    const { dbPath, manifest } = await runBatch(BASE_BATCH);

    expect(versionOf(dbPath)).toBe(SCHEMA_VERSION);
    expect(schemaOf(dbPath)).toEqual(SCHEMAS[SCHEMA_VERSION]);
    expect(manifest.status).toBe('succeeded');
  });

  it.each(STEPS.map((s) => [s.version, s.does] as const))('step %i (%s) migrates a warehouse made by the step before it', async (version) => {
    const path = warehouseAt(version - 1);

    const db = new Database(path);
    migrate(db, SCHEMA, version);
    db.close();

    expect(versionOf(path)).toBe(version);
    expect(schemaOf(path)).toEqual(SCHEMAS[version]);
  });

  it('step 3 numbers the batches already in the ledger by applied_at (ties by batch id), and new batches take the next number', async () => {
    const path = warehouseAt(2);
    const db = new Database(path);
    const insert = db.prepare(`INSERT INTO etl_lotes_aplicados (batch_id, fingerprint, applied_at, status) VALUES (?, '', ?, 'succeeded')`);
    for (const [id, at] of [['c', '2025-01-03T00:00:00.000Z'], ['a', '2025-01-05T00:00:00.000Z'], ['b', '2025-01-03T00:00:00.000Z']]) insert.run(id, at);
    migrate(db, SCHEMA, 3);
    expect(db.prepare('SELECT batch_id, sequence FROM etl_lotes_aplicados ORDER BY sequence').raw().all()).toEqual([['b', 1], ['c', 2], ['a', 3]]);
    db.close();

    const { manifest } = await runBatch(BASE_BATCH, { dbPath: path });
    expect(manifest.warehouse?.sequence).toBe(4);
  });

  it('numbers the steps 1, 2, 3... in order', () => {
    expect(STEPS.map((s) => s.version)).toEqual(STEPS.map((_, i) => i + 1));
  });
});

describe('a warehouse made before schema versions (the code of commit b25940a)', () => {
  it('is adopted as version 1 with its schema unchanged, empty or not, and loads batches as a versioned one does', async () => {
    const dbPath = unversionedWarehouse();

    await runBatch(BASE_BATCH, { dbPath });
    expect(versionOf(dbPath)).toBe(SCHEMA_VERSION);
    setVersion(dbPath, 0);
    const { manifest } = await runBatch(SECOND_BATCH, { dbPath });

    expect(versionOf(dbPath)).toBe(SCHEMA_VERSION);
    expect(schemaOf(dbPath)).toEqual(SCHEMAS[SCHEMA_VERSION]);
    expect(manifest.tables.rentas).toMatchObject({ inserted: 1, updated: 1, rejected: 0 });
    expect(contents(dbPath)).toEqual(await versionedReference());
  });

  it('made before the roll-ups: gets them filled from its aggregate and a ranking view that reads them', async () => {
    const { dbPath } = await runBatch(BASE_BATCH);
    const loaded = contents(dbPath);
    setVersion(
      dbPath,
      0,
      `DROP VIEW top_vehiculos; DROP TABLE ${ROLLUP_TABLES.vehiculos}; DROP TABLE ${ROLLUP_TABLES.rutas}; DROP TABLE ${ROLLUP_TABLES.meses};
       CREATE VIEW top_vehiculos AS SELECT id_vehiculo, SUM(total_rentas) AS total_rentas FROM vehiculos_mas_reservados GROUP BY id_vehiculo`,
    );

    // Migrated on its own first: a batch that rebuilds the aggregate would refill the roll-ups anyway.
    const db = new Database(dbPath);
    migrate(db, SCHEMA);
    db.close();
    expect(contents(dbPath)).toEqual(loaded);
    await runBatch(SECOND_BATCH, { dbPath });

    expect(versionOf(dbPath)).toBe(SCHEMA_VERSION);
    const byName = (entries: readonly SchemaEntry[]) => [...entries].sort((a, b) => a.name.localeCompare(b.name));
    expect(byName(schemaOf(dbPath))).toEqual(byName(SCHEMAS[SCHEMA_VERSION]));
    expect(contents(dbPath)).toEqual(await versionedReference());
  });

  it('is left as it was when adopting it fails: no step is half applied', () => {
    const path = unversionedWarehouse();
    setVersion(path, 0, `DROP VIEW top_vehiculos; DROP TABLE ${ROLLUP_TABLES.meses}; CREATE TABLE top_vehiculos (posicion INTEGER)`);
    const before = schemaOf(path);

    const db = new Database(path);
    expect(() => migrate(db, SCHEMA)).toThrow(/DROP TABLE/);
    db.close();

    expect(versionOf(path)).toBe(0);
    expect(schemaOf(path)).toEqual(before);
  });
});

describe('a warehouse of a newer schema version than the code knows', () => {
  it('is refused with one sentence, and left as it was', async () => {
    const { dbPath } = await runBatch(BASE_BATCH);
    setVersion(dbPath, SCHEMA_VERSION + 1);
    const before = readFileSync(dbPath);

    const error = await runBatch(SECOND_BATCH, { dbPath }).catch((e: unknown) => e);

    expectEtlError(
      error,
      'WAREHOUSE_SCHEMA_NEWER',
      `The warehouse has schema version ${SCHEMA_VERSION + 1}, newer than version ${SCHEMA_VERSION} that this release of the ETL knows: load it with a release that knows version ${SCHEMA_VERSION + 1}.`,
    );
    expect(readFileSync(dbPath).equals(before)).toBe(true);
  });
});

describe('a column added to a table declaration', () => {
  const withPlaca = defineTable({ ...vehiculos, columns: [...vehiculos.columns, column('placa', 'TEXT', requiredText)] });
  const contracts = tableContracts(new Date('2025-06-01T00:00:00Z')).map((c) => (c.key === 'vehiculos' ? tableContract(withPlaca, new Date('2025-06-01T00:00:00Z')) : c));

  it('reaches a warehouse made without it, as a nullable column that later upserts fill', async () => {
    const { dbPath } = await runBatch(BASE_BATCH);
    const db = new Database(dbPath);

    expect(addDeclaredColumns(db, { config: SCHEMA.config, contracts })).toEqual(['vehiculos.placa']);
    expect(addDeclaredColumns(db, { config: SCHEMA.config, contracts })).toEqual([]);
    migrate(db, { config: SCHEMA.config, contracts });

    const placa = (db.pragma('table_info(vehiculos)') as { name: string; notnull: number }[]).find((c) => c.name === 'placa');
    expect(placa).toMatchObject({ notnull: 0 });
    expect(db.prepare('SELECT count(*) FROM vehiculos WHERE placa IS NULL').pluck().get()).toBeGreaterThan(0);
    const vehicle = contracts[0];
    const row = [1, 'Nissan', 'Versa', 2021, 'Sedán', 5, 'Blanco', 15000, 'Disponible', 'ABC-123'];
    expect(db.prepare(upsertSql('vehiculos', vehicle, 1)).run(...row).changes).toBe(1);
    expect(db.prepare('SELECT placa FROM vehiculos WHERE id_vehiculo = 1').pluck().get()).toBe('ABC-123');
    db.close();
  });
});

describe('a warehouse whose tables are not the ETL tables under the configured names', () => {
  it('is refused, naming the setting, when a configured table is missing', async () => {
    const { dbPath } = await runBatch(BASE_BATCH);
    const db = new Database(dbPath);
    const config = loadConfig({ RENTAS_TABLE: 'rentas_2024' });

    expect(() => migrate(db, { config, contracts: SCHEMA.contracts })).toThrow(
      'The warehouse has no table rentas_2024 (the rentas table, named by RENTAS_TABLE): it was made with other table names or not by this ETL',
    );
    db.close();
  });

  it('is refused, naming the column, when a table lacks its id column, and is left as it was', async () => {
    const { dbPath } = await runBatch(BASE_BATCH);
    setVersion(dbPath, SCHEMA_VERSION, 'DROP TABLE rentas; CREATE TABLE rentas (renta INTEGER PRIMARY KEY, importe REAL)');
    const before = schemaOf(dbPath);

    const error = migrateError(dbPath);

    expectEtlError(error, 'WAREHOUSE_SCHEMA_MISMATCH', "The warehouse's table rentas has no column id_renta: it was not made by this ETL as its rentas table");
    expect(schemaOf(dbPath)).toEqual(before);
  });
});

describe('a SQLite file that is not a warehouse', () => {
  it('is refused, naming the tables it lacks, and left as it was', () => {
    const path = join(tempDir('rentas-foreign-'), 'app.sqlite');
    const app = new Database(path);
    app.exec('CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users VALUES (1, \'ana\')');
    app.close();
    const before = readFileSync(path);

    const error = migrateError(path);

    expectEtlError(error, 'WAREHOUSE_SCHEMA_MISMATCH', 'The warehouse has tables but not vehiculos (VEHICULOS_TABLE), puntos_renta (PUNTOS_RENTA_TABLE)');
    expect(readFileSync(path).equals(before)).toBe(true);
  });
});
