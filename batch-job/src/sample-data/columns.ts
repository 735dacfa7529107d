import { TABLE_KEYS } from '../../../common/manifest.js';
import { tableContracts } from '../../../common/tables/index.js';

/** The four sample tables, in the order they are written (dimensions before rentals). */
export const SAMPLE_TABLES = TABLE_KEYS;
export type SampleTable = (typeof SAMPLE_TABLES)[number];

/** Header rows: the required columns of each table contract, in the contract's order. */
export const SAMPLE_COLUMNS: Readonly<Record<SampleTable, readonly string[]>> = Object.fromEntries(
  tableContracts().map((c) => [c.key, c.columns]),
) as Record<SampleTable, readonly string[]>;
