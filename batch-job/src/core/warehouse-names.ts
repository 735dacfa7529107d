/**
 * Names of the warehouse's own tables and view: the ledger, the roll-ups and the ranking view.
 * They are fixed (not settings), so the configuration refuses a table setting that takes one,
 * and the schema, the roll-ups and the report all read them from here.
 */

/** The ledger of applied batches. */
export const LEDGER_TABLE = 'etl_lotes_aplicados';

/** Roll-ups of the aggregate per vehicle, per (pickup, return) point pair and per month. */
export const ROLLUP_TABLES = {
  vehiculos: 'etl_resumen_vehiculos',
  rutas: 'etl_resumen_rutas',
  meses: 'etl_resumen_meses',
} as const;

/** The ranking view over the aggregate's per-vehicle roll-up. */
export const TOP_VIEW = 'top_vehiculos';

/**
 * Temp tables of a run (load-table.ts, aggregate.ts). SQLite looks an unqualified name up in
 * `temp` before `main`, so a configured table of the same name would be shadowed by them.
 */
export const TEMP_TABLES = {
  /** Updates counted during one file's upsert. */
  loadUpdates: 'load_updates',
  /** Rentals inserted or updated by an incremental batch, with their signed sums. */
  rentalChanges: 'rentas_cambios',
  /** Vehicles whose attributes a batch changed. */
  changedVehicles: 'vehiculos_cambiados',
  /** Points whose name a batch changed. */
  renamedPoints: 'renamed_puntos',
  /** The per-group sums of one incremental batch. */
  groupChanges: 'agregado_cambios',
  /** The groups a refresh may change (incremental path), compared before and after. */
  groupScope: 'agregado_alcance',
  /** The aggregate rows of those groups (or of the whole table) before the refresh. */
  groupsBefore: 'agregado_antes',
  /** The groups a refresh made new, changed or removed: the rows of the changes export. */
  groupDiff: 'agregado_diferencias',
} as const;

/** Every name above: no configured table may take one of them. */
export const RESERVED_NAMES: readonly string[] = [TOP_VIEW, LEDGER_TABLE, ...Object.values(ROLLUP_TABLES), ...Object.values(TEMP_TABLES)];
