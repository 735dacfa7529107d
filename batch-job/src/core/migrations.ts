import Database from 'better-sqlite3';
import type { EtlConfig } from './config.js';
import { EtlError, ErrorCode } from '../../../common/errors.js';
import { t } from '../../../common/i18n/index.js';
import type { TableContract } from '../../../common/tables/contract.js';
import { TABLES, type TableKey } from '../../../common/tables/index.js';
import { decimalCents } from '../../../common/tables/rules.js';
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
  { version: 2, does: 'exact sums: integer cents and seconds in rentas, the aggregate and its roll-ups', apply: (db, s) => addExactSums(db, s) },
  { version: 3, does: 'batch sequence: the ledger numbers the batches applied, the existing ones in applied_at order', apply: (db) => addBatchSequence(db) },
];

/**
 * The first version whose ledger numbers its batches. A run that opens a warehouse of an older
 * version (or a new one) publishes the whole aggregate, so consumers can start over from it.
 */
export const SEQUENCE_VERSION = 3;

/** Input-table columns that a later step adds: step 1 makes its tables without them, as version 1 had them. */
const ADDED_BY_STEPS: Readonly<Record<string, readonly string[]>> = { rentas: ['costo_centavos', 'duracion_segundos'] };

/** The schema version this code makes and reads. */
export const SCHEMA_VERSION = STEPS.length;

/** Opens (creating if missing) a warehouse file and brings its schema to SCHEMA_VERSION. */
export function openWarehouse(path: string, config: EtlConfig, contracts: readonly TableContract[]): Db {
  return openWarehouseFrom(path, config, contracts).db;
}

/**
 * As `openWarehouse`, also saying which schema version the file had before (0: a new file).
 * `prepare` runs on the connection before the schema is read (settings, or a transaction the
 * migration then joins).
 */
export function openWarehouseFrom(path: string, config: EtlConfig, contracts: readonly TableContract[], prepare?: (db: Db) => void): { db: Db; fromVersion: number } {
  const db = new Database(path);
  db.pragma('foreign_keys = ON');
  try {
    prepare?.(db);
    const fromVersion = schemaVersion(db);
    migrate(db, { config, contracts });
    return { db, fromVersion };
  } catch (e) {
    db.close();
    throw e;
  }
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
    throw new EtlError(ErrorCode.WAREHOUSE_SCHEMA_NEWER, t().schemaNewer({ found: current, known: SCHEMA_VERSION }));
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

/** The setting that names a table's SQL table (`RENTAS_TABLE`, ...), for sentences. */
const settingOf = (key: TableKey): string => TABLES.find((table) => table.key === key)!.setting.name;

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
    const setting = settingOf(c.key);
    if (present.size === 0) {
      throw new EtlError(ErrorCode.WAREHOUSE_SCHEMA_MISMATCH, t().schemaNoTable({ table, key: c.key, setting }), { table: c.key });
    }
    if (!present.has(c.idColumn)) {
      throw new EtlError(ErrorCode.WAREHOUSE_SCHEMA_MISMATCH, t().schemaNoIdColumn({ table, column: c.idColumn, key: c.key, setting }), {
        table: c.key,
        column: c.idColumn,
      });
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
  // Every run of that code created all of these, so a file without them is no warehouse of
  // ours (an application's own SQLite file given as --db, or other table-name settings).
  const { config, contracts } = schema;
  const required = [...contracts.map((c) => ({ table: config.tables[c.key], setting: settingOf(c.key) })), { table: config.aggregateTable, setting: 'AGGREGATE_TABLE' }];
  const missing = required.filter((r) => db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ? COLLATE NOCASE`).get(r.table) === undefined);
  if (missing.length > 0) {
    throw new EtlError(
      ErrorCode.WAREHOUSE_SCHEMA_MISMATCH,
      t().schemaMissingTables({ missing: missing.map((m) => `${m.table} (${m.setting})`).join(', ') }),
      { table: missing[0].table },
    );
  }
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
  const asOfVersion1 = contracts.map((c) => {
    const later = ADDED_BY_STEPS[c.key] ?? [];
    return { ...c, storedColumns: c.storedColumns.filter((col) => !later.includes(col.name)) };
  });
  createInputTables(db, config, asOfVersion1);
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
  if (adopt.fillRollups) fillRollupsVersion1(db, agg);
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

/** Version 1's roll-ups filled from its aggregate (REAL sums), for a warehouse adopted without them. */
function fillRollupsVersion1(db: Db, agg: string): void {
  const sums = 'SUM(total_rentas), SUM(dias_totales), SUM(ingresos)';
  db.exec(`
    INSERT INTO ${BY_VEHICLE} SELECT id_vehiculo, MAX(marca), MAX(modelo), MAX(anio), MAX(tipo), MAX(capacidad), MAX(color), ${sums}
      FROM ${agg} GROUP BY id_vehiculo;
    INSERT INTO ${BY_ROUTE} SELECT id_punto_salida, id_punto_retorno, ${sums} FROM ${agg} GROUP BY id_punto_salida, id_punto_retorno;
    INSERT INTO ${BY_MONTH} SELECT mes, COUNT(*), ${sums} FROM ${agg} GROUP BY mes;
  `);
}

/**
 * Step 2: exact sums (contract §2, decided 2026-12-01). Rentals get their whole cents and
 * seconds (`costo_centavos`, `duracion_segundos`: nullable, as `addDeclaredColumns` adds
 * them to a warehouse of version 1 before this step runs), the aggregate and the roll-ups
 * get integer sums (`segundos_totales`, `ingresos_centavos`), and every REAL people read is
 * rewritten from the integers, as the loads now keep them. The cents of a stored amount are
 * those of its shortest decimal text, which is the text as written for any amount of up to 15
 * significant digits (`1.005` gives 101, as it would loaded today); an amount that whole cents
 * cannot hold exactly (above 10^13 pesos, such as a `1e17` typo) gets NULL cents, counts as 0
 * in the sums, and keeps its `costo_total` until a batch corrects it.
 */
function addExactSums(db: Db, { config }: SchemaContext): void {
  const rentas = config.tables.rentas;
  const agg = config.aggregateTable;
  // Only what is missing is added: a warehouse adopted as version 1 may already have some of it.
  const addMissing = (table: string, columns: readonly string[], type: string) => {
    const present = new Set((db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name.toLowerCase()));
    for (const name of columns) if (!present.has(name)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${name} ${type}`);
  };
  addMissing(rentas, ADDED_BY_STEPS.rentas, 'INTEGER');
  for (const table of [agg, BY_VEHICLE, BY_ROUTE, BY_MONTH]) addMissing(table, ['segundos_totales', 'ingresos_centavos'], 'INTEGER NOT NULL DEFAULT 0');
  db.function('etl_step2_centavos', { deterministic: true }, (costo: unknown) => {
    if (typeof costo !== 'number' && typeof costo !== 'bigint') return null;
    const cents = decimalCents(String(costo), 1e15);
    return cents >= 0 ? cents : null;
  });
  const epoch = (column: string) => `CAST(strftime('%s', ${column}) AS INTEGER)`;
  db.exec(`
    UPDATE ${rentas} SET costo_centavos = etl_step2_centavos(costo_total),
      duracion_segundos = COALESCE(${epoch('fecha_fin')} - ${epoch('fecha_inicio')}, CAST(round(duracion_renta * 86400) AS INTEGER));
    UPDATE ${rentas} SET costo_total = COALESCE(costo_centavos / 100.0, costo_total), duracion_renta = duracion_segundos / 86400.0;
  `);
  const groupKey = ['id_vehiculo', 'id_punto_salida', 'id_punto_retorno', 'mes'];
  db.exec(`
    UPDATE ${agg} SET segundos_totales = g.s, ingresos_centavos = g.c,
      dias_totales = g.s / 86400.0, duracion_promedio_dias = (g.s / 86400.0) / ${agg}.total_rentas, ingresos = g.c / 100.0
    FROM (SELECT id_vehiculo, id_punto_salida, id_punto_retorno, substr(fecha_inicio, 1, 7) AS mes,
                 COALESCE(SUM(duracion_segundos), 0) AS s, COALESCE(SUM(costo_centavos), 0) AS c
          FROM ${rentas} GROUP BY 1, 2, 3, 4) AS g
    WHERE ${groupKey.map((k) => `${agg}.${k} = g.${k}`).join(' AND ')};
  `);
  const rollUp = (table: string, key: readonly string[]) =>
    db.exec(`
      UPDATE ${table} SET segundos_totales = g.s, ingresos_centavos = g.c, dias_totales = g.s / 86400.0, ingresos = g.c / 100.0
      FROM (SELECT ${key.join(', ')}, SUM(segundos_totales) AS s, SUM(ingresos_centavos) AS c FROM ${agg} GROUP BY ${key.join(', ')}) AS g
      WHERE ${key.map((k) => `${table}.${k} = g.${k}`).join(' AND ')}`);
  rollUp(BY_VEHICLE, ['id_vehiculo']);
  rollUp(BY_ROUTE, ['id_punto_salida', 'id_punto_retorno']);
  rollUp(BY_MONTH, ['mes']);
}

/**
 * Step 3: batch sequence (contract §5). The ledger gets `sequence`, each batch's position in
 * the warehouse's history; the batches already there are numbered by `applied_at` (ties by
 * batch id). Consumers apply the batches' changes files in this order.
 */
function addBatchSequence(db: Db): void {
  // A warehouse adopted as version 1 may have been made with the column already (and numbered).
  const present = (db.pragma(`table_info(${LEDGER_TABLE})`) as { name: string }[]).some((c) => c.name.toLowerCase() === 'sequence');
  if (present) return;
  db.exec(`
    ALTER TABLE ${LEDGER_TABLE} ADD COLUMN sequence INTEGER;
    UPDATE ${LEDGER_TABLE} SET sequence = n.position
    FROM (SELECT batch_id, ROW_NUMBER() OVER (ORDER BY applied_at, batch_id) AS position FROM ${LEDGER_TABLE}) AS n
    WHERE ${LEDGER_TABLE}.batch_id = n.batch_id;
  `);
}
