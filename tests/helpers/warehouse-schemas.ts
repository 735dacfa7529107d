/**
 * The schema of each warehouse version, as `SELECT type, name, sql FROM sqlite_master` lists
 * it (default table names, in creation order): pinned byte for byte, so a step cannot change
 * what an earlier version made. Version 1 is the schema the code made before versions
 * (commit b25940a), which step 1 makes and a warehouse of that code is adopted as.
 * Adding a step adds its version here (copy it from `sqlite3 rentas.db .schema`).
 */
export interface SchemaEntry {
  readonly type: 'table' | 'view' | 'index';
  readonly name: string;
  readonly sql: string;
}

const VERSION_1: readonly SchemaEntry[] = [
  { type: 'table', name: 'vehiculos', sql: `CREATE TABLE vehiculos (id_vehiculo INTEGER PRIMARY KEY, marca TEXT NOT NULL, modelo TEXT NOT NULL, anio INTEGER NOT NULL, tipo TEXT NOT NULL, capacidad INTEGER NOT NULL, color TEXT NOT NULL, kilometraje REAL NOT NULL, estado TEXT NOT NULL)` },
  { type: 'table', name: 'puntos_renta', sql: `CREATE TABLE puntos_renta (id_punto INTEGER PRIMARY KEY, nombre TEXT NOT NULL, direccion TEXT NOT NULL, telefono TEXT NOT NULL, horario_atencion TEXT NOT NULL)` },
  { type: 'table', name: 'clientes', sql: `CREATE TABLE clientes (id_cliente INTEGER PRIMARY KEY, nombre TEXT NOT NULL, correo_electronico TEXT NOT NULL, telefono TEXT NOT NULL, direccion TEXT NOT NULL)` },
  { type: 'table', name: 'rentas', sql: `CREATE TABLE rentas (id_renta INTEGER PRIMARY KEY, id_vehiculo INTEGER NOT NULL REFERENCES vehiculos(id_vehiculo), id_punto_salida INTEGER NOT NULL REFERENCES puntos_renta(id_punto), id_punto_retorno INTEGER NOT NULL REFERENCES puntos_renta(id_punto), id_cliente INTEGER NOT NULL REFERENCES clientes(id_cliente), fecha_inicio TEXT NOT NULL, fecha_fin TEXT NOT NULL, costo_total REAL NOT NULL, duracion_renta REAL NOT NULL)` },
  { type: 'table', name: 'vehiculos_mas_reservados', sql: `CREATE TABLE vehiculos_mas_reservados (
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
    ) WITHOUT ROWID` },
  { type: 'table', name: 'etl_resumen_vehiculos', sql: `CREATE TABLE etl_resumen_vehiculos (
      id_vehiculo INTEGER PRIMARY KEY, marca TEXT NOT NULL, modelo TEXT NOT NULL, anio INTEGER NOT NULL,
      tipo TEXT NOT NULL, capacidad INTEGER NOT NULL, color TEXT NOT NULL, total_rentas INTEGER NOT NULL, dias_totales REAL NOT NULL, ingresos REAL NOT NULL)` },
  { type: 'table', name: 'etl_resumen_rutas', sql: `CREATE TABLE etl_resumen_rutas (
      id_punto_salida INTEGER NOT NULL, id_punto_retorno INTEGER NOT NULL, total_rentas INTEGER NOT NULL, dias_totales REAL NOT NULL, ingresos REAL NOT NULL,
      PRIMARY KEY (id_punto_salida, id_punto_retorno)) WITHOUT ROWID` },
  { type: 'table', name: 'etl_resumen_meses', sql: `CREATE TABLE etl_resumen_meses (
      mes TEXT PRIMARY KEY, grupos INTEGER NOT NULL, total_rentas INTEGER NOT NULL, dias_totales REAL NOT NULL, ingresos REAL NOT NULL) WITHOUT ROWID` },
  { type: 'view', name: 'top_vehiculos', sql: `CREATE VIEW top_vehiculos AS
    SELECT ROW_NUMBER() OVER (ORDER BY total_rentas DESC, duracion_promedio_dias DESC, id_vehiculo) AS posicion,
           id_vehiculo, marca, modelo, anio, tipo, capacidad, color,
           total_rentas, dias_totales, duracion_promedio_dias, ingresos
    FROM (
      SELECT id_vehiculo, marca, modelo, anio, tipo, capacidad, color, total_rentas, dias_totales,
             dias_totales / total_rentas AS duracion_promedio_dias, ingresos
      FROM etl_resumen_vehiculos
    )
    ORDER BY posicion` },
  { type: 'table', name: 'etl_lotes_aplicados', sql: `CREATE TABLE etl_lotes_aplicados (
    batch_id TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    applied_at TEXT NOT NULL,
    status TEXT NOT NULL
  )` },
];

/**
 * Version 2 (exact sums): rentas gains costo_centavos and duracion_segundos (nullable, as ALTER
 * TABLE adds them), the aggregate and the roll-ups gain segundos_totales and ingresos_centavos.
 * Everything else is version 1's, in the same place.
 */
const VERSION_2_CHANGED: readonly SchemaEntry[] = [
  { type: 'table', name: 'rentas', sql: `CREATE TABLE rentas (id_renta INTEGER PRIMARY KEY, id_vehiculo INTEGER NOT NULL REFERENCES vehiculos(id_vehiculo), id_punto_salida INTEGER NOT NULL REFERENCES puntos_renta(id_punto), id_punto_retorno INTEGER NOT NULL REFERENCES puntos_renta(id_punto), id_cliente INTEGER NOT NULL REFERENCES clientes(id_cliente), fecha_inicio TEXT NOT NULL, fecha_fin TEXT NOT NULL, costo_total REAL NOT NULL, duracion_renta REAL NOT NULL, costo_centavos INTEGER, duracion_segundos INTEGER)` },
  { type: 'table', name: 'vehiculos_mas_reservados', sql: `CREATE TABLE vehiculos_mas_reservados (
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
      ingresos REAL NOT NULL, segundos_totales INTEGER NOT NULL DEFAULT 0, ingresos_centavos INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (id_vehiculo, id_punto_salida, id_punto_retorno, mes)
    ) WITHOUT ROWID` },
  { type: 'table', name: 'etl_resumen_vehiculos', sql: `CREATE TABLE etl_resumen_vehiculos (
      id_vehiculo INTEGER PRIMARY KEY, marca TEXT NOT NULL, modelo TEXT NOT NULL, anio INTEGER NOT NULL,
      tipo TEXT NOT NULL, capacidad INTEGER NOT NULL, color TEXT NOT NULL, total_rentas INTEGER NOT NULL, dias_totales REAL NOT NULL, ingresos REAL NOT NULL, segundos_totales INTEGER NOT NULL DEFAULT 0, ingresos_centavos INTEGER NOT NULL DEFAULT 0)` },
  { type: 'table', name: 'etl_resumen_rutas', sql: `CREATE TABLE etl_resumen_rutas (
      id_punto_salida INTEGER NOT NULL, id_punto_retorno INTEGER NOT NULL, total_rentas INTEGER NOT NULL, dias_totales REAL NOT NULL, ingresos REAL NOT NULL, segundos_totales INTEGER NOT NULL DEFAULT 0, ingresos_centavos INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (id_punto_salida, id_punto_retorno)) WITHOUT ROWID` },
  { type: 'table', name: 'etl_resumen_meses', sql: `CREATE TABLE etl_resumen_meses (
      mes TEXT PRIMARY KEY, grupos INTEGER NOT NULL, total_rentas INTEGER NOT NULL, dias_totales REAL NOT NULL, ingresos REAL NOT NULL, segundos_totales INTEGER NOT NULL DEFAULT 0, ingresos_centavos INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID` },
];
const VERSION_2: readonly SchemaEntry[] = VERSION_1.map((entry) => VERSION_2_CHANGED.find((c) => c.name === entry.name) ?? entry);

/** Version 3 (batch sequence): the ledger gains sequence (nullable, as ALTER TABLE adds it). */
const VERSION_3_CHANGED: readonly SchemaEntry[] = [
  { type: 'table', name: 'etl_lotes_aplicados', sql: `CREATE TABLE etl_lotes_aplicados (
    batch_id TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    applied_at TEXT NOT NULL,
    status TEXT NOT NULL
  , sequence INTEGER)` },
];
const VERSION_3: readonly SchemaEntry[] = VERSION_2.map((entry) => VERSION_3_CHANGED.find((c) => c.name === entry.name) ?? entry);

export const SCHEMAS: Readonly<Record<number, readonly SchemaEntry[]>> = { 1: VERSION_1, 2: VERSION_2, 3: VERSION_3 };
