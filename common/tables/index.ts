import { ErrorCode, EtlError } from '../errors.js';
import { t } from '../i18n/index.js';
import { clientes } from './clientes.js';
import type { TableContract, TableDeclaration } from './contract.js';
import { tableContract } from './define.js';
import { DEFAULT_LIMITS, type TableLimits } from './limits.js';
import { puntosRenta } from './puntos-renta.js';
import { rentas } from './rentas.js';
import { vehiculos } from './vehiculos.js';

export type { TableContract, TableDeclaration } from './contract.js';
export { DATE_ORDERS, DEFAULT_LIMITS, LIMIT_SETTINGS, type DateOrder, type TableLimits } from './limits.js';

/** Every table of the pipeline: adding a table means adding its declaration here. */
const DECLARED = [vehiculos, puntosRenta, clientes, rentas] as const;

/** The logical table names: manifest keys, whatever the configured SQL names. */
export type TableKey = (typeof DECLARED)[number]['key'];
/** The settings that rename the SQL tables (`VEHICULOS_TABLE`, ...). */
export type TableSettingName = (typeof DECLARED)[number]['setting']['name'];

/** The declarations in load order: dimensions before the facts that reference them. */
export const TABLES: readonly TableDeclaration<TableKey, TableSettingName>[] = [
  ...DECLARED.filter((t) => t.role === 'dimension'),
  ...DECLARED.filter((t) => t.role === 'fact'),
];

/** The table keys in load order; also the order of the manifest's tables. */
export const TABLE_KEYS: readonly TableKey[] = TABLES.map((t) => t.key);

/** All table contracts in load order, their rules bound to `now` and to the bounds in `limits`. */
export function tableContracts(now: Date = new Date(), limits: TableLimits = DEFAULT_LIMITS): readonly TableContract[] {
  return TABLES.map((t) => tableContract(t, now, limits));
}

export const INPUT_SUFFIXES = ['.csv', '.csv.gz'] as const;

/**
 * The table a file name belongs to (`vehiculos.csv`, `rentas.csv.gz`, case-insensitive),
 * or undefined for a file the pipeline does not own.
 */
export function tableForFile(fileName: string): TableKey | undefined {
  const lower = fileName.toLowerCase();
  return TABLES.find((t) => INPUT_SUFFIXES.some((s) => lower === t.fileBase + s))?.key;
}

/** The file a batch uses for a table, and the other files of that table it ignores. */
export interface TableFileChoice {
  readonly chosen: string;
  readonly others: readonly string[];
}

/**
 * The file of each table among `names`, the file names of one batch folder: `<table>.csv`
 * before `<table>.csv.gz`, names matched without case, and among names that differ only in
 * case the first in code-point order (not the folder's listing order, which differs between
 * a disk and S3). The ETL job loads these files, and the upload check judges a batch's
 * readiness on these files only.
 */
export function chooseTableFiles(names: readonly string[]): Map<TableKey, TableFileChoice> {
  const choices = new Map<TableKey, TableFileChoice>();
  for (const table of TABLES) {
    const candidates = INPUT_SUFFIXES.flatMap((suffix) => names.filter((n) => n.toLowerCase() === table.fileBase + suffix).sort());
    if (candidates.length === 0) continue;
    const [chosen, ...others] = candidates;
    choices.set(table.key, { chosen, others });
  }
  return choices;
}

export function contractFor(key: TableKey, now: Date = new Date(), limits: TableLimits = DEFAULT_LIMITS): TableContract {
  const found = TABLES.find((t) => t.key === key);
  if (!found) throw new EtlError(ErrorCode.INTERNAL, t().noTableDeclared({ key: JSON.stringify(key) }), { table: key });
  return tableContract(found, now, limits);
}
