import { TABLE_KEYS, type TableKey, tableContracts } from '../../../common/tables/index.js';

/** The four sample tables, in the order they are written (dimensions before rentals). */
export const SAMPLE_TABLES = TABLE_KEYS;
export type SampleTable = TableKey;

/** Header rows: the required columns of each table, in declaration order. */
export const SAMPLE_COLUMNS: Readonly<Record<SampleTable, readonly string[]>> = Object.fromEntries(
  tableContracts().map((c) => [c.key, c.columns]),
) as Record<SampleTable, readonly string[]>;
