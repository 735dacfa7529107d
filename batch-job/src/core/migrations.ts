import Database from 'better-sqlite3';
import type { EtlConfig } from './config.js';
import { EtlError, ErrorCode } from '../../../common/errors.js';
import { rebuildRollups } from './rollups.js';
import type { TableContract } from '../../../common/tables/contract.js';
import { TABLES } from '../../../common/tables/index.js';
import { type Db, createInputTables } from './warehouse.js';
import { LEDGER_TABLE, ROLLUP_TABLES } from './warehouse-names.js';

/**
 * The warehouse schema evolves in numbered steps, and `PRAGMA user_version` says how many a
 * warehouse has had. A new warehouse runs every step from 1; an older one runs the steps it
 * misses. To change the schema, append a step: never edit one that has shipped, since
 * warehouses made by it exist.
 */
export interface SchemaStep {
  /** The version a warehouse is at after this step: its position in STEPS, from 1. */
  readonly version: number;
  /** What the step does, for the reader and the tests. */
  readonly does: string;
  readonly apply: (db: Db, schema: SchemaContext) => void;
}

/** What the steps need: the configured names and the table contracts. */
export interface SchemaContext {
  readonly config: EtlConfig;
  readonly contracts: readonly TableContract[];
}

const { vehiculos: BY_VEHICLE, rutas: BY_ROUTE, meses: BY_MONTH } = ROLLUP_TABLES;

export const STEPS: readonly SchemaStep[] = [
  { version: 1, does: 'the four input tables, the aggregate, its roll-ups, the ranking view and the ledger', apply: (db, s) => createVersion1(db, s) },
];

/** The schema version this code makes and reads. */
export const SCHEMA_VERSION = STEPS.length;

/** Opens (creating if missing) a warehouse file and brings its schema to SCHEMA_VERSION. */
export function openWarehouse(path: string, config: EtlConfig, contracts: readonly TableContract[]): Db {
  const db = new Database(path);
  db.pragma('foreign_keys = ON');
  try {
    migrate(db, { config, contracts });
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

/**
 * Applies the steps a warehouse misses, up to `target`, in one transaction: a failing step
 * leaves the schema and `user_version` as they were. A warehouse made before the schema had
 * versions (user_version 0 with tables in it) is adopted as version 1 first. A warehouse of a
 * newer version than this code knows is refused.
 */
export function migrate(db: Db, schema: SchemaContext, target = SCHEMA_VERSION): void {
  const current = schemaVersion(db);
  if (current > SCHEMA_VERSION) {
    throw new EtlError(
      ErrorCode.WAREHOUSE_SCHEMA_NEWER,
      `The warehouse has schema version ${current}, newer than version ${SCHEMA_VERSION} that this release of the ETL knows: load it with a release that knows version ${current}.`,
    );
  }
  db.transaction(() => {
    let version = current;
    if (version === 0 && holdsTables(db)) {
      adoptUnversioned(db, schema);
      version = 1;
    }
    if (version > 0) addDeclaredColumns(db, schema);
    for (const step of STEPS.slice(version, target)) step.apply(db, schema);
    if (target > current) db.pragma(`user_version = ${target}`);
  })();
}

/**
 * Adds to each input table the declared columns it lacks: a column added to a declaration in
 * common/tables/ reaches existing warehouses without a schema step. The column is nullable,
 * since the rows loaded before it have no value (a new warehouse gets it NOT NULL); the next
 * batch that carries a row fills it. Columns are never dropped or retyped here: that takes a
 * step. A table that is missing, or lacks its id column, was not made by this ETL under the
 * configured names, and is refused rather than altered. Returns the columns added.
 */
export function addDeclaredColumns(db: Db, { config, contracts }: SchemaContext): string[] {
  const added: string[] = [];
  for (const c of contracts) {
    const table = config.tables[c.key];
    const present = new Set((db.pragma(`table_info(${table})`) as { name: string }[]).map((col) => col.name.toLowerCase()));
    const setting = TABLES.find((t) => t.key === c.key)!.setting.name;
    if (present.size === 0) {
      throw new EtlError(
        ErrorCode.WAREHOUSE_SCHEMA_MISMATCH,
        `The warehouse has no table ${table} (the ${c.key} table, named by ${setting}): it was made with other table names or not by this ETL; set ${setting} to the name it has, or load into a new warehouse.`,
        { table: c.key },
      );
    }
    if (!present.has(c.idColumn)) {
      throw new EtlError(
        ErrorCode.WAREHOUSE_SCHEMA_MISMATCH,
        `The warehouse's table ${table} has no column ${c.idColumn}: it was not made by this ETL as its ${c.key} table; check ${setting} or load into a new warehouse.`,
        { table: c.key, column: c.idColumn },
      );
    }
    for (const col of c.storedColumns) {
      if (present.has(col.name.toLowerCase())) continue;
      db.exec(`ALTER TABLE ${table} ADD COLUMN ${col.name} ${col.type}`);
      added.push(`${table}.${col.name}`);
    }
  }
  return added;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function holdsTables(db: Db): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' LIMIT 1`).get() !== undefined;
}

/**
 * Brings a warehouse made before `user_version` to version 1, as the code of that time did on
 * every run: it creates whatever is missing, fills roll-ups that did not exist yet from the
 * aggregate, and replaces a ranking view that does not read the roll-ups (warehouses made
 * before them ranked from the aggregate itself). Only here is a schema recognised by probing.
 */
function adoptUnversioned(db: Db, schema: SchemaContext): void {
  const hadRollups = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(BY_MONTH) !== undefined;
  const view = db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'view' AND name = ?`).pluck().get(schema.config.topView) as string | undefined;
  createVersion1(db, schema, { fillRollups: !hadRollups, keepView: view?.includes(BY_VEHICLE) ?? false });
}

/**
 * Step 1: the schema as the first versioned release made it, statement for statement (the
 * text of each CREATE is what `sqlite3 .schema` shows, so it stays as it was written). The
 * order is that of the release before it, so an adopted warehouse lists its schema the same.
 */
function createVersion1(db: Db, { config, contracts }: SchemaContext, adopt = { fillRollups: false, keepView: false }): void {
  createInputTables(db, config, contracts);
  const agg = config.aggregateTable;
  db.exec(`
    CREATE TABLE IF NOT EXISTS ${agg} (
      id_vehiculo INTEGER NOT NULL,
      id_punto_salida INTEGER NOT NULL,
      id_punto_retorno INTEGER NOT NULL,
      mes TEXT NOT NULL,
      marca TEXT NOT NULL,
      modelo TEXT NOT NULL,
      anio INTEGER NOT NULL,
      tipo TEXT NOT NULL,
      capacidad INTEGER NOT NULL,
      color TEXT NOT NULL,
      punto_salida TEXT NOT NULL,
      punto_retorno TEXT NOT NULL,
      total_rentas INTEGER NOT NULL,
      dias_totales REAL NOT NULL,
      duracion_promedio_dias REAL NOT NULL,
      ingresos REAL NOT NULL,
      PRIMARY KEY (id_vehiculo, id_punto_salida, id_punto_retorno, mes)
    ) WITHOUT ROWID;
  `);
  const sums = 'total_rentas INTEGER NOT NULL, dias_totales REAL NOT NULL, ingresos REAL NOT NULL';
  db.exec(`
    CREATE TABLE IF NOT EXISTS ${BY_VEHICLE} (
      id_vehiculo INTEGER PRIMARY KEY, marca TEXT NOT NULL, modelo TEXT NOT NULL, anio INTEGER NOT NULL,
      tipo TEXT NOT NULL, capacidad INTEGER NOT NULL, color TEXT NOT NULL, ${sums});
    CREATE TABLE IF NOT EXISTS ${BY_ROUTE} (
      id_punto_salida INTEGER NOT NULL, id_punto_retorno INTEGER NOT NULL, ${sums},
      PRIMARY KEY (id_punto_salida, id_punto_retorno)) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS ${BY_MONTH} (
      mes TEXT PRIMARY KEY, grupos INTEGER NOT NULL, ${sums}) WITHOUT ROWID;
  `);
  if (adopt.fillRollups) rebuildRollups(db, config);
  if (!adopt.keepView) {
    db.exec(`DROP VIEW IF EXISTS ${config.topView}`);
    // The ranking: one line per vehicle with rentals, read from the vehicle roll-up.
    db.exec(`CREATE VIEW ${config.topView} AS
    SELECT ROW_NUMBER() OVER (ORDER BY total_rentas DESC, duracion_promedio_dias DESC, id_vehiculo) AS posicion,
           id_vehiculo, marca, modelo, anio, tipo, capacidad, color,
           total_rentas, dias_totales, duracion_promedio_dias, ingresos
    FROM (
      SELECT id_vehiculo, marca, modelo, anio, tipo, capacidad, color, total_rentas, dias_totales,
             dias_totales / total_rentas AS duracion_promedio_dias, ingresos
      FROM ${BY_VEHICLE}
    )
    ORDER BY posicion`);
  }
  db.exec(`CREATE TABLE IF NOT EXISTS ${LEDGER_TABLE} (
    batch_id TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    applied_at TEXT NOT NULL,
    status TEXT NOT NULL
  )`);
}
