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

/** Every name above: no configured table may take one of them. */
export const RESERVED_NAMES: readonly string[] = [TOP_VIEW, LEDGER_TABLE, ...Object.values(ROLLUP_TABLES)];
